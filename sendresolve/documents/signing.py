"""PAdES signatures on the documents we issue (pyHanko), so a changed byte shows in any PDF reader.

The provider's key and certificate are PEM, named by the settings ``SENDRESOLVE_SIGNING_KEY`` and
``SENDRESOLVE_SIGNING_CERT`` (a file path, or the PEM text itself) with an optional
``SENDRESOLVE_SIGNING_KEY_PASSPHRASE``. In development ``manage.py signing_key`` writes a
self-signed pair under ``var/signing/``; production reads them from the environment, and the
system checks (``verification.checks``) warn at start, and fail ``check --deploy``, without them.
"""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings

__all__ = [
    "SigningNotConfigured",
    "development_key_pair",
    "pdf_sign",
    "pdf_signature_check",
    "signer_configured",
    "signing_configured",
]

FIELD_NAME = "SendResolveSignature"


class SigningNotConfigured(Exception):
    """No signing key and certificate are set."""


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko's validator says about a PDF's (only) signature."""

    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature matches them
    trusted: bool  # signed by the certificate we trust
    whole_file: bool  # nothing was added after signing

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def _pem(value: str) -> bytes:
    """A setting's PEM: the text itself when it is PEM, else the file it names."""
    if value.lstrip().startswith("-----BEGIN"):
        return value.encode()
    return Path(value).read_bytes()


def _present(value: str) -> bool:
    return bool(value) and (value.lstrip().startswith("-----BEGIN") or Path(value).is_file())


def signing_configured() -> bool:
    """Whether a key and certificate are set and there (development names files under
    ``var/signing/`` that ``manage.py signing_key`` may not have written yet)."""
    return _present(settings.SENDRESOLVE_SIGNING_KEY) and _present(
        settings.SENDRESOLVE_SIGNING_CERT
    )


def signer_configured():
    """The configured provider's signer (``pyhanko.sign.signers.SimpleSigner``)."""
    from asn1crypto import keys, pem, x509
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not signing_configured():
        raise SigningNotConfigured("Set SENDRESOLVE_SIGNING_KEY and SENDRESOLVE_SIGNING_CERT.")
    passphrase = settings.SENDRESOLVE_SIGNING_KEY_PASSPHRASE.encode() or None
    key: keys.PrivateKeyInfo = load_private_key_from_pemder_data(
        _pem(settings.SENDRESOLVE_SIGNING_KEY), passphrase=passphrase
    )
    _, _, der = pem.unarmor(_pem(settings.SENDRESOLVE_SIGNING_CERT))
    certificate = x509.Certificate.load(der)
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )


def pdf_sign(pdf: bytes, *, signer, reason: str, name: str) -> bytes:
    """``pdf`` with an invisible PAdES baseline signature over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        name=name,
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def pdf_signature_check(pdf: bytes, *, trusted_cert_pem: bytes) -> SignatureCheck:
    """Validate the PDF's signature with pyHanko against ``trusted_cert_pem``. A file that does
    not even read as a signed PDF fails every part."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    failed = SignatureCheck(intact=False, valid=False, trusted=False, whole_file=False)
    _, _, der = pem.unarmor(trusted_cert_pem)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
        if len(signatures) != 1:
            return failed
        status = validate_pdf_signature(signatures[0], context)
    except (PdfError, ValueError, KeyError, TypeError):
        return failed
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
    )


def development_key_pair(common_name: str, *, days: int = 3650) -> tuple[bytes, bytes]:
    """A new self-signed signing key and certificate as PEM (key, certificate): development
    and tests only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SEND Resolve (development)"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)
