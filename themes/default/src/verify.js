/* hallmark: the landing page's script. It draws the page's QR codes (qr.js) and verifies the
   page's credential when the page opens (verifier.js checks, page.js shows); Copy link, Print and
   the baked downloads are badges.js's, loaded on the first click on one of them. No third-party
   code. */
import {
  $, credentialLink, didDocumentUrl, fetchOnce, loadContexts, runVerification, showScriptedParts,
} from './page.js';
import { drawCodes } from './qr.js';
import { DID_WEB_PREFIX } from './rules.js';
import { couldNotCheck } from './verifier.js';

drawCodes();
showScriptedParts();
// The printable certificate: the page's own texts (the recipient and the dates) put into the shell
// of its badge, a file all the badge's pages share (its sheet, the QR code's place, the page's
// address and id with U+E000 for each character of the id, its paper), then its code drawn.
const certificate = $('.certificate[data-shell]');
if (certificate) {
  fetchOnce(certificate.dataset.shell, 'text').then(shell => {
    const own = certificate.firstElementChild;
    // The id goes into the texts of the certificate's address and id: the page's, the last part of
    // its canonical address (c/<id>/), or a theme's own data-id.
    const canonical = $('link[rel=canonical]');
    const pageId = canonical ? new URL(canonical.href).pathname.split('/').at(-2) : '';
    const id = (certificate.dataset.id || pageId).replace(/[&<]/g, char => `&#${char.charCodeAt(0)};`);
    certificate.innerHTML = shell.replace(/\uE000+/g, id);
    const place = $('#cert-own', certificate);
    if (place && own) place.replaceWith(...own.childNodes);
    drawCodes();
  }).catch(() => {});
}
const box = $('#verification'), credentialUrl = box && credentialLink();
if (credentialUrl) {
  // The site's issuer: the footer's, or a theme's own data-site-issuer.
  const did = $('.issuer-did code'), siteIssuer = box.dataset.siteIssuer || (did && did.textContent.trim());
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
  // LinkedIn's forms, filled in from the credential as signed.
  const linkedIn = document.querySelectorAll('a[data-linkedin]');
  if (linkedIn.length) {
    fetchOnce(credentialUrl, 'text').then(text => {
      const links = linkedInLinks(JSON.parse(text));
      for (const link of linkedIn) [link.href, link.hidden] = [links[link.dataset.linkedin], false];
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
    import('./badges.js').then(badges => badges.act(control), () => {
      control.dataset.baked = 'no';
      if (control.href) control.click();
    });
  });
}

// LinkedIn's "add a certification" and "share" forms for `credential`, filled in as
// src/render/links.rs fills them in for e-mails: every byte but RFC 3986's unreserved ones
// percent-encoded, the months without a leading zero.
function linkedInLinks({ id, issuer, credentialSubject, awardedDate, validFrom, validUntil }) {
  const encode = value => encodeURIComponent(value)
    .replace(/[!\x27()*]/g, char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  const month = (key, date) => (typeof date === 'string'
    ? `&${key}Year=${Number(date.slice(0, 4))}&${key}Month=${Number(date.slice(5, 7))}` : '');
  const page = id.replace(/credential\.json$/, '');
  const add = 'https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME'
    + `&name=${encode(credentialSubject.achievement.name)}&organizationName=${encode(issuer.name)}`
    + `${month('issue', awardedDate || validFrom)}${month('expiration', validUntil)}`
    + `&certUrl=${encode(page)}&certId=${encode(page.split('/').at(-2))}`;
  return { add, share: `https://www.linkedin.com/sharing/share-offsite/?url=${encode(page)}` };
}
