/* hallmark: the in-browser verifier's core. It checks an Open Badges 3.0 credential step by step,
   as `hallmark verify` does (src/verify/), with the same step names, outcomes and states: its
   proofs, the issuer's key in its did:web DID document, its signed status lists and its validity
   period. It touches no page: what it reads comes through `fetchJson(url)` and the time is `now`,
   so it runs in a browser and under `node --test` (tests/js/) on the cases of tests/cases/.
   eddsa-rdfc-2022 proofs need JSON-LD and RDF canonicalization (jsonld.js, rdfc.js), with the
   contexts that `loadContexts()` gives (the site's assets/contexts.json): none is ever fetched.
   No third-party code. Whole-line comments like this one are left out of the published file. */
import { canonicalize, NOT_COVERED, Refusal, TOO_COMPLEX, UNBUNDLED, UNSUPPORTED } from './jsonld.js';
import { canonicalNQuads } from './rdfc.js';
import {
  DID_DOCUMENT_AT_ROOT, DID_DOCUMENT_IN_PATH, DID_WEB_PORT_COLON, DID_WEB_PREFIX, EDDSA_JCS_2022, EDDSA_RDFC_2022,
  STATUS_LIST_BITS, STATUS_LIST_PATH,
} from './rules.js';

// How one step went: the words of src/verify/mod.rs (Outcome).
const PASSED = 'passed';
const FAILED = 'failed';
const COULD_NOT_CHECK = 'could-not-check';
const NOT_APPLICABLE = 'not-applicable';

// Why a step did not pass. `plain` is the sentence people read; `detail`, when there is one, the
// technical part (URLs, exceptions) shown under "Technical details".
class Problem extends Error {
  constructor(outcome, plain, detail = '') {
    super(detail || plain);
    this.outcome = outcome;
    this.plain = plain;
    this.detail = detail;
  }
}
const failed = (plain, detail) => {
  throw new Problem(FAILED, plain, detail);
};
const couldNotCheck = (plain, detail) => {
  throw new Problem(COULD_NOT_CHECK, plain, detail);
};
// Any error as a Problem: ours keeps its outcome and sentence (its detail after `context`); any
// other error could not be checked, and its message is the detail.
const asProblem = (error, context = '') => error.plain
  ? new Problem(error.outcome, error.plain, error.detail && context + error.detail)
  : new Problem(COULD_NOT_CHECK, 'it could not be checked.', context + error.message);

const DAMAGED = 'it is damaged.';

// Limits on what this page reads, which anyone can hand it: a credential or status list of at most
// 1 MB of JSON, nested at most 32 levels deep, with at most 8 proofs. Past them it is not checked.
const MAX_CHARACTERS = 1_000_000, MAX_NESTING = 32, MAX_PROOFS = 8;
function checkLimits(document, subject = 'it is') {
  const tooLarge = limit => couldNotCheck(`${subject} too large to check here (limit: ${limit}).`);
  const nesting = (value, level) => {
    if (level > MAX_NESTING) tooLarge(`${MAX_NESTING} levels of nesting`);
    if (value !== null && typeof value === 'object') for (const item of Object.values(value)) nesting(item, level + 1);
  };
  if (typeof document !== 'string') {
    nesting(document, 0);
    if (asList(document.proof).length > MAX_PROOFS) tooLarge(`${MAX_PROOFS} proofs`);
  }
  if ((typeof document === 'string' ? document : JSON.stringify(document)).length > MAX_CHARACTERS) tooLarge('1 MB');
}
const KEY_NOT_CHECKED = "could not be checked, because the issuer's key could not be checked.";
const ASSERTION = 'assertionMethod';

const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value);
const asList = value => value === undefined ? [] : Array.isArray(value) ? value : [value];
// An issuer, a key reference: the string itself, or the `id` of an object.
const idOf = value => typeof value === 'string' ? value
  : value && typeof value.id === 'string' ? value.id : undefined;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
// base58btc text → bytes; a character outside the alphabet is damage.
function decodeBase58(text) {
  const littleEndian = [];
  for (const char of text) {
    let carry = BASE58.indexOf(char);
    if (carry < 0) failed(DAMAGED, 'not base58btc');
    for (let i = 0; i < littleEndian.length; i++) {
      carry += littleEndian[i] * 58;
      littleEndian[i] = carry & 255;
      carry >>= 8;
    }
    for (; carry; carry >>= 8) littleEndian.push(carry & 255);
  }
  // Each leading '1' is a leading zero byte.
  for (let i = 0; text[i] === '1'; i++) littleEndian.push(0);
  return Uint8Array.from(littleEndian.reverse());
}

// did:web:host%3Aport:a:b → https://host:port/a/b/did.json (no path: /.well-known/did.json). Only
// the port's colon is decoded: a path part is a URL path segment already (src/ground/did_web.rs).
function didWebDocumentUrl(did) {
  const [host, ...path] = did.slice(DID_WEB_PREFIX.length).split(':');
  const hostAndPort = host.split(DID_WEB_PORT_COLON).join(':').split(DID_WEB_PORT_COLON.toLowerCase()).join(':');
  const file = path.length ? `${path.join('/')}/${DID_DOCUMENT_IN_PATH}` : DID_DOCUMENT_AT_ROOT;
  return `https://${hostAndPort}/${file}`;
}

// A date-time as `hallmark verify` reads it (src/date.rs): milliseconds, or NaN when unreadable.
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const parseDateTime = text => DATE_TIME.test(text) ? Date.parse(text) : NaN;
// Dates as the pages write them ("16 May 2025", UTC); Intl would cost milliseconds to start.
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const dayOf = text => {
  const date = new Date(parseDateTime(text));
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};

// The validity-period step, and the state it gives a genuine credential (expired, not yet valid).
function checkValidityPeriod(credential, now) {
  const { validFrom, validUntil } = credential;
  const from = parseDateTime(validFrom), until = validUntil === undefined ? undefined : parseDateTime(validUntil);
  const step = (outcome, plain, state, details = []) => ({ step: 'validity period', outcome, plain, state, details });
  if (isNaN(from) || Number.isNaN(until)) {
    return step(FAILED, 'its dates are missing or not readable.', undefined, [
      `validFrom ${validFrom}, validUntil ${validUntil}`,
    ]);
  }
  if (now < from) return step(FAILED, `not valid until ${dayOf(validFrom)}.`, 'not-yet-valid');
  if (until !== undefined && now > until) return step(FAILED, `expired on ${dayOf(validUntil)}.`, 'expired');
  const end = until === undefined ? ', with no expiry date' : ` until ${dayOf(validUntil)}`;
  return step(PASSED, `valid from ${dayOf(validFrom)}${end}.`);
}

// One step from its problems: the worst outcome and its first sentence, so a problem that several
// proofs or lists share is said once; the technical details of all of them.
function stepFrom(step, problems, passedSentence) {
  const worst = problems.find(problem => problem.outcome === FAILED) || problems[0];
  return {
    step,
    outcome: worst ? worst.outcome : PASSED,
    plain: worst ? worst.plain : passedSentence,
    details: problems.map(problem => problem.detail).filter(Boolean),
  };
}

// Each promise once per verification: the proofs of a set and the status lists share one key.
const once = (cache, key, make) => {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
};

// The raw Ed25519 key named by `keyId`, once the issuer's DID document lists it as the issuer's.
async function resolveKey(keyId, issuer, context) {
  if (!issuer) failed('the credential names no issuer.');
  if (!keyId.startsWith(`${issuer}#`)) failed("the signing key is not the issuer's.", keyId);
  if (!issuer.startsWith(DID_WEB_PREFIX)) {
    couldNotCheck('this page can only look up issuers with a did:web ID.', issuer);
  }
  const url = context.didDocumentUrl(issuer);
  const didDocument = await context.fetchJson(url)
    .catch(error => couldNotCheck("the issuer's DID document could not be read.", `${url}: ${error.message}`));
  const documentId = isObject(didDocument) ? didDocument.id : undefined;
  if (documentId !== issuer) failed("the issuer's DID document is someone else's.", `${url} is ${documentId}`);
  // A DID document may name its keys relative to itself ("#key-1").
  const names = reference => {
    const id = idOf(reference);
    return (id && id.startsWith('#') ? issuer + id : id) === keyId;
  };
  const listed = asList(didDocument[ASSERTION]);
  const method = [...asList(didDocument.verificationMethod), ...listed].find(entry => isObject(entry) && names(entry));
  if (!listed.some(names) || !method || method.controller !== issuer) {
    failed("the issuer's DID document does not list the signing key.", `${url}: no ${keyId} under ${ASSERTION}`);
  }
  if (method.type !== 'Multikey') couldNotCheck('the signing key is of a kind this page cannot read.', method.type);
  const multibase = String(method.publicKeyMultibase);
  let bytes = [];
  try {
    if (multibase[0] === 'z') bytes = decodeBase58(multibase.slice(1));
  } catch {
    // Not base58btc: not an Ed25519 key, below.
  }
  // A Multikey Ed25519 public key: the multicodec 0xed 0x01, then its 32 bytes.
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 1) {
    failed('the signing key is not an Ed25519 key.', keyId);
  }
  return bytes.slice(2);
}

const sha256 = async text => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
const importEd25519 = raw => crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']).catch(error =>
  couldNotCheck('could not be checked, because this browser cannot check Ed25519 signatures.', error.message));
const signedBy = async (configText, documentText) => {
  const hashes = await Promise.all([sha256(configText), sha256(documentText)]);
  return new Uint8Array([...hashes[0], ...hashes[1]]);
};

// eddsa-jcs-2022 signs SHA-256(JCS(proof without proofValue, with the document's @context)) ‖
// SHA-256(JCS(document without proof)).
function jcsSignedData(document, proof) {
  const { proofValue: _value, ...config } = proof;
  if ('@context' in document) {
    if ('@context' in config && canonicalize(config['@context']) !== canonicalize(document['@context'])) {
      failed(DAMAGED, "the proof's @context differs from the document's");
    }
    config['@context'] = document['@context'];
  }
  const { proof: _proofs, ...unsecured } = document;
  return signedBy(canonicalize(config), canonicalize(unsecured));
}

// How each refusal to turn a document into RDF (jsonld.js) is said.
const SAYS_REFUSAL = {
  [NOT_COVERED]: [FAILED, 'this credential contains data its signature does not cover.'],
  [UNBUNDLED]: [COULD_NOT_CHECK, 'could not be checked here, because it uses a vocabulary this page does not have:'
    + ' check it with the command hallmark verify credential.json.'],
  [UNSUPPORTED]: [COULD_NOT_CHECK, 'could not be checked here, because it uses JSON-LD this page does not process:'
    + ' check it with the command hallmark verify credential.json.'],
  [TOO_COMPLEX]: [COULD_NOT_CHECK, 'could not be checked here: it is too complex.'],
};
const refusalProblem = error => {
  if (!(error instanceof Refusal)) throw error;
  const [outcome, plain] = SAYS_REFUSAL[error.kind] || [FAILED, DAMAGED];
  return new Problem(outcome, plain, `JSON-LD: ${error.message}`);
};

// eddsa-rdfc-2022 signs SHA-256(RDFC-1.0 N-Quads of the proof without proofValue, with the
// document's @context) ‖ SHA-256(RDFC-1.0 N-Quads of the document without proof). A proof that
// names contexts must name the first of the document's.
async function rdfcSignedData(document, proof, context) {
  const { proofValue: _value, '@context': proofContext, ...config } = proof;
  const documentContext = asList(document['@context']);
  if (asList(proofContext).some((item, i) => canonicalize(item) !== canonicalize(documentContext[i]))) {
    failed(DAMAGED, "the proof's @context does not begin the document's");
  }
  if ('@context' in document) config['@context'] = document['@context'];
  const { proof: _proofs, ...unsecured } = document;
  const bundle = await context.contexts();
  const nquads = await Promise.all([canonicalNQuads(config, bundle), canonicalNQuads(unsecured, bundle)])
    .catch(error => {
      throw refusalProblem(error);
    });
  return signedBy(...nquads);
}

// The cryptosuites whose proofs this verifier checks, each a function(document, proof, context)
// giving the bytes that the proof's Ed25519 signature covers, or throwing a Problem.
const PROOF_SUITES = { [EDDSA_RDFC_2022]: rdfcSignedData, [EDDSA_JCS_2022]: jcsSignedData };

// The proof's Ed25519 signature over `data`, checked with `publicKey` (raw bytes or a CryptoKey).
async function checkSignature(proof, data, publicKey) {
  const { proofValue } = proof;
  if (typeof proofValue !== 'string' || proofValue[0] !== 'z') failed(DAMAGED, 'proofValue is not base58btc multibase');
  const signature = decodeBase58(proofValue.slice(1));
  if (signature.length !== 64) failed(DAMAGED, 'proofValue is not a 64-byte signature');
  const key = publicKey instanceof Uint8Array ? await importEd25519(publicKey) : publicKey;
  if (!await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, await data)) {
    failed('it does not match, so the credential was changed after it was signed.',
      'the signature does not match the document');
  }
}
const verifyJcsProof = (document, proof, publicKey) => checkSignature(proof, jcsSignedData(document, proof), publicKey);
const verifyRdfcProof = (document, proof, publicKey, bundle) =>
  checkSignature(proof, rdfcSignedData(document, proof, { contexts: async () => bundle }), publicKey);

// One proof of the set: its kind and purpose, its key, its expiry, then its suite's check. The
// suite's data is prepared while the key is looked up.
async function checkProof(document, proof, issuer, context, found) {
  const suite = String(proof.cryptosuite), keyId = String(proof.verificationMethod);
  if (proof.type !== 'DataIntegrityProof' || !Object.hasOwn(PROOF_SUITES, suite)) {
    couldNotCheck('it is of a kind this page does not know.', `${proof.type} ${suite}`);
  }
  if (proof.proofPurpose !== ASSERTION) {
    failed('it was not made to issue a credential.', `proofPurpose ${proof.proofPurpose}`);
  }
  const data = PROOF_SUITES[suite](document, proof, context);
  data.catch(() => {});
  const key = await once(context.keys, keyId, () => resolveKey(keyId, issuer, context)).catch(error => {
    const problem = asProblem(error);
    found.keyProblems.push(problem);
    throw new Problem(problem.outcome, problem.outcome === FAILED ? 'it was not made with a key its issuer publishes.'
      : KEY_NOT_CHECKED);
  });
  if (!found.keys.includes(keyId)) found.keys.push(keyId);
  if ('expires' in proof) {
    const expires = parseDateTime(proof.expires);
    if (!(context.now <= expires)) failed('the proof has expired.', `expires ${proof.expires}`);
  }
  await checkSignature(proof, data, key);
  found.verified.push(suite);
}

// Every proof of the set: the signature step's problems, the keys found and the key step's problems.
async function checkProofs(document, issuer, context) {
  const found = { verified: [], keys: [], problems: [], keyProblems: [] };
  const proofs = asList(document.proof);
  await Promise.all(proofs.map(async proof => {
    const suite = isObject(proof) ? String(proof.cryptosuite) : 'a proof';
    try {
      if (!isObject(proof)) failed(DAMAGED, 'a proof is not a JSON object');
      await checkProof(document, proof, issuer, context, found);
    } catch (error) {
      found.problems.push(asProblem(error, `${suite}: `));
    }
  }));
  if (!proofs.length) found.problems.push(new Problem(FAILED, 'there is none.'));
  return found;
}

// The suspension list that hallmark publishes beside a revocation list, at the same index
// (…/status/revocation/<n>.json → …/status/suspension/<n>.json), or undefined.
function suspensionListFor(revocationListUrl) {
  const [pathBefore, pathAfter] = STATUS_LIST_PATH.split('{list}');
  const folder = purpose => `/${pathBefore.replace('{purpose}', purpose)}`;
  const at = revocationListUrl.lastIndexOf(folder('revocation'));
  const file = revocationListUrl.slice(at + folder('revocation').length);
  const list = file.slice(0, -pathAfter.length);
  if (at < 0 || !file.endsWith(pathAfter) || !/^\d+$/.test(list)) return undefined;
  return revocationListUrl.slice(0, at) + folder('suspension') + list + pathAfter;
}

// An encodedList (multibase base64url of GZIP) → its bytes; not readable: damaged.
async function decodeStatusList(encodedList) {
  try {
    if (encodedList[0] !== 'u') throw new Error('not multibase base64url');
    const base64 = encodedList.slice(1).replace(/-/g, '+').replace(/_/g, '/');
    const gzip = Uint8Array.from(atob(base64), char => char.charCodeAt(0));
    const stream = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return failed('its status list is damaged.', 'encodedList is not GZIP in base64url');
  }
}

// Bit `index` of a status list: index 0 is the most significant bit of the first byte.
const isBitSet = (bytes, index) => (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;

// A status list, checked before any of its bits is believed: its issuer, its own proofs, what it
// is and where, its own validity period, its length.
async function readStatusList(url, issuer, context) {
  const list = await context.fetchJson(url)
    .catch(error => couldNotCheck("the issuer's status list could not be read.", `${url}: ${error.message}`));
  if (!isObject(list) || idOf(list.issuer) !== issuer) {
    failed('its status list was not published by its issuer.', `${url}: issuer ${isObject(list) && idOf(list.issuer)}`);
  }
  checkLimits(list, 'its status list is');
  const proofs = await checkProofs(list, issuer, context), signature = stepFrom('', proofs.problems);
  const checked = `${url}: ${signature.details.join('; ') || 'its proof was not checked'}`;
  if (signature.outcome === FAILED) {
    failed("its status list cannot be trusted: the list's own signature fails.", checked);
  }
  if (signature.outcome !== PASSED) {
    const plain = proofs.keyProblems.length ? KEY_NOT_CHECKED : "the status list's signature could not be checked.";
    couldNotCheck(plain, checked);
  }
  if (!asList(list.type).includes('BitstringStatusListCredential')) {
    failed('its status list is damaged.', `${url} is not a BitstringStatusListCredential`);
  }
  // A signed list served at another list's URL (an older or emptier one) is not that list.
  if (typeof list.id === 'string' && list.id !== url) {
    failed('its status list is not the one it names.', `${url} is ${list.id}`);
  }
  // A list outside its own validity period, or shorter than the standard's minimum, is not read.
  const from = parseDateTime(list.validFrom), until = parseDateTime(list.validUntil);
  const unreadable = (Number.isNaN(from) && 'validFrom' in list) || (Number.isNaN(until) && 'validUntil' in list);
  if (from > context.now || until < context.now || unreadable) {
    couldNotCheck("the issuer's status list is not current.",
      `${url}: valid from ${list.validFrom} until ${list.validUntil || 'no end'}`);
  }
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  const purposes = asList(subject.statusPurpose);
  if (!asList(subject.type).includes('BitstringStatusList') || !purposes.length) {
    failed('its status list is damaged.', `${url}: its subject is not a BitstringStatusList with a statusPurpose`);
  }
  if (typeof DecompressionStream !== 'function') couldNotCheck('this browser cannot read status lists.');
  const bits = await decodeStatusList(String(subject.encodedList)).catch(error => {
    throw asProblem(error, `${url}: `);
  });
  if (bits.length * 8 < STATUS_LIST_BITS) {
    couldNotCheck("the issuer's status list is shorter than the standard allows.",
      `${url}: ${bits.length * 8} entries, fewer than ${STATUS_LIST_BITS}`);
  }
  return { purposes, bits };
}

// One status entry: whether its bit is set in its list.
async function readStatusEntry(entry, issuer, context) {
  const { statusPurpose: purpose, statusListIndex: index, statusListCredential: url } = entry;
  const notValid = () => failed('its status entry is not valid.', `${url}: no index ${index} in a ${purpose} list`);
  if (entry.type !== 'BitstringStatusListEntry' || (entry.statusSize !== undefined && entry.statusSize !== 1)) {
    couldNotCheck('its status entry is of a kind this page does not know.',
      `${entry.type}, statusSize ${entry.statusSize}`);
  }
  if (!['revocation', 'suspension'].includes(purpose)) {
    couldNotCheck('its status entry is of a kind this page does not know.', `statusPurpose ${purpose}`);
  }
  if (typeof url !== 'string' || !/^\d+$/.test(String(index))) notValid();
  const list = await once(context.lists, url, () => readStatusList(url, issuer, context));
  if (!list.purposes.includes(purpose) || !(+index < list.bits.length * 8)) notValid();
  return isBitSet(list.bits, +index);
}

// The status step: every entry read, and hallmark's suspension list beside its revocation list.
async function checkStatus(credential, issuer, context) {
  const entries = asList(credential.credentialStatus);
  const listsRead = [];
  if (!entries.length) {
    const plain = 'it has no status entry, so it cannot be revoked.';
    return { step: 'status', outcome: NOT_APPLICABLE, plain, details: [], listsRead };
  }
  if (!entries.some(entry => isObject(entry) && entry.statusPurpose === 'suspension')) {
    for (const entry of [...entries]) {
      const suspensionList = isObject(entry) && entry.statusPurpose === 'revocation'
        && suspensionListFor(String(entry.statusListCredential));
      if (suspensionList) entries.push({ ...entry, statusPurpose: 'suspension', statusListCredential: suspensionList });
    }
  }
  const problems = [], clear = [];
  let state;
  await Promise.all(entries.map(async (entry, i) => {
    try {
      if (!isObject(entry)) failed('its status entry is not valid.', 'a status entry is not a JSON object');
      const purpose = entry.statusPurpose;
      listsRead[i] = `${purpose}: ${entry.statusListCredential}, index ${entry.statusListIndex}`;
      const set = await readStatusEntry(entry, issuer, context);
      if (!set) clear.push(`not ${purpose === 'suspension' ? 'suspended' : 'revoked'}`);
      else state = purpose === 'suspension' && state !== 'revoked' ? 'suspended' : 'revoked';
    } catch (error) {
      problems.push(asProblem(error));
    }
  }));
  const notSet = `${clear.sort().join(' and ')}, according to the issuer's signed status lists.`;
  const step = stepFrom('status', problems, notSet);
  if (state) Object.assign(step, { outcome: FAILED, plain: `${state} by the issuer.`, state });
  return { ...step, listsRead: listsRead.filter(Boolean) };
}

// A parsed credential → { state, cause, steps: [{ step, outcome, plain, details }], ... }. The state
// is one of src/verify/mod.rs's (State). Revoked, suspended, expired and not yet valid are said only
// once the proofs and the key have verified: of anything else they would vouch that it is genuine.
// `fetchJson(url)` reads a DID document or a status list; `now` is in milliseconds since the epoch;
// `loadContexts()` gives the JSON-LD contexts (URL → context document) that eddsa-rdfc-2022 needs.
async function verifyCredential(credential, { fetchJson, now, didDocumentUrl = didWebDocumentUrl, loadContexts }) {
  if (!isObject(credential)) couldNotCheck('it is not a JSON object.');
  checkLimits(credential);
  if (!globalThis.crypto || !crypto.subtle) {
    const plain = 'could not be checked: browsers offer no cryptography to pages not served over HTTPS.';
    return { state: 'unknown', steps: [{ step: 'proof', outcome: COULD_NOT_CHECK, plain, details: [] }] };
  }
  const context = { fetchJson, now, didDocumentUrl, keys: new Map(), lists: new Map() };
  let bundle;
  context.contexts = () => bundle = bundle || Promise.resolve().then(loadContexts).catch(error => couldNotCheck(
    'could not be checked, because the vocabulary this page checks with could not be read.', error.message));
  const issuer = idOf(credential.issuer);
  const [proofs, status] = await Promise.all([
    checkProofs(credential, issuer, context),
    checkStatus(credential, issuer, context),
  ]);
  const validity = checkValidityPeriod(credential, now);
  const signature = stepFrom('proof', proofs.problems, "intact, and made with the issuer's key.");
  const key = proofs.keys.length || proofs.keyProblems.length
    ? stepFrom('issuer key', proofs.keyProblems, 'published by the issuer in its DID document.')
    : { step: 'issuer key', outcome: NOT_APPLICABLE, plain: 'no signature names a key.', details: [] };
  const genuine = signature.outcome === PASSED && key.outcome === PASSED;
  let state, cause;
  if (signature.outcome === FAILED || key.outcome === FAILED) state = 'failed';
  else if (status.outcome === FAILED && !status.state) [state, cause] = ['failed', 'status'];
  else if (validity.outcome === FAILED && !validity.state) [state, cause] = ['failed', 'validity period'];
  else if (!genuine) state = 'unknown';
  else state = status.state || validity.state || (status.outcome === COULD_NOT_CHECK ? 'unknown' : 'verified');
  return {
    state,
    cause,
    steps: [signature, key, status, validity],
    issuer,
    keys: proofs.keys,
    suitesVerified: proofs.verified,
    statusLists: status.listsRead,
  };
}

// What the pages and the tests (tests/js/) use.
export {
  asList, asProblem, canonicalize, checkLimits, checkValidityPeriod, COULD_NOT_CHECK, couldNotCheck, decodeBase58,
  decodeStatusList, didWebDocumentUrl, FAILED, failed, idOf, isBitSet, NOT_APPLICABLE, parseDateTime, PASSED,
  Problem, suspensionListFor, verifyCredential, verifyJcsProof, verifyRdfcProof,
};
