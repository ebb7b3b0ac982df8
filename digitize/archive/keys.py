"""The centre's signing certificate: loaded from DIGITIZE_SIGN_P12 / DIGITIZE_SIGN_PASSPHRASE, or
a development CA and certificate made under ``DIGITIZE_HOME/keys/`` (`digitize keys init`).

A configured certificate that is missing, unreadable, opened with a wrong passphrase, expired
or not yet valid is a `KeyProblem` with a message in plain words; the passphrase is never put
in a message, a log line or a repr.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEV_P12 = "dev-signing.p12"
DEV_CA = "dev-ca.pem"


class KeyProblem(ValueError):
    """The signing certificate cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class SigningKey:
    """What signing needs: the key and certificate (pyHanko's signer), the chain, who it is."""

    signer: object = field(repr=False)  # pyhanko.sign.signers.SimpleSigner
    certificate: asn1_x509.Certificate = field(repr=False)
    chain: tuple[asn1_x509.Certificate, ...] = field(repr=False)
    subject: str  # RFC 4514, e.g. "CN=…,O=…"
    path: Path
    development: bool


def keys_dir(home: Path) -> Path:
    return Path(home) / "keys"


def dev_trust_roots(home: Path) -> Path:
    return keys_dir(home) / DEV_CA


def _write_private(path: Path, data: bytes) -> None:
    """Written with mode 0600 from the start (never readable by others, even for a moment)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def init_dev_keys(home: Path, agency: str, *, overwrite: bool = False) -> Path:
    """A development CA (``keys/dev-ca.pem``, the default trust root of `verify`) and a signing
    certificate it issued, with its key, in ``keys/dev-signing.p12`` (no passphrase; files 0600).
    Returns the P12's path; an existing one is kept unless `overwrite`."""
    folder = keys_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    p12_path = folder / DEV_P12
    if p12_path.exists() and not overwrite:
        return p12_path
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("digitize development CA (not for production)", agency)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * 30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign, cRLSign
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{agency} (development)", agency))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )  # digitalSignature, nonRepudiation
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(b"digitize-dev", key, cert, [ca_cert], serialization.NoEncryption())
    _write_private(folder / DEV_CA, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_private(p12_path, p12)
    return p12_path


def load_signing_key(path: Path, passphrase: str | None, *, development: bool = False) -> SigningKey:
    """The P12 at `path`, checked: readable, opened by `passphrase`, holding a key and a
    certificate that is valid now."""
    from pyhanko.sign import signers

    path = Path(path).expanduser()
    if not path.exists():
        raise KeyProblem(f"The signing certificate DIGITIZE_SIGN_P12={path} does not exist.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"The signing certificate {path} cannot be read ({exc.strerror}).") from None
    password = passphrase.encode("utf-8") if passphrase else None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        # cryptography says "Invalid password or PKCS12 data": either way, never echo the passphrase
        if passphrase:
            why = "the passphrase (DIGITIZE_SIGN_PASSPHRASE) is wrong, or the file is not a PKCS#12 (.p12) file"
        else:
            why = "it needs a passphrase (set DIGITIZE_SIGN_PASSPHRASE), or it is not a PKCS#12 (.p12) file"
        raise KeyProblem(f"The signing certificate {path} cannot be opened: {why}.") from None
    if key is None or cert is None:
        raise KeyProblem(f"The signing certificate {path} holds no private key with its certificate.")
    now = dt.datetime.now(dt.UTC)
    if cert.not_valid_after_utc < now:
        raise KeyProblem(
            f"The signing certificate {path} expired on {cert.not_valid_after_utc:%Y-%m-%d}: "
            "documents cannot be signed with it. Configure a valid one (DIGITIZE_SIGN_P12)."
        )
    if cert.not_valid_before_utc > now:
        raise KeyProblem(
            f"The signing certificate {path} is not valid before {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC."
        )
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    chain = tuple(asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra or ())
    loaded = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password)
    if loaded is None:  # pyHanko logs and returns None where cryptography succeeded: unlikely
        raise KeyProblem(f"The signing certificate {path} cannot be used for signing.")
    signer = _signer_class()(
        signing_cert=loaded.signing_cert, signing_key=loaded.signing_key, cert_registry=loaded.cert_registry
    )
    signer.private_key = key
    return SigningKey(
        signer=signer,
        certificate=asn1_cert,
        chain=chain,
        subject=cert.subject.rfc4514_string(),
        path=path,
        development=development,
    )


@functools.cache
def _signer_class():
    """pyHanko's SimpleSigner, holding the private key it was given already loaded: its own
    `sign_raw` loads the key from DER again for every signature it makes (RSA key checks
    included: tens of milliseconds, twice per document). RSA PKCS#1 v1.5, what our
    certificates use, is signed here; anything else goes to pyHanko as before."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class LoadedKeySigner(SimpleSigner):
        private_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if isinstance(self.private_key, rsa.RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
                return self.private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return LoadedKeySigner


def configured_signing_key(home: Path, p12: str | None, passphrase: str | None, agency: str, warn) -> SigningKey:
    """The configured certificate, or the development one (made on first use, with one
    warning through `warn`)."""
    if p12:
        return load_signing_key(Path(p12), passphrase)
    path = keys_dir(home) / DEV_P12
    if not path.exists():
        init_dev_keys(home, agency)
        warn(
            f"No signing certificate is configured (DIGITIZE_SIGN_P12): documents are signed with a "
            f"development certificate made now in {path.parent}. Configure the centre's certificate for real use."
        )
    return load_signing_key(path, None, development=True)


def load_trust_roots(path: Path) -> list[asn1_x509.Certificate]:
    """The CA certificates of a PEM file (DIGITIZE_TRUST_ROOTS)."""
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"The trust roots file {path} cannot be read ({exc.strerror}).") from None
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise KeyProblem(f"The trust roots file {path} holds no PEM certificates.") from None
    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs]
