/* hallmark: the landing page's script. It verifies the page's credential when the page opens
   (verifier.js checks, page.js shows); Copy link, Print and the baked downloads are badges.js's,
   loaded on the first click on one of them. No third-party code. */
import { $, didDocumentUrl, fetchOnce, loadContexts, runVerification, showScriptedParts } from './page.js';
import { DID_WEB_PREFIX } from './rules.js';
import { couldNotCheck } from './verifier.js';

showScriptedParts();
const box = $('#verification');
if (box && box.dataset.credentialUrl) {
  const { siteIssuer, credentialUrl } = box.dataset;
  // The issuer's DID document is (nearly always) the site's own: fetch it while the credential loads.
  // So are the JSON-LD contexts.
  if (siteIssuer && siteIssuer.startsWith(DID_WEB_PREFIX)) fetchOnce(didDocumentUrl(siteIssuer)).catch(() => {});
  loadContexts().catch(() => {});
  runVerification(box, () => fetchOnce(credentialUrl, 'text')
    .catch(error => couldNotCheck('its file could not be read.', `${credentialUrl}: ${error.message}`)));
  const logLine = $('.verification-log', box);
  if (logLine && siteIssuer && siteIssuer.startsWith(DID_WEB_PREFIX)) showLog(logLine, siteIssuer, credentialUrl);
  document.addEventListener('click', event => {
    const control = event.target.closest('[data-action], a[data-bake]');
    if (!control || control.dataset.baked) return;
    event.preventDefault();
    import('./badges.js').then(badges => badges.act(control, box), () => {
      control.dataset.baked = 'no';
      if (control.href) control.click();
    });
  });
}

// The public log's word on this credential, when the issuer keeps one (its DID document names it).
async function showLog(line, did, credentialUrl) {
  const doc = await fetchOnce(didDocumentUrl(did)).catch(() => null);
  const service = ((doc && doc.service) || []).find(entry => entry && typeof entry.vkey === 'string');
  if (!service || typeof service.serviceEndpoint !== 'string') return;
  const say = (state, text) => {
    Object.assign(line, { hidden: false, textContent: text });
    line.dataset.logState = state;
  };
  say('checking', 'Public log: checking…');
  const endpoint = service.serviceEndpoint;
  const logUrl = endpoint.startsWith(`https://${location.host}/`) ? location.protocol + endpoint.slice(6) : endpoint;
  let proofText;
  try {
    proofText = await fetchOnce(credentialUrl.replace(/[^/]*$/, 'log.tlog-proof'), 'text');
  } catch {
    return say('not-logged', 'Not logged: the issuer keeps a public log, but this credential is not in it.');
  }
  try {
    const credential = JSON.parse(await fetchOnce(credentialUrl, 'text'));
    const site = { logUrl, vkey: service.vkey, proofText, fetchText: url => fetchOnce(url, 'text'),
      fetchBytes: url => fetchOnce(url, 'arrayBuffer') };
    // Only sites that keep a log load its checks.
    const { checkLog } = await import('./log.js');
    const found = await checkLog(credential, site);
    const cosigned = found.cosigners.length ? ` Cosigned by ${found.cosigners.join(', ')}.` : '';
    say('logged', `Publicly logged on ${found.logged}: entry ${found.index + 1} of ${found.latest} in the issuer's `
      + 'public log, '
      + `still consistent with its latest checkpoint.${cosigned}`);
  } catch (error) {
    const rewritten = error.state === 'rewritten';
    say(rewritten ? 'rewritten' : 'failed', `${rewritten ? 'Log rewritten' : 'Log check failed'}: ${error.message}`);
  }
}
