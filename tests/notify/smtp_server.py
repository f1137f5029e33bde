#!/usr/bin/env python3
"""A real SMTP server for hallmark's notify tests (aiosmtpd), on a free loopback port.

It prints "PORT <n>" once listening and stops when its standard input closes. Each message it
accepts is written to --out as <n>.eml, with <n>.json beside it: the envelope and the message as
Python's own e-mail parser reads it (decoded headers, the text and HTML parts, MIME defects), so
the tests check hallmark's messages with a parser that shares no code with hallmark.

  --tls none|starttls|implicit   with a test certificate generated here (--cert-dir gets ca.pem)
  --auth USER:PASSWORD           AUTH PLAIN and LOGIN required
  --tempfail-once                the first RCPT for each address gets 451, later ones are accepted
  --reject TEXT                  RCPT of an address containing TEXT gets 550
  --drop-data-once               the first DATA: 354, one line read, then the connection is closed
  --count-only                   count messages, write nothing (benchmarks)
Each connection made is counted in --out/connections.txt.
"""
import argparse
import asyncio
import datetime
import email
import email.policy
import ipaddress
import json
import os
import ssl
import sys
import threading
import warnings

from aiosmtpd.smtp import SMTP, AuthResult


def make_certificates(cert_dir):
    """A test CA and a certificate for 127.0.0.1 and localhost signed by it (TEST-ONLY)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hallmark TEST-ONLY CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    os.makedirs(cert_dir, exist_ok=True)
    pem = serialization.Encoding.PEM
    with open(os.path.join(cert_dir, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(pem))
    with open(os.path.join(cert_dir, "server.pem"), "wb") as f:
        f.write(leaf.public_bytes(pem))
    with open(os.path.join(cert_dir, "server.key"), "wb") as f:
        f.write(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(os.path.join(cert_dir, "server.pem"), os.path.join(cert_dir, "server.key"))
    return ctx


def parsed(raw):
    m = email.message_from_bytes(raw, policy=email.policy.default)
    body = lambda kind: (m.get_body((kind,)).get_content() if m.get_body((kind,)) is not None else None)
    parts = [p.get_content_type() for p in m.walk()]
    return {
        "from": str(m["From"]), "to": str(m["To"]), "subject": str(m["Subject"]),
        "raw_subject": m.get("Subject").as_raw if hasattr(m.get("Subject"), "as_raw") else None,
        "message_id": str(m["Message-ID"]), "date": str(m["Date"]),
        "auto_submitted": m["Auto-Submitted"] and str(m["Auto-Submitted"]),
        "list_unsubscribe": m["List-Unsubscribe"] and str(m["List-Unsubscribe"]),
        "reply_to": m["Reply-To"] and str(m["Reply-To"]),
        "content_type": m.get_content_type(), "parts": parts,
        "text": body("plain"), "html": body("html"),
        "defects": [type(d).__name__ for d in m.defects] + [type(d).__name__ for p in m.walk() for d in p.defects],
    }


class State:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.connections = 0
        self.tempfailed = set()
        self.dropped = False


class Handler:
    def __init__(self, state):
        self.state = state

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = self.state.args
        if a.reject and a.reject in address:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if a.tempfail_once and address not in self.state.tempfailed:
            self.state.tempfailed.add(address)
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        s = self.state
        s.count += 1
        n = s.count
        if not s.args.count_only:
            out = s.args.out
            record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, **parsed(envelope.original_content)}
            with open(os.path.join(out, f".{n}.eml"), "wb") as f:
                f.write(envelope.original_content)
            with open(os.path.join(out, f".{n}.json"), "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
            os.replace(os.path.join(out, f".{n}.eml"), os.path.join(out, f"{n}.eml"))
            os.replace(os.path.join(out, f".{n}.json"), os.path.join(out, f"{n}.json"))
        return f"250 2.0.0 Ok: queued as Q{n:06d}"


def protocol_class(state):
    class TestSMTP(SMTP):
        def connection_made(self, transport):
            state.connections += 1
            if not state.args.count_only:
                with open(os.path.join(state.args.out, "connections.txt"), "w") as f:
                    f.write(str(state.connections))
            super().connection_made(transport)

        async def smtp_DATA(self, arg):
            if state.args.drop_data_once and not state.dropped and self.envelope.rcpt_tos:
                state.dropped = True
                await self.push("354 End data with <CR><LF>.<CR><LF>")
                await self._reader.readline()
                self.transport.close()
                return
            return await super().smtp_DATA(arg)
    return TestSMTP


async def main():
    # Implicit TLS is TLS too, which aiosmtpd cannot see; its warning about AUTH without TLS is noise here.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    p = argparse.ArgumentParser()
    p.add_argument("--tls", default="none", choices=["none", "starttls", "implicit"])
    p.add_argument("--cert-dir")
    p.add_argument("--auth")
    p.add_argument("--tempfail-once", action="store_true")
    p.add_argument("--reject")
    p.add_argument("--drop-data-once", action="store_true")
    p.add_argument("--count-only", action="store_true")
    p.add_argument("--out", default=".")
    args = p.parse_args()
    state = State(args)
    ctx = make_certificates(args.cert_dir) if args.tls != "none" else None
    kwargs = {"hostname": "localhost", "enable_SMTPUTF8": True, "decode_data": False, "auth_require_tls": False}
    if args.tls == "starttls":
        kwargs.update(tls_context=ctx, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        kwargs.update(authenticator=authenticator, auth_required=True)
    else:
        kwargs.update(authenticator=lambda *a: AuthResult(success=False, handled=False))
    cls = protocol_class(state)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: cls(Handler(state), **kwargs), "127.0.0.1", 0,
                                      ssl=ctx if args.tls == "implicit" else None)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    stop = loop.create_future()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set_result, None)), daemon=True).start()
    await stop
    server.close()
    print("COUNT", state.count, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
