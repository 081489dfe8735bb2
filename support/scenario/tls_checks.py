"""Checks of a TLS connection and of the CSMS's server certificate against OCPP 2.0.1 A00, and of the
TLS 1.2 cipher suites a CSMS takes."""
import socket
import ssl
from urllib.parse import urlparse

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

# OpenSSL names of the suites OCPP 2.0.1 lists (A00.FR.318-321); TLS 1.3 suites are all acceptable.
OCPP_SUITES = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
               "AES128-GCM-SHA256", "AES256-GCM-SHA384",
               "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"}

# "At least the following set of cipher suites must be supported" (TLS 1.2): the OCTT's tool validation of
# TC_A_04_CSMS and TC_A_07_CSMS (A00.FR.318-321) and of TC_086_CSMS and TC_087_CSMS (1.6 security
# whitepaper 2.4). IANA name -> OpenSSL name. The two RSA suites need an RSA server certificate.
CSMS_REQUIRED_SUITES = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256": "AES128-GCM-SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384": "AES256-GCM-SHA384",
}
REQUIRED_SUITES_RULE = {
    "2.0.1": "the OCTT's tool validation of TC_A_04_CSMS / TC_A_07_CSMS (A00.FR.318-321)",
    "1.6": "the OCTT's tool validation of TC_086_CSMS / TC_087_CSMS (security whitepaper 2.4)",
}


def check_connection(handshake):
    if handshake is None or not handshake.accepted:
        return [f"there is no accepted connection ({handshake.describe() if handshake else 'no attempt'})"]
    if not handshake.tls_version:
        return ["the connection is not over TLS"]
    problems = []
    if handshake.tls_version not in ("TLSv1.2", "TLSv1.3"):
        problems.append(f"TLS version {handshake.tls_version}, expected TLSv1.2 or newer")
    if handshake.tls_version == "TLSv1.2" and handshake.cipher not in OCPP_SUITES:
        problems.append(f"cipher suite {handshake.cipher} is not one OCPP 2.0.1 lists")
    return problems


def check_server_certificate(handshake):
    if handshake is None or not handshake.server_certificate:
        return ["no server certificate was received (is the connection over TLS?)"]
    cert = x509.load_der_x509_certificate(handshake.server_certificate)
    problems = []
    if not cert.serial_number:
        problems.append("the certificate has no serial number")
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names:
        problems.append("the subject has no commonName")
    elif "." not in names[0].value and names[0].value != "localhost":
        problems.append(f"the commonName {names[0].value!r} is not a fully qualified domain name")
    key = cert.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 224:
        problems.append(f"EC key of {key.curve.key_size} bits, expected at least 224")
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        problems.append(f"RSA key of {key.key_size} bits, expected at least 2048")
    return problems


def suite_refusals(url, ca_path, cert_path=None, key_path=None, timeout=5.0):
    """{IANA name: why not} of the required suites with which the CSMS at the wss:// `url` takes no
    TLS 1.2 handshake offering only that suite (the client certificate, when given, is presented as a
    profile 3 station does). Only the TLS handshake is made: no HTTP, no WebSocket."""
    target = urlparse(url)
    host, port = target.hostname, target.port or 443
    refused = {}
    for iana, openssl_name in CSMS_REQUIRED_SUITES.items():
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(ca_path)
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.set_ciphers(openssl_name)
            if cert_path:
                context.load_cert_chain(cert_path, key_path)
            with socket.create_connection((host, port), timeout=timeout) as raw:
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    negotiated = tls.cipher()[0]
            if negotiated != openssl_name:
                refused[iana] = f"it negotiated {negotiated}"
        except ssl.SSLError as exc:
            refused[iana] = f"TLS handshake failed: {exc.reason or exc}"
        except OSError as exc:
            refused[iana] = f"no connection: {exc}"
    return refused


def required_suites_failure(url, ca_path, cert_path=None, key_path=None, version="2.0.1"):
    """Why the CSMS fails the rule when it refuses any required TLS 1.2 cipher suite, else None."""
    refused = suite_refusals(url, ca_path, cert_path, key_path)
    if not refused:
        return None
    rule = REQUIRED_SUITES_RULE.get(version, REQUIRED_SUITES_RULE["2.0.1"])
    return (f"{rule}: the CSMS must take TLS 1.2 with each of {', '.join(CSMS_REQUIRED_SUITES)}; the CSMS at "
            f"{url} refuses a handshake offering only\n  "
            + "\n  ".join(f"{iana} ({why})" for iana, why in refused.items()))
