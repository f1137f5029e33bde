/* hallmark: the landing page's script. It draws the page's QR codes (qr.js) and verifies the
   page's credential when the page opens (verifier.js checks, page.js shows); Copy link, Print and
   the baked downloads are badges.js's, loaded on the first click on one of them. No third-party
   code. */
import { $, didDocumentUrl, fetchOnce, loadContexts, runVerification, showScriptedParts } from './page.js';
import { drawCodes } from './qr.js';
import { DID_WEB_PREFIX } from './rules.js';
import { couldNotCheck } from './verifier.js';

drawCodes();
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
  if (logLine && siteIssuer && siteIssuer.startsWith(DID_WEB_PREFIX)) {
    // Only sites whose DID document names a public log load its checks (log.js).
    fetchOnce(didDocumentUrl(siteIssuer)).then(doc => {
      const service = ((doc && doc.service) || []).find(entry => entry && typeof entry.vkey === 'string');
      if (service) return import('./log.js').then(log => log.showLog(logLine, service, credentialUrl, fetchOnce));
    }).catch(() => {});
  }
  // The page names its downloads once, on the JSON's link; the badge images, which only the script
  // bakes, take the same name (without the script they download as the site's plain images).
  const named = document.querySelector('a[download$=".json"]');
  for (const image of document.querySelectorAll('a[data-bake]')) {
    if (named && !image.getAttribute('download')) image.download = named.download.replace(/json$/, image.dataset.bake);
  }
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
