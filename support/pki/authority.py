"""Certificate authorities for the suite's test PKI, with `cryptography`: roots, server and client
certificates, contract certificates with an AIA OCSP URL, and CSR signing (SignCertificate /
CertificateSigned). Keys are EC P-256: fast to make and accepted by every OCPP cipher suite list; an
RSA 2048 server certificate serves the TLS_RSA_WITH_AES_*_GCM suites (TC_A_04_CSMS)."""
import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

# Generated certificates outlive any plausible use of a checkout: never expire within 10 years.
VALIDITY = datetime.timedelta(days=20 * 365)


def new_key(kind="ec"):
    """An EC P-256 key, or ("rsa") an RSA 2048 key."""
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def name(common_name, organization=None):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def load_cert(data):
    return x509.load_pem_x509_certificate(data.encode() if isinstance(data, str) else data)


def load_key(data):
    return serialization.load_pem_private_key(data.encode() if isinstance(data, str) else data, None)


class CertificateAuthority:
    """A CA: a key and a certificate (self-signed root, or issued by a parent CA)."""

    def __init__(self, certificate, key, parent=None):
        self.certificate = certificate
        self.key = key
        self.parent = parent

    @classmethod
    def root(cls, common_name, organization="OCPP Conformance Suite", validity=VALIDITY):
        """A self-signed root; a negative validity makes an expired one (for negative cases)."""
        key = new_key()
        subject = name(common_name, organization)
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(min(now, now + validity) - datetime.timedelta(days=30 if validity.days < 0 else 0,
                                                                               minutes=5))
                .not_valid_after(now + validity)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             key_cert_sign=True, crl_sign=True, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        return cls(cert, key)

    def subordinate(self, common_name, organization="OCPP Conformance Suite"):
        key = new_key()
        cert = self._build(name(common_name, organization), key.public_key(), ca=True)
        return CertificateAuthority(cert, key, parent=self)

    def _build(self, subject, public_key, ca=False, san=(), client=False, server=False, ocsp_url=None,
               ocsp_signing=False, validity=VALIDITY):
        now = datetime.datetime.now(datetime.timezone.utc)
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(self.certificate.subject)
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(min(now, now + validity) - datetime.timedelta(days=2 if validity.days < 0 else 0,
                                                                                     minutes=5))
                   .not_valid_after(now + validity)
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                  critical=False))
        rsa_leaf = isinstance(public_key, rsa.RSAPublicKey) and not ca
        builder = builder.add_extension(x509.KeyUsage(
            # an RSA key is used for key transport (TLS_RSA_* suites), an EC key for key agreement
            digital_signature=True, content_commitment=False, key_encipherment=rsa_leaf, data_encipherment=False,
            key_agreement=not ca and not rsa_leaf, key_cert_sign=ca, crl_sign=ca, encipher_only=False,
            decipher_only=False),
            critical=True)
        usages = []
        if server:
            usages.append(ExtendedKeyUsageOID.SERVER_AUTH)
        if client:
            usages.append(ExtendedKeyUsageOID.CLIENT_AUTH)
        if ocsp_signing:
            usages.append(ExtendedKeyUsageOID.OCSP_SIGNING)
        if usages:
            builder = builder.add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        if san:
            entries = []
            for item in san:
                try:
                    entries.append(x509.IPAddress(ipaddress.ip_address(item)))
                except ValueError:
                    entries.append(x509.DNSName(item))
            builder = builder.add_extension(x509.SubjectAlternativeName(entries), critical=False)
        if ocsp_url:
            builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url))]), critical=False)
        return builder.sign(self.key, hashes.SHA256())

    def issue(self, common_name, organization=None, san=(), client=False, server=False, ocsp_url=None,
              ocsp_signing=False, validity=VALIDITY, key_kind="ec"):
        """A leaf certificate and its key (key_kind "ec" or "rsa")."""
        key = new_key(key_kind)
        cert = self._build(name(common_name, organization), key.public_key(), san=san, client=client,
                           server=server, ocsp_url=ocsp_url, ocsp_signing=ocsp_signing, validity=validity)
        return cert, key

    def sign_csr(self, csr_pem, client=True, validity=VALIDITY):
        """Sign a PEM CSR (SignCertificateRequest.csr); raises ValueError when the CSR is not valid."""
        try:
            csr = x509.load_pem_x509_csr(csr_pem.encode() if isinstance(csr_pem, str) else csr_pem)
        except ValueError as exc:
            raise ValueError(f"not a PEM certificate signing request: {exc}") from None
        if not csr.is_signature_valid:
            raise ValueError("the CSR signature does not verify")
        return self._build(csr.subject, csr.public_key(), client=client, validity=validity)

    def chain(self):
        """This CA's certificate and its parents', leaf-most first."""
        out, ca = [], self
        while ca is not None:
            out.append(ca.certificate)
            ca = ca.parent
        return out


def make_csr(common_name, organization=None, key=None):
    """A CSR as a station makes it for SignCertificate; returns (csr_pem, key)."""
    key = key or new_key()
    csr = x509.CertificateSigningRequestBuilder().subject_name(name(common_name, organization)).sign(
        key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode(), key
