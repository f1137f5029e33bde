// The landing page's QR drawing (themes/default/src/qr.js) on its own; tests/it/qr.rs holds its
// paths to the build's at every version, and the browser tests read the drawn codes back.
import assert from 'node:assert/strict';
import test from 'node:test';

import { qrPath } from '../../themes/default/src/qr.js';

test('a code of 21 modules is drawn 29 wide with its quiet zone, one stroke per run', () => {
  // 21 × 21 modules, every one dark: one full-width stroke a row.
  const bits = Buffer.from(new Uint8Array(Math.ceil((21 * 21) / 8)).fill(0xff)).toString('base64');
  const { side, path } = qrPath(bits);
  assert.equal(side, 29);
  assert.equal(path, Array.from({ length: 21 }, (_, row) => `M4 ${row + 4}.5h21`).join(''));
});

test('runs on a row after the first move by the gap from the end of the last', () => {
  // The first row of 21 modules: dark, light, dark dark, then light to the end.
  const bytes = new Uint8Array(Math.ceil((21 * 21) / 8));
  bytes[0] = 0b10110000;
  assert.equal(qrPath(Buffer.from(bytes).toString('base64')).path, 'M4 4.5h1m1 0h2');
});

test('nothing to draw for no modules, and an error for what is not base64', () => {
  assert.deepEqual(qrPath(''), { side: 8, path: '' });
  assert.throws(() => qrPath('not base64!'));
});
