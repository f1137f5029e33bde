#!/usr/bin/env python3
"""Independent verifier for a built hallmark site, written without any of hallmark's code.

Checks every credential under c/ and every status list under status/ with third-party libraries:
JSON-LD + RDF Dataset Canonicalization (pyld) for eddsa-rdfc-2022, RFC 8785 (rfc8785) for
eddsa-jcs-2022, Ed25519 (cryptography), and the official Open Badges 3.0 JSON Schema (jsonschema,
with format checks). Keys are resolved through the site's did:web document; JSON-LD contexts come
only from the bundled files, never the network. It first proves itself on the W3C test vectors of
both suites, and proves that it rejects a tampered credential, so it cannot pass by checking nothing.

usage: verify_site.py SITE_DIR BASE_URL SCHEMA VECTORS_DIR CONTEXTS_DIR
prints one JSON line: {"credentials": n, "status_lists": m, "proofs": k}
"""
import base64
import copy
import gzip
import hashlib
import json
import sys
from pathlib import Path

import jsonschema
import rfc8785
from pyld import jsonld
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(s):
    n = 0
    for ch in s:
        n = n * 58 + B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\x00" * pad + body


class Failure(Exception):
    pass


SUITES = {}


def use_bundled_contexts(contexts_dir):
    index = json.loads((Path(contexts_dir) / "index.json").read_text())
    docs = {url: json.loads((Path(contexts_dir) / name).read_text(encoding="utf-8")) for url, name in index.items()}

    def loader(url, options=None):
        if url not in docs:
            raise Failure(f"context {url} is not bundled (the verifier never fetches)")
        return {"contextUrl": None, "documentUrl": url, "document": docs[url]}

    jsonld.set_document_loader(loader)


def rdfc(doc):
    return jsonld.normalize(doc, {"algorithm": "URDNA2015", "format": "application/n-quads"}).encode("utf-8")


def verify_proof(doc, proof, public_key):
    suite = proof.get("cryptosuite")
    if proof.get("type") != "DataIntegrityProof" or suite not in ("eddsa-jcs-2022", "eddsa-rdfc-2022"):
        raise Failure(f"unexpected proof type {proof.get('type')}/{suite}")
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in config and config["@context"] != doc.get("@context"):
        raise Failure("proof @context differs from the document's")
    if suite == "eddsa-jcs-2022":
        data = hashlib.sha256(rfc8785.dumps(config)).digest() + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    else:
        config["@context"] = doc["@context"]
        data = hashlib.sha256(rdfc(config)).digest() + hashlib.sha256(rdfc(unsecured)).digest()
    value = proof.get("proofValue", "")
    if not value.startswith("z"):
        raise Failure("proofValue is not base58btc multibase")
    try:
        public_key.verify(b58decode(value[1:]), data)
    except InvalidSignature:
        raise Failure("signature does not verify")


def multikey(public_multibase):
    raw = b58decode(public_multibase[1:])
    if raw[:2] != b"\xed\x01" or len(raw) != 34:
        raise Failure(f"{public_multibase} is not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


class Site:
    def __init__(self, root, base_url):
        self.root = Path(root)
        self.base = base_url if base_url.endswith("/") else base_url + "/"

    def local(self, url):
        if not url.startswith(self.base):
            raise Failure(f"{url} is not under {self.base}")
        return self.root / url[len(self.base):].split("#")[0]

    def did_document(self, did):
        # did:web:host[%3Aport]:path:segments -> https://host/path/segments/did.json (or /.well-known/did.json)
        parts = did.split(":")[2:]
        host = parts[0].replace("%3A", ":")
        path = "/".join(parts[1:])
        url = f"https://{host}/{path + '/' if path else '.well-known/'}did.json"
        local = self.local(url.replace("https://", self.base.split("://")[0] + "://", 1))
        return json.loads(local.read_text(encoding="utf-8"))

    def key_for(self, doc, proof):
        issuer = doc["issuer"]["id"] if isinstance(doc["issuer"], dict) else doc["issuer"]
        vm = proof["verificationMethod"]
        if not vm.startswith(issuer + "#"):
            raise Failure(f"verification method {vm} does not belong to issuer {issuer}")
        did_doc = self.did_document(issuer)
        if vm not in did_doc.get("assertionMethod", []):
            raise Failure(f"{vm} is not listed under assertionMethod")
        method = next((m for m in did_doc["verificationMethod"] if m["id"] == vm), None)
        if method is None or method.get("type") != "Multikey":
            raise Failure(f"{vm} is not a Multikey in the DID document")
        if method.get("controller") != issuer:
            raise Failure(f"{vm} is controlled by {method.get('controller')}, not {issuer}")
        return multikey(method["publicKeyMultibase"])

    def verify_signed(self, doc):
        proofs = doc.get("proof")
        if not isinstance(proofs, list) or not proofs:
            raise Failure("proof must be a non-empty array")
        for proof in proofs:
            verify_proof(doc, proof, self.key_for(doc, proof))
            SUITES[proof["cryptosuite"]] = SUITES.get(proof["cryptosuite"], 0) + 1
        return len(proofs)


def self_test(vectors):
    d = Path(vectors) / "w3c-vc-di-eddsa"
    pair = json.loads((d / "keyPair.json").read_text())
    key = multikey(pair["publicKeyMultibase"])
    unsigned = json.loads((d / "unsigned.json").read_text())
    if rdfc(unsigned).decode() != (d / "eddsa-rdfc-2022" / "canonDocDataInt.txt").read_text():
        raise Failure("self-test: pyld does not reproduce the W3C canonical N-Quads")
    for signed_file in ["eddsa-jcs-2022/signedJCS.json", "eddsa-rdfc-2022/signedDataInt.json"]:
        signed = json.loads((d / signed_file).read_text())
        verify_proof(signed, signed["proof"], key)
        bad = copy.deepcopy(signed)
        bad["credentialSubject"]["alumniOf"] += "!"
        try:
            verify_proof(bad, bad["proof"], key)
        except Failure:
            continue
        raise Failure(f"self-test: a tampered {signed_file} verified")


def main(site_dir, base_url, schema_path, vectors, contexts_dir):
    use_bundled_contexts(contexts_dir)
    self_test(vectors)
    site = Site(site_dir, base_url)
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    counts = {"credentials": 0, "status_lists": 0, "proofs": 0, "revoked": 0, "suites": {}}
    lists_checked = set()
    credential_files = sorted(site.root.glob("c/*/credential.json"))
    if not credential_files:
        raise Failure("no credentials found")
    for path in credential_files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            raise Failure(f"{path}: schema: {errors[0].message} at {list(errors[0].path)}")
        try:
            counts["proofs"] += site.verify_signed(doc)
            status = doc["credentialStatus"]
            if status["type"] != "BitstringStatusListEntry" or status["statusPurpose"] != "revocation":
                raise Failure("credentialStatus is not a revocation BitstringStatusListEntry")
            list_url = status["statusListCredential"]
            status_doc = json.loads(site.local(list_url).read_text(encoding="utf-8"))
            if list_url not in lists_checked:
                counts["proofs"] += site.verify_signed(status_doc)
                lists_checked.add(list_url)
            subject = status_doc["credentialSubject"]
            if subject["statusPurpose"] != "revocation" or "BitstringStatusListCredential" not in status_doc["type"]:
                raise Failure("status list credential has the wrong type or purpose")
            encoded = subject["encodedList"]
            if not encoded.startswith("u"):
                raise Failure("encodedList is not multibase base64url")
            bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
            if len(bits) * 8 < 131072:
                raise Failure(f"status list has only {len(bits) * 8} bits")
            index = int(status["statusListIndex"])
            if bits[index // 8] & (0x80 >> (index % 8)):
                counts["revoked"] += 1
            # A tampered copy must fail, or this verifier proves nothing.
            tampered = copy.deepcopy(doc)
            tampered["credentialSubject"]["identifier"][-1]["identityHash"] += "x"
            try:
                site.verify_signed(tampered)
                raise Failure("a tampered credential verified")
            except Failure as e:
                if "tampered" in str(e):
                    raise
        except Failure as e:
            raise Failure(f"{path}: {e}")
        counts["credentials"] += 1
    counts["status_lists"] = len(lists_checked)
    counts["suites"] = SUITES
    print(json.dumps(counts))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:6])
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
