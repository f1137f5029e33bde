/* hallmark: the JSON-LD that eddsa-rdfc-2022 needs, written from the JSON-LD 1.1 Processing
   Algorithms (context processing, expansion, deserialization to RDF). Contexts come from the
   bundle the page is given (assets/contexts.json, made from the contexts hallmark signs with) and are
   never fetched. Where JSON-LD would silently drop data (a term no context defines, a relative
   reference, a value that cannot become RDF) it refuses instead, since dropped data is not signed.
   JSON-LD features that credentials do not use (@reverse, @nest, index and language maps, @base,
   @direction, @included) are refused as unsupported rather than half done. No third-party code. */

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
const TERM_ENTRIES = new Set(['@id', '@reverse', '@container', '@context', '@direction', '@index', '@language',
  '@nest', '@prefix', '@protected', '@type']);
const CONTAINERS = ['@graph', '@id', '@index', '@language', '@list', '@set', '@type'];
const MAPS = ['@id', '@index', '@language', '@type'];
// How many bundled contexts may load one another, at most.
const MAX_REMOTE = 10;

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
const isKeywordForm = text => /^@[a-zA-Z]+$/.test(text);
const isBlank = text => text.startsWith('_:');
// An absolute IRI: a scheme, then no character an IRI may never hold (as src/crypto/rdfc/check.rs).
// eslint-disable-next-line no-control-regex
const isIri = text => /^[a-z][a-z\d+.-]*:[^\s\x00-\x1f\x7f-\x9f<>\x22{}|\\^\x60]*$/i.test(text) && text.isWellFormed();

// An active context: term definitions, the vocabulary mapping, the default language, the context
// to return to where a type's context stops applying, and the bundle of contexts it reads.
const newContext = bundle => ({ terms: new Map(), vocab: null, language: null, previous: null, bundle });
const copyContext = active => ({ ...active, terms: new Map(active.terms) });

// Processed contexts, kept per active context, local context and flags: every credential applies
// the same few, and a type's context once per node of that type.
const processed = new WeakMap();
function processContext(active, local, overrideProtected = false, propagate = true, remote = []) {
  let known = processed.get(active);
  if (!known) processed.set(active, known = new Map());
  const key = typeof local === 'object' && local !== null ? local : `${local}`;
  const flags = `${overrideProtected}${propagate}${remote.length}`;
  let byFlags = known.get(key);
  if (!byFlags) known.set(key, byFlags = new Map());
  if (!byFlags.has(flags)) byFlags.set(flags, contextProcessing(active, local, overrideProtected, propagate, remote));
  return byFlags.get(flags);
}

// JSON-LD 1.1 Processing Algorithms §4.1.2, Context Processing.
function contextProcessing(active, local, overrideProtected, propagate, remote) {
  let result = copyContext(active);
  if (isObject(local) && has(local, '@propagate')) propagate = local['@propagate'];
  if (!propagate && !result.previous) result.previous = active;
  for (let context of asArray(local)) {
    if (context === null) {
      if (!overrideProtected && [...active.terms.values()].some(term => term.protected)) {
        refuse(INVALID, 'invalid context nullification: a context with protected terms is set to null');
      }
      result = { ...newContext(active.bundle), previous: propagate ? null : result };
      continue;
    }
    if (typeof context === 'string') {
      if (remote.length >= MAX_REMOTE || remote.includes(context)) refuse(INVALID, `context overflow at ${context}`);
      result = processContext(result, remoteContext(active.bundle, context), false, true, [...remote, context]);
      continue;
    }
    if (!isObject(context)) refuse(INVALID, 'invalid local context');
    if (has(context, '@version') && context['@version'] !== 1.1) refuse(INVALID, 'invalid @version value');
    if (has(context, '@import')) context = withImport(active.bundle, context);
    if (has(context, '@direction') || (has(context, '@base') && !remote.length)) {
      refuse(UNSUPPORTED, '@base or @direction in a context');
    }
    if (has(context, '@vocab')) {
      const vocab = context['@vocab'];
      if (vocab !== null && typeof vocab !== 'string') refuse(INVALID, 'invalid vocab mapping');
      result.vocab = vocab === null ? null : expandIri(result, vocab, true);
      if (vocab !== null && !isIri(result.vocab) && !isBlank(result.vocab)) {
        refuse(NOT_COVERED, `the vocabulary mapping ${vocab} is not an absolute IRI`);
      }
    }
    if (has(context, '@language')) {
      const language = context['@language'];
      if (language !== null && typeof language !== 'string') refuse(INVALID, 'invalid default language');
      result.language = language;
    }
    if (has(context, '@propagate') && typeof context['@propagate'] !== 'boolean') {
      refuse(INVALID, 'invalid @propagate value');
    }
    if (has(context, '@protected') && typeof context['@protected'] !== 'boolean') {
      refuse(INVALID, 'invalid @protected value');
    }
    const scope = { local: context, defined: new Map(), protected: context['@protected'] === true, overrideProtected };
    for (const term of Object.keys(context)) {
      if (!['@base', '@direction', '@import', '@language', '@propagate', '@protected', '@version', '@vocab']
        .includes(term)) {
        createTerm(result, term, scope);
      }
    }
  }
  return result;
}

// The @context of a bundled context document, or a refusal: contexts are never fetched.
function remoteContext(bundle, url) {
  const document = has(bundle, url) ? bundle[url] : undefined;
  if (!document) refuse(UNBUNDLED, `the context ${url} is not one this page has`);
  if (!isObject(document) || !has(document, '@context')) refuse(INVALID, `${url} is not a JSON-LD context`);
  return document['@context'];
}

// A context with @import: the imported context's definitions, then its own (§4.1.2 step 5.6).
function withImport(bundle, context) {
  const url = context['@import'];
  if (typeof url !== 'string') refuse(INVALID, 'invalid @import value');
  const imported = remoteContext(bundle, url);
  if (!isObject(imported) || has(imported, '@import')) refuse(INVALID, `invalid remote context ${url}`);
  return { ...imported, ...context };
}

// §4.2.2, Create Term Definition: `term` of the local context being processed (`scope`: that context,
// the terms defined so far, whether its terms are protected, whether protection is overridden).
function createTerm(active, term, scope) {
  const { local, defined } = scope;
  if (defined.has(term)) {
    if (defined.get(term)) return;
    refuse(INVALID, `cyclic IRI mapping of ${term}`);
  }
  if (term === '') refuse(INVALID, 'invalid term definition: the empty term');
  defined.set(term, false);
  let value = local[term];
  if (KEYWORDS.has(term)) refuse(term === '@type' ? UNSUPPORTED : INVALID, `keyword redefinition of ${term}`);
  if (isKeywordForm(term)) return defined.set(term, true);
  const previous = active.terms.get(term);
  active.terms.delete(term);
  const simple = typeof value === 'string';
  if (value === null || simple) value = { '@id': value };
  else if (!isObject(value)) refuse(INVALID, `invalid term definition of ${term}`);
  for (const key of Object.keys(value)) {
    if (!TERM_ENTRIES.has(key)) refuse(INVALID, `invalid term definition of ${term}: ${key}`);
    if (['@reverse', '@index', '@direction', '@nest'].includes(key)) refuse(UNSUPPORTED, `${key} in the term ${term}`);
  }
  const definition = { id: null, type: undefined, language: undefined, container: [], prefix: false };
  definition.protected = has(value, '@protected') ? value['@protected'] : scope.protected;
  if (typeof definition.protected !== 'boolean') refuse(INVALID, 'invalid @protected value');
  if (has(value, '@type')) {
    const type = typeof value['@type'] === 'string' ? expandIri(active, value['@type'], true, scope) : null;
    if (!['@id', '@json', '@none', '@vocab'].includes(type) && !isIri(type || '')) {
      refuse(INVALID, `invalid type mapping of ${term}`);
    }
    definition.type = type;
  }
  const colon = term.indexOf(':', 1);
  if (has(value, '@id') && value['@id'] !== term) {
    const id = value['@id'];
    if (id !== null) {
      if (typeof id !== 'string') refuse(INVALID, `invalid IRI mapping of ${term}`);
      if (!KEYWORDS.has(id) && isKeywordForm(id)) return defined.set(term, true);
      definition.id = expandIri(active, id, true, scope);
      if (!KEYWORDS.has(definition.id) && !isIri(definition.id) && !isBlank(definition.id)) {
        refuse(NOT_COVERED, `the term ${term} maps to ${id}, which is not an absolute IRI`);
      }
      if (definition.id === '@context') refuse(INVALID, 'invalid keyword alias');
      if ((colon > 0 && colon < term.length - 1) || term.includes('/')) {
        defined.set(term, true);
        if (expandIri(active, term, true, scope) !== definition.id) {
          refuse(INVALID, `invalid IRI mapping of ${term}`);
        }
      } else if (simple && !term.includes(':') && (/[:/?#[\]@]$/.test(definition.id) || isBlank(definition.id))) {
        definition.prefix = true;
      }
    }
  } else if (colon > 0) {
    const prefix = term.slice(0, colon);
    if (has(local, prefix)) createTerm(active, prefix, scope);
    const prefixDefinition = active.terms.get(prefix);
    definition.id = prefixDefinition && prefixDefinition.id ? prefixDefinition.id + term.slice(colon + 1) : term;
  } else if (term.includes('/')) {
    definition.id = expandIri(active, term, true, scope);
    if (!isIri(definition.id)) refuse(NOT_COVERED, `the term ${term} is not an absolute IRI`);
  } else if (active.vocab !== null) {
    definition.id = active.vocab + term;
  } else {
    refuse(NOT_COVERED, `the term ${term} has no IRI`);
  }
  termOptions(definition, value, term);
  if (!scope.overrideProtected && previous && previous.protected) {
    if (!sameDefinition(previous, definition)) refuse(INVALID, `protected term redefinition of ${term}`);
    active.terms.set(term, previous);
  } else {
    active.terms.set(term, definition);
  }
  defined.set(term, true);
}

// A term definition's container, scoped context, language and prefix flag (§4.2.2 steps 19-25).
function termOptions(definition, value, term) {
  if (has(value, '@container')) {
    definition.container = asArray(value['@container']);
    if (!definition.container.every(container => CONTAINERS.includes(container))) {
      refuse(INVALID, `invalid container mapping of ${term}`);
    }
    definition.container.sort();
    if (definition.container.includes('@type')) {
      definition.type = definition.type || '@id';
      if (!['@id', '@vocab'].includes(definition.type)) refuse(INVALID, `invalid type mapping of ${term}`);
    }
  }
  if (has(value, '@context')) definition.context = value['@context'];
  if (has(value, '@language') && !has(value, '@type')) {
    const language = value['@language'];
    if (language !== null && typeof language !== 'string') refuse(INVALID, `invalid language mapping of ${term}`);
    definition.language = language;
  }
  if (has(value, '@prefix')) {
    if (term.includes(':') || term.includes('/') || typeof value['@prefix'] !== 'boolean') {
      refuse(INVALID, `invalid @prefix of ${term}`);
    }
    definition.prefix = value['@prefix'];
  }
}

// Two definitions of a term are the same but for their protection (key order does not matter).
const sameDefinition = (one, other) => ['id', 'type', 'language', 'prefix', 'container', 'context']
  .every(key => canonicalize(one[key]) === canonicalize(other[key]));

// §5.2.2, IRI Expansion (`scope`: while a context is processed). Without a base IRI a relative
// reference stays as it is; it is refused where it would become RDF.
function expandIri(active, value, vocab, scope) {
  if (KEYWORDS.has(value)) return value;
  if (isKeywordForm(value)) return null;
  const local = scope && scope.local;
  if (local && has(local, value) && scope.defined.get(value) !== true) createTerm(active, value, scope);
  const definition = active.terms.get(value);
  if (definition && KEYWORDS.has(definition.id)) return definition.id;
  if (vocab && definition) return definition.id;
  const colon = value.indexOf(':', 1);
  if (colon > 0) {
    const prefix = value.slice(0, colon), suffix = value.slice(colon + 1);
    if (prefix === '_' || suffix.startsWith('//')) return value;
    if (local && has(local, prefix) && scope.defined.get(prefix) !== true) createTerm(active, prefix, scope);
    const prefixDefinition = active.terms.get(prefix);
    if (prefixDefinition && prefixDefinition.id && prefixDefinition.prefix) return prefixDefinition.id + suffix;
    if (isIri(value)) return value;
  }
  return vocab && active.vocab !== null ? active.vocab + value : value;
}

// How deep a document may nest (its JSON, lists and contexts together).
const MAX_DEPTH = 64;
const initialContexts = new WeakMap();

// §5.1.2, the Expansion Algorithm, on a whole document with `bundle` (URL → context document): its
// node objects. Every key and type must expand to an absolute IRI or a keyword.
function expand(document, bundle) {
  if (!initialContexts.has(bundle)) initialContexts.set(bundle, newContext(bundle));
  let expanded = expandElement(initialContexts.get(bundle), null, document, 0);
  if (isObject(expanded) && Object.keys(expanded).length === 1 && has(expanded, '@graph')) {
    expanded = expanded['@graph'];
  }
  return expanded === null ? [] : asArray(expanded);
}

function expandElement(active, property, element, depth) {
  if (depth > MAX_DEPTH) refuse(TOO_COMPLEX, `nested more than ${MAX_DEPTH} levels deep`);
  if (element === null) return null;
  const definition = property === null ? undefined : active.terms.get(property);
  const scoped = definition && has(definition, 'context') ? definition.context : undefined;
  if (typeof element !== 'object') {
    if (property === null || property === '@graph') refuse(NOT_COVERED, `the value ${element} belongs to no property`);
    if (scoped !== undefined) active = processContext(active, scoped, true);
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
  if (scoped !== undefined) active = processContext(active, scoped, true);
  if (has(element, '@context')) active = processContext(active, element['@context']);
  const typeScoped = active;
  const typeKeys = keys.filter(key => expandIri(active, key, true) === '@type').sort();
  for (const key of typeKeys) {
    for (const type of asArray(element[key]).filter(term => typeof term === 'string').sort()) {
      const typeDefinition = typeScoped.terms.get(type);
      if (typeDefinition && has(typeDefinition, 'context')) {
        active = processContext(active, typeDefinition.context, false, false);
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
  else if (isObject(value) && container.some(kind => MAPS.includes(kind))) refuse(UNSUPPORTED, `a map of ${key}`);
  else expanded = expandElement(active, key, value, node.depth + 1);
  if (expanded === null) return;
  if (container.includes('@list') && !(isObject(expanded) && has(expanded, '@list'))) {
    expanded = { '@list': asArray(expanded) };
  }
  if (container.includes('@graph') && !container.includes('@id') && !container.includes('@index')) {
    expanded = asArray(expanded).map(item => ({ '@graph': asArray(item) }));
  }
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
  else if (typeof value === 'string') {
    const language = definition.language !== undefined ? definition.language : active.language;
    if (language !== null) result['@language'] = language;
  }
  return result;
}

// What rdfc.js and the tests (tests/js/) use.
export {
  asArray, canonicalize, expand, has, INVALID, isBlank, isIri, isObject, NOT_COVERED, RDF, Refusal, refuse, TOO_COMPLEX,
  UNBUNDLED, UNSUPPORTED, XSD,
};
