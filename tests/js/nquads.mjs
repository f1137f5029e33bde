// The browser verifier's canonical N-Quads of documents, for tests/it/rdfc_js.rs to compare with
// hallmark verify's: by the readable sources (themes/default/src/rdfc.js) and by what sites publish
// (themes/default/static/rdfc.js), with the published vocabulary (contexts.json).
//
//   node tests/js/nquads.mjs FILE
//
// FILE is a JSON list of { name, document }; the output, one JSON object on stdout, gives for each
// name { source, published }: the canonical N-Quads, or { refused: kind, detail }.
import fs from 'node:fs';

import * as source from '../../themes/default/src/rdfc.js';
import * as published from '../../themes/default/static/rdfc.js';

export const vocabulary = JSON.parse(fs.readFileSync(new URL('../../themes/default/static/contexts.json',
  import.meta.url)));

// The canonical N-Quads of `document`, or why they cannot be had.
export const nquadsOf = (build, document, bundle = vocabulary) => build.canonicalNQuads(document, bundle)
  .catch(error => ({ refused: error.kind || 'error', detail: error.message }));

if (process.argv[2]) {
  const entries = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), results = {};
  for (const { name, document } of entries) {
    results[name] = { source: await nquadsOf(source, document), published: await nquadsOf(published, document) };
  }
  console.log(JSON.stringify(results));
}
