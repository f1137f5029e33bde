/* hallmark: a JSON-LD document as canonical N-Quads, for eddsa-rdfc-2022. jsonld.js expands it;
   here it becomes RDF (JSON-LD 1.1 Processing Algorithms §8, Deserialize JSON-LD to RDF), refusing
   anything that RDF would drop, then RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation
   2024) labels its blank nodes: first-degree hashes, then n-degree hashes for those that share one,
   with a work limit so that a hostile document (many interlinked blank nodes) is refused in well
   under a second rather than freezing the page. SHA-256 is WebCrypto's. No third-party code. */
import {
  canonicalize, expand, has, INVALID, isBlank, isIri, NOT_COVERED, RDF, refuse, TOO_COMPLEX, UNSUPPORTED, XSD,
} from './jsonld.js';

// At most this many blank nodes, and this many steps of n-degree hashing (each permutation tried
// and each recursion counts one); a credential has a dozen blank nodes and needs no such step.
const MAX_BLANK_NODES = 1000;
const MAX_WORK = 10000;

// Terms are kept as canonical N-Quads writes them: <iri>, _:label, "literal"…; the default graph is ''.
const nquad = quad => `${quad[0]} ${quad[1]} ${quad[2]}${quad[3] ? ` ${quad[3]}` : ''} .\n`;
const RDF_TYPE = `<${RDF}type>`, RDF_FIRST = `<${RDF}first>`, RDF_REST = `<${RDF}rest>`, RDF_NIL = `<${RDF}nil>`;

// Unicode code point order (JavaScript compares UTF-16 code units, which differs past U+FFFF).
const rank = unit => Number.isNaN(unit) ? -1 : unit >= 0xd800 ? unit + (unit < 0xe000 ? 0x2000 : -0x800) : unit;
function byCodePoint(one, other) {
  let i = 0;
  while (i < one.length && one.charCodeAt(i) === other.charCodeAt(i)) i++;
  return rank(one.charCodeAt(i)) - rank(other.charCodeAt(i));
}

// Canonical N-Quads string escapes (RDFC-1.0 Appendix A).
const ESCAPES = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
// eslint-disable-next-line no-control-regex
const escapeString = text => text.replace(/[\x00-\x1f\x7f\x22\\\ufffe\uffff]/g,
  char => ESCAPES[char] || `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

// A number's canonical xsd:double form, as JSON-LD writes it (1.5E0, 1.0E21).
function doubleLexical(number) {
  const [mantissa, exponent] = number.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${+exponent}`;
}

// A value object as an RDF literal (§8.3 steps 4-13).
function literal(object) {
  let value = object['@value'], type = object['@type'];
  const language = object['@language'];
  if (type === '@json') [value, type] = [canonicalize(value), `${RDF}JSON`];
  if (typeof value === 'boolean') [value, type] = [`${value}`, type || `${XSD}boolean`];
  else if (typeof value === 'number') {
    const double = type === `${XSD}double` || !Number.isInteger(value) || Math.abs(value) >= 1e21;
    // Past 2^53 JSON.parse has already rounded the integer written in the document.
    if (!double && !Number.isSafeInteger(value)) refuse(UNSUPPORTED, `the number ${value} is too large to be exact`);
    [value, type] = [double ? doubleLexical(value) : `${value}`, type || `${XSD}${double ? 'double' : 'integer'}`];
  } else if (typeof value !== 'string') refuse(INVALID, 'a value is not a string, number or boolean');
  if (!value.isWellFormed()) refuse(UNSUPPORTED, 'a string holds a lone surrogate');
  const text = `"${escapeString(value)}"`;
  if (language !== undefined) {
    if (!/^[a-z]{1,8}(-[a-z\d]{1,8})*$/i.test(language)) refuse(NOT_COVERED, `the language ${language} is not valid`);
    return `${text}@${language.toLowerCase()}`;
  }
  return !type || type === `${XSD}string` ? text : `${text}^^<${type}>`;
}

// §8.2-8.4 over expanded node objects: the quads, with every blank node labelled _:b<n> (labels in
// the document are replaced, so that none can clash with a new one). Duplicates are left in.
function toQuads(nodes) {
  const quads = [], labels = new Map();
  let count = 0;
  const blank = label => {
    if (label === undefined) return `_:b${count++}`;
    if (!labels.has(label)) labels.set(label, `_:b${count++}`);
    return labels.get(label);
  };
  const reference = (id, what) => id === undefined || isBlank(id) ? blank(id) : isIri(id) ? `<${id}>`
    : refuse(NOT_COVERED, `${what} ${id} is not an absolute IRI`);
  const objectTerm = (value, graph) => has(value, '@value') ? literal(value)
    : has(value, '@list') ? listTerm(value['@list'], graph) : nodeTerm(value, graph);
  function listTerm(items, graph) {
    let head = RDF_NIL;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = blank();
      quads.push([item, RDF_FIRST, objectTerm(items[i], graph), graph], [item, RDF_REST, head, graph]);
      head = item;
    }
    return head;
  }
  function nodeTerm(node, graph) {
    const subject = reference(node['@id'], 'the reference');
    for (const type of node['@type'] || []) {
      quads.push([subject, RDF_TYPE, reference(type, 'the type (not defined by the contexts)'), graph]);
    }
    for (const item of node['@graph'] || []) {
      if (has(item, '@value') || has(item, '@list')) refuse(NOT_COVERED, 'a value in a graph belongs to no node');
      nodeTerm(item, subject);
    }
    for (const property of Object.keys(node).filter(key => key[0] !== '@')) {
      if (!isIri(property)) refuse(NOT_COVERED, `the property ${property} is not an absolute IRI`);
      for (const value of node[property]) quads.push([subject, `<${property}>`, objectTerm(value, graph), graph]);
    }
    return subject;
  }
  for (const node of nodes) nodeTerm(node, '');
  return quads;
}

const encoder = new TextEncoder();
const sha256 = async text => [...new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))]
  .map(byte => byte.toString(16).padStart(2, '0')).join('');

// An identifier issuer (RDFC-1.0 §4.3): identifiers in the order they were issued.
class Issuer {
  constructor(prefix, issued = new Map()) {
    this.prefix = prefix;
    this.issued = issued;
  }

  issue(id) {
    if (!this.issued.has(id)) this.issued.set(id, `${this.prefix}${this.issued.size}`);
    return this.issued.get(id);
  }

  copy() {
    return new Issuer(this.prefix, new Map(this.issued));
  }
}

// Every ordering of `items` (Heap's algorithm).
function* permutations(items) {
  const list = [...items], counters = list.map(() => 0);
  yield [...list];
  for (let i = 1; i < list.length;) {
    if (counters[i] < i) {
      const other = i % 2 ? counters[i] : 0;
      [list[i], list[other]] = [list[other], list[i]];
      yield [...list];
      counters[i]++;
      i = 1;
    } else {
      counters[i++] = 0;
    }
  }
}

const spend = state => {
  if (++state.work > MAX_WORK) refuse(TOO_COMPLEX, `its blank nodes need more than ${MAX_WORK} steps to label`);
};

// §4.6, Hash First Degree Quads.
function hashFirstDegree(state, id) {
  const lines = state.mentions.get(id).map(quad => nquad(quad.map(term => !isBlank(term) ? term
    : term === id ? '_:a' : '_:z')));
  return sha256(lines.sort(byCodePoint).join(''));
}

// §4.7, Hash Related Blank Node.
function hashRelated(state, related, quad, issuer, position) {
  const id = state.canonical.issued.get(related) ?? issuer.issued.get(related);
  return sha256(position + (position === 'g' ? '' : quad[1])
    + (id === undefined ? state.firstDegree.get(related) : `_:${id}`));
}

// §4.8, Hash N-Degree Quads: { hash, issuer }.
async function hashNDegree(state, id, issuer) {
  spend(state);
  const related = new Map();
  for (const quad of state.mentions.get(id)) {
    for (const [position, index] of [['s', 0], ['o', 2], ['g', 3]]) {
      const term = quad[index];
      if (!isBlank(term) || term === id) continue;
      const hash = await hashRelated(state, term, quad, issuer, position);
      related.set(hash, [...(related.get(hash) || []), term]);
    }
  }
  let data = '';
  for (const hash of [...related.keys()].sort()) {
    data += hash;
    let chosenPath = '', chosenIssuer;
    for (const permutation of permutations(related.get(hash))) {
      spend(state);
      const tried = await tryPath(state, permutation, issuer.copy(), chosenPath);
      if (tried && (!chosenPath || tried.path < chosenPath)) [chosenPath, chosenIssuer] = [tried.path, tried.issuer];
    }
    data += chosenPath;
    issuer = chosenIssuer;
  }
  return { hash: await sha256(data), issuer };
}

// §4.8.3 step 5.4 for one permutation: its path and issuer, or nothing once it cannot be the shortest.
async function tryPath(state, permutation, issuer, chosenPath) {
  let path = '';
  const recursion = [];
  const longer = () => chosenPath && path.length >= chosenPath.length && path > chosenPath;
  for (const node of permutation) {
    const canonical = state.canonical.issued.get(node);
    if (canonical === undefined && !issuer.issued.has(node)) recursion.push(node);
    path += `_:${canonical ?? issuer.issue(node)}`;
    if (longer()) return undefined;
  }
  for (const node of recursion) {
    const result = await hashNDegree(state, node, issuer);
    path += `_:${issuer.issue(node)}<${result.hash}>`;
    issuer = result.issuer;
    if (longer()) return undefined;
  }
  return { path, issuer };
}

// §4.4, the Canonicalization Algorithm, then §5: the quads in canonical N-Quads, sorted.
async function canonicalizeQuads(quads) {
  const lines = new Set(), dataset = [], mentions = new Map();
  for (const quad of quads) {
    const line = nquad(quad);
    if (!lines.has(line) && lines.add(line)) dataset.push(quad);
  }
  for (const quad of dataset) {
    for (const term of quad.filter(isBlank)) {
      if (!mentions.has(term)) mentions.set(term, []);
      if (mentions.get(term).at(-1) !== quad) mentions.get(term).push(quad);
    }
  }
  if (mentions.size > MAX_BLANK_NODES) refuse(TOO_COMPLEX, `more than ${MAX_BLANK_NODES} blank nodes`);
  const state = { mentions, canonical: new Issuer('c14n'), firstDegree: new Map(), work: 0 };
  const byHash = new Map();
  const ids = [...mentions.keys()], firstDegree = await Promise.all(ids.map(id => hashFirstDegree(state, id)));
  ids.forEach((id, i) => state.firstDegree.set(id, firstDegree[i]));
  for (const [id, hash] of state.firstDegree) byHash.set(hash, [...(byHash.get(hash) || []), id]);
  const hashes = [...byHash.keys()].sort();
  for (const hash of hashes) if (byHash.get(hash).length === 1) state.canonical.issue(byHash.get(hash)[0]);
  for (const hash of hashes.filter(shared => byHash.get(shared).length > 1)) {
    const results = [];
    for (const id of byHash.get(hash)) {
      if (state.canonical.issued.has(id)) continue;
      const issuer = new Issuer('b');
      issuer.issue(id);
      results.push(await hashNDegree(state, id, issuer));
    }
    results.sort((one, other) => byCodePoint(one.hash, other.hash));
    for (const result of results) for (const id of result.issuer.issued.keys()) state.canonical.issue(id);
  }
  const label = term => isBlank(term) ? `_:${state.canonical.issued.get(term)}` : term;
  return dataset.map(quad => nquad(quad.map(label))).sort(byCodePoint).join('');
}

// The canonical N-Quads of a JSON-LD document, with `bundle` (URL → context document). Throws a
// Refusal (jsonld.js) when it cannot be had.
const canonicalNQuads = async (document, bundle) => canonicalizeQuads(toQuads(expand(document, bundle)));

// What verifier.js and the tests (tests/js/) use.
export { byCodePoint, canonicalizeQuads, canonicalNQuads, toQuads };
