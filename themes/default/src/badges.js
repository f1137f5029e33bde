/* hallmark: baked badges (Open Badges 3.0 §5.3), byte for byte as src/render/bake/ bakes them: a PNG
   iTXt chunk or an SVG element carries the credential. Landing pages load this on first use (copy
   link, print, baked downloads); the verify page reads baked images with it (verify-page.js). */
import { $, credentialLink, fetchOnce } from './page.js';
import { OB3_NAMESPACE, PNG_KEYWORD, PNG_SIGNATURE } from './rules.js';
import { failed } from './verifier.js';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  for (let bit = 0; bit < 8; bit++) byte = byte & 1 ? 0xedb88320 ^ (byte >>> 1) : byte >>> 1;
  return byte;
});
const crc32 = bytes => {
  let crc = ~0;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 255] ^ (crc >>> 8);
  return ~crc >>> 0;
};
const latin1 = bytes => String.fromCharCode(...bytes);

// The chunks of a PNG image up to IEND: { type, data, whole chunk as it is in the file }.
function pngChunks(png) {
  if (PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) failed('it is not a PNG image.');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength), chunks = [];
  for (let at = PNG_SIGNATURE.length; at + 12 <= png.length;) {
    const length = view.getUint32(at), type = latin1(png.subarray(at + 4, at + 8));
    if (at + 12 + length > png.length) break;
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), whole: png.subarray(at, at + 12 + length) });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
  return failed('the PNG image is damaged.', 'the PNG is truncated');
}

// Whether a chunk is an iTXt chunk with `keyword` (Open Badges 3.0's, unless another is given).
const hasKeyword = (chunk, keyword = PNG_KEYWORD) => chunk.data[keyword.length] === 0
  && latin1(chunk.data.subarray(0, keyword.length)) === keyword;
const isBakedChunk = chunk => chunk.type === 'iTXt' && hasKeyword(chunk);

function bakePng(png, json) {
  const encoder = new TextEncoder();
  // Keyword, separator, not compressed, compression method, empty language, empty translated keyword.
  const body = encoder.encode(`${PNG_KEYWORD}\0\0\0\0\0${json}`);
  const chunk = new Uint8Array(12 + body.length), view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set(encoder.encode('iTXt'), 4);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  const parts = [png.subarray(0, PNG_SIGNATURE.length)];
  for (const old of pngChunks(png).filter(other => !isBakedChunk(other))) {
    parts.push(...old.type === 'IEND' ? [chunk, old.whole] : [old.whole]);
  }
  return new Blob(parts, { type: 'image/png' });
}

// The root tag is found past the prolog (declaration, comments, processing instructions, doctype),
// so a comment that mentions <svg> is not taken for it, and '>' in a quoted attribute does not end
// it. The namespace goes on the root unless the root binds `openbadges` to it already; bound to
// another (Open Badges 2.0's), the element declares its own. Regular expressions here hold no quote
// character (the published-script check of src/render/theme.rs): \x22 is ", \x27 is '.
const PROLOG = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i;
const ROOT_TAG = /^<((?:[^\s/>:]+:)?svg)(?:[^>\x22\x27]|\x22[^\x22]*\x22|\x27[^\x27]*\x27)*>/;
const OPENBADGES_BINDING = /\sxmlns:openbadges\s*=\s*(?:\x22([^\x22]*)\x22|\x27([^\x27]*)\x27)/;
function bakeSvg(svg, json) {
  const start = PROLOG.exec(svg)[0].length, root = ROOT_TAG.exec(svg.slice(start));
  if (!root) failed('it is not an SVG image.');
  const end = start + root[0].length - 1, selfClosing = svg[end - 1] === '/';
  const openTag = svg.slice(0, end).replace(/\/$/, '');
  const binding = OPENBADGES_BINDING.exec(root[0]), bound = binding && (binding[1] ?? binding[2]);
  const declaration = ` xmlns:openbadges="${OB3_NAMESPACE}"`;
  const cdata = `<![CDATA[${json.split(']]>').join(']]]]><![CDATA[>')}]]>`;
  const ownDeclaration = bound && bound !== OB3_NAMESPACE ? declaration : '';
  const credential = `<openbadges:credential${ownDeclaration}>${cdata}</openbadges:credential>`;
  const closing = selfClosing ? `</${root[1]}>` : '';
  return new Blob([openTag + (bound ? '' : declaration) + '>' + credential + closing + svg.slice(end + 1)],
    { type: 'image/svg+xml' });
}

// Landing page actions: copy the link, print the certificate, download the badge with the
// credential baked in (the plain image when baking fails).
const say = message => {
  $('#action-status').textContent = message;
};
async function act(control) {
  if (control.dataset.action === 'print') {
    // The certificate prints once the page's texts are in its shell (verify.js, on the same fetch).
    const pending = $('.certificate[data-shell]');
    if (pending && !$('#certificate')) await fetchOnce(pending.dataset.shell, 'text').catch(() => {});
    return window.print();
  }
  if (control.dataset.action === 'copy') {
    const link = $('#share-url');
    try {
      await navigator.clipboard.writeText(link.value);
      say('Link copied.');
    } catch {
      link.focus();
      link.select();
      say('Press Ctrl+C (\u2318C on a Mac) to copy the selected link.');
    }
    return undefined;
  }
  try {
    const png = control.dataset.bake === 'png';
    const [image, json] = await Promise.all([fetchOnce(control.href, png ? 'arrayBuffer' : 'text'),
      fetchOnce(credentialLink(), 'text')]);
    control.href = URL.createObjectURL(png ? bakePng(new Uint8Array(image), json) : bakeSvg(image, json));
    control.dataset.baked = 'yes';
  } catch {
    control.dataset.baked = 'no';
    say('The credential could not be added to the image: this is the plain image.');
  }
  return control.click();
}

// What the pages and the tests (tests/js/) use.
export {
  act, bakePng, bakeSvg, hasKeyword, isBakedChunk, pngChunks,
};
