// The landing page's QR codes as the browser draws them, for tests/it/qr.rs to compare with the
// build's drawing for PDF certificates: by the readable source (themes/default/src/qr.js) and by
// what sites publish (themes/default/static/qr.js).
//
//   node tests/js/qrcodes.mjs FILE
//
// FILE is a JSON list of data-qr values (src/render/qr.rs, qr_bits); the output, one JSON list on
// stdout, gives for each { source, published }: the { side, path } qrPath draws.
import fs from 'node:fs';

import * as source from '../../themes/default/src/qr.js';
import * as published from '../../themes/default/static/qr.js';

if (process.argv[2]) {
  const codes = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  console.log(JSON.stringify(codes.map(bits => ({ source: source.qrPath(bits), published: published.qrPath(bits) }))));
}
