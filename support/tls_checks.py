"""Checks of a TLS connection and of the CSMS's server certificate against OCPP 2.0.1 A00."""
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

# OpenSSL names of the suites OCPP 2.0.1 lists (A00.FR.318-321); TLS 1.3 suites are all acceptable.
OCPP_SUITES = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
               "AES128-GCM-SHA256", "AES256-GCM-SHA384",
               "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"}


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
