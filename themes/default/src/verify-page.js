/* hallmark: the verify page. It reads what is pasted, dropped or chosen, or named by ?url= (a
   credential's JSON, a link to it or to its landing page, a badge image with the credential baked
   in), says plainly when that is no Open Badges 3.0 credential, and checks the rest as landing
   pages do (page.js, verifier.js). Landing pages never load it. */
import { hasKeyword, isBakedChunk, pngChunks } from './badges.js';
import { $, credentialLink, element, runVerification, showScriptedParts } from './page.js';
import { DID_WEB_PREFIX, OB2_PNG_KEYWORD, OB2_SVG_NAMESPACE, OB3_NAMESPACE, PNG_SIGNATURE } from './rules.js';
import { COULD_NOT_CHECK, FAILED, Problem, couldNotCheck, idOf } from './verifier.js';

// What was given is no credential at all: it gets its own headline.
const NOT_A_CREDENTIAL = ['Not an Open Badges 3.0 credential',
  'This page checks Open Badges 3.0 credentials, and badge images with one baked in.'];
const notACredential = (plain, outcome = FAILED, detail) => {
  const problem = new Problem(outcome, plain, detail);
  problem.headline = NOT_A_CREDENTIAL;
  throw problem;
};
const OPEN_BADGES_2 = 'it is an Open Badges 2.0 badge, which this page cannot check.';

async function unbakePng(png) {
  const chunks = pngChunks(png), baked = chunks.find(isBakedChunk);
  if (!baked) {
    // Open Badges 2.0 bakes a tEXt or iTXt chunk with its own keyword.
    const isOpenBadges2 = chunk => ['iTXt', 'tEXt'].includes(chunk.type) && hasKeyword(chunk, OB2_PNG_KEYWORD);
    if (chunks.some(isOpenBadges2)) notACredential(OPEN_BADGES_2, COULD_NOT_CHECK);
    notACredential('this PNG image has no Open Badges 3.0 credential baked in.');
  }
  // After the keyword: the compression flag and method, then the language tag and the translated
  // keyword, each ending with a zero byte.
  let rest = baked.data.subarray(baked.data.indexOf(0) + 1);
  const compressed = rest[0] === 1;
  rest = rest.subarray(2);
  for (let field = 0; field < 2; field++) rest = rest.subarray(rest.indexOf(0) + 1);
  if (compressed) {
    const inflated = new Blob([rest]).stream().pipeThrough(new DecompressionStream('deflate'));
    rest = new Uint8Array(await new Response(inflated).arrayBuffer());
  }
  return new TextDecoder().decode(rest);
}

// Read as XML, as src/render/bake/ reads it: the element by its namespace under any prefix, its text with
// CDATA and character references decoded, comments and look-alikes in other namespaces ignored.
function unbakeSvg(svg) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length) notACredential('this SVG image is not well-formed XML.');
  const credential = doc.getElementsByTagNameNS(OB3_NAMESPACE, 'credential')[0];
  if (!credential) {
    if (doc.getElementsByTagNameNS(OB2_SVG_NAMESPACE, 'assertion').length) {
      notACredential(OPEN_BADGES_2, COULD_NOT_CHECK);
    }
    notACredential('this SVG image has no Open Badges 3.0 credential baked in.');
  }
  return credential.textContent.trim();
}

// A file or a fetched body: a baked image's credential, or the text as it is.
async function fileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return unbakePng(bytes);
  const text = new TextDecoder().decode(bytes);
  return !/^\s*[[{]/.test(text) && text.includes('<svg') ? unbakeSvg(text) : text;
}

// A link: to a credential or a baked image, or to a landing page, whose #verification names its JSON.
async function followLink(text, mayBePage = true) {
  if (!/^https?:\/\/\S+$/.test(text)) return text;
  const response = await fetch(text)
    .catch(error => couldNotCheck('the link could not be opened.', `${text}: ${error.message}`));
  if (!response.ok) couldNotCheck('the link could not be opened.', `${text}: HTTP ${response.status}`);
  const body = await response.blob(), start = await body.slice(0, 512).text();
  const isHtml = /html/.test(response.headers.get('content-type') || '') || /^\s*<(!doctype|html)/i.test(start);
  if (!isHtml) return fileText(body);
  const page = mayBePage && new DOMParser().parseFromString(await body.text(), 'text/html');
  const named = page && credentialLink(page);
  if (!named) notACredential('this web page is not a credential’s page.', FAILED, text);
  return followLink(new URL(named, response.url).href, false);
}

// Only an Open Badges 3.0 credential (a VerifiableCredential) goes on to be verified.
function classify(text) {
  text = text.trim();
  if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(text)) {
    notACredential('it is a JSON Web Token (JWT), which this page cannot check.', COULD_NOT_CHECK);
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    notACredential('it is not a credential’s JSON, a link to one, or a badge image.', FAILED, error.message);
  }
  if (Array.isArray(doc)) notACredential('it is a JSON list, not one credential.');
  if (!doc || typeof doc !== 'object') notACredential('it is not a credential.');
  const types = [].concat(doc.type, doc['@type']);
  if (types.includes('Assertion') || /openbadges\/v2/.test(JSON.stringify(doc['@context']))) {
    notACredential('it is an Open Badges 2.0 assertion, which this page cannot check.', COULD_NOT_CHECK);
  }
  if (!types.includes('VerifiableCredential')) notACredential('this JSON is not a verifiable credential.');
  return doc;
}

showScriptedParts();
const form = $('#verify-form'), box = $('#verification'), fileInput = $('#verify-file'), textArea = $('#verify-text');
const dropZone = $('.dropzone'), ours = box.dataset.siteName || "this site's institution";

// Another issuer's credential may verify too, but it names itself: it is shown by its address
// (did:web:host%3Aport:a → host:port/a), what it calls itself only as that, under a warning.
function describeIssuer(credential) {
  const id = idOf(credential.issuer), name = (credential.issuer || {}).name;
  let other = id && id !== box.dataset.siteIssuer && id;
  if (!other) return {};
  try {
    if (other.startsWith(DID_WEB_PREFIX)) {
      other = other.slice(DID_WEB_PREFIX.length).split(':').map(decodeURIComponent).join('/');
    }
  } catch {
    // An escape that does not decode: the DID is shown as it is.
  }
  box.dataset.foreignIssuer = id;
  const calls = typeof name === 'string'
    ? element('span', { className: 'claims', textContent: ` calls itself “${name}”` }) : null;
  return {
    issuer: element('span', {}, other, calls),
    more: ` Its issuer is ${other}, not ${ours}.`,
    warning: element('p', { className: 'foreign' }, element('strong', { textContent: `Not issued by ${ours}.` }),
      ` It comes from another issuer, ${other}, and is only as trustworthy as that issuer.`),
  };
}

// A live region that appears and is filled in one go is not announced: show it, let a frame render
// it, then fill it.
async function check(readText) {
  delete box.dataset.foreignIssuer;
  if (box.hidden) {
    box.hidden = false;
    await new Promise(shown => requestAnimationFrame(() => setTimeout(shown)));
  }
  await runVerification(box, async () => {
    try {
      return classify(await readText());
    } catch (error) {
      if (error.outcome !== COULD_NOT_CHECK) error.headline = NOT_A_CREDENTIAL;
      throw error;
    }
  }, describeIssuer);
  box.focus();
}
const checkFile = file => {
  textArea.value = '';
  check(() => fileText(file));
};
form.addEventListener('submit', event => {
  event.preventDefault();
  const text = textArea.value.trim();
  if (text) check(() => followLink(text));
  else if (fileInput.files[0]) checkFile(fileInput.files[0]);
  else textArea.focus();
});
// A link to this page can name what to check: verify/?url=<a credential, its landing page or a
// baked image>. It is checked at once, and shown in the text box as if pasted.
const linked = new URLSearchParams(location.search).get('url');
if (linked && /^https?:\/\/\S+$/.test(linked.trim())) {
  textArea.value = linked.trim();
  check(() => followLink(textArea.value));
}
fileInput.addEventListener('change', () => {
  if (fileInput.files[0]) checkFile(fileInput.files[0]);
});
for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, event => {
    event.preventDefault();
    dropZone.classList.add('drag');
  });
}
for (const type of ['dragleave', 'drop']) dropZone.addEventListener(type, () => dropZone.classList.remove('drag'));
dropZone.addEventListener('drop', event => {
  event.preventDefault();
  const file = event.dataTransfer && event.dataTransfer.files[0];
  if (file) checkFile(file);
});
