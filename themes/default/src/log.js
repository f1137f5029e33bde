/* hallmark: the issuer's public log, for the landing page. A credential's log.tlog-proof (C2SP
   tlog-proof) holds the log entry about it, an inclusion proof and the checkpoint the log key
   signed then; the entry must be about this very credential (the SHA-256 of its content without
   proof), and that checkpoint must be a prefix of the log's latest one (a consistency proof built
   from the published tiles, RFC 9162). No DOM here: verify.js shows what checkLog() says. */
import { canonicalize } from './verifier.js';

const encoder = new TextEncoder();
const base64 = text => Uint8Array.from(atob(text), char => char.charCodeAt(0));
const base64url = bytes => btoa(String.fromCharCode(...bytes))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const sha256 = async bytes => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const join = (...parts) => {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
};
const same = (one, other) => one.length === other.length && one.every((byte, i) => byte === other[i]);
const node = (left, right) => sha256(join([1], left, right));
const split = count => 2 ** Math.floor(Math.log2(count - 1));

// A failure, in the words the page shows: `state` is 'failed' or 'rewritten'.
class LogError extends Error {
  constructor(state, message) {
    super(message);
    this.state = state;
  }
}
const fail = (message, state = 'failed') => { throw new LogError(state, message); };

// `name+id+base64(type ‖ key)`: the log's verifier key, from the DID document.
async function readVkey(vkey) {
  const [name, id, ...rest] = vkey.split('+');
  const raw = base64(rest.join('+'));
  if (raw[0] !== 1 || raw.length !== 33) fail('the log key in the DID document is not an Ed25519 log key.');
  const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  const hash = await sha256(join(encoder.encode(`${name}\n`), raw));
  const hex = [...hash.slice(0, 4)].map(byte => byte.toString(16).padStart(2, '0')).join('');
  if (hex !== id) fail('the log key in the DID document is damaged.');
  return { name, key, id: hash.slice(0, 4) };
}

// A signed checkpoint: its origin, size, root and the names on its other signature lines.
async function openCheckpoint(text, log) {
  const at = text.lastIndexOf('\n\n');
  const body = text.slice(0, at + 1), lines = text.slice(at + 2).split('\n').filter(Boolean);
  let signed = false;
  const cosigners = [];
  for (const line of lines) {
    const [dash, name, sig] = line.split(' ');
    if (dash !== '\u2014' || !sig) fail('a checkpoint is damaged.');
    if (name !== log.name) {
      cosigners.push(name);
      continue;
    }
    const bytes = base64(sig);
    signed ||= same(bytes.slice(0, 4), log.id)
      && await crypto.subtle.verify({ name: 'Ed25519' }, log.key, bytes.slice(4), encoder.encode(body));
  }
  const [origin, size, root] = body.split('\n');
  if (!signed || origin !== log.name) fail('a checkpoint is not signed by the log key.');
  return { size: Number(size), root: base64(root), cosigners };
}

// RFC 9162 2.1.3.2.
async function included(index, size, leaf, proof, root) {
  let [fn, sn, hash] = [index, size - 1, leaf];
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      hash = await node(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      hash = await node(hash, sibling);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && same(hash, root);
}

// RFC 9162 2.1.4.2.
async function consistent(old, size, oldRoot, root, proof) {
  if (old === size) return proof.length === 0 && same(oldRoot, root);
  const path = (old & (old - 1)) === 0 ? [oldRoot, ...proof] : proof;
  let [fn, sn] = [old - 1, size - 1];
  while (fn % 2 === 1) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  let [fr, sr] = [path[0], path[0]];
  for (const hash of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      [fr, sr] = [await node(hash, fr), await node(hash, sr)];
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = await node(sr, hash);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && same(fr, oldRoot) && same(sr, root);
}

// The hashes of a tree of `size` leaves, read from its tiles (tlog-tiles) with `fetchBytes`.
function tileHashes(logUrl, size, fetchBytes) {
  const tiles = new Map();
  const path = index => {
    const digits = String(index).padStart(3 * Math.ceil(String(index).length / 3), '0').match(/.../g);
    return digits.map((group, i) => (i < digits.length - 1 ? `x${group}` : group)).join('/');
  };
  const complete = async (level, index) => {
    const tileLevel = Math.floor(level / 8), sub = level % 8, first = index * 2 ** sub;
    const tile = Math.floor(first / 256), width = Math.min(256, Math.floor(size / 256 ** tileLevel) - tile * 256);
    const key = `${tileLevel}/${tile}`;
    if (!tiles.has(key)) {
      tiles.set(key, fetchBytes(`${logUrl}tile/${tileLevel}/${path(tile)}${width < 256 ? `.p/${width}` : ''}`));
    }
    const bytes = new Uint8Array(await tiles.get(key));
    if (bytes.length !== width * 32) fail('a tile of the log is damaged.', 'rewritten');
    let row = [];
    for (let i = first - tile * 256; i < first - tile * 256 + 2 ** sub; i++) row.push(bytes.slice(i * 32, i * 32 + 32));
    while (row.length > 1) {
      row = await Promise.all(row.filter((_, i) => i % 2 === 0).map((left, i) => node(left, row[2 * i + 1])));
    }
    return row[0];
  };
  const range = async (lo, hi) => {
    const count = hi - lo;
    if ((count & (count - 1)) === 0 && lo % count === 0) return complete(Math.log2(count), lo / count);
    const half = split(count);
    return node(await range(lo, lo + half), await range(lo + half, hi));
  };
  // The consistency proof from `old` leaves to `size` (RFC 9162 2.1.4.1).
  return async old => {
    const out = [];
    let [left, lo, hi, whole] = [old, 0, size, true];
    for (;;) {
      const count = hi - lo;
      if (left === count) {
        if (!whole) out.push(await range(lo, hi));
        return out.reverse();
      }
      const half = split(count);
      if (left <= half) {
        out.push(await range(lo + half, hi));
        hi = lo + half;
      } else {
        out.push(await range(lo, lo + half));
        [left, lo, whole] = [left - half, lo + half, false];
      }
    }
  };
}

// What the log says of `credential`: { logged, index, size, latest, cosigners }; throws a LogError.
// `site`: { logUrl, vkey, proofText, fetchText, fetchBytes }.
async function checkLog(credential, site) {
  const log = await readVkey(site.vkey);
  const [head, ...tail] = site.proofText.split('\n\n');
  const lines = head.split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1' || !lines[1].startsWith('extra ') || !lines[2].startsWith('index ')) {
    fail('its log proof is damaged.');
  }
  const entryBytes = base64(lines[1].slice(6)), entry = new TextDecoder().decode(entryBytes);
  const index = Number(lines[2].slice(6));
  const { proof: _, ...unsigned } = credential;
  const digest = base64url(await sha256(encoder.encode(canonicalize(unsigned))));
  const [version, event, logged, , subject] = entry.split(' ');
  if (version !== 'v1' || !['issued', 'corrected'].includes(event) || subject !== `c:${digest}`) {
    fail('its log entry is about another credential.');
  }
  const at = await openCheckpoint(tail.join('\n\n'), log);
  const proof = lines.slice(3).map(base64);
  if (!await included(index, at.size, await sha256(join([0], entryBytes)), proof, at.root)) {
    fail('its log proof does not lead to the checkpoint it names.');
  }
  const latest = await openCheckpoint(await site.fetchText(`${site.logUrl}checkpoint`), log);
  const between = latest.size >= at.size
    ? await tileHashes(site.logUrl, latest.size, site.fetchBytes)(at.size).catch(() => null) : null;
  if (!between || !await consistent(at.size, latest.size, at.root, latest.root, between)) {
    fail('the log was rewritten: its latest checkpoint does not extend the one this credential was logged in.',
      'rewritten');
  }
  return { logged, index, size: at.size, latest: latest.size, cosigners: latest.cosigners };
}

// The public log's word on this credential, shown in `line`: `service` is the log as the issuer's DID
// document names it; `fetchOnce` is the page's fetch (page.js).
async function showLog(line, service, credentialUrl, fetchOnce) {
  if (typeof service.serviceEndpoint !== 'string') return;
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

export { checkLog, LogError, showLog };
