"""An RFC 6960 OCSP responder over HTTP, and OCPP's certificate hash data.

The responder answers with responses signed by the issuing CA: good, revoked or unknown per
certificate serial number (configurable), and counts requests so a scenario can assert that the
CSMS really asked.
"""
import base64
import datetime
from dataclasses import dataclass, field

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp


def hash_data(certificate, issuer, algorithm="SHA256"):
    """OCPP CertificateHashDataType of a certificate: the fields of its OCSP CertID."""
    algo = {"SHA256": hashes.SHA256(), "SHA384": hashes.SHA384(), "SHA512": hashes.SHA512()}[algorithm]
    request = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, algo).build()
    return {"hashAlgorithm": algorithm, "issuerNameHash": request.issuer_name_hash.hex(),
            "issuerKeyHash": request.issuer_key_hash.hex(), "serialNumber": format(request.serial_number, "x")}


def ocsp_request_data(certificate, issuer, responder_url, algorithm="SHA256"):
    """OCPP OCSPRequestDataType: hash data plus the responder URL."""
    return dict(hash_data(certificate, issuer, algorithm), responderURL=responder_url)


def ocsp_url(certificate):
    """The OCSP URL in a certificate's Authority Information Access extension, or None."""
    try:
        aia = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return None
    for description in aia:
        if description.access_method == x509.oid.AuthorityInformationAccessOID.OCSP:
            return description.access_location.value
    return None


def build_request(certificate=None, issuer=None, hashes_=None):
    """DER OCSPRequest from a certificate and its issuer, or from OCPP hash data."""
    builder = ocsp.OCSPRequestBuilder()
    if certificate is not None:
        builder = builder.add_certificate(certificate, issuer, hashes.SHA256())
    else:
        algo = {"SHA256": hashes.SHA256(), "SHA384": hashes.SHA384(), "SHA512": hashes.SHA512()}[
            hashes_["hashAlgorithm"]]
        builder = builder.add_certificate_by_hash(bytes.fromhex(hashes_["issuerNameHash"]),
                                                  bytes.fromhex(hashes_["issuerKeyHash"]),
                                                  int(hashes_["serialNumber"], 16), algo)
    return builder.build().public_bytes(serialization.Encoding.DER)


@dataclass
class Issuer:
    certificate: object
    key: object
    known: dict = field(default_factory=dict)   # serial -> certificate issued by it


class OcspResponder:
    """HTTP OCSP responder on a free loopback port, on the running asyncio loop."""

    def __init__(self, host="127.0.0.1", port=0):
        self.host, self.port = host, port
        self.issuers = []
        self.status = {}              # serial number -> "good" | "revoked" | "unknown"
        self.default_status = "good"
        self.requests = []            # (serial numbers asked) per request
        self._runner = None

    @property
    def url(self):
        return f"http://{self.host}:{self.port}/ocsp"

    def add_issuer(self, certificate, key):
        self.issuers.append(Issuer(certificate, key))

    def set_status(self, certificate_or_serial, status):
        if status not in ("good", "revoked", "unknown"):
            raise ValueError(f"'{status}' is not an OCSP certificate status (good, revoked, unknown)")
        serial = getattr(certificate_or_serial, "serial_number", certificate_or_serial)
        self.status[serial] = status

    @property
    def request_count(self):
        return len(self.requests)

    async def start(self):
        app = web.Application()
        app.router.add_post("/ocsp", self._post)
        app.router.add_post("/", self._post)
        app.router.add_get("/ocsp/{request}", self._get)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def _post(self, request):
        return self._answer(await request.read())

    async def _get(self, request):
        try:
            der = base64.b64decode(request.match_info["request"])
        except ValueError:
            der = b""
        return self._answer(der)

    def _issuer_for(self, req):
        algo = req.hash_algorithm
        for issuer in self.issuers:
            name_hash = hashes.Hash(type(algo)())
            name_hash.update(issuer.certificate.subject.public_bytes(serialization.Encoding.DER))
            if name_hash.finalize() == req.issuer_name_hash:
                return issuer
        return None

    def _answer(self, der):
        try:
            req = ocsp.load_der_ocsp_request(der)
        except ValueError:
            self.requests.append(None)
            return self._raw(ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST))
        self.requests.append(req.serial_number)
        issuer = self._issuer_for(req)
        if issuer is None:
            return self._raw(ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED))
        status = self.status.get(req.serial_number, self.default_status)
        now = datetime.datetime.now(datetime.timezone.utc)
        cert_status = {"good": ocsp.OCSPCertStatus.GOOD, "revoked": ocsp.OCSPCertStatus.REVOKED,
                       "unknown": ocsp.OCSPCertStatus.UNKNOWN}[status]
        builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
            issuer_name_hash=req.issuer_name_hash, issuer_key_hash=req.issuer_key_hash,
            serial_number=req.serial_number, algorithm=req.hash_algorithm, cert_status=cert_status,
            this_update=now, next_update=now + datetime.timedelta(hours=1),
            revocation_time=now - datetime.timedelta(hours=1) if status == "revoked" else None,
            revocation_reason=x509.ReasonFlags.key_compromise if status == "revoked" else None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, issuer.certificate)
        for extension in req.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                builder = builder.add_extension(extension.value, critical=False)
        return self._raw(builder.sign(issuer.key, hashes.SHA256()))

    @staticmethod
    def _raw(response):
        return web.Response(body=response.public_bytes(serialization.Encoding.DER),
                            content_type="application/ocsp-response")


def verify_response(der, issuer_certificate):
    """(status name, response) after checking the response signature against the issuer."""
    response = ocsp.load_der_ocsp_response(der)
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return response.response_status.name.lower(), response
    issuer_certificate.public_key().verify(response.signature, response.tbs_response_bytes,
                                           _signature_algorithm(response))
    return response.certificate_status.name.lower(), response


def _signature_algorithm(response):
    from cryptography.hazmat.primitives.asymmetric import ec
    return ec.ECDSA(response.signature_hash_algorithm)
