#!/usr/bin/python3
"""A real SMTP server for tests/test-mail.c: aiosmtpd on 127.0.0.1, STARTTLS
required with the certificate given, AUTH LOGIN/PLAIN (only after TLS) with
one user and password, and every message it takes written to a folder as
N.eml with its envelope in N.env (MAIL FROM, then one RCPT TO a line).

    smtp-server.py --port P --cert C --key K --user U --password W --dir D

Prints "ready PORT" on standard output once it answers, then runs until it
is sent SIGTERM. --port 0 picks a free port."""

import argparse
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Keep:
    def __init__(self, folder):
        self.folder = folder
        self.count = len([n for n in os.listdir(folder) if n.endswith(".eml")])
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            stem = os.path.join(self.folder, "%d" % self.count)
        with open(stem + ".env", "w") as env:
            env.write(envelope.mail_from + "\n")
            for rcpt in envelope.rcpt_tos:
                env.write(rcpt + "\n")
        with open(stem + ".eml.part", "wb") as eml:
            eml.write(envelope.original_content)
        os.rename(stem + ".eml.part", stem + ".eml")
        return "250 2.0.0 Ok: queued as test-%d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    port = args.port
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        return AuthResult(success=ok, handled=False)

    controller = Controller(Keep(args.dir), hostname="127.0.0.1", port=port,
                            tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True,
                            auth_exclude_mechanism=["CRAM-MD5"])
    controller.start()
    print("ready %d" % port, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
