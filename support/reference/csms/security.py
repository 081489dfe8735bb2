"""A Security: the Basic auth password the CSMS gives a station (A01), signing the station's
certificates (A02/A03), and upgrading a station's security profile (A05).

What the CSMS keeps per station, in StationRecord.security:
  network_profiles   configurationSlot -> connectionData the station accepted (SetNetworkProfile)
  priority           the NetworkConfigurationPriority the station accepted, as a list of slots
  pending_profile    the higher security profile the station will use after its next reboot
  certificates       certificateType ('Combined' when omitted) -> {"serial", "status"} of what it signed
"""
import asyncio
import logging

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from .core import Faults

log = logging.getLogger(__name__)

Faults.declare({
    "store_rejected_password": False,   # A01: takes the new password although the station rejected it
    "ignore_profile_upgrade": False,    # A05: keeps the old security profile after the station upgraded
    "sign_with_v2g_ca": False,          # A02: signs a ChargingStationCertificate with the V2G CA
})

COMBINED = "Combined"


class Security:
    def init_state(self):
        super().init_state()
        self.csms_ca = None      # CertificateAuthority for ChargingStationCertificates (the TLS client CA)
        self.v2g_ca = None       # CertificateAuthority for V2G (and combined) certificates

    def configure_signing(self, csms_ca, v2g_ca):
        self.csms_ca, self.v2g_ca = csms_ca, v2g_ca

    def _signing_ca(self, certificate_type):
        if self.csms_ca is None or self.v2g_ca is None:
            from ...pki.store import TestPki   # a CSMS started without configuration signs with the test roots
            pki = TestPki()
            self.csms_ca = self.csms_ca or pki.csms_root
            self.v2g_ca = self.v2g_ca or pki.v2g_root
        if certificate_type == "ChargingStationCertificate" and not self.faults.sign_with_v2g_ca:
            return self.csms_ca
        return self.v2g_ca

    # ------------------------------------------------------------------ A01 password

    async def update_basic_auth_password(self, station_id, password, timeout=None):
        """Send SetVariables SecurityCtrlr.BasicAuthPassword; the outcome tells whether the station
        took it (send() keeps the password when it did). Returns (outcome, stored)."""
        payload = {"setVariableData": [{"component": {"name": "SecurityCtrlr"},
                                        "variable": {"name": "BasicAuthPassword"}, "attributeValue": password}]}
        outcome = await self.send(station_id, "SetVariables", payload, timeout)
        return outcome, self.store.stations[station_id].password == password

    async def send(self, station_id, action, payload, timeout=None):
        outcome = await super().send(station_id, action, payload, timeout)
        record = self.store.stations.get(station_id)
        if record is not None and outcome.ok:
            if action == "SetVariables":
                self._after_set_variables(record, payload, outcome.response)
            elif action == "SetNetworkProfile" and outcome.response.get("status") == "Accepted":
                record.security.setdefault("network_profiles", {})[payload["configurationSlot"]] = \
                    payload["connectionData"]
                self._plan_upgrade(record)
        return outcome

    def _after_set_variables(self, record, payload, response):
        results = response.get("setVariableResult") or []
        for item, result in zip(payload.get("setVariableData", []), results):
            key = (item["component"]["name"], item["variable"]["name"])
            status = result.get("attributeStatus")
            if key == ("SecurityCtrlr", "BasicAuthPassword"):
                # A01.FR.03: Accepted (or RebootRequired) means the station uses the new password;
                # A01.FR.04: anything else means it keeps the old one.
                if status in ("Accepted", "RebootRequired") or self.faults.store_rejected_password:
                    record.password = item["attributeValue"]
            elif key == ("OCPPCommCtrlr", "NetworkConfigurationPriority") and status in ("Accepted", "RebootRequired"):
                record.security["priority"] = [int(s) for s in item["attributeValue"].split(",") if s.strip().isdigit()]
                self._plan_upgrade(record)

    # ------------------------------------------------------------------ A05 security profile upgrade

    def _plan_upgrade(self, record):
        """The station will reconnect with the highest security profile of a network connection
        profile it accepted and put in its NetworkConfigurationPriority."""
        profiles = record.security.get("network_profiles", {})
        slots = [s for s in record.security.get("priority", []) if s in profiles]
        higher = [profiles[s].get("securityProfile", 0) for s in slots]
        higher = [p for p in higher if p > record.security_profile]
        record.security["pending_profile"] = max(higher) if higher else None

    def authenticate_connection(self, station_id, credentials, transport):
        reason = super().authenticate_connection(station_id, credentials, transport)
        record = self.store.stations.get(station_id)
        pending = record.security.get("pending_profile") if record else None
        if pending and not self.faults.ignore_profile_upgrade and self._meets_profile(record, pending, credentials,
                                                                                      transport):
            # A05: the station came back with the profile it was given; from now on a lower one is refused.
            log.info("station %s upgraded to security profile %s", station_id, pending)
            record.security_profile = pending
            record.security["pending_profile"] = None
            return None
        return reason

    @staticmethod
    def _meets_profile(record, profile, credentials, transport):
        if not transport.get("tls"):
            return False
        if profile >= 3:
            return transport.get("client_cn") == record.station_id
        return credentials is not None and credentials == (record.station_id, record.password)

    # ------------------------------------------------------------------ A02/A03 certificates

    async def on_SignCertificate(self, station, connection, payload):
        certificate_type = payload.get("certificateType")
        problem = self._csr_problem(station.station_id, payload["csr"], certificate_type)
        if problem:
            # A CSR the CSMS will not sign is answered Rejected, with the reason.
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCSR", "additionalInfo": problem[:512]}}
        self._spawn(self._sign_and_send(station.station_id, payload["csr"], certificate_type))
        return {"status": "Accepted"}   # A02.FR.11

    @staticmethod
    def _csr_problem(station_id, csr_text, certificate_type):
        try:
            csr = x509.load_pem_x509_csr(csr_text.encode())
        except ValueError as exc:
            return f"the csr is not a PEM encoded PKCS#10 request: {exc}"
        if not csr.is_signature_valid:
            return "the signature of the CSR does not verify"
        key = csr.public_key()
        elliptic = isinstance(key, ec.EllipticCurvePublicKey)
        bits = key.curve.key_size if elliptic else getattr(key, "key_size", 0)
        minimum = 224 if elliptic else 2048      # A00: elliptic curves 224 bits, RSA and DSA 2048
        if bits < minimum:
            return f"the CSR's key has {bits} bits, less than {minimum}"
        names = csr.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
        if certificate_type in (None, "ChargingStationCertificate") and (not names or names[0].value != station_id):
            # The CSMS checks a profile 3 client certificate's commonName against the station identity
            # (core.authenticate_connection), so it signs only CSRs that carry that name.
            shown = names[0].value if names else "missing"
            return f"the CSR's commonName is {shown!r}, not the charging station identity {station_id!r}"
        return None

    async def _sign_and_send(self, station_id, csr_text, certificate_type):
        from ...pki.authority import pem
        await asyncio.sleep(0)   # let the SignCertificateResponse go out first
        ca = self._signing_ca(certificate_type)
        leaf = ca.sign_csr(csr_text)
        # The chain starts at the leaf and holds the sub-CAs, not the root (the station has it).
        chain = [leaf] + [c for c in ca.chain() if c.issuer != c.subject]
        request = {"certificateChain": "".join(pem(c) for c in chain)}
        if certificate_type:
            request["certificateType"] = certificate_type   # A02.FR.14: echo the certificateType
        try:
            outcome = await self.send(station_id, "CertificateSigned", request)
        except LookupError:
            return
        record = self.store.stations.get(station_id)
        if record is not None:
            status = outcome.response.get("status") if outcome.ok else "NoAnswer"
            # A Rejected certificate is not the station's: the CSMS keeps trusting the old one.
            record.security.setdefault("certificates", {})[certificate_type or COMBINED] = {
                "serial": format(leaf.serial_number, "x"), "status": status}
