/* hallmark: baked badges (Open Badges 3.0 §5.3), byte for byte as src/bake.rs: a PNG iTXt chunk
   or an SVG element carries the credential. Landing pages load this on first use (copy link, print,
   baked downloads); the verify page reads pasted JSON, credential files and baked images, and
   checks them with verify.js. */
(() => {
'use strict';
const H = window.hallmark, fail = H.fail, te = new TextEncoder(), $ = s => document.querySelector(s);
const CRC = Uint32Array.from({ length: 256 }, (_, n) => { for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1; return n; });
const crc32 = b => { let c = ~0; for (const x of b) c = CRC[(c ^ x) & 255] ^ (c >>> 8); return ~c >>> 0; };
const KW = 'openbadgecredential', SIG = [137, 80, 78, 71, 13, 10, 26, 10];
function chunks(png) {
  if (SIG.some((b, i) => png[i] !== b)) fail('this is not a PNG file');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength), out = [];
  for (let p = 8; p + 12 <= png.length;) {
    const len = dv.getUint32(p), type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (p + 12 + len > png.length) break;
    out.push({ type, data: png.subarray(p + 8, p + 8 + len), raw: png.subarray(p, p + 12 + len) });
    p += 12 + len;
    if (type === 'IEND') return out;
  }
  fail('the PNG is truncated');
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
function bakeSvg(svg, json) {
  const start = svg.indexOf('<svg'), end = svg.indexOf('>', start);
  if (start < 0 || end < 0) fail('not an SVG');
  const open = svg.slice(0, end).replace(/\/+$/, ''), closing = svg[end - 1] === '/';
  const ns = open.includes('xmlns:openbadges') ? '' : ' xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"';
  const el = `<openbadges:credential><![CDATA[${json.split(']]>').join(']]]]><![CDATA[>')}]]></openbadges:credential>`;
  return new Blob([open + ns + '>' + el + (closing ? '</svg>' : '') + svg.slice(end + 1)], { type: 'image/svg+xml' });
}
async function unbakePng(png) {
  const c = chunks(png).find(baked);
  if (!c) fail('this PNG has no Open Badges 3.0 credential baked in');
  let rest = c.data.subarray(KW.length + 1);
  const compressed = rest[0] === 1;
  rest = rest.subarray(2);
  for (let n = 0; n < 2; n++) rest = rest.subarray(rest.indexOf(0) + 1); // language tag, translated keyword
  if (compressed) rest = new Uint8Array(await new Response(new Blob([rest]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
  return new TextDecoder().decode(rest);
}
function unbakeSvg(svg) {
  const open = svg.indexOf('<openbadges:credential'), b = svg.indexOf('>', open) + 1, e = svg.indexOf('</openbadges:credential>', b);
  if (open < 0 || e < 0) fail('this SVG has no Open Badges 3.0 credential baked in');
  return svg.slice(b, e).trim().replace(/<!\[CDATA\[([\s\S]*?)(\]\]>|$)/g, '$1').trim();
}
async function fileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (SIG.every((b, i) => bytes[i] === b)) return unbakePng(bytes);
  const text = new TextDecoder().decode(bytes);
  if (/^\s*\{/.test(text)) return text;
  if (text.includes('<svg')) return unbakeSvg(text);
  fail('this file is not a credential (JSON) or a badge image (PNG or SVG)');
}
const pasted = t => /^https?:\/\/\S+$/.test(t)
  ? fetch(t).then(r => { if (!r.ok) throw new Error(`could not fetch ${t} (HTTP ${r.status})`); return r.text(); })
  : t;

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
Object.assign(H, { bakePng, bakeSvg, unbakePng, unbakeSvg, fileText, act });
addEventListener('DOMContentLoaded', () => {
  const form = $('#verify-form'), box = $('#verification'), file = $('#verify-file'), area = $('#verify-text'), zone = $('.dropzone');
  if (!form) return;
  const go = src => { box.hidden = false; H.run(box, src).then(() => box.focus()); };
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
