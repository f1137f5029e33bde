/* hallmark: verifies an Open Badges 3.0 credential in the browser (eddsa-jcs-2022 proof, did:web
   key, signed status lists, validity period). No third-party code. Every landing page loads this:
   whole-line comments like this one are left out of the published file, so say why here freely. */
(() => {
'use strict';
const S = crypto.subtle, te = new TextEncoder();
const $ = (s, r = document) => r.querySelector(s);
// A check that did not pass: `plain` is the sentence people read; the message, when it differs,
// is the technical detail (URLs, exceptions) shown under "Technical details".
class Fail extends Error { constructor(o, plain, tech, head) { super(tech || plain); Object.assign(this, { outcome: o, plain, head }); } }
const fail = (m, t) => { throw new Fail('failed', m, t); };
const cannot = (m, t) => { throw new Fail('unknown', m, t); };
const asFail = (e, at = '') => new Fail(e.outcome || 'unknown', e.plain || 'it could not be checked.', e.message === e.plain ? '' : at + e.message, e.head);

// RFC 8785 (JCS): keys sorted by UTF-16 code units, numbers and strings as JSON.stringify writes them.
// Documents come from JSON.parse, so no number is infinite.
const jcs = v => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
  return '{' + Object.keys(v).sort().filter(k => v[k] !== undefined).map(k => JSON.stringify(k) + ':' + jcs(v[k])).join(',') + '}';
};
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', DAMAGED = 'it is damaged.';
const b58 = s => {
  const out = [];
  for (const ch of s) {
    let c = B58.indexOf(ch);
    if (c < 0) fail(DAMAGED, 'not base58btc');
    for (let j = 0; j < out.length; j++) { c += out[j] * 58; out[j] = c & 255; c >>= 8; }
    for (; c; c >>= 8) out.push(c & 255);
  }
  for (const ch of s) { if (ch !== '1') break; out.push(0); }
  return Uint8Array.from(out.reverse());
};
const sha = async s => new Uint8Array(await S.digest('SHA-256', te.encode(s)));
const idOf = x => typeof x === 'string' ? x : x && typeof x.id === 'string' ? x.id : undefined;
const arr = x => x === undefined ? [] : Array.isArray(x) ? x : [x];
// A failure is not kept: the next check asks again (as "try again later" promises).
const once = (map, k, f) => { if (!map.has(k)) { const p = f(); map.set(k, p); p.catch(() => map.delete(k)); } return map.get(k); };
const memo = new Map();
// DID documents and status lists change: always revalidated. Credentials may come from cache (and preload).
const get = (url, as = 'json', cache = as === 'json' ? 'no-cache' : 'default') => once(memo, as + ' ' + url,
  () => fetch(url, { cache }).then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r[as](); }));

// did:web:host%3Aport:a:b → https://host:port/a/b/did.json (no path: /.well-known/did.json); the
// page's own host keeps the page's scheme, so http://127.0.0.1 previews verify.
const didUrl = did => {
  const [host, ...path] = did.slice(8).split(':').map(decodeURIComponent);
  return `${host === location.host ? location.protocol : 'https:'}//${host}/${path.length ? path.join('/') + '/' : '.well-known/'}did.json`;
};
// The raw Ed25519 key `vm`, once the issuer's DID document lists it as the issuer's.
const keys = new Map();
async function findKey(vm, iss) {
  if (!iss) fail('the credential names no issuer.');
  if (!vm.startsWith(iss + '#')) fail("the signing key is not the issuer's.", vm);
  if (!iss.startsWith('did:web:')) cannot('this page can only look up issuers with a did:web ID.', iss);
  const url = didUrl(iss), dd = await get(url).catch(e => cannot("the issuer's DID document could not be read.", `${url}: ${e.message}`));
  if (dd.id !== iss) fail("the issuer's DID document is someone else's.", `${url} is ${dd.id}`);
  const am = arr(dd.assertionMethod), m = [...arr(dd.verificationMethod), ...am].find(m => m && m.id === vm);
  if (!am.some(m => idOf(m) === vm) || !m || m.controller !== iss) fail("the issuer's DID document does not list the signing key.", `${url}: no ${vm} under assertionMethod`);
  if (m.type !== 'Multikey') cannot('the signing key is of a kind this page cannot read.', m.type);
  let raw;
  // A key that is no multibase fails below.
  try { raw = m.publicKeyMultibase[0] === 'z' && b58(m.publicKeyMultibase.slice(1)); } catch (e) {}
  if (!raw || raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 1) fail('the signing key is not an Ed25519 key.', vm);
  return raw.slice(2);
}

// eddsa-jcs-2022: Ed25519 over SHA-256(JCS(proof − proofValue + document's @context)) ‖ SHA-256(JCS(document − proof)).
async function jcsProof(doc, proof, key) {
  const { proofValue: pv, ...config } = proof;
  if (typeof pv !== 'string' || pv[0] !== 'z') fail(DAMAGED, 'proofValue is not base58btc multibase');
  if ('@context' in doc) {
    if ('@context' in config && jcs(config['@context']) !== jcs(doc['@context'])) fail(DAMAGED, "the proof's @context differs from the document's");
    config['@context'] = doc['@context'];
  }
  const { proof: _, ...bare } = doc, sig = b58(pv.slice(1));
  if (sig.length !== 64) fail(DAMAGED, 'proofValue is not a 64-byte signature');
  const [a, b] = await Promise.all([sha(jcs(config)), sha(jcs(bare))]);
  if (!await S.verify({ name: 'Ed25519' }, key, sig, new Uint8Array([...a, ...b]))) fail('it does not match, so the credential was changed after it was signed.', 'the signature does not match the document');
}

// One check's line from its problems: the worst outcome and its first sentence, so a problem that
// several proofs or lists share is said once; the technical details of all of them.
const line = (name, fs, passed) => {
  const o = fs.some(f => f.outcome === 'failed') ? 'failed' : fs.length ? 'unknown' : 'passed';
  return [name, o, o === 'passed' ? passed : fs.find(f => f.outcome === o).plain, fs.map(f => f.message !== f.plain && f.message)];
};
const KEY_UNKNOWN = "could not be checked, because the issuer's key could not be checked.";

// Every proof of the set. eddsa-rdfc-2022 needs JSON-LD: only its key is checked here.
async function checkProofs(doc, iss) {
  const r = { ok: [], skipped: [], vms: [], sig: [], key: [] }, proofs = arr(doc.proof).filter(p => p && typeof p === 'object');
  await Promise.all(proofs.map(async p => {
    const suite = String(p.cryptosuite), vm = String(p.verificationMethod);
    try {
      if (p.type !== 'DataIntegrityProof' || !/^eddsa-(jcs|rdfc)-2022$/.test(suite)) cannot('it is of a kind this page does not know.', `${p.type} ${suite}`);
      if (p.proofPurpose !== 'assertionMethod') fail('it was not made to issue a credential.', `proofPurpose ${p.proofPurpose}`);
      const raw = await once(keys, vm, () => findKey(vm, iss)).catch(e => {
        const f = asFail(e);
        r.key.push(f);
        throw new Fail(f.outcome, f.outcome === 'failed' ? 'it was not made with a key its issuer publishes.' : KEY_UNKNOWN);
      });
      r.vms.includes(vm) || r.vms.push(vm);
      if (suite === 'eddsa-rdfc-2022') return r.skipped.push(suite);
      const key = await S.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
        .catch(e => cannot('could not be checked, because this browser cannot check Ed25519 signatures.', e.message));
      await jcsProof(doc, p, key);
      r.ok.push(suite);
    } catch (e) { r.sig.push(asFail(e, suite + ': ')); }
  }));
  if (!proofs.length) r.sig.push(new Fail('failed', 'there is none.'));
  else if (!r.ok.length && !r.sig.length) r.sig.push(new Fail('unknown', 'could not be checked: it has no signature of a kind this page checks.', 'no eddsa-jcs-2022 proof'));
  return r;
}

// A Bitstring Status List: its own proof checked, then decoded; once per URL.
const lists = new Map();
async function readList(url, iss) {
  const list = await get(url).catch(e => cannot("the issuer's status list could not be read.", `${url}: ${e.message}`));
  if (idOf(list.issuer) !== iss) fail('its status list was not published by its issuer.', `${url}: issuer ${idOf(list.issuer)}`);
  const p = await checkProofs(list, iss), [, o, , tech] = line('', p.sig), at = `${url}: ${tech.filter(Boolean).join('; ') || 'its proof was not checked'}`;
  if (o === 'failed') fail("its status list cannot be trusted: the list's own signature fails.", at);
  if (o !== 'passed') cannot(p.key.length ? KEY_UNKNOWN : "the status list's signature could not be checked.", at);
  // A list outside its own validity period, or shorter than the standard's 131,072 entries, is not read.
  const now = Date.now();
  if (Date.parse(list.validFrom) > now || Date.parse(list.validUntil) < now) cannot("the issuer's status list is not current.", `${url}: valid from ${list.validFrom} until ${list.validUntil || 'no end'}`);
  const s = list.credentialSubject || {}, e = String(s.encodedList);
  if (typeof DecompressionStream !== 'function') cannot('this browser cannot read status lists.');
  let bits;
  try {
    if (e[0] !== 'u') throw e;
    const gz = Uint8Array.from(atob(e.slice(1).replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0));
    bits = new Uint8Array(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch (x) { fail('its status list is damaged.', `${url}: encodedList is not GZIP in base64url`); }
  if (bits.length < 16384) cannot("the issuer's status list is shorter than the standard allows.", `${url}: ${bits.length * 8} entries, fewer than 131072`);
  return { purpose: s.statusPurpose, bits };
}
async function checkStatus(doc, iss) {
  const es = arr(doc.credentialStatus).filter(e => e && typeof e === 'object'), fs = [], clear = [], r = { lists: [] };
  if (!es.length) return { o: 'na', text: 'it has no status entry, so it cannot be revoked.', lists: [] };
  // hallmark publishes a suspension list beside each revocation list, at the same index.
  for (const e of [...es]) {
    const m = e.statusPurpose === 'revocation' && /^(.*\/status\/)revocation(\/\d+\.json)$/.exec(e.statusListCredential);
    if (m && !es.some(x => x.statusPurpose === 'suspension')) es.push({ ...e, statusPurpose: 'suspension', statusListCredential: m[1] + 'suspension' + m[2] });
  }
  await Promise.all(es.map(async (e, k) => {
    const purpose = String(e.statusPurpose), url = String(e.statusListCredential), i = String(e.statusListIndex), n = +i;
    r.lists[k] = `${purpose}: ${url}, index ${i}`;
    try {
      if (e.type !== 'BitstringStatusListEntry' || (e.statusSize !== undefined && +e.statusSize !== 1)) cannot('its status entry is of a kind this page does not know.', `${e.type}, statusSize ${e.statusSize}`);
      const list = /^\d+$/.test(i) ? await once(lists, url, () => readList(url, iss)) : {};
      if (list.purpose !== purpose || !(n < list.bits.length * 8)) fail('its status entry is not valid.', `${url}: no index ${i} in a ${purpose} list`);
      if (list.bits[n >> 3] & (0x80 >> (n & 7))) r.state = purpose === 'suspension' && r.state !== 'revoked' ? 'suspended' : 'revoked';
      else clear.push('not ' + (purpose === 'suspension' ? 'suspended' : 'revoked'));
    } catch (x) { fs.push(asFail(x)); }
  }));
  const [, o, text, tech] = line('', fs, `${clear.sort().join(' and ')}, according to the issuer's signed status lists.`);
  return r.state ? { ...r, o: 'failed', text: `${r.state} by the issuer.`, tech } : { ...r, o, text, tech };
}

const when = s => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) ? Date.parse(s) : NaN;
// Dates as the pages write them ("16 May 2025", UTC); Intl would cost milliseconds to start.
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const day = s => { const d = new Date(when(s)); return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
function checkValidity(d, now) {
  const from = when(d.validFrom), until = d.validUntil === undefined ? undefined : when(d.validUntil);
  if (isNaN(from) || Number.isNaN(until)) return { o: 'failed', text: 'its dates are missing or not readable.', tech: [`validFrom ${d.validFrom}, validUntil ${d.validUntil}`] };
  if (now < from) return { o: 'failed', state: 'not-yet-valid', text: `not valid until ${day(d.validFrom)}.` };
  if (until !== undefined && now > until) return { o: 'failed', state: 'expired', text: `expired on ${day(d.validUntil)}.` };
  return { o: 'passed', text: `valid from ${day(d.validFrom)}${until === undefined ? ', with no expiry date' : ' until ' + day(d.validUntil)}.` };
}

// A parsed credential → { state, head, checks: [[name, outcome, sentence, technical details]], details }.
// Revoked, suspended, expired and not yet valid are said only once the signature and the key have
// verified: of anything else they would vouch that it is genuine.
async function verify(doc) {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) cannot('it is not a JSON object.');
  if (!S) return { state: 'unknown', doc, checks: [['Signature', 'unknown', 'could not be checked: browsers offer no cryptography to pages not served over HTTPS.']] };
  const iss = idOf(doc.issuer), [p, st] = await Promise.all([checkProofs(doc, iss), checkStatus(doc, iss)]), v = checkValidity(doc, Date.now());
  const sig = line('Signature', p.sig, "intact, and made with the issuer's key.");
  const key = p.vms.length || p.key.length ? line("Issuer's key", p.key, 'published by the issuer in its DID document.') : ["Issuer's key", 'na', 'no signature names a key.'];
  const [state, head] = sig[1] === 'failed' || key[1] === 'failed' ? ['failed'] : st.o === 'failed' && !st.state ? ['failed', 'status']
    : v.o === 'failed' && !v.state ? ['failed', 'dates'] : sig[1] !== 'passed' || key[1] !== 'passed' ? ['unknown']
    : [st.state || v.state || (st.o === 'unknown' ? 'unknown' : 'verified')];
  const details = [['Credential ID', doc.id], ['Issuer', iss], ...p.vms.map(k => ['Key', k]), ['Proofs verified', p.ok.join(', ') || 'none'], ...st.lists.map(l => ['Status list', l])];
  if (p.skipped.length) details.push(['Not checked here', `${p.skipped}: needs JSON-LD, which this page does not process; other verifiers check it.`]);
  return { state, head, checks: [sig, key, ['Status', st.o, st.text, st.tech], ['Validity period', v.o, v.text, v.tech]], details, doc };
}

const HEAD = {
  verified: ['Verified', 'This credential is genuine, unaltered, not revoked, and valid.'],
  revoked: ['Revoked', 'The issuer has revoked this credential. It is no longer valid.'],
  suspended: ['Suspended', 'The issuer has suspended this credential. It is not valid while suspended.'],
  expired: ['Expired', 'This credential is genuine but has expired.'],
  'not-yet-valid': ['Not yet valid', 'This credential is genuine but not valid yet.'],
  failed: ['Not valid', 'This credential failed verification: it was changed after it was issued, or not signed by its issuer.'],
  status: ['Not valid', 'Its status list cannot be trusted, so this page cannot tell whether it was revoked.'],
  dates: ['Not valid', 'Its validity dates are missing or not readable.'],
  unknown: ['Could not check', 'Some checks could not be done, so this page cannot confirm the credential. That does not mean it is fake: try again later, or use another verifier.'],
};
const MARK = { passed: ['✓', 'passed'], failed: ['✗', 'failed'], unknown: ['?', 'could not check'], na: ['–', 'not applicable'] };
const h = (tag, props, ...kids) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (k in el) el[k] = v; else el.setAttribute(k, v);
  el.append(...kids.filter(k => k != null));
  return el;
};
const pair = (k, v, code) => h('div', {}, h('dt', { textContent: k }), h('dd', { dir: 'auto' }, code ? h('code', { textContent: v }) : v));
// r.issuer, r.more and r.warn, when given, replace the issuer shown, extend the headline and warn
// above the facts (the verify page says so of another issuer's credential).
function show(box, r) {
  const d = r.doc || {}, subj = d.credentialSubject || {}, iss = d.issuer || {}, tech = new Set();
  const name = arr(subj.identifier).find(i => i && i.identityType === 'name' && i.hashed === false);
  const facts = [['Issued to', name ? name.identityHash : subj.name], ['Achievement', (subj.achievement || {}).name], ['Issuer', r.issuer || (typeof iss.name === 'string' ? iss.name : idOf(iss))]]
    .filter(f => f[1] && (typeof f[1] === 'string' || f[1].nodeType)).map(f => pair(...f));
  const [title, lead] = HEAD[r.head || r.state];
  $('.verification-body', box).replaceChildren(...[r.warn,
    facts.length ? h('dl', { className: 'verification-facts' }, ...facts) : null,
    h('ul', { className: 'checks' }, ...r.checks.map(([n, o, t]) => h('li', { className: 'check-' + o },
      h('span', { className: 'mark', 'aria-hidden': 'true', textContent: MARK[o][0] }),
      h('span', {}, h('strong', { textContent: n }), h('span', { className: 'visually-hidden', textContent: ` (${MARK[o][1]})` }), ': ' + t)))),
    h('details', {}, h('summary', { textContent: 'Technical details' }), h('dl', {},
      ...r.checks.flatMap(([n, , , t = []]) => t.filter(x => x && !tech.has(x) && tech.add(x)).map(x => pair(n, x, true))),
      ...(r.details || []).filter(x => x[1]).map(x => pair(x[0], x[1], true)),
      pair('Checked', `${new Date().toISOString().slice(0, 19).replace('T', ' ')} UTC by this page, in ${Math.round(r.ms)} ms`)))].filter(Boolean));
  Object.assign(box.dataset, { verificationStatus: r.state, verificationMs: r.ms.toFixed(1), verificationTotalMs: r.totalMs.toFixed(1), verificationRuns: +(box.dataset.verificationRuns || 0) + 1 });
  // The state line is the live region: changed once the box is no longer busy, so it is announced.
  box.setAttribute('aria-busy', 'false');
  $('.verification-state', box).replaceChildren(h('span', { className: 'state-badge', textContent: title }), ` ${lead}${r.more || ''}`);
}
// source() gives the credential: its JSON text, or the parsed document. A credential that cannot be
// read is "could not check"; the verify page says what it was given instead (verify-page.js).
async function run(box, source) {
  box.setAttribute('aria-busy', 'true');
  const t0 = performance.now();
  let r, t1 = t0;
  try {
    let doc = await source();
    if (typeof doc === 'string') try { doc = JSON.parse(doc); } catch (e) { cannot('it is not valid JSON.', e.message); }
    t1 = performance.now();
    r = await H.verify(doc);
  } catch (e) {
    const f = asFail(e);
    r = { state: f.outcome, head: f.head, checks: [['Credential', f.outcome, f.plain, [f.message !== f.plain && f.message]]] };
  }
  // ms: the checks themselves (key, status lists, signatures); totalMs also reading the credential.
  r.totalMs = performance.now() - t0;
  r.ms = performance.now() - t1;
  show(box, r);
  return r;
}

// Landing page: verify its credential. Copy link, print and baked downloads are in badges.js,
// loaded on the first click on one of them.
function landing(box) {
  const site = box.dataset.siteIssuer, url = box.dataset.credentialUrl;
  // The issuer's DID document is (nearly always) the site's own: fetch it while the credential loads.
  if (site && site.startsWith('did:web:')) get(didUrl(site)).catch(() => {});
  run(box, () => get(url, 'text').catch(e => cannot('its file could not be read.', `${url}: ${e.message}`)));
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
const H = window.hallmark = { canonicalize: jcs, b58, jcsProof, verify, run, Fail, fail, cannot, get, h, idOf, HEAD };
addEventListener('DOMContentLoaded', () => {
  for (const el of document.querySelectorAll('[data-js-only]')) el.hidden = false;
  const box = $('#verification');
  if (box && box.dataset.credentialUrl) landing(box);
});
})();
