"""Server TLS of the reference CSMS (security profiles 2 and 3): an ECDSA and an RSA server
certificate, so that it takes every TLS 1.2 cipher suite the OCTT asks of a CSMS (TC_A_04_CSMS,
TC_086_CSMS: both ECDHE-ECDSA suites and both TLS_RSA_WITH_AES_*_GCM suites), the CA it verifies
client certificates with, and the deliberate TLS faults (tls_minimum, no_rsa_suites)."""
import ssl

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from ...csms.server import ECDSA_CIPHERS, OCPP_CIPHERS, server_tls_context


def default_server_chains(pki):
    """[(certificate, key) paths]: the suite PKI's ECDSA and RSA CSMS server certificates."""
    return [pki.csms_server(), pki.csms_server_rsa()]


def key_type(cert_path):
    """'RSA' or 'ECDSA' (the key of the first certificate in the file)."""
    with open(cert_path, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    return "RSA" if isinstance(cert.public_key(), rsa.RSAPublicKey) else "ECDSA"


def tls_context(chains, client_ca, faults):
    """The SSLContext of the reference CSMS's wss:// listener for these server certificates."""
    minimum = getattr(ssl.TLSVersion, faults.tls_minimum) if faults.tls_minimum else ssl.TLSVersion.TLSv1_2
    ciphers = OCPP_CIPHERS
    if faults.no_rsa_suites:
        # a CSMS with an ECDSA certificate only: the TLS_RSA_* suites cannot be negotiated
        chains = [chain for chain in chains if key_type(chain[0]) != "RSA"]
        ciphers = ECDSA_CIPHERS
    if not chains:
        raise ValueError("no server certificate for the TLS listener")
    (cert, key), *more = chains
    return server_tls_context(cert, key, client_ca, minimum_version=minimum, more_chains=more, ciphers=ciphers)
