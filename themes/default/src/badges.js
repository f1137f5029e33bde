/* hallmark: baked badges (Open Badges 3.0 §5.3), byte for byte as src/bake.rs: a PNG iTXt chunk
   or an SVG element carries the credential. Landing pages load this on first use (copy link, print,
   baked downloads); the verify page reads baked images with it (verify-page.js). */
(() => {
'use strict';
const H = window.hallmark, fail = H.fail, te = new TextEncoder(), $ = s => document.querySelector(s);
const CRC = Uint32Array.from({ length: 256 }, (_, n) => { for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1; return n; });
const crc32 = b => { let c = ~0; for (const x of b) c = CRC[(c ^ x) & 255] ^ (c >>> 8); return ~c >>> 0; };
const KW = 'openbadgecredential', SIG = [137, 80, 78, 71, 13, 10, 26, 10];
function chunks(png) {
  if (SIG.some((b, i) => png[i] !== b)) fail('it is not a PNG image.');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength), out = [];
  for (let p = 8; p + 12 <= png.length;) {
    const len = dv.getUint32(p), type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (p + 12 + len > png.length) break;
    out.push({ type, data: png.subarray(p + 8, p + 8 + len), raw: png.subarray(p, p + 12 + len) });
    p += 12 + len;
    if (type === 'IEND') return out;
  }
  fail('the PNG image is damaged.', 'the PNG is truncated');
}
const baked = c => c.type === 'iTXt' && c.data[KW.length] === 0 && String.fromCharCode(...c.data.subarray(0, KW.length)) === KW;
function bakePng(png, json) {
  const body = te.encode(KW + '\0\0\0\0\0' + json), it = new Uint8Array(12 + body.length), dv = new DataView(it.buffer);
  dv.setUint32(0, body.length);
  it.set(te.encode('iTXt'), 4);
  it.set(body, 8);
  dv.setUint32(8 + body.length, crc32(it.subarray(4, 8 + body.length)));
  const parts = [png.subarray(0, 8)];
  for (const c of chunks(png)) if (!baked(c)) parts.push(...(c.type === 'IEND' ? [it, c.raw] : [c.raw]));
  return new Blob(parts, { type: 'image/png' });
}
/* As src/bake.rs: the root tag is found past the prolog (declaration, comments, PIs, doctype), so
   a comment that mentions <svg> is not taken for it, and '>' in a quoted attribute does not end it.
   The Open Badges 3.0 namespace goes on the root unless the root binds `openbadges` to it already;
   bound to another (Open Badges 2.0's), the element declares its own. */
function bakeSvg(svg, json) {
  const OB3 = 'https://purl.imsglobal.org/ob/v3p0', start = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i.exec(svg)[0].length;
  const m = /^<((?:[^\s/>:]+:)?svg)(?:[^>\x22\x27]|\x22[^\x22]*\x22|\x27[^\x27]*\x27)*>/.exec(svg.slice(start));
  if (!m) fail('it is not an SVG image.');
  const end = start + m[0].length - 1, open = svg.slice(0, end).replace(/\/$/, ''), closing = svg[end - 1] === '/';
  const b = /\sxmlns:openbadges\s*=\s*(?:\x22([^\x22]*)\x22|\x27([^\x27]*)\x27)/.exec(m[0]), bound = b && (b[1] ?? b[2]), decl = ` xmlns:openbadges="${OB3}"`;
  const el = `<openbadges:credential${bound && bound !== OB3 ? decl : ''}><![CDATA[${json.split(']]>').join(']]]]><![CDATA[>')}]]></openbadges:credential>`;
  return new Blob([open + (bound ? '' : decl) + '>' + el + (closing ? `</${m[1]}>` : '') + svg.slice(end + 1)], { type: 'image/svg+xml' });
}
/* Landing page actions: copy the link, print the certificate, download the badge with the
   credential baked in (the plain image when baking fails). */
const say = m => { $('#action-status').textContent = m; };
async function act(el, box) {
  if (el.dataset.action === 'print') return window.print();
  if (el.dataset.action === 'copy') {
    const input = $('#share-url');
    try { await navigator.clipboard.writeText(input.value); say('Link copied.'); }
    catch (e) { input.focus(); input.select(); say('Press Ctrl+C (\u2318C on a Mac) to copy the selected link.'); }
    return;
  }
  try {
    const png = el.dataset.bake === 'png';
    const [img, json] = await Promise.all([H.get(el.href, png ? 'arrayBuffer' : 'text'), H.get(box.dataset.credentialUrl, 'text')]);
    el.href = URL.createObjectURL(png ? bakePng(new Uint8Array(img), json) : bakeSvg(img, json));
    el.dataset.baked = 'yes';
  } catch (e) {
    el.dataset.baked = 'no';
    say('The credential could not be added to the image: this is the plain image.');
  }
  el.click();
}
Object.assign(H, { bakePng, bakeSvg, chunks, baked, act });
})();
