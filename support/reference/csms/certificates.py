"""M Certificate management and C07 contract certificates: what the CSMS installs, reads and
deletes on a station, the OCSP status it fetches for a station (M06), contract certificate
checks in Authorize (C07, through OCSP), and EV certificates from a certificate provisioning
service (M01/M02).

OCSP is real: the CSMS sends an RFC 6960 request to the responder URL of the request (or of the
certificate's Authority Information Access) and checks the signed answer against the CAs it trusts.
What the CSMS keeps per station, in StationRecord.security["installed"]: certificateType -> list of
CertificateHashDataType the station reported or accepted.
"""
import base64
import binascii
import datetime
import hashlib
import logging

import aiohttp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ocsp

from ...pki import ocsp as ocsp_mod
from .core import Faults

log = logging.getLogger(__name__)

Faults.declare({
    "skip_ocsp": False,              # C07: answers a contract certificate without asking its OCSP responder
    "ignore_revocation": False,      # C07: takes a revoked contract certificate as good
    "delete_with_sha256": False,     # M04.FR.07: deletes with SHA256 whatever algorithm the station reported
    "no_ocsp_result": False,         # M06.FR.02: answers GetCertificateStatus without the OCSP response
})

OCSP_TIMEOUT = 5.0
_HASHES = {"SHA256": hashes.SHA256, "SHA384": hashes.SHA384, "SHA512": hashes.SHA512}


class OcspError(Exception):
    """The OCSP status could not be learned (responder unreachable, bad answer, unknown issuer)."""


class CertificateProvisioningService:
    """An in-process stand-in for the certificate provisioning service behind the CSMS (M01/M02):
    it takes the EV's EXI request and returns an EXI response. It does not decode EXI; it checks
    what it can (a known ISO 15118 schema, a non-empty Base64 request) and answers with a response
    bound to the request."""

    SCHEMAS = ("urn:iso:15118:2:2010:MsgDef", "urn:iso:15118:2:2013:MsgDef",
               "urn:iso:std:iso:15118:-20:CommonMessages")

    def __init__(self):
        self.requests = []     # (station_id, action, iso15118SchemaVersion)

    def process(self, station_id, action, schema_version, exi_request):
        """(status, exiResponse or None, reason)."""
        self.requests.append((station_id, action, schema_version))
        if schema_version not in self.SCHEMAS:
            return "Failed", None, f"unknown ISO 15118 schema {schema_version!r}"
        try:
            raw = base64.b64decode(exi_request, validate=True)
        except (binascii.Error, ValueError):
            return "Failed", None, "exiRequest is not Base64"
        if not raw:
            return "Failed", None, "exiRequest is empty"
        name = b"CertificateInstallationRes" if action == "Install" else b"CertificateUpdateRes"
        body = b"\x80\x98" + name + b"\x00" + hashlib.sha256(raw).digest()
        return "Accepted", base64.b64encode(body).decode(), None


def _key_bits(public_key):
    """The subjectPublicKey BIT STRING content, which an OCSP CertID's issuerKeyHash hashes."""
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)


def _verify_signature(public_key, signature, data, hash_algorithm):
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hash_algorithm))
    elif isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)
    else:
        raise InvalidSignature("unsupported key type")


class Certificates:
    # Trigger API (docs/trigger-api.md): "Request the CSMS to send a DeleteCertificateRequest" (M04).
    TRIGGER_COMMANDS = {"delete-certificate": "api_delete_certificate"}

    def init_state(self):
        super().init_state()
        self.contract_roots = []     # MO root certificates the CSMS trusts for contract certificates (C07)
        self.trusted_cas = []        # CA certificates whose OCSP answers the CSMS can check
        self.provisioning = CertificateProvisioningService()

    def configure_trust(self, contract_roots, trusted_cas):
        self.contract_roots = list(contract_roots)
        self.trusted_cas = list(trusted_cas)

    # ------------------------------------------------------------------ OCSP

    async def ocsp_query(self, url, request_der):
        """POST an OCSP request; the DER answer of a successful response, else OcspError."""
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=OCSP_TIMEOUT)) as session:
                async with session.post(url, data=request_der,
                                        headers={"Content-Type": "application/ocsp-request"}) as answer:
                    body = await answer.read()
                    if answer.status != 200:
                        raise OcspError(f"the OCSP responder at {url} answered HTTP {answer.status}")
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise OcspError(f"cannot reach the OCSP responder at {url}: {exc or type(exc).__name__}") from None
        try:
            response = ocsp.load_der_ocsp_response(body)
        except ValueError as exc:
            raise OcspError(f"the OCSP responder at {url} did not answer with an OCSP response: {exc}") from None
        if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise OcspError(f"the OCSP responder at {url} answered {response.response_status.name}")
        return body, response

    def _issuer_for(self, issuer_key_hash, algorithm):
        for ca in self.trusted_cas:
            digest = hashes.Hash(type(algorithm)())
            digest.update(_key_bits(ca.public_key()))
            if digest.finalize() == issuer_key_hash:
                return ca
        return None

    def _check_ocsp_answer(self, response, hash_data):
        """The certificate status of a verified OCSP answer about exactly the asked certificate."""
        if response.serial_number != int(hash_data["serialNumber"], 16) or \
                response.issuer_key_hash.hex() != hash_data["issuerKeyHash"].lower():
            raise OcspError("the OCSP answer is about another certificate than the one asked for")
        issuer = self._issuer_for(response.issuer_key_hash, response.hash_algorithm)
        if issuer is None:
            raise OcspError("the OCSP answer is for an issuer the CSMS does not trust")
        signer = issuer
        for delegate in response.certificates:   # a delegated responder certificate issued by the CA
            try:
                delegate.verify_directly_issued_by(issuer)
                signer = delegate
            except (ValueError, TypeError, InvalidSignature):
                continue
        try:
            _verify_signature(signer.public_key(), response.signature, response.tbs_response_bytes,
                              response.signature_hash_algorithm)
        except InvalidSignature:
            raise OcspError("the signature of the OCSP answer does not verify") from None
        return response.certificate_status.name.lower()

    async def ocsp_status(self, hash_data, url):
        """'good' | 'revoked' | 'unknown' of one certificate (CertificateHashDataType) from `url`."""
        try:
            request = ocsp_mod.build_request(hashes_=hash_data)
        except (KeyError, ValueError) as exc:
            raise OcspError(f"the hash data cannot make an OCSP request: {exc}") from None
        _, response = await self.ocsp_query(url, request)
        return self._check_ocsp_answer(response, hash_data)

    # ------------------------------------------------------------------ M06 certificate status

    async def on_GetCertificateStatus(self, station, connection, payload):
        data = payload["ocspRequestData"]
        try:
            request = ocsp_mod.build_request(hashes_=data)
            der, _ = await self.ocsp_query(data["responderURL"], request)
        except (OcspError, KeyError, ValueError) as exc:
            return {"status": "Failed", "statusInfo": {"reasonCode": "OCSPFailed", "additionalInfo": str(exc)[:512]}}
        if self.faults.no_ocsp_result:
            return {"status": "Accepted"}
        # M06.FR.02/.08/.09: the OCSP response as the responder gave it, DER and then base64.
        return {"status": "Accepted", "ocspResult": base64.b64encode(der).decode()}

    # ------------------------------------------------------------------ C07 contract certificates

    async def on_Authorize(self, station, connection, payload):
        answer = await super().on_Authorize(station, connection, payload)
        if "certificate" not in payload and "iso15118CertificateHashData" not in payload:
            return answer
        status = await self.contract_certificate_status(payload)
        answer["certificateStatus"] = status
        if status != "Accepted" and answer["idTokenInfo"]["status"] == "Accepted":
            # C07.FR.16: a contract whose certificate is not valid does not authorize.
            answer["idTokenInfo"] = dict(answer["idTokenInfo"], status="Invalid")
        return answer

    async def contract_certificate_status(self, payload):
        """AuthorizeCertificateStatus of the contract certificate of an AuthorizeRequest: the full
        chain when the station sent it (central validation), else the hash data it sent."""
        if self.faults.skip_ocsp:
            return "Accepted"
        if "certificate" in payload:
            checked = self._contract_chain(payload["certificate"])
            if isinstance(checked, str):
                return checked
            queries = checked
        else:
            queries = [({k: v for k, v in d.items() if k != "responderURL"}, d.get("responderURL"))
                       for d in payload["iso15118CertificateHashData"]]
        verdict = "Accepted"
        for hash_data, url in queries:
            if not url:
                return "CertChainError"     # no way to learn the revocation status
            try:
                status = await self.ocsp_status(hash_data, url)
            except OcspError as exc:
                log.info("contract certificate not checked: %s", exc)
                return "CertChainError"
            if status == "revoked" and not self.faults.ignore_revocation:
                return "CertificateRevoked"
            if status == "unknown":
                verdict = "CertChainError"
        return verdict

    def _contract_chain(self, text):
        """[(hash data, OCSP URL)] for every certificate of a contract chain up to a trusted MO
        root, or the AuthorizeCertificateStatus that refuses it."""
        try:
            chain = x509.load_pem_x509_certificates(text.encode())
        except ValueError:
            return "CertChainError"
        now = datetime.datetime.now(datetime.timezone.utc)
        for cert in chain:
            if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
                return "CertificateExpired"
        for child, parent in zip(chain, chain[1:]):
            try:
                child.verify_directly_issued_by(parent)
            except InvalidSignature:
                return "SignatureError"
            except (ValueError, TypeError):
                return "CertChainError"
        top = chain[-1]
        root = next((r for r in self.contract_roots if r == top), None)
        if root is None:
            for candidate in self.contract_roots:
                try:
                    top.verify_directly_issued_by(candidate)
                    root = candidate
                    break
                except (ValueError, TypeError, InvalidSignature):
                    continue
        if root is None:
            return "CertChainError"         # not issued under an MO root the CSMS trusts
        full = chain if top == root else chain + [root]
        leaf_url = ocsp_mod.ocsp_url(chain[0])
        return [(ocsp_mod.hash_data(cert, issuer), ocsp_mod.ocsp_url(cert) or leaf_url)
                for cert, issuer in zip(full, full[1:])]

    # ------------------------------------------------------------------ M01/M02 EV certificates

    async def on_Get15118EVCertificate(self, station, connection, payload):
        status, exi_response, reason = self.provisioning.process(
            station.station_id, payload["action"], payload["iso15118SchemaVersion"], payload["exiRequest"])
        if status != "Accepted":
            return {"status": status, "exiResponse": "", "statusInfo": {"reasonCode": "CPSFailed",
                                                                         "additionalInfo": reason[:512]}}
        return {"status": status, "exiResponse": exi_response}

    # ------------------------------------------------------------------ M03/M04/M05 on the station

    async def send(self, station_id, action, payload, timeout=None):
        outcome = await super().send(station_id, action, payload, timeout)
        record = self.store.stations.get(station_id)
        if record is None or not outcome.ok:
            return outcome
        installed = record.security.setdefault("installed", {})
        status = outcome.response.get("status")
        if action == "InstallCertificate" and status == "Accepted":
            try:
                cert = x509.load_pem_x509_certificate(payload["certificate"].encode())
                installed.setdefault(payload["certificateType"], []).append(ocsp_mod.hash_data(cert, cert))
            except ValueError:
                pass
        elif action == "GetInstalledCertificateIds":
            asked = payload.get("certificateType")
            for key in list(installed):
                if asked is None or key in asked:
                    del installed[key]
            for entry in outcome.response.get("certificateHashDataChain") or []:
                installed.setdefault(entry["certificateType"], []).append(entry["certificateHashData"])
        elif action == "DeleteCertificate" and status == "Accepted":
            for key, items in installed.items():
                installed[key] = [h for h in items if h != payload["certificateHashData"]]
        return outcome

    async def delete_station_certificate(self, station_id, certificate_type, timeout=None):
        """M04: ask the station for the hash data of its certificates of this type, then delete the
        first one with exactly that hash data (M04.FR.07: the algorithm the station uses).
        Returns [(action, outcome)] of the messages sent."""
        sent = []
        outcome = await self.send(station_id, "GetInstalledCertificateIds", {"certificateType": [certificate_type]},
                                  timeout)
        sent.append(("GetInstalledCertificateIds", outcome))
        if not outcome.ok or outcome.response.get("status") != "Accepted":
            return sent
        entries = [e for e in outcome.response.get("certificateHashDataChain") or []
                   if e["certificateType"] == certificate_type]
        if not entries:
            return sent
        hash_data = dict(entries[0]["certificateHashData"])
        if self.faults.delete_with_sha256:
            hash_data["hashAlgorithm"] = "SHA256"
        outcome = await self.send(station_id, "DeleteCertificate", {"certificateHashData": hash_data}, timeout)
        sent.append(("DeleteCertificate", outcome))
        return sent

    async def api_delete_certificate(self, station_id, body, timeout):
        """Trigger API delete-certificate {"certificateType": "CSMSRootCertificate"}: the answer is the
        station's last answer (DeleteCertificate, or GetInstalledCertificateIds when nothing was
        deleted) with getInstalledCertificateIds (the station's first answer) and deleted."""
        unknown = set(body) - {"certificateType"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; the body is "
                             f"{{\"certificateType\": \"CSMSRootCertificate\"}}")
        types = ("V2GRootCertificate", "MORootCertificate", "CSMSRootCertificate", "V2GCertificateChain",
                 "ManufacturerRootCertificate")
        certificate_type = body.get("certificateType")
        if certificate_type not in types:
            raise ValueError(f"certificateType must be one of {', '.join(types)}, not {certificate_type!r}")
        sent = await self.delete_station_certificate(station_id, certificate_type, timeout)
        first = sent[0][1]
        extra = {"deleted": sent[-1][0] == "DeleteCertificate" and sent[-1][1].ok
                 and sent[-1][1].response.get("status") == "Accepted"}
        if first.ok and len(sent) > 1:
            extra["getInstalledCertificateIds"] = first.response
        return sent[-1][1], extra
