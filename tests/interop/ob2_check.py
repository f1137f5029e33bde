"""Checks a site's Open Badges 2.0 copies with 1EdTech's own tools, offline except for the site:
the Open Badges 2.0 validator (PyPI `openbadges`) on every hosted assertion, and 1EdTech's baking
library (PyPI `openbadges-bakery`, an independent reader of the 2.0 carrier) on every baked image.

Usage: ob2_check.py NOW < urls.json, where NOW is the validator's clock (ISO 8601, UTC) and
urls.json is {"assertions": [URL, ...], "baked": [URL, ...], "recipients": [[URL, E-MAIL], ...]}
on a loopback server; each pair in "recipients" is checked again with the validator told to
expect that recipient (it hashes the address with the assertion's salt).
Prints a JSON report. The validator knows nothing of hallmark; it is only kept off the network:
the one document it would fetch from elsewhere, its own JSON-LD context
(https://w3id.org/openbadges/v2), is served from the copy the validator ships
(openbadges.verifier.openbadges_context), and any other host than loopback is refused.
"""

import datetime
import io
import json
import sys
from urllib.parse import urlparse

import requests
from openbadges import verify
from openbadges.verifier import openbadges_context
from openbadges.verifier.tasks import validation
from openbadges_bakery import unbake

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def offline(send):
    """requests' transport, kept to loopback, with the validator's own copy of its context."""

    def guarded(adapter, request, *args, **kwargs):
        url = urlparse(request.url)
        if request.url.rstrip("/") == openbadges_context.OPENBADGES_CONTEXT_V2_URI:
            response = requests.models.Response()
            response.status_code = 200
            response.url = request.url
            response.headers["Content-Type"] = "application/ld+json"
            response._content = json.dumps(openbadges_context.OPENBADGES_CONTEXT_V2_DICT).encode()
            response.request = request
            return response
        if url.hostname not in LOOPBACK:
            raise requests.ConnectionError(f"offline: refused {request.url}")
        return send(adapter, request, *args, **kwargs)

    return guarded


def frozen_clock(now):
    """The validator compares dates with datetime.now(utc): make that `now`."""

    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz) if tz else now.replace(tzinfo=None)

    validation.datetime = Clock


def assertion_node(graph, url):
    for node in graph:
        if node.get("id") == url and node.get("type") == "Assertion":
            return node
    return {}


def report(result, url):
    messages = result["report"]["messages"]
    node = assertion_node(result["graph"], url)
    return {
        "valid": result["report"]["valid"],
        "errors": [m.get("result", "") for m in messages if m["messageLevel"] == "ERROR"],
        "warnings": [m.get("result", "") for m in messages if m["messageLevel"] == "WARNING"],
        "revoked": node.get("revoked", False),
        "revocationReason": node.get("revocationReason"),
        "expires": node.get("expires"),
        "recipient": node.get("recipient"),
        "recipient_verified": result["report"].get("recipientProfile"),
    }


def main(now_text):
    requests.adapters.HTTPAdapter.send = offline(requests.adapters.HTTPAdapter.send)
    frozen_clock(datetime.datetime.fromisoformat(now_text.replace("Z", "+00:00")))
    urls = json.load(sys.stdin)
    out = {"assertions": {}, "baked": {}, "recipients": []}
    options = {"use_cache": False}
    for url in urls["assertions"]:
        out["assertions"][url] = report(verify(url, **options), url)
    for url, email in urls.get("recipients", []):
        checked = report(verify(url, recipient_profile={"email": email}, **options), url)
        out["recipients"].append({"url": url, "email": email, **checked})
    for url in urls["baked"]:
        response = requests.get(url, timeout=30)
        response.raise_for_status()
        image = io.BytesIO(response.content)
        image.name = url.rsplit("/", 1)[-1]
        # The bakery gives a PNG's assertion JSON, and an SVG's `verify` URL (the hosted assertion).
        baked = unbake(image)
        baked = baked.decode() if isinstance(baked, bytes) else baked
        assertion = json.loads(baked) if baked and baked.lstrip().startswith("{") else None
        hosted = assertion["id"] if assertion else baked
        # The validator given the image itself stops at the bakery's bytes for an SVG (it takes
        # str only): it is given what the bakery found, the hosted assertion's URL.
        out["baked"][url] = {
            "unbaked": baked,
            "hosted": hosted,
            "validator": report(verify(hosted, **options), hosted) if hosted else None,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
