/* hallmark: the JSON-LD that eddsa-rdfc-2022 needs, written from the JSON-LD 1.1 Processing
   Algorithms: expansion (§5.1.2), with the contexts hallmark bundles already processed into term
   tables (assets/contexts.json, made by tests/js/contexts.mjs from contexts/); none is ever
   fetched. Where JSON-LD would silently drop data (a term no context defines, a relative reference,
   a value that cannot become RDF) it refuses instead, since dropped data is not signed. What
   credentials do not use (contexts written into the document, @reverse, @nest, @included, @index,
   maps) is refused as unsupported rather than half done. No third-party code. */

// Why a document cannot become RDF here. `kind` is one of the constants below; the message is the
// technical detail.
class Refusal extends Error {
  constructor(kind, detail) {
    super(detail);
    this.kind = kind;
  }
}
const NOT_COVERED = 'not-covered'; // JSON-LD would drop this data: the signature does not cover it
const UNBUNDLED = 'unbundled'; // a context this page does not have
const UNSUPPORTED = 'unsupported'; // JSON-LD this page does not process
const INVALID = 'invalid'; // not valid JSON-LD
const TOO_COMPLEX = 'too-complex'; // over a work limit
const refuse = (kind, detail) => {
  throw new Refusal(kind, detail);
};

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const KEYWORDS = new Set(['@base', '@container', '@context', '@direction', '@graph', '@id', '@import', '@included',
  '@index', '@json', '@language', '@list', '@nest', '@none', '@prefix', '@propagate', '@protected', '@reverse',
  '@set', '@type', '@value', '@version', '@vocab']);

// RFC 8785 (JCS): keys sorted by UTF-16 code units, numbers and strings as JSON.stringify writes
// them. Documents come from JSON.parse, so no number is infinite.
function canonicalize(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  const members = Object.keys(value).sort().filter(key => value[key] !== undefined);
  return `{${members.map(key => `${JSON.stringify(key)}:${canonicalize(value[key])}`).join(',')}}`;
}

const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value);
const asArray = value => Array.isArray(value) ? value : [value];
const has = (object, key) => Object.hasOwn(object, key);
const isBlank = text => text.startsWith('_:');
// An absolute IRI: a scheme, then no character an IRI may never hold (as src/crypto/rdfc/check.rs),
// and % only to begin an escape.
// eslint-disable-next-line no-control-regex
const isIri = text => /^[a-z][a-z\d+.-]*:[^\s\x00-\x1f\x7f-\x9f<>\x22{}|\\^\x60]*$/i.test(text)
  && !/%(?![\da-f]{2})/i.test(text) && text.isWellFormed();

// An active context: term definitions, the vocabulary mapping, the context to return to where a
// type's context stops applying, and the vocabulary's tables.
const newContext = vocabulary => ({ terms: new Map(), vocab: null, previous: null, ...vocabulary });
// The vocabulary (assets/contexts.json, from tests/js/contexts.mjs): { contexts: { URL: table },
// tables }, each table the term definitions of one context as Context Processing makes them.
const vocabularies = new WeakMap();
function initialContext(bundle) {
  if (!vocabularies.has(bundle)) {
    const tables = bundle.tables.map(table => table && {
      ...table, terms: new Map(Object.entries(table.terms).map(([term, value]) => [term, { container: [], ...value }])),
    });
    vocabularies.set(bundle, newContext({ tables, contexts: bundle.contexts }));
  }
  return vocabularies.get(bundle);
}

// A context applied (its table: JSON-LD 1.1 Processing Algorithms §4.1.2, Context Processing, done
// beforehand), kept per active context: every credential applies the same few, and a type's context
// once per node of that type.
const applied = new WeakMap();
function applyContext(active, table, overrideProtected = false, propagate = true) {
  if (!applied.has(active)) applied.set(active, new Map());
  const known = applied.get(active), key = `${table} ${overrideProtected} ${propagate}`;
  if (!known.has(key)) known.set(key, applyTable(active, active.tables[table], overrideProtected, propagate));
  return known.get(key);
}

function applyTable(active, table, overrideProtected, propagate) {
  const result = { ...active, terms: new Map(active.terms) };
  if (!propagate && !result.previous) result.previous = active;
  if (table === null) {
    if (!overrideProtected && [...active.terms.values()].some(term => term.protected)) {
      refuse(INVALID, 'a context with protected terms is set to null');
    }
    return { ...result, terms: new Map(), vocab: null, previous: propagate ? null : result };
  }
  if (has(table, 'vocab')) result.vocab = table.vocab;
  for (const [term, definition] of table.terms) {
    const previous = active.terms.get(term);
    const same = () => ['id', 'type', 'prefix', 'context', 'container']
      .every(key => `${previous[key]}` === `${definition[key]}`);
    if (overrideProtected || !previous || !previous.protected) result.terms.set(term, definition);
    else if (!same()) refuse(INVALID, `protected term redefinition of ${term}`);
  }
  return result;
}

// A document's @context: bundled contexts, by URL. One written into the document is not read here.
function documentContext(active, local) {
  for (const url of asArray(local)) {
    if (typeof url !== 'string') refuse(UNSUPPORTED, 'a context written into the document');
    if (!has(active.contexts, url)) refuse(UNBUNDLED, `the context ${url} is not one this page has`);
    active = applyContext(active, active.contexts[url]);
  }
  return active;
}

// §5.2.2, IRI Expansion. Without a base IRI a relative reference stays as it is; it is refused
// where it would become RDF.
function expandIri(active, value, vocab) {
  if (KEYWORDS.has(value)) return value;
  if (/^@[a-z]+$/i.test(value)) return null;
  const definition = active.terms.get(value);
  if (definition && (vocab || KEYWORDS.has(definition.id))) return definition.id;
  const colon = value.indexOf(':', 1), prefix = active.terms.get(value.slice(0, colon));
  if (colon > 0) {
    if (value.startsWith('_:') || value.startsWith('//', colon + 1)) return value;
    if (prefix && prefix.id && prefix.prefix) return prefix.id + value.slice(colon + 1);
    if (isIri(value)) return value;
  }
  return vocab && active.vocab !== null ? active.vocab + value : value;
}

// How deep a document may nest (its JSON, lists and contexts together).
const MAX_DEPTH = 64;

// §5.1.2, the Expansion Algorithm, on a whole document with `bundle` (URL → context document): its
// node objects. Every key and type must expand to an absolute IRI or a keyword.
function expand(document, bundle) {
  let expanded = expandElement(initialContext(bundle), null, document, 0);
  if (isObject(expanded) && Object.keys(expanded).length === 1 && has(expanded, '@graph')) {
    expanded = expanded['@graph'];
  }
  return expanded === null ? [] : asArray(expanded);
}

function expandElement(active, property, element, depth) {
  if (depth > MAX_DEPTH) refuse(TOO_COMPLEX, `nested more than ${MAX_DEPTH} levels deep`);
  if (element === null) return null;
  const definition = property === null ? undefined : active.terms.get(property);
  const scoped = definition ? definition.context : undefined;
  if (typeof element !== 'object') {
    if (property === null || property === '@graph') refuse(NOT_COVERED, `the value ${element} belongs to no property`);
    if (scoped !== undefined) active = applyContext(active, scoped, true);
    return expandValue(active, property, element);
  }
  if (Array.isArray(element)) {
    const list = definition && definition.container.includes('@list'), result = [];
    for (const item of element) {
      let expanded = expandElement(active, property, item, depth + 1);
      if (list && Array.isArray(expanded)) expanded = { '@list': expanded };
      if (Array.isArray(expanded)) result.push(...expanded);
      else if (expanded !== null) result.push(expanded);
    }
    return result;
  }
  const keys = Object.keys(element);
  // A type's context stops at the next node (a value or a bare reference is no node).
  if (active.previous) {
    const expandedKeys = keys.map(key => expandIri(active, key, true));
    if (!expandedKeys.includes('@value') && `${expandedKeys}` !== '@id') active = active.previous;
  }
  if (scoped !== undefined) active = applyContext(active, scoped, true);
  if (has(element, '@context')) active = documentContext(active, element['@context']);
  const typeScoped = active;
  const typeKeys = keys.filter(key => expandIri(active, key, true) === '@type').sort();
  for (const key of typeKeys) {
    for (const type of asArray(element[key]).filter(term => typeof term === 'string').sort()) {
      const typeDefinition = typeScoped.terms.get(type);
      if (typeDefinition && typeDefinition.context !== undefined) {
        active = applyContext(active, typeDefinition.context, false, false);
      }
    }
  }
  const lastType = typeKeys.length ? asArray(element[typeKeys[0]]).at(-1) : undefined;
  const node = { active, typeScoped, property, depth, result: {} };
  node.inputType = typeof lastType === 'string' ? expandIri(active, lastType, true) : undefined;
  for (const key of keys) if (key !== '@context') expandEntry(node, key, element[key]);
  return finishObject(node.result, property);
}

// One entry of a node or value object, into `node.result`.
function expandEntry(node, key, value) {
  const { active, result } = node;
  const property = expandIri(active, key, true);
  if (property === null || (!property.includes(':') && !KEYWORDS.has(property))) {
    refuse(NOT_COVERED, `the term ${key} is not defined by the document's contexts`);
  }
  if (KEYWORDS.has(property)) return expandKeyword(node, property, value);
  const definition = active.terms.get(key), container = definition ? definition.container : [];
  let expanded;
  if (definition && definition.type === '@json') expanded = { '@value': value, '@type': '@json' };
  else expanded = expandElement(active, key, value, node.depth + 1);
  if (expanded === null) return;
  if (container.includes('@list') && !(isObject(expanded) && has(expanded, '@list'))) {
    expanded = { '@list': asArray(expanded) };
  }
  if (container.includes('@graph')) expanded = asArray(expanded).map(item => ({ '@graph': asArray(item) }));
  result[property] = [...(result[property] || []), ...asArray(expanded)];
}

// A keyword's entry (§5.1.2 step 13.4).
function expandKeyword(node, keyword, value) {
  const { active, result, property, depth } = node;
  if (has(result, keyword) && keyword !== '@type') refuse(INVALID, `colliding keywords: ${keyword}`);
  if (keyword === '@id') {
    if (typeof value !== 'string') refuse(INVALID, 'invalid @id value');
    result['@id'] = expandIri(active, value, false);
  } else if (keyword === '@type') {
    if (!asArray(value).every(type => typeof type === 'string')) refuse(INVALID, 'invalid type value');
    const types = asArray(value).map(type => expandIri(node.typeScoped, type, true));
    result['@type'] = [...(result['@type'] || []), ...types];
  } else if (keyword === '@graph') {
    result['@graph'] = asArray(expandElement(active, '@graph', value, depth + 1));
  } else if (keyword === '@value') {
    if (node.inputType !== '@json' && value !== null && typeof value === 'object') {
      refuse(INVALID, 'invalid value object value');
    }
    result['@value'] = value;
  } else if (keyword === '@language') {
    if (typeof value !== 'string') refuse(INVALID, 'invalid language-tagged string');
    result['@language'] = value;
  } else if (keyword === '@list') {
    if (property === null || property === '@graph') refuse(NOT_COVERED, 'a list belongs to no property');
    result['@list'] = asArray(expandElement(active, property, value, depth + 1));
  } else if (keyword === '@set') {
    result['@set'] = expandElement(active, property, value, depth + 1);
  } else {
    // @index is kept out of RDF, so it is not signed; the rest is JSON-LD this page does not process.
    const kind = keyword === '@index' ? NOT_COVERED : ['@reverse', '@nest', '@included', '@direction']
      .includes(keyword) ? UNSUPPORTED : INVALID;
    refuse(kind, `${keyword} in a node object`);
  }
}

// §5.1.2 steps 15-19: a value object, a set or list object, or a node object, checked.
function finishObject(result, property) {
  const keys = Object.keys(result);
  if (has(result, '@value')) {
    if (property === null || property === '@graph') refuse(NOT_COVERED, 'a value belongs to no property');
    const type = result['@type'];
    if (keys.some(key => !['@language', '@type', '@value'].includes(key)) || (type && has(result, '@language'))
      || (type && type.length !== 1)) {
      refuse(INVALID, 'invalid value object');
    }
    if (type) result['@type'] = type[0];
    if (result['@type'] === '@json') return result;
    if (result['@value'] === null) return null;
    if (has(result, '@language') && typeof result['@value'] !== 'string') {
      refuse(INVALID, 'invalid language-tagged value');
    }
    if (type && !isIri(type[0])) refuse(NOT_COVERED, `the value type ${type[0]} is not defined by the contexts`);
    return result;
  }
  if (has(result, '@set') || has(result, '@list')) {
    if (keys.length > 1) refuse(INVALID, 'invalid set or list object');
    if (has(result, '@set')) return result['@set'];
  }
  if (`${keys}` === '@language') return null;
  // Free-floating: nothing, or only an @id (no RDF either way).
  if ((property === null || property === '@graph') && (!keys.length || `${keys}` === '@id')) return null;
  return result;
}

// §5.3.2, Value Expansion.
function expandValue(active, property, value) {
  const definition = active.terms.get(property) || {};
  if (typeof value === 'string' && (definition.type === '@id' || definition.type === '@vocab')) {
    return { '@id': expandIri(active, value, definition.type === '@vocab') };
  }
  const result = { '@value': value };
  if (definition.type && !['@id', '@vocab', '@none'].includes(definition.type)) result['@type'] = definition.type;
  return result;
}

// What rdfc.js and the tests (tests/js/) use.
export {
  asArray, canonicalize, expand, has, INVALID, isBlank, isIri, isObject, NOT_COVERED, RDF, Refusal, refuse, TOO_COMPLEX,
  UNBUNDLED, UNSUPPORTED, XSD,
};
