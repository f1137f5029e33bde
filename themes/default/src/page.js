/* hallmark: what the landing page (verify.js) and the verify page (verify-page.js) share: reading
   the site's files, and showing a verification in #verification, one plain sentence per step with
   the technical details one click away. The checks themselves are verifier.js's. */
import {
  COULD_NOT_CHECK, FAILED, NOT_APPLICABLE, PASSED, asList, asProblem, checkLimits, couldNotCheck, didWebDocumentUrl,
  idOf, verifyCredential,
} from './verifier.js';

const $ = (selector, root = document) => root.querySelector(selector);

// Parts of the page that only work with JavaScript are hidden until it runs.
const showScriptedParts = () => {
  for (const part of document.querySelectorAll('[data-js-only]')) part.hidden = false;
};

// A landing page's credential, as the page names it: its JSON-LD `alternate` link (a theme's older
// page: #verification's data-credential-url). As written, to be read against the page's address.
const credentialLink = (page = document) => {
  const named = $('[data-credential-url]', page), link = $('link[rel=alternate][type="application/ld+json"]', page);
  return named ? named.dataset.credentialUrl : link && link.getAttribute('href');
};

// Each URL once, as 'json', 'text' or 'arrayBuffer'. A failure is forgotten, so the next check asks
// again (as "try again later" promises). DID documents and status lists change, so they are always
// revalidated; a credential or an image may come from the cache.
const fetched = new Map();
function fetchOnce(url, as = 'json') {
  const key = `${as} ${url}`;
  if (!fetched.has(key)) {
    const response = fetch(url, { cache: as === 'json' ? 'no-cache' : 'default' }).then(answer => {
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      return answer[as]();
    });
    fetched.set(key, response);
    response.catch(() => fetched.delete(key));
  }
  return fetched.get(key);
}

// The JSON-LD contexts that eddsa-rdfc-2022 proofs are checked with: one file beside the scripts,
// shared by every page and cached like them (src/verify/cases/contexts_json.rs writes it).
let contexts;
const loadContexts = () => contexts = contexts || fetchOnce(new URL('contexts.json', import.meta.url).href, 'text')
  .then(JSON.parse, error => {
    contexts = undefined;
    throw error;
  });

// Where a did:web's document is read from; the page's own host keeps the page's scheme, so
// http://127.0.0.1 previews verify.
function didDocumentUrl(did) {
  const url = didWebDocumentUrl(did);
  return url.startsWith(`https://${location.host}/`) ? location.protocol + url.slice('https:'.length) : url;
}

// An element with properties (or attributes) and children.
function element(tag, properties, ...children) {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (name in created) created[name] = value;
    else created.setAttribute(name, value);
  }
  created.append(...children.filter(child => child != null));
  return created;
}

// The headline of each state, and of a failure caused by the status or the dates: [title, lead].
const HEADLINES = {
  verified: ['Verified', 'This credential is genuine, unaltered, not revoked, and valid.'],
  revoked: ['Revoked', 'The issuer has revoked this credential. It is no longer valid.'],
  suspended: ['Suspended', 'The issuer has suspended this credential. It is not valid while suspended.'],
  expired: ['Expired', 'This credential is genuine but has expired.'],
  'not-yet-valid': ['Not yet valid', 'This credential is genuine but not valid yet.'],
  failed: ['Not valid',
    'This credential failed verification: it was changed after it was issued, or not signed by its issuer.'],
  status: ['Not valid', 'Its status list cannot be trusted, so this page cannot tell whether it was revoked.'],
  'validity period': ['Not valid', 'Its validity dates are missing or not readable.'],
  unknown: ['Could not check', 'Some checks could not be done, so this page cannot confirm the credential. '
    + 'That does not mean it is fake: try again later, or use another verifier.'],
};
// How a step's outcome is shown: its mark, its words for screen readers, its class in hallmark.css.
const OUTCOMES = {
  [PASSED]: { mark: '✓', words: 'passed', className: 'check-passed' },
  [FAILED]: { mark: '✗', words: 'failed', className: 'check-failed' },
  [COULD_NOT_CHECK]: { mark: '?', words: 'could not check', className: 'check-unknown' },
  [NOT_APPLICABLE]: { mark: '–', words: 'not applicable', className: 'check-na' },
};
const STEP_NAMES = {
  credential: 'Credential', proof: 'Signature', 'issuer key': "Issuer's key", status: 'Status',
  'validity period': 'Validity period',
};

const pair = (term, value, code) => element('div', {}, element('dt', { textContent: term }),
  element('dd', { dir: 'auto' }, code ? element('code', { textContent: value }) : value));

// The technical details: each step's (once), what was checked, and when.
function technicalDetails(result, credential) {
  const said = new Set(), rows = [];
  for (const { step, details } of result.steps) {
    for (const detail of details) {
      if (detail && !said.has(detail) && said.add(detail)) rows.push([STEP_NAMES[step], detail]);
    }
  }
  if (result.keys) {
    rows.push(['Credential ID', credential.id], ['Issuer', result.issuer], ...result.keys.map(key => ['Key', key]),
      ['Proofs verified', result.suitesVerified.join(', ') || 'none'],
      ...result.statusLists.map(list => ['Status list', list]));
  }
  const when = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const checked = pair('Checked', `${when} UTC by this page, in ${Math.round(result.ms)} ms`);
  return [...rows.filter(([, value]) => value).map(([term, value]) => pair(term, value, true)), checked];
}

// A verification's result in #verification. `shown` may change how the issuer is shown: { issuer,
// more (after the headline), warning (above the facts) }; the verify page does so for another
// issuer's credential.
function show(box, result, credential = {}, shown = {}) {
  const subject = credential.credentialSubject || {}, issuer = credential.issuer || {};
  const name = asList(subject.identifier).find(id => id && id.identityType === 'name' && id.hashed === false);
  const facts = [
    ['Issued to', name ? name.identityHash : subject.name],
    ['Achievement', (subject.achievement || {}).name],
    ['Issuer', shown.issuer || (typeof issuer.name === 'string' ? issuer.name : idOf(issuer))],
  ].filter(([, value]) => value && (typeof value === 'string' || value.nodeType));
  const lines = result.steps.map(({ step, outcome, plain }) => element('li', { className: OUTCOMES[outcome].className },
    element('span', { className: 'mark', 'aria-hidden': 'true', textContent: OUTCOMES[outcome].mark }),
    element('span', {}, element('strong', { textContent: STEP_NAMES[step] }),
      element('span', { className: 'visually-hidden', textContent: ` (${OUTCOMES[outcome].words})` }), `: ${plain}`)));
  $('.verification-body', box).replaceChildren(...[
    shown.warning,
    facts.length ? element('dl', { className: 'verification-facts' }, ...facts.map(fact => pair(...fact))) : null,
    element('ul', { className: 'checks' }, ...lines),
    element('details', {}, element('summary', { textContent: 'Technical details' }),
      element('dl', {}, ...technicalDetails(result, credential))),
  ].filter(Boolean));
  Object.assign(box.dataset, {
    verificationStatus: result.state,
    verificationMs: result.ms.toFixed(1),
    verificationTotalMs: result.totalMs.toFixed(1),
    verificationRuns: +(box.dataset.verificationRuns || 0) + 1,
  });
  // The state line is the live region: changed once the box is no longer busy, so it is announced.
  box.setAttribute('aria-busy', 'false');
  const [title, lead] = result.headline || HEADLINES[result.cause || result.state];
  $('.verification-state', box).replaceChildren(element('span', { className: 'state-badge', textContent: title }),
    ` ${lead}${shown.more || ''}`);
}

// Verifies what `readCredential()` gives (its JSON text, or the parsed document) and shows it. A
// credential that cannot be read is "could not check", unless the error names its own headline
// (the verify page says so of what is no credential). `describe(credential)` gives `shown` (above).
async function runVerification(box, readCredential, describe = () => ({})) {
  box.setAttribute('aria-busy', 'true');
  const started = performance.now();
  let result, credential, checksStarted = started;
  try {
    credential = await readCredential();
    if (typeof credential === 'string') {
      checkLimits(credential);
      try {
        credential = JSON.parse(credential);
      } catch (error) {
        couldNotCheck('it is not valid JSON.', error.message);
      }
    }
    checksStarted = performance.now();
    const options = { fetchJson: fetchOnce, now: Date.now(), didDocumentUrl, loadContexts };
    result = await verifyCredential(credential, options);
  } catch (error) {
    const { outcome, plain, detail } = asProblem(error);
    const state = outcome === FAILED ? 'failed' : 'unknown';
    result = { state, headline: error.headline, steps: [{ step: 'credential', outcome, plain, details: [detail] }] };
    credential = undefined;
  }
  // ms: the checks themselves (key, status lists, signatures); totalMs also reading the credential.
  result.totalMs = performance.now() - started;
  result.ms = performance.now() - checksStarted;
  show(box, result, credential, credential ? describe(credential) : {});
  return result;
}

// What the pages and the tests (tests/js/) use.
export {
  $, credentialLink, didDocumentUrl, element, fetchOnce, loadContexts, runVerification, showScriptedParts,
};
