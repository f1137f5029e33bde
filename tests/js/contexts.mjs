// The browser verifier's vocabulary, themes/default/static/contexts.json (published as
// assets/contexts.json, one cached file shared by every page): the JSON-LD contexts hallmark bundles
// (contexts/, listed in contexts/index.json: the very files the Rust side includes), processed here,
// once, by JSON-LD 1.1 Context Processing and Create Term Definition into term tables. The page
// then applies a table where JSON-LD would process the context (themes/default/src/jsonld.js), so it
// needs no context processing of its own: that keeps the landing page within its weight budget.
//
// A table holds what each term of one context means: { vocab?, terms: { term: { id, type?,
// container?, protected?, prefix?, context? } } }, `context` being the index of the table of the
// term's own (scoped) context; null is the null context. As JSON-LD compares a scoped context with
// the base URL it came from (Create Term Definition step 21.4), tables are told apart by the URL of
// the bundled context they come from as well as by content, so that two contexts' definitions of a
// protected term with the same scoped context still clash. Applying a table where it was processed
// against an empty context gives what processing the context there would, because the bundled
// contexts are self-contained: every term has an @id that is an absolute IRI, a keyword or a term
// of the same context, and no term of any bundled context is the scheme of any of their IRIs (so no
// IRI can be read as a compact IRI elsewhere). build() checks all of that and refuses otherwise.
//
//   node tests/js/build.mjs    writes it, with the published scripts
import fs from 'node:fs';

export const contextsDir = new URL('../../contexts/', import.meta.url);

const KEYWORDS = new Set(['@base', '@container', '@context', '@direction', '@graph', '@id', '@import', '@included',
  '@index', '@json', '@language', '@list', '@nest', '@none', '@prefix', '@propagate', '@protected', '@reverse',
  '@set', '@type', '@value', '@version', '@vocab']);
const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value);
const isIri = text => /^[a-z][a-z\d+.-]*:[^\s<>\x22{}|\\^\x60]*$/i.test(text);

// JCS, for telling contexts apart whatever their key order.
function canonicalize(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonicalize(value[key])}`).join(',')}}`;
}

// The contexts of contexts/index.json: URL → document.
export function bundledContexts() {
  const index = JSON.parse(fs.readFileSync(new URL('index.json', contextsDir), 'utf8'));
  return Object.fromEntries(Object.entries(index)
    .map(([url, file]) => [url, JSON.parse(fs.readFileSync(new URL(file, contextsDir), 'utf8'))]));
}

// The processed tables of `documents` (URL → context document): { contexts: { url: table }, tables }.
export function processContexts(documents) {
  const tables = [], byText = new Map(), schemes = new Set(), names = new Set();
  const contexts = {};
  for (const [url, document] of Object.entries(documents)) {
    const table = local => {
      const key = `${url} ${canonicalize(local)}`;
      if (!byText.has(key)) {
        byText.set(key, tables.length);
        tables.push(undefined);
        tables[byText.get(key)] = local === null ? null : processContext(local, table, schemes, names);
      }
      return byText.get(key);
    };
    if (!isObject(document) || !isObject(document['@context'])) throw new Error(`${url}: @context is not one object`);
    contexts[url] = table(document['@context']);
  }
  for (const name of names) {
    if (schemes.has(name)) throw new Error(`the term ${name} is also an IRI scheme: IRIs would depend on the order`);
  }
  return { contexts, tables };
}

// One context definition (an object), processed against an empty active context.
function processContext(local, table, schemes, names) {
  const result = { terms: {} }, defined = new Map();
  for (const key of Object.keys(local).filter(entry => entry[0] === '@')) {
    if (!['@protected', '@version', '@vocab'].includes(key)) throw new Error(`${key} in a context`);
  }
  if ('@vocab' in local) {
    if (!isIri(local['@vocab'])) throw new Error(`@vocab ${local['@vocab']}`);
    result.vocab = local['@vocab'];
  }
  const expand = (value, vocab) => {
    if (KEYWORDS.has(value)) return value;
    if (Object.hasOwn(local, value) && vocab) return define(value).id;
    if (isIri(value)) {
      schemes.add(value.slice(0, value.indexOf(':')));
      return value;
    }
    throw new Error(`${value} is not an absolute IRI, a keyword or a term of the same context`);
  };
  const define = term => {
    if (defined.get(term) === false) throw new Error(`cyclic IRI mapping of ${term}`);
    if (defined.has(term)) return result.terms[term];
    defined.set(term, false);
    if (KEYWORDS.has(term) || term.startsWith('@')) throw new Error(`the term ${term}`);
    const value = typeof local[term] === 'string' ? { '@id': local[term] } : local[term];
    if (!isObject(value) || !('@id' in value) || value['@id'] === term) throw new Error(`the term ${term} has no @id`);
    for (const key of Object.keys(value)) {
      if (!['@id', '@type', '@container', '@context', '@protected'].includes(key)) throw new Error(`${key} in ${term}`);
    }
    const definition = { id: value['@id'] === null ? null : expand(value['@id'], true) };
    if (term.includes(':') || term.includes('/')) throw new Error(`the term ${term} looks like an IRI`);
    if (typeof local[term] === 'string' && /[:/?#[\]@]$/.test(definition.id)) definition.prefix = true;
    if ('@type' in value) definition.type = expand(value['@type'], true);
    if (definition.type && !definition.type.startsWith('@') && !isIri(definition.type)) throw new Error(term);
    const container = [].concat(value['@container'] || []).sort();
    if (!container.every(kind => ['@graph', '@list', '@set'].includes(kind))) throw new Error(`${term}'s container`);
    if (container.length) definition.container = container;
    if (value['@protected'] ?? local['@protected']) definition.protected = true;
    if ('@context' in value) {
      if (value['@context'] !== null && !isObject(value['@context'])) throw new Error(`${term}'s @context`);
      definition.context = table(value['@context']);
    }
    names.add(term);
    defined.set(term, true);
    return result.terms[term] = definition;
  };
  for (const term of Object.keys(local).filter(entry => entry[0] !== '@')) define(term);
  return result;
}

// The published text of themes/default/static/contexts.json.
export const build = () => `${JSON.stringify(processContexts(bundledContexts()))}\n`;
