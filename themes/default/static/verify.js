/* hallmark: verifies an Open Badges 3.0 credential in the browser (eddsa-jcs-2022 proof, did:web
   key, signed status lists, validity period) and bakes badge downloads. No third-party code. */
(() => {
'use strict';
const S = crypto.subtle, te = new TextEncoder();
const $ = (s, r = document) => r.querySelector(s);
class Fail extends Error { constructor(o, m) { super(m); this.outcome = o; } }
const fail = m => { throw new Fail('failed', m); };
const cannot = m => { throw new Fail('unknown', m); };

/* RFC 8785 (JCS): keys sorted by UTF-16 code units, numbers and strings as JSON.stringify writes them. */
const jcs = v => {
  if (typeof v === 'number' && !isFinite(v)) fail('a number is not finite');
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
  return '{' + Object.keys(v).sort().filter(k => v[k] !== undefined).map(k => JSON.stringify(k) + ':' + jcs(v[k])).join(',') + '}';
};
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const b58 = s => {
  const out = [];
  for (const ch of s) {
    let c = B58.indexOf(ch);
    if (c < 0) fail('not base58btc');
    for (let j = 0; j < out.length; j++) { c += out[j] * 58; out[j] = c & 255; c >>= 8; }
    for (; c; c >>= 8) out.push(c & 255);
  }
  for (const ch of s) { if (ch !== '1') break; out.push(0); }
  return Uint8Array.from(out.reverse());
};
const sha = async s => new Uint8Array(await S.digest('SHA-256', te.encode(s)));
const idOf = x => typeof x === 'string' ? x : x && typeof x.id === 'string' ? x.id : undefined;
const arr = x => x === undefined ? [] : Array.isArray(x) ? x : [x];
const once = (map, k, f) => { if (!map.has(k)) map.set(k, f()); return map.get(k); };
const memo = new Map();
// DID documents and status lists change: always revalidated. Credentials may come from cache (and preload).
const get = (url, as = 'json', cache = as === 'json' ? 'no-cache' : 'default') => once(memo, as + ' ' + url,
  () => fetch(url, { cache }).then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r[as](); }));

/* did:web:host%3Aport:a:b → https://host:port/a/b/did.json (no path: /.well-known/did.json); the
   page's own host keeps the page's scheme, so http://127.0.0.1 previews verify. */
const didUrl = did => {
  const [host, ...path] = did.slice(8).split(':').map(decodeURIComponent);
  return `${host === location.host ? location.protocol : 'https:'}//${host}/${path.length ? path.join('/') + '/' : '.well-known/'}did.json`;
};
const keys = new Map();
async function findKey(vm, iss) {
  if (!iss) fail('the credential names no issuer');
  if (!vm.startsWith(iss + '#')) fail(`the key ${vm} does not belong to the issuer ${iss}`);
  if (!iss.startsWith('did:web:')) cannot(`this page cannot resolve ${iss.split(':', 2).join(':')} identifiers`);
  let dd, raw;
  try { dd = await get(didUrl(iss)); } catch (e) { cannot(`could not read the issuer's DID document ${didUrl(iss)} (${e.message})`); }
  if (dd.id !== iss) fail(`the DID document found for ${iss} is someone else's`);
  const am = arr(dd.assertionMethod), m = [...arr(dd.verificationMethod), ...am].find(m => m && m.id === vm);
  if (!am.some(m => idOf(m) === vm)) fail(`the key ${vm} is not listed under assertionMethod in the issuer's DID document`);
  if (!m || m.controller !== iss) fail(`the DID document does not describe the key ${vm} as controlled by the issuer`);
  if (m.type !== 'Multikey') cannot(`the key ${vm} is not a Multikey`);
  try { raw = m.publicKeyMultibase[0] === 'z' && b58(m.publicKeyMultibase.slice(1)); } catch (e) { /* below */ }
  if (!raw || raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 1) fail(`the key ${vm} is not an Ed25519 Multikey`);
  try { return await S.importKey('raw', raw.slice(2), { name: 'Ed25519' }, false, ['verify']); }
  catch (e) { cannot('this browser cannot check Ed25519 signatures'); }
}

/* eddsa-jcs-2022: Ed25519 over SHA-256(JCS(proof − proofValue + document's @context)) ‖ SHA-256(JCS(document − proof)). */
async function jcsProof(doc, proof, key) {
  const { proofValue: pv, ...config } = proof;
  if (typeof pv !== 'string' || pv[0] !== 'z') fail('proofValue is not base58btc multibase');
  if ('@context' in doc) {
    if ('@context' in config && jcs(config['@context']) !== jcs(doc['@context'])) fail("the proof's @context differs from the document's");
    config['@context'] = doc['@context'];
  }
  const bare = { ...doc };
  delete bare.proof;
  const sig = b58(pv.slice(1));
  if (sig.length !== 64) fail('proofValue is not a 64-byte signature');
  const [a, b] = await Promise.all([sha(jcs(config)), sha(jcs(bare))]);
  const data = new Uint8Array(64);
  data.set(a); data.set(b, 32);
  if (!await S.verify({ name: 'Ed25519' }, key, sig, data)) fail('the signature does not match the document');
}

/* Every proof of the set. eddsa-rdfc-2022 needs JSON-LD: only its key is checked here. */
async function checkProofs(doc, iss) {
  const r = { ok: [], bad: [], unk: [], skipped: [], keyBad: [], keyUnk: [], vms: [] };
  const proofs = arr(doc.proof).filter(p => p && typeof p === 'object');
  if (!proofs.length) r.bad.push('the credential carries no proof');
  await Promise.all(proofs.map(async p => {
    const suite = String(p.cryptosuite || '(none)'), vm = String(p.verificationMethod || '');
    try {
      if (p.type !== 'DataIntegrityProof') cannot('not a DataIntegrityProof');
      if (p.proofPurpose !== 'assertionMethod') fail('proofPurpose is not assertionMethod');
      let key;
      try { key = await once(keys, vm, () => findKey(vm, iss)); if (!r.vms.includes(vm)) r.vms.push(vm); }
      catch (e) { (e.outcome === 'failed' ? r.keyBad : r.keyUnk).push(e.message); throw e; }
      if (suite === 'eddsa-jcs-2022') { await jcsProof(doc, p, key); r.ok.push(suite); }
      else if (suite === 'eddsa-rdfc-2022') r.skipped.push(suite);
      else cannot('unknown cryptosuite');
    } catch (e) {
      (e.outcome === 'failed' ? r.bad : r.unk).push(`${suite}: ${e.message}`);
    }
  }));
  r.outcome = r.bad.length ? 'failed' : r.unk.length || !r.ok.length ? 'unknown' : 'passed';
  return r;
}

/* A Bitstring Status List: its own proof checked, then decoded; once per URL. */
const lists = new Map();
async function readList(url, iss) {
  let list;
  try { list = await get(url); } catch (e) { cannot(`could not read the status list ${url} (${e.message})`); }
  if (idOf(list.issuer) !== iss) fail("the status list was issued by someone other than the credential's issuer");
  const p = await checkProofs(list, iss);
  if (p.outcome === 'failed') fail(`the status list's own proof fails: ${p.bad.join('; ')}`);
  if (p.outcome !== 'passed') cannot(`the status list's proof could not be checked: ${p.unk.join('; ') || 'no eddsa-jcs-2022 proof'}`);
  const s = list.credentialSubject || {}, e = String(s.encodedList || '');
  if (typeof DecompressionStream !== 'function') cannot('this browser cannot decompress status lists');
  try {
    if (e[0] !== 'u') throw e;
    const gz = Uint8Array.from(atob(e.slice(1).replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0));
    const bits = new Uint8Array(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    return { purpose: s.statusPurpose, bits };
  } catch (x) { fail('the status list is not GZIP-compressed multibase base64url'); }
}
async function checkStatus(doc, iss) {
  const es = arr(doc.credentialStatus).filter(e => e && typeof e === 'object');
  if (!es.length) return { outcome: 'na', text: 'the credential has no status entry, so it cannot be revoked', lists: [] };
  // hallmark publishes a suspension list beside each revocation list, at the same index.
  for (const e of [...es]) {
    const m = e.statusPurpose === 'revocation' && /^(.*\/status\/)revocation(\/\d+\.json)$/.exec(e.statusListCredential);
    if (m && !es.some(x => x.statusPurpose === 'suspension')) es.push({ ...e, statusPurpose: 'suspension', statusListCredential: m[1] + 'suspension' + m[2] });
  }
  const r = { outcome: 'passed', words: [], lists: [] };
  await Promise.all(es.map(async (e, k) => {
    const purpose = String(e.statusPurpose), url = String(e.statusListCredential), i = String(e.statusListIndex);
    r.lists[k] = `${purpose}: ${url}, index ${i}`;
    try {
      if (e.type !== 'BitstringStatusListEntry') cannot(`unknown status type "${e.type}"`);
      if (e.statusSize !== undefined && +e.statusSize !== 1) cannot('status entries of more than one bit are not supported');
      if (!/^\d+$/.test(i)) fail('statusListIndex is not a number');
      const list = await once(lists, url, () => readList(url, iss)), n = +i;
      if (list.purpose !== purpose) fail(`the status list is not a ${purpose} list`);
      if (n >= list.bits.length * 8) fail(`status index ${n} is outside the list`);
      const set = list.bits[n >> 3] & (0x80 >> (n & 7)), susp = purpose === 'suspension';
      r.words[k] = set ? (susp ? 'SUSPENDED' : 'REVOKED') : (susp ? 'not suspended' : 'not revoked');
      if (set) { r.outcome = 'failed'; r.state = susp && r.state !== 'revoked' ? 'suspended' : 'revoked'; }
    } catch (x) {
      r.words[k] = x.message;
      if (x.outcome === 'failed' || r.outcome === 'passed') r.outcome = x.outcome || 'unknown';
    }
  }));
  r.text = r.words.join('; ') + ' (signed status lists)';
  return r;
}

const when = s => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) ? Date.parse(s) : NaN;
// Dates as the pages write them ("16 May 2025", UTC); Intl would cost milliseconds to start.
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const day = s => { const d = new Date(when(s)); return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
function checkValidity(d, now) {
  const from = when(d.validFrom), until = d.validUntil === undefined ? undefined : when(d.validUntil);
  const bad = (text, state = 'failed') => ({ outcome: 'failed', state, text });
  if (isNaN(from)) return bad(d.validFrom === undefined ? 'validFrom is missing' : 'validFrom is not a date-time');
  if (now < from) return bad(`not valid until ${day(d.validFrom)}`, 'not-yet-valid');
  if (Number.isNaN(until)) return bad('validUntil is not a date-time');
  if (until !== undefined && now > until) return bad(`expired on ${day(d.validUntil)}`, 'expired');
  return { outcome: 'passed', text: `valid from ${day(d.validFrom)}${until === undefined ? ', with no expiry date' : ' until ' + day(d.validUntil)}` };
}

/* A parsed credential → { state, checks: [[name, outcome, words]], details: [[name, value]] }. */
async function verify(doc) {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { state: 'failed', checks: [['Credential', 'failed', 'this is not a JSON object']] };
  if (!S) return { state: 'unknown', doc, checks: [['Signature', 'unknown', 'the browser offers no cryptography to pages not served over HTTPS']] };
  const iss = idOf(doc.issuer);
  const [p, st] = await Promise.all([checkProofs(doc, iss), checkStatus(doc, iss)]);
  const v = checkValidity(doc, Date.now());
  const keyO = p.keyBad.length ? 'failed' : p.keyUnk.length ? 'unknown' : p.vms.length ? 'passed' : 'na';
  const checks = [
    ['Signature', p.outcome, p.outcome === 'passed' ? `intact and made with the issuer's key (${p.ok.join(', ')})`
      : p.outcome === 'failed' ? `not valid: ${p.bad.join('; ')}` : `could not be checked: ${p.unk.join('; ') || 'no eddsa-jcs-2022 proof'}`],
    ["Issuer's key", keyO, keyO === 'passed' ? `published by ${iss} in its DID document` : [...p.keyBad, ...p.keyUnk].join('; ') || 'no proof names a key'],
    ['Status', st.outcome, st.text],
    ['Validity period', v.outcome, v.text]];
  const hard = p.outcome === 'failed' || keyO === 'failed' || (st.outcome === 'failed' && !st.state);
  const state = hard ? 'failed' : st.state || v.state || (checks.some(c => c[1] === 'unknown') ? 'unknown' : 'verified');
  const details = [['Credential ID', doc.id], ['Issuer', iss], ...p.vms.map(k => ['Key', k]), ['Proofs verified', p.ok.join(', ') || 'none'],
    ...st.lists.map(l => ['Status list', l])];
  if (p.skipped.length) details.push(['Not checked here', `${p.skipped.join(', ')}: needs JSON-LD processing, which this page does not do. Other verifiers check it; it does not change the result.`]);
  return { state, checks, details, doc };
}

const HEAD = {
  verified: ['Verified', 'This credential is genuine, unaltered, not revoked, and valid.'],
  revoked: ['Revoked', 'The issuer has revoked this credential. It is no longer valid.'],
  suspended: ['Suspended', 'The issuer has suspended this credential. It is not valid while suspended.'],
  expired: ['Expired', 'This credential is genuine but has expired.'],
  'not-yet-valid': ['Not yet valid', 'This credential is genuine but not valid yet.'],
  failed: ['Not valid', 'This credential failed verification: it was changed after it was issued, or not signed by its issuer.'],
  unknown: ['Could not check', 'Some checks could not be done, so this page cannot confirm the credential. That does not mean it is fake: try again later, or use another verifier.'],
};
const MARK = { passed: ['\u2713', 'passed'], failed: ['\u2717', 'failed'], unknown: ['?', 'could not check'], na: ['\u2013', 'not applicable'] };
const h = (tag, props, ...kids) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (k in el) el[k] = v; else el.setAttribute(k, v);
  el.append(...kids.filter(k => k != null));
  return el;
};
const pair = (k, v, code) => h('div', {}, h('dt', { textContent: k }), h('dd', { dir: 'auto' }, code ? h('code', { textContent: v }) : v));
function show(box, r) {
  const d = r.doc || {}, subj = d.credentialSubject || {}, iid = idOf(d.issuer), site = box.dataset.siteIssuer;
  const name = arr(subj.identifier).find(i => i && i.identityType === 'name' && i.hashed === false);
  const facts = [['Issued to', name ? name.identityHash : subj.name], ['Achievement', (subj.achievement || {}).name], ['Issuer', (d.issuer || {}).name || iid]]
    .filter(f => typeof f[1] === 'string').map(f => pair(...f));
  const [title, lead] = HEAD[r.state];
  $('.verification-state', box).replaceChildren(h('span', { className: 'state-badge', textContent: title }), ' ' + lead);
  $('.verification-body', box).replaceChildren(...[
    facts.length ? h('dl', { className: 'verification-facts' }, ...facts) : null,
    site && iid && iid !== site && r.state !== 'failed' ? h('p', { className: 'note', textContent: `Issued by ${iid}, not by this site's issuer.` }) : null,
    h('ul', { className: 'checks' }, ...r.checks.map(([n, o, t]) => h('li', { className: 'check-' + o },
      h('span', { className: 'mark', 'aria-hidden': 'true', textContent: MARK[o][0] }),
      h('span', {}, h('strong', { textContent: n }), h('span', { className: 'visually-hidden', textContent: ` (${MARK[o][1]})` }), ': ' + t)))),
    h('details', {}, h('summary', { textContent: 'Technical details' }), h('dl', {},
      ...(r.details || []).filter(x => x[1]).map(x => pair(x[0], x[1], true)),
      pair('Checked', `${new Date().toISOString().slice(0, 19).replace('T', ' ')} UTC by this page, in ${Math.round(r.ms)} ms`)))].filter(Boolean));
  Object.assign(box.dataset, { verificationStatus: r.state, verificationMs: r.ms.toFixed(1), verificationTotalMs: r.totalMs.toFixed(1), verificationRuns: +(box.dataset.verificationRuns || 0) + 1 });
  box.setAttribute('aria-busy', 'false');
}
async function run(box, source) {
  box.setAttribute('aria-busy', 'true');
  const t0 = performance.now();
  let r, t1 = t0;
  try {
    let doc;
    try { doc = JSON.parse(await source()); } catch (e) { if (e instanceof SyntaxError) fail('this is not valid JSON'); throw e; }
    t1 = performance.now();
    r = await verify(doc);
  } catch (e) {
    r = { state: e.outcome || 'unknown', checks: [['Credential', e.outcome || 'unknown', e.message]] };
  }
  // ms: the checks themselves (key, status lists, signatures); totalMs also reading the credential.
  r.totalMs = performance.now() - t0;
  r.ms = performance.now() - t1;
  show(box, r);
  return r;
}

/* Landing page: verify its credential. Copy link, print and baked downloads are in badges.js,
   loaded on the first click on one of them. */
function landing(box) {
  const site = box.dataset.siteIssuer;
  // The issuer's DID document is (nearly always) the site's own: fetch it while the credential loads.
  if (site && site.startsWith('did:web:')) get(didUrl(site)).catch(() => {});
  run(box, () => get(box.dataset.credentialUrl, 'text'));
  document.addEventListener('click', ev => {
    const el = ev.target.closest('[data-action], a[data-bake]');
    if (!el || el.dataset.baked) return;
    ev.preventDefault();
    more().then(() => H.act(el, box), () => { el.dataset.baked = 'no'; if (el.href) el.click(); });
  });
}

// badges.js: the verify page loads it; landing pages on first use.
const src = document.currentScript.src;
const more = () => once(memo, src, () => new Promise((ok, no) => document.head.append(h('script', { src: new URL('badges.js', src).href, onload: ok, onerror: no }))));
const H = window.hallmark = { canonicalize: jcs, b58, jcsProof, verify, run, fail, get };
addEventListener('DOMContentLoaded', () => {
  for (const el of document.querySelectorAll('[data-js-only]')) el.hidden = false;
  const box = $('#verification');
  if (box && box.dataset.credentialUrl) landing(box);
});
})();
