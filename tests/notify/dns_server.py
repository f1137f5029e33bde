#!/usr/bin/env python3
"""A real DNS server for `hallmark notify doctor`'s tests (dnslib), on a free loopback UDP port.

Usage: dns_server.py NAME=TXT... ; answers TXT queries for those names (NXDOMAIN otherwise), prints
"PORT <n>" once listening, and stops when its standard input closes.
"""
import sys
import time

from dnslib import QTYPE, RR, TXT, RCODE
from dnslib.server import BaseResolver, DNSServer


class Table(BaseResolver):
    def __init__(self, records):
        self.records = records

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        texts = self.records.get(name)
        if texts is None:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype in (QTYPE.TXT, QTYPE.ANY):
            for t in texts:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(t), ttl=60))
        return reply


def main():
    records = {}
    for arg in sys.argv[1:]:
        name, text = arg.split("=", 1)
        records.setdefault(name.lower(), []).append(text)
    server = DNSServer(Table(records), port=0, address="127.0.0.1")
    server.start_thread()
    print("PORT", server.server.server_address[1], flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
