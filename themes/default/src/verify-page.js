/* hallmark: the verify page. It reads what is pasted, dropped or chosen (a credential's JSON, a link
   to it or to its landing page, a badge image with the credential baked in), says plainly when that
   is no Open Badges 3.0 credential, and checks the rest with verify.js. Landing pages never load it. */
(() => {
'use strict';
const H = window.hallmark, $ = s => document.querySelector(s);
// What was given is no credential at all: it gets its own headline.
H.HEAD.input = ['Not an Open Badges 3.0 credential', 'This page checks Open Badges 3.0 credentials, and badge images with one baked in.'];
const not = (m, o = 'failed', t) => { throw new H.Fail(o, m, t, 'input'); };
const SIG = [137, 80, 78, 71, 13, 10, 26, 10], OB2 = 'it is an Open Badges 2.0 badge, which this page cannot check.';
async function unbakePng(png) {
  const all = H.chunks(png), c = all.find(H.baked);
  if (!c) {
    // Open Badges 2.0 bakes a tEXt or iTXt chunk with the keyword "openbadges".
    if (all.some(c => /^(iTXt|tEXt)$/.test(c.type) && String.fromCharCode(...c.data.subarray(0, 11)) === 'openbadges\0')) not(OB2, 'unknown');
    not('this PNG image has no Open Badges 3.0 credential baked in.');
  }
  let rest = c.data.subarray(c.data.indexOf(0) + 1);
  const compressed = rest[0] === 1;
  rest = rest.subarray(2);
  for (let n = 0; n < 2; n++) rest = rest.subarray(rest.indexOf(0) + 1); // language tag, translated keyword
  if (compressed) rest = new Uint8Array(await new Response(new Blob([rest]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
  return new TextDecoder().decode(rest);
}
// Read as XML, as src/bake.rs reads it: the element by its namespace under any prefix, its text with
// CDATA and character references decoded, comments and look-alikes in other namespaces ignored.
const OB3 = 'https://purl.imsglobal.org/ob/v3p0';
function unbakeSvg(svg) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length) not('this SVG image is not well-formed XML.');
  const el = doc.getElementsByTagNameNS(OB3, 'credential')[0];
  if (!el) {
    if (doc.getElementsByTagNameNS('*', 'assertion').length) not(OB2, 'unknown');
    not('this SVG image has no Open Badges 3.0 credential baked in.');
  }
  return el.textContent.trim();
}
// A file or a fetched body: a baked image's credential, or the text as it is.
async function fileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (SIG.every((b, i) => bytes[i] === b)) return unbakePng(bytes);
  const text = new TextDecoder().decode(bytes);
  return !/^\s*[[{]/.test(text) && text.includes('<svg') ? unbakeSvg(text) : text;
}
// A link: to a credential or a baked image, or to a landing page, whose #verification names its JSON.
async function pasted(t, page = true) {
  if (!/^https?:\/\/\S+$/.test(t)) return t;
  const r = await fetch(t).catch(e => H.cannot('the link could not be opened.', `${t}: ${e.message}`));
  if (!r.ok) H.cannot('the link could not be opened.', `${t}: HTTP ${r.status}`);
  const body = await r.blob(), start = await body.slice(0, 512).text();
  if (!/html/.test(r.headers.get('content-type') || '') && !/^\s*<(!doctype|html)/i.test(start)) return fileText(body);
  const el = page && new DOMParser().parseFromString(await body.text(), 'text/html').querySelector('[data-credential-url]');
  if (!el) not('this web page is not a credential’s page.', 'failed', t);
  return pasted(new URL(el.dataset.credentialUrl, r.url).href, false);
}
// Only an Open Badges 3.0 credential (a VerifiableCredential) goes on to be verified.
function classify(t) {
  t = t.trim();
  if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(t)) not('it is a JSON Web Token (JWT), which this page cannot check.', 'unknown');
  let d;
  try { d = JSON.parse(t); } catch (e) { not('it is not a credential’s JSON, a link to one, or a badge image.', 'failed', e.message); }
  if (Array.isArray(d)) not('it is a JSON list, not one credential.');
  if (!d || typeof d !== 'object') not('it is not a credential.');
  const types = [].concat(d.type, d['@type']);
  if (types.includes('Assertion') || /openbadges\/v2/.test(JSON.stringify(d['@context']))) not('it is an Open Badges 2.0 assertion, which this page cannot check.', 'unknown');
  if (!types.includes('VerifiableCredential')) not('this JSON is not a verifiable credential.');
  return d;
}
addEventListener('DOMContentLoaded', () => {
  const form = $('#verify-form'), box = $('#verification'), file = $('#verify-file'), area = $('#verify-text'), zone = $('.dropzone');
  // Another issuer's credential may verify too, but it names itself: it is shown by its address
  // (did:web:host%3Aport:a → host:port/a), what it calls itself only as that, under a warning.
  const verify = H.verify, ours = box.dataset.siteName || "this site's institution";
  H.verify = async doc => {
    const r = await verify(doc), id = H.idOf(doc.issuer), name = (doc.issuer || {}).name;
    let other = id && id !== box.dataset.siteIssuer && id;
    try { if (other && other.startsWith('did:web:')) other = other.slice(8).split(':').map(decodeURIComponent).join('/'); } catch (e) {}
    if (other) {
      box.dataset.foreignIssuer = id;
      r.issuer = H.h('span', {}, other, typeof name === 'string' ? H.h('span', { className: 'claims', textContent: ` calls itself “${name}”` }) : null);
      r.more = ` Its issuer is ${other}, not ${ours}.`;
      r.warn = H.h('p', { className: 'foreign' }, H.h('strong', { textContent: `Not issued by ${ours}.` }), ` It comes from another issuer, ${other}, and is only as trustworthy as that issuer.`);
    }
    return r;
  };
  // A live region that appears and is filled in one go is not announced: show it, let a frame
  // render it, then fill it.
  const go = async src => {
    delete box.dataset.foreignIssuer;
    if (box.hidden) { box.hidden = false; await new Promise(ok => requestAnimationFrame(() => setTimeout(ok))); }
    await H.run(box, async () => {
      try { return classify(await src()); } catch (e) { if (e.outcome !== 'unknown') e.head = 'input'; throw e; }
    });
    box.focus();
  };
  const fromFile = f => { area.value = ''; go(() => fileText(f)); };
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const t = area.value.trim();
    if (t) go(() => pasted(t)); else if (file.files[0]) fromFile(file.files[0]); else area.focus();
  });
  file.addEventListener('change', () => { if (file.files[0]) fromFile(file.files[0]); });
  for (const t of ['dragenter', 'dragover']) zone.addEventListener(t, ev => { ev.preventDefault(); zone.classList.add('drag'); });
  for (const t of ['dragleave', 'drop']) zone.addEventListener(t, () => zone.classList.remove('drag'));
  zone.addEventListener('drop', ev => {
    ev.preventDefault();
    const f = ev.dataTransfer && ev.dataTransfer.files[0];
    if (f) fromFile(f);
  });
});
})();
