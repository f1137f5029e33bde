// Third-party Data Integrity verifiers on built sites, offline: each is used as its own
// documentation says, with no knowledge of hallmark, and reports what it finds. tests/it/verifiers.rs
// says what each should find. Installed by scripts/test (npm ci here).
//
//   node verify.mjs < job.json
//
// job.json: {
//   "sites": [{"base": "https://…/", "dir": "/path/to/built/site"}],   served instead of the web
//   "contexts": "/repo/contexts",             the JSON-LD contexts as published (contexts/index.json)
//   "files": {"https://…": "/path"},          other published documents (the OB 3.0 JSON Schema)
//   "now": "2026-11-22T12:00:00Z",            the date Digital Bazaar's verifier checks validity at
//   "documents": [{"name": "…", "file": "/path/to/credential.json"}]
// }
// The network is cut off: a site's URLs are read from its directory, the contexts and files from
// the repository; any other request fails (and is reported), so nothing verifies by fetching.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const refused = [];

// What a URL is, offline: a file of a site, a context, another published file, or nothing.
function offlineFile(url) {
  for (const site of job.sites) {
    if (url.startsWith(site.base)) {
      const rel = decodeURIComponent(url.slice(site.base.length).split(/[?#]/)[0]);
      const file = path.join(site.dir, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel);
      return file.startsWith(site.dir) && fs.existsSync(file) ? file : null;
    }
  }
  const index = JSON.parse(fs.readFileSync(path.join(job.contexts, 'index.json'), 'utf8'));
  if (index[url]) return path.join(job.contexts, index[url]);
  return job.files?.[url] ?? null;
}

globalThis.fetch = async input => {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  const file = offlineFile(url);
  if (!file) {
    refused.push(url);
    throw new TypeError(`offline: no request to ${url}`);
  }
  const response = new Response(fs.readFileSync(file), { status: 200, headers: { 'content-type': 'application/json' } });
  Object.defineProperty(response, 'url', { value: url });
  return response;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const results = {};
const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const failure = error => String(error?.message ?? error);

// Digital Bazaar: @digitalbazaar/vc with the Data Integrity eddsa-rdfc-2022 suite, a document
// loader of the published contexts and did:web (its own driver), and Bitstring Status List.
async function digitalBazaar() {
  const vc = await import('@digitalbazaar/vc');
  const jsigs = (await import('jsonld-signatures')).default;
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const { checkStatus } = await import('@digitalbazaar/vc-bitstring-status-list');
  const { driver } = await import('@digitalbazaar/did-method-web');
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const { CachedResolver } = await import('@digitalbazaar/did-io');
  const { JsonLdDocumentLoader } = await import('jsonld-document-loader');
  const loader = new JsonLdDocumentLoader();
  for (const [url, file] of Object.entries(read(path.join(job.contexts, 'index.json')))) {
    loader.addStatic(url, read(path.join(job.contexts, file)));
  }
  const resolver = new CachedResolver();
  const didWeb = driver();
  didWeb.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  resolver.use(didWeb);
  loader.setDidResolver(resolver);
  const base = loader.build();
  const documentLoader = async url => {
    const file = url.startsWith('did:') ? null : offlineFile(url);
    return file ? { contextUrl: null, documentUrl: url, document: read(file) } : base(url);
  };
  const suite = new DataIntegrityProof({ cryptosuite });
  const out = {};
  for (const { name, file } of job.documents) {
    const credential = read(file);
    const proof = await jsigs.verify(credential, {
      suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader,
    });
    const withStatus = credential.credentialStatus ? { checkStatus } : {};
    const full = await vc.verifyCredential({
      credential, suite, documentLoader, now: new Date(job.now), ...withStatus,
    });
    out[name] = {
      proof: proof.verified,
      proof_error: proof.verified ? null : failure(proof.error?.errors?.[0] ?? proof.error),
      verified: full.verified,
      error: full.verified ? null : failure(full.error?.errors?.[0] ?? full.error),
      status_set: full.statusResult?.results?.[0]?.status ?? null,
      status_verified: full.statusResult?.verified ?? null,
    };
  }
  return out;
}

// The Digital Credentials Consortium's verifier-core, as the Learner Credential Wallet and its
// hosted verifier use it; no issuer registries (this issuer is in none). It checks validity
// against its own clock.
async function dcc() {
  const { verifyCredential } = await import('@digitalcredentials/verifier-core');
  const out = {};
  for (const { name, file } of job.documents) {
    const r = await verifyCredential({ credential: read(file), knownDIDRegistries: [] });
    const step = id => r.log?.find(s => s.id === id)?.valid ?? null;
    out[name] = {
      errors: (r.errors ?? []).map(e => e.name ?? failure(e)),
      signature: step('valid_signature'),
      expiration: step('expiration'),
      revocation: step('revocation_status'),
      schema: r.additionalInformation?.find(i => i.id === 'schema_check')?.results ?? null,
    };
  }
  return { clock: new Date().toISOString(), results: out };
}

// SpruceID's DIDKit (the ssi library in WebAssembly), as LearnCard builds and uses it, with the
// published contexts given as its context map; it resolves did:web itself.
async function didkit() {
  const dir = path.join(here, 'node_modules/@learncard/didkit-plugin/dist/didkit');
  const dk = await import(path.join(dir, 'didkit_wasm.js'));
  dk.initSync({ module: fs.readFileSync(path.join(dir, 'didkit_wasm_bg.wasm')) });
  const contexts = {};
  for (const [url, file] of Object.entries(read(path.join(job.contexts, 'index.json')))) {
    contexts[url] = fs.readFileSync(path.join(job.contexts, file), 'utf8');
  }
  const out = {};
  for (const { name, file } of job.documents) {
    try {
      const options = JSON.stringify({ proofPurpose: 'assertionMethod' });
      const r = JSON.parse(await dk.verifyCredential(fs.readFileSync(file, 'utf8'), options, JSON.stringify(contexts)));
      out[name] = { checks: r.checks, errors: r.errors };
    } catch (error) {
      out[name] = { threw: failure(error) };
    }
  }
  return { version: dk.getVersion(), results: out };
}

// JSON-LD expansion in safe mode (jsonld.js): a term that no bundled context defines, or a value
// that does not expand, is an error rather than silently left out of what the proof signs.
async function expansion() {
  const jsonld = (await import('jsonld')).default;
  const documentLoader = async url => {
    const file = offlineFile(url);
    if (!file) throw new Error(`offline: no document at ${url}`);
    return { contextUrl: null, documentUrl: url, document: read(file) };
  };
  const out = {};
  for (const { name, file } of job.documents) {
    try {
      const expanded = await jsonld.expand(read(file), { documentLoader, safe: true });
      out[name] = { ok: true, nodes: JSON.stringify(expanded).length };
    } catch (error) {
      out[name] = { ok: false, error: failure(error), details: error?.details?.event?.code ?? null };
    }
  }
  return out;
}

for (const [library, run] of [['digitalbazaar', digitalBazaar], ['dcc', dcc], ['didkit', didkit], ['expansion', expansion]]) {
  try {
    results[library] = await run();
  } catch (error) {
    results[library] = { fatal: failure(error), stack: error?.stack };
  }
}
results.refused = refused;
process.stdout.write(`${JSON.stringify(results)}\n`);
