/* hallmark: the landing page's QR codes, drawn from the modules the build gives each code in its
   data-qr attribute (base64, one bit a module, row by row: src/render/qr.rs, qr_bits): about 190
   characters a code in the page, where its drawn path would take 1.8 KB and a PNG 0.6 KB. The
   drawing is the build's own for PDF certificates (qr_svg_path), which tests/it/qr.rs holds it to,
   path for path. A certificate's code (data-qr-of) is the page's code of that id, drawn again. */

// White modules around the code, as the QR specification asks.
const QUIET_ZONE = 4;

// The `d` of an SVG path stroked 1 unit wide that draws the code of `bits` with its quiet zone, one
// horizontal stroke per run of dark modules, and the code's side with the quiet zone. The side
// follows from the length: side² bits, padded to a byte.
export function qrPath(bits) {
  const bytes = Uint8Array.from(atob(bits), char => char.charCodeAt(0));
  const size = Math.floor(Math.sqrt(bytes.length * 8));
  const dark = (row, col) => (bytes[(row * size + col) >> 3] >> (7 - ((row * size + col) & 7))) & 1;
  let path = '';
  for (let row = 0; row < size; row++) {
    // Where the pen is on this row, once a run has been drawn on it.
    let pen = -1;
    for (let col = 0; col < size; col++) {
      if (!dark(row, col)) continue;
      const start = col;
      while (col < size && dark(row, col)) col++;
      path += pen < 0 ? `M${start + QUIET_ZONE} ${row + QUIET_ZONE}.5h` : `m${start - pen} 0h`;
      path += col - start;
      pen = col;
    }
  }
  return { side: size + 2 * QUIET_ZONE, path };
}

// Draws the code of each element with data-qr: into an `<svg data-qr>` itself; into any other (the
// default theme's `<div class="qr-box" data-qr hidden>`, which costs each page less) as a new
// `<svg class="qr">` that a screen reader passes over, the link beside it saying the same, and
// shows it. Then each `<svg data-qr-of="id">` as the code of that id. A code that cannot be read (a
// theme's own data-qr) stays empty and hidden: it never stops the page's script.
export function drawCodes() {
  for (const target of document.querySelectorAll('[data-qr]')) {
    let drawn;
    try {
      drawn = qrPath(target.dataset.qr);
    } catch {
      continue;
    }
    const { side, path } = drawn;
    if (!path) continue;
    const box = `0 0 ${side} ${side}`;
    const code = `<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" stroke="#000"/>`;
    if (target instanceof SVGElement) {
      target.setAttribute('viewBox', box);
      target.innerHTML = code;
    } else {
      target.innerHTML = `<svg class="qr" viewBox="${box}" aria-hidden="true">${code}</svg>`;
      target.hidden = false;
    }
  }
  for (const target of document.querySelectorAll('svg[data-qr-of]')) {
    let code = document.getElementById(target.dataset.qrOf);
    if (code && !(code instanceof SVGElement)) code = code.querySelector('svg');
    if (!code || !code.hasAttribute('viewBox')) continue;
    target.setAttribute('viewBox', code.getAttribute('viewBox'));
    target.innerHTML = code.innerHTML;
  }
}
