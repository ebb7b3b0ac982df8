"""A throwaway PKI for the signing tests: a CA, signing certificates (valid, expired, from another
CA), a time-stamping certificate, a CRL, and a local HTTP server that answers RFC 3161 time-stamp
requests (pyHanko's DummyTimeStamper signs them) and serves the CRL.

Made with `cryptography`; nothing here depends on the digitize package.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.UTC)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class Pki:
    ca: Issued
    crl_url: str | None = None
    _revoked: list = field(default_factory=list)

    @classmethod
    def new(cls, name: str = "Test Root CA", crl_url: str | None = None) -> Pki:
        key = _key()
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=30))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(Issued(key, cert), crl_url)

    def issue(
        self,
        cn: str,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        tsa: bool = False,
    ) -> Issued:
        key = _key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.ca.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - dt.timedelta(days=1))
            .not_valid_after(not_after or NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()), critical=False)
        )
        if tsa:
            builder = builder.add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
            ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
            )
        if self.crl_url:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(self.crl_url)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        return Issued(key, builder.sign(self.ca.key, hashes.SHA256()))

    def p12(self, issued: Issued, passphrase: str | None, *, with_chain: bool = True) -> bytes:
        encryption = (
            serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            b"test", issued.key, issued.cert, [self.ca.cert] if with_chain else None, encryption
        )

    def crl(self) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.cert.subject)
            .last_update(NOW - dt.timedelta(hours=1))
            .next_update(NOW + dt.timedelta(days=7))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()), critical=False)
            .add_extension(x509.CRLNumber(1), critical=False)
        )
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def write_roots(self, path: Path) -> Path:
        path.write_bytes(self.ca.pem())
        return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    server_version = "test-tsa"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path.endswith(".crl"):
            body = self.server.pki.crl()
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-crl")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        from asn1crypto import keys, tsp
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps import DummyTimeStamper

        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        tsa = self.server.tsa
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(serialization.Encoding.DER)),
            tsa_key=keys.PrivateKeyInfo.load(
                tsa.key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            certs_to_embed=[
                asn1_x509.Certificate.load(self.server.pki.ca.cert.public_bytes(serialization.Encoding.DER))
            ],
        )
        response = asyncio.run(stamper.async_request_tsa_response(request))
        body = response.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.requests += 1


@contextmanager
def tsa_server():
    """A local RFC 3161 time-stamp authority and CRL server; yields (tsa_url, pki). The PKI's
    certificates point at the server's CRL."""
    port = free_port()
    pki = Pki.new(crl_url=f"http://127.0.0.1:{port}/ca.crl")
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.pki = pki
    server.tsa = pki.issue("Test TSA", tsa=True)
    server.requests = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/tsa", pki, server
    finally:
        server.shutdown()
        server.server_close()
