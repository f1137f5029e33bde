// eddsa-rdfc-2022 in the browser verifier (themes/default/src/jsonld.js, rdfc.js, verifier.js): the
// W3C vc-di-eddsa vectors byte for byte, the mutation corpus (tests/rdfc/corpus.json, made by
// tests/it/rdfc_js.rs with hallmark verify's canonical N-Quads), the work limit on hostile blank nodes,
// and the limits on what the verifier reads. On the sources and on the published build.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { bundledContexts, processContexts } from './contexts.mjs';
import { nquadsOf, vocabulary } from './nquads.mjs';
import * as sourceRdfc from '../../themes/default/src/rdfc.js';
import * as sourceVerifier from '../../themes/default/src/verifier.js';
import * as publishedRdfc from '../../themes/default/static/rdfc.js';
import * as publishedVerifier from '../../themes/default/static/verifier.js';

const builds = { source: [sourceRdfc, sourceVerifier], published: [publishedRdfc, publishedVerifier] };
const vector = file => fs.readFileSync(new URL(`../vectors/w3c-vc-di-eddsa/${file}`, import.meta.url), 'utf8');
const json = file => JSON.parse(vector(file));
const hex = async text => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  .toString('hex');
const corpus = JSON.parse(fs.readFileSync(new URL('../rdfc/corpus.json', import.meta.url), 'utf8'));

// Where the browser refuses what hallmark verify canonicalizes, the kind of refusal, and why.
const STRICTER = {
  'a blank node as a key': ['not-covered', 'RDF has no blank-node predicates: hallmark verify drops the entry'],
  'an id with a bad escape': ['not-covered', 'no IRI: hallmark verify drops every statement about the node'],
  'an integer past 2^53': ['unsupported', 'JSON.parse has rounded the number the document holds'],
  '@index in a node': ['not-covered', '@index never becomes RDF, so the signature does not cover it'],
  '@reverse in a node': ['unsupported', 'reverse properties are JSON-LD the page does not process'],
  'a context written into the document': ['unsupported', 'the page reads only the bundled contexts'],
};

// The vocabulary with the context of the W3C `employ` vector, which hallmark does not bundle.
const withCitizenship = () => processContexts({
  ...bundledContexts(),
  'https://w3id.org/citizenship/v4rc1': JSON.parse(fs.readFileSync(new URL('../rdfc/citizenship-v4rc1.jsonld',
    import.meta.url), 'utf8')),
});

for (const [build, [rdfc, verifier]] of Object.entries(builds)) {
  test(`W3C eddsa-rdfc-2022 vectors, every intermediate value (${build})`, async () => {
    for (const [dir, unsigned, bundle] of [['eddsa-rdfc-2022', 'unsigned.json', vocabulary],
      ['eddsa-rdfc-2022/employ', 'employmentAuth.json', withCitizenship()]]) {
      const document = await rdfc.canonicalNQuads(json(unsigned), bundle);
      const config = await rdfc.canonicalNQuads(json(`${dir}/proofConfigDataInt.json`), bundle);
      assert.equal(document, vector(`${dir}/canonDocDataInt.txt`), dir);
      assert.equal(config, vector(`${dir}/proofCanonDataInt.txt`), dir);
      assert.equal(await hex(document), vector(`${dir}/docHashDataInt.txt`).trim(), dir);
      assert.equal(await hex(config) + await hex(document), vector(`${dir}/combinedHashDataInt.txt`).trim(), dir);
      const signed = json(`${dir}/signedDataInt.json`);
      const key = verifier.decodeBase58(json('keyPair.json').publicKeyMultibase.slice(1)).slice(2);
      await verifier.verifyRdfcProof(signed, signed.proof, key, bundle);
      const changed = structuredClone(signed);
      changed.name = `${changed.name}.`;
      await assert.rejects(verifier.verifyRdfcProof(changed, signed.proof, key, bundle),
        { message: 'the signature does not match the document' });
    }
  });

  test(`the mutation corpus: hallmark verify's canonical N-Quads, byte for byte (${build})`, async () => {
    const wrong = [];
    for (const { name, document, nquads, refused } of corpus) {
      const got = await nquadsOf(rdfc, document);
      if (Object.hasOwn(STRICTER, name)) {
        if (got.refused !== STRICTER[name][0]) wrong.push(`${name}: expected a ${STRICTER[name][0]} refusal`);
      } else if (refused !== undefined ? typeof got === 'string' : got !== nquads) {
        wrong.push(`${name}: hallmark verify ${refused ? `refuses (${refused})` : 'canonicalizes it'}; here ${
          typeof got === 'string' ? `other N-Quads:\n${got}` : `${got.refused}: ${got.detail}`}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(corpus.length > 90 && corpus.filter(entry => entry.nquads).length > 50, `${corpus.length} entries`);
    const nDegree = corpus.some(entry => /circle|clique|alike/.test(entry.name) && entry.nquads);
    assert.ok(nDegree, 'n-degree hashing is tried');
  });

  test(`hostile blank nodes end at the work limit, not in a frozen page (${build})`, async () => {
    // A clique of 12 blank nodes, each linked to every other: RDFC-1.0 would try 11! orderings per node.
    const names = [...Array(12).keys()].map(i => `_:k${i}`);
    const clique = names.map(id => ({ id, type: ['Alignment'], targetName: 'n',
      alignment: names.filter(other => other !== id).map(other => ({ id: other })) }));
    const bomb = { ...corpus[1].document, alignment: clique };
    const started = performance.now();
    await assert.rejects(rdfc.canonicalNQuads(bomb, vocabulary), { kind: 'too-complex' });
    console.log(`# a 12-blank-node clique refused after ${Math.round(performance.now() - started)} ms`);
    const many = { ...corpus[1].document, alignment: [...Array(1001).keys()]
      .map(i => ({ type: ['Alignment'], targetName: `${i}` })) };
    await assert.rejects(rdfc.canonicalNQuads(many, vocabulary), { kind: 'too-complex', message: /1000 blank nodes/ });
  });

  test(`what cannot be checked here says so plainly, and with the command to use (${build})`, async () => {
    const verify = (name, loadContexts = async () => vocabulary) => {
      const dir = new URL(`../cases/${name}/`, import.meta.url), read = file => fs.readFileSync(new URL(file, dir));
      const { served } = JSON.parse(read('case.json'));
      const fetchJson = async url => JSON.parse(read(served[url]));
      return verifier.verifyCredential(JSON.parse(read('credential.json')),
        { fetchJson, now: Date.parse('2026-06-15T12:00:00Z'), loadContexts });
    };
    const proofStep = async (...args) => (await verify(...args)).steps[0];
    assert.match((await proofStep('unbundled-context')).plain, /^could not be checked here.*hallmark verify/);
    assert.equal((await proofStep('undefined-term')).plain,
      'this credential contains data its signature does not cover.');
    assert.equal((await verify('rdfc-only')).state, 'verified');
    assert.deepEqual((await verify('verified')).suitesVerified.sort(), ['eddsa-jcs-2022', 'eddsa-rdfc-2022']);
    const unreadable = await proofStep('rdfc-only', async () => {
      throw new Error('HTTP 404');
    });
    assert.deepEqual([unreadable.outcome, unreadable.plain], ['could-not-check',
      'could not be checked, because the vocabulary this page checks with could not be read.']);
  });

  test(`untrusted input has limits: size, nesting, proofs (${build})`, async () => {
    const credential = JSON.parse(fs.readFileSync(new URL('../cases/rdfc-only/credential.json', import.meta.url)));
    const refuses = (document, limit) => assert.throws(() => verifier.checkLimits(document),
      { outcome: 'could-not-check', plain: `it is too large to check here (limit: ${limit}).` });
    verifier.checkLimits(credential);
    refuses({ ...credential, description: 'x'.repeat(1_000_000) }, '1 MB');
    refuses('x'.repeat(1_000_001), '1 MB');
    let deep = credential;
    for (let i = 0; i < 40; i++) deep = { credentialSubject: deep };
    refuses(deep, '32 levels of nesting');
    refuses({ ...credential, proof: Array(9).fill(credential.proof[0]) }, '8 proofs');
    await assert.rejects(verifier.verifyCredential(deep, { fetchJson: async () => ({}), now: 0 }),
      { plain: 'it is too large to check here (limit: 32 levels of nesting).' });
  });
}
