// The browser verifier's pure building blocks (themes/default/src/verifier.js), on published vectors
// and on values worked out by hand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import {
  canonicalize, checkValidityPeriod, decodeBase58, decodeStatusList, didWebDocumentUrl, isBitSet, suspensionListFor,
  verifyJcsProof,
} from '../../themes/default/src/verifier.js';

const vector = file => fs.readFileSync(new URL(`../vectors/w3c-vc-di-eddsa/${file}`, import.meta.url), 'utf8');

test('JCS writes numbers, strings and literals as RFC 8785 §3.2.3 does', () => {
  const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],'
    + '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
  assert.equal(canonicalize(input), '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
    + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
});

test('JCS sorts keys by UTF-16 code units', () => {
  const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
  const sorted = [...canonicalize(Object.fromEntries(keys.map(key => [key, 0]))).matchAll(/\x22([^\x22]*)\x22:/g)]
    .map(match => JSON.parse(`"${match[1]}"`).codePointAt(0).toString(16));
  assert.deepEqual(sorted, ['d', '31', '80', 'f6', '20ac', '1f600', 'fb33']);
});

test('JCS of the W3C eddsa-jcs-2022 document and proof configuration', () => {
  assert.equal(canonicalize(JSON.parse(vector('unsigned.json'))), vector('eddsa-jcs-2022/canonDocJCS.txt').trim());
  assert.equal(canonicalize(JSON.parse(vector('eddsa-jcs-2022/proofConfigJCS.json'))),
    vector('eddsa-jcs-2022/proofCanonJCS.txt').trim());
});

test('base58btc decodes, with leading zeros, and refuses other characters', () => {
  assert.equal(Buffer.from(decodeBase58('2NEpo7TZRRrLZSi2U')).toString(), 'Hello World!');
  assert.deepEqual([...decodeBase58('1112')], [0, 0, 0, 1]);
  assert.deepEqual([...decodeBase58('')], []);
  assert.throws(() => decodeBase58('0OIl'), { outcome: 'failed', plain: 'it is damaged.' });
  const key = JSON.parse(vector('keyPair.json')).publicKeyMultibase;
  assert.deepEqual([...decodeBase58(key.slice(1)).slice(0, 2)], [0xed, 0x01], 'a Multikey Ed25519 public key');
});

test('the W3C eddsa-jcs-2022 credential verifies, and not once changed', async () => {
  const signed = JSON.parse(vector('eddsa-jcs-2022/signedJCS.json'));
  const key = decodeBase58(JSON.parse(vector('keyPair.json')).publicKeyMultibase.slice(1)).slice(2);
  await verifyJcsProof(signed, signed.proof, key);
  const changed = structuredClone(signed);
  changed.credentialSubject.alumniOf = 'The School of Exampless';
  await assert.rejects(verifyJcsProof(changed, signed.proof, key),
    { message: 'the signature does not match the document' });
});

test('did:web resolves to its path or the host\'s well-known folder, decoding only the port colon', () => {
  assert.equal(didWebDocumentUrl('did:web:example.org'), 'https://example.org/.well-known/did.json');
  assert.equal(didWebDocumentUrl('did:web:x.github.io:creds'), 'https://x.github.io/creds/did.json');
  assert.equal(didWebDocumentUrl('did:web:localhost%3A8443'), 'https://localhost:8443/.well-known/did.json');
  assert.equal(didWebDocumentUrl('did:web:localhost%3a8443:a'), 'https://localhost:8443/a/did.json');
  assert.equal(didWebDocumentUrl('did:web:example.org:caf%C3%A9:2025%2F26'),
    'https://example.org/caf%C3%A9/2025%2F26/did.json');
});

test('the suspension list is found beside a revocation list, and only there', () => {
  assert.equal(suspensionListFor('https://x.github.io/creds/status/revocation/12.json'),
    'https://x.github.io/creds/status/suspension/12.json');
  for (const other of ['https://x.org/status/suspension/1.json', 'https://x.org/status/revocation/.json',
    'https://x.org/status/revocation/1.json?v=2', 'https://x.org/revocation/1.json']) {
    assert.equal(suspensionListFor(other), undefined, other);
  }
});

test('a status list decodes, and bit 0 is the most significant bit of the first byte', async () => {
  const bytes = new Uint8Array(16384);
  bytes[0] = 0x80;
  bytes[1] = 0x40;
  const encoded = `u${gzipSync(bytes).toString('base64url')}`;
  const bits = await decodeStatusList(encoded);
  assert.equal(bits.length * 8, 131072);
  assert.deepEqual([0, 1, 8, 9].map(i => isBitSet(bits, i)), [true, false, false, true]);
  await assert.rejects(decodeStatusList(`z${encoded.slice(1)}`), { plain: 'its status list is damaged.' });
  await assert.rejects(decodeStatusList('uAAAA'), { plain: 'its status list is damaged.' });
});

test('the validity period says expired and not yet valid, and refuses unreadable dates', () => {
  const at = Date.parse('2026-06-15T12:00:00Z');
  const period = (validFrom, validUntil) => checkValidityPeriod({ validFrom, validUntil }, at);
  assert.deepEqual(period('2026-01-10T00:00:00Z', undefined),
    { step: 'validity period', outcome: 'passed', plain: 'valid from 10 January 2026, with no expiry date.',
      state: undefined, details: [] });
  assert.equal(period('2026-01-10T00:00:00Z', '2026-06-01T23:59:59Z').state, 'expired');
  assert.equal(period('2026-09-01T00:00:00Z', undefined).state, 'not-yet-valid');
  assert.equal(period('2026-01-10', undefined).outcome, 'failed', 'a date without a time is not a date-time');
  assert.equal(period('2026-01-10T00:00:00Z', 12).plain, 'its dates are missing or not readable.');
});
