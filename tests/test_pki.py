"""The test PKI and the OCSP responder: real certificates, real RFC 6960 responses."""
import datetime
import shutil
import subprocess

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from support.pki.authority import CertificateAuthority, make_csr, pem
from support.pki.ocsp import OcspResponder, build_request, hash_data, ocsp_url, verify_response
from support.pki.store import TestPki
from support.runtime import Runtime


@pytest.fixture(scope="module")
def runtime():
    rt = Runtime()
    yield rt
    rt.stop()


@pytest.fixture(scope="module")
def pki():
    root = CertificateAuthority.root("Test MO Root")
    sub = root.subordinate("Test MO Sub CA")
    return root, sub


@pytest.fixture()
def responder(runtime, pki):
    _, sub = pki
    server = runtime.run(OcspResponder().start(), 5)
    server.add_issuer(sub.certificate, sub.key)
    yield server
    runtime.run(server.stop(), 5)


def test_hash_data_matches_cryptography_ocsp_cert_id(pki):
    _, sub = pki
    cert, _ = sub.issue("EMAID-1", client=True)
    data = hash_data(cert, sub.certificate)
    req = ocsp.OCSPRequestBuilder().add_certificate(cert, sub.certificate, hashes.SHA256()).build()
    assert data == {"hashAlgorithm": "SHA256", "issuerNameHash": req.issuer_name_hash.hex(),
                    "issuerKeyHash": req.issuer_key_hash.hex(), "serialNumber": format(cert.serial_number, "x")}
    # rebuilt from the hash data alone, the request names the same certificate
    rebuilt = ocsp.load_der_ocsp_request(build_request(hashes_=data))
    assert rebuilt.serial_number == cert.serial_number
    assert rebuilt.issuer_key_hash == req.issuer_key_hash


@pytest.mark.parametrize("status", ["good", "revoked", "unknown"])
def test_responder_answers_each_status_signed_by_the_ca(responder, pki, status):
    _, sub = pki
    cert, _ = sub.issue(f"EMAID-{status}", client=True, ocsp_url=responder.url)
    responder.set_status(cert, status)
    assert ocsp_url(cert) == responder.url
    reply = requests.post(responder.url, data=build_request(cert, sub.certificate),
                          headers={"Content-Type": "application/ocsp-request"}, timeout=5)
    name, response = verify_response(reply.content, sub.certificate)
    assert name == status
    assert response.serial_number == cert.serial_number
    assert responder.request_count == 1


def test_openssl_verifies_the_responses(responder, pki, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    _, sub = pki
    cert, _ = sub.issue("EMAID-openssl", client=True)
    responder.set_status(cert, "revoked")
    (tmp_path / "issuer.pem").write_text(pem(sub.certificate))
    (tmp_path / "cert.pem").write_text(pem(cert))
    out = subprocess.run(["openssl", "ocsp", "-issuer", str(tmp_path / "issuer.pem"), "-cert",
                          str(tmp_path / "cert.pem"), "-url", responder.url, "-VAfile",
                          str(tmp_path / "issuer.pem"), "-no_nonce"], capture_output=True, text=True, timeout=20)
    assert "Response verify OK" in out.stderr + out.stdout, out.stderr + out.stdout
    assert "revoked" in out.stdout


def test_malformed_request_gets_malformed_request_status(responder):
    reply = requests.post(responder.url, data=b"not an ocsp request", timeout=5)
    assert ocsp.load_der_ocsp_response(reply.content).response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_csr_signing_and_bad_csr(pki):
    root, _ = pki
    csr, key = make_csr("CP_1", "Operator")
    cert = root.sign_csr(csr)
    assert cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)[0].value == "CP_1"
    assert cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
        == key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(ValueError):
        root.sign_csr("-----BEGIN CERTIFICATE REQUEST-----\nnonsense\n-----END CERTIFICATE REQUEST-----\n")


def test_store_is_idempotent_and_long_lived(tmp_path):
    store = TestPki(str(tmp_path))
    cert_path, key_path = store.csms_server()
    first = open(cert_path).read()
    again = TestPki(str(tmp_path)).csms_server()
    assert open(again[0]).read() == first
    cert = x509.load_pem_x509_certificate(first.encode())
    assert cert.not_valid_after_utc > datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3650)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in san.get_values_for_type(x509.DNSName)
    client_path, _ = store.station_client("CP_1")
    client = x509.load_pem_x509_certificate(open(client_path, "rb").read())
    assert client.subject.rfc4514_string() == "CN=CP_1,O=OCPP Conformance Suite Operator"
    root = store.csms_root.certificate
    root.public_key().verify(client.signature, client.tbs_certificate_bytes,
                             __import__("cryptography.hazmat.primitives.asymmetric.ec", fromlist=["ec"]).ECDSA(
                                 client.signature_hash_algorithm))
