#!/usr/bin/python3
"""A real SMTP server for Guichet's tests (Python's aiosmtpd, a Debian package).

    server.py --dir DIR [--tls starttls|tls] [--user U --password P]

Prints "PORT <n>" on its first line once it listens on 127.0.0.1, then
serves until killed. Each message it takes is written to DIR as
<n>.eml (the bytes received) with <n>.rcpt (its recipients, one a line).

How it answers depends on the recipient, so one server plays every fault:
  bounce…@   550 5.1.1 at RCPT: refused for good (an unknown address)
  later…@    451 4.3.0 at RCPT: refused for now
  drop…@     takes DATA, reads one line of the message, then cuts the
             connection (a cut while the message is handed over)
  toolarge…@ reads the whole message, then refuses it: 552 5.3.4
  anyone else: taken.
The certificate for TLS is tests/smtp/server.pem, signed by tests/smtp/ca.pem.
"""

import argparse
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HERE = os.path.dirname(os.path.abspath(__file__))


class Keeper:
    """Writes each message taken to the folder."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 <%s>: no such user here" % address
        if local.startswith("later"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.split("@")[0].lower().startswith("toolarge") for r in envelope.rcpt_tos):
            return "552 5.3.4 message size exceeds fixed maximum"
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.folder, "%06d" % n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 queued as %d" % n


class Cutting(SMTP):
    """Cuts the connection inside DATA for recipients named drop…."""

    async def smtp_DATA(self, arg):
        if any(r.split("@")[0].lower().startswith("drop") for r in self.envelope.rcpt_tos):
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readline()
            self.transport.close()
            return
        await super().smtp_DATA(arg)


class Server(Controller):
    def factory(self):
        return Cutting(self.handler, **self.SMTP_kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--tls", choices=["starttls", "tls"])
    p.add_argument("--user")
    p.add_argument("--password")
    a = p.parse_args()

    context = None
    if a.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(
            os.path.join(HERE, "server.pem"), os.path.join(HERE, "server.key")
        )

    def authenticate(server, session, envelope, mechanism, data):
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == a.user
            and data.password.decode() == a.password
        )
        return AuthResult(success=ok, handled=False)

    kwargs = {"enable_SMTPUTF8": True}
    if a.user:
        kwargs.update(
            authenticator=authenticate,
            auth_required=True,
            auth_require_tls=a.tls is not None,
        )
    if a.tls == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    port = free_port()
    server = Server(
        Keeper(a.dir),
        hostname="127.0.0.1",
        port=port,
        ssl_context=context if a.tls == "tls" else None,
        **kwargs,
    )
    server.start()
    print("PORT %d" % port, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    server.stop()


if __name__ == "__main__":
    sys.exit(main())
