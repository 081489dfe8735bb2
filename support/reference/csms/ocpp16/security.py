"""The security extensions of "Improved security for OCPP 1.6-J" (edition 2) in the reference CSMS: the
Central System's side of OCTT TC_073 - TC_088.

What the Central System sends to a 1.6 Charge Point (whatever made it send: the trigger API's 1.6
route or its own commands) is checked first and refused (the trigger API answers 409) when it breaks
a rule; what the Charge Point answers becomes the Central System's view of it:

- ChangeConfiguration AuthorizationKey (A01): only a key of 16 to 20 bytes in hexadecimal (A00.FR.205)
  is sent; once the station accepts it, the old password no longer opens a connection (A01.FR.03).
- ChangeConfiguration SecurityProfile (A05): never a lower or equal profile; once accepted, the
  station must come back with the new profile and a lower one is refused (A05.FR.09, ../security.py).
- SignCertificate (A02): a CSR for the station's own identity is signed with the CSMS root and sent
  back in CertificateSigned; InstallCertificate / GetInstalledCertificateIds / DeleteCertificate
  (M03-M05) keep the station's certificates as the Central System knows them.
- GetLog / LogStatusNotification and SignedUpdateFirmware / SignedFirmwareStatusNotification are
  followed per requestId (the firmware with the block L record of ../firmware.py).

The trigger API shows the records (POST /api/octt/1.6/{station}/{name}-record): certificates, log,
signed-firmware, security-events. Its 1.6 commands (TRIGGER_COMMANDS16) are
update-basic-auth-password (the CSMS makes a new AuthorizationKey), upgrade-security-profile and
delete-installed-certificate (the CSMS finds the hash data of a certificate it installed).
"""
import asyncio
import base64
import binascii
import logging
import re
import secrets
from dataclasses import dataclass, field

from cryptography import x509

from ....pki import ocsp as ocsp_mod
from ....rpc import CallError
from ..core import Faults, Refused, now_iso
from .common import station_record, status_of

log = logging.getLogger(__name__)

Faults.declare({
    "keep_old_authorization_key_16": False,     # the old password still opens a connection after the
                                                # station accepted a new AuthorizationKey (TC_073)
    "no_certificate_signed_16": False,          # a CSR is Accepted but no CertificateSigned follows (TC_074, TC_077)
    "delete_first_certificate_16": False,       # delete-installed-certificate deletes the first certificate of
                                                # the type, not the one the CSMS installed (TC_076)
    "security_event_not_supported_16": False,   # SecurityEventNotification answered CALLERROR NotImplemented (TC_078)
    "log_status_ignored_16": False,             # LogStatusNotification is answered but not recorded (TC_079)
})


CERTIFICATE_TYPES16 = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")


HEX_KEY = re.compile(r"^[0-9A-Fa-f]{32,40}$")     # A00.FR.205: 16 to 20 bytes, in hexadecimal


@dataclass
class SecurityRecord16:
    """What the Central System keeps of one 1.6 Charge Point's security (lives on its StationRecord)."""
    installed: dict = field(default_factory=dict)       # certificateType -> [{"certificate": PEM, ...}] installed
    reported: dict = field(default_factory=dict)        # certificateType -> [certificateHashData] last reported
    signed: list = field(default_factory=list)          # {"serial", "status"} of every CertificateSigned
    logs: dict = field(default_factory=dict)            # GetLog requestId -> {"logType", "answer", "statuses"}
    events: list = field(default_factory=list)          # SecurityEventNotification payloads
    anomalies: list = field(default_factory=list)       # what did not fit, in words


def security16(station):
    return station_record(station, "security16", SecurityRecord16)


def _certificate(text):
    try:
        return x509.load_pem_x509_certificate(text.encode())
    except (ValueError, TypeError, AttributeError):
        return None


class Security16:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super(); its
    _before16_ and _after16_ methods check and follow what a 1.6 connection is sent (version.py)."""

    TRIGGER_COMMANDS16 = {"update-basic-auth-password": "api16_update_basic_auth_password",
                          "upgrade-security-profile": "api16_upgrade_security_profile",
                          "delete-installed-certificate": "api16_delete_installed_certificate"}

    # ------------------------------------------------------------------ what the Central System sends

    def _before16_ChangeConfiguration(self, station, payload):
        self._check_configuration16(station, payload["key"], payload["value"])

    def _before16_InstallCertificate(self, station, payload):
        if _certificate(payload["certificate"]) is None:
            raise Refused("the Central System will not send this InstallCertificate: the certificate is not "
                          "a PEM encoded X.509 certificate")

    def _before16_GetLog(self, station, payload):
        security16(station).logs[payload["requestId"]] = {"logType": payload["logType"], "answer": None,
                                                          "statuses": [],
                                                          "remoteLocation": payload["log"]["remoteLocation"]}

    def _before16_SignedUpdateFirmware(self, station, payload):
        firmware = payload["firmware"]
        if _certificate(firmware["signingCertificate"]) is None:
            raise Refused("the Central System will not send this SignedUpdateFirmware: signingCertificate is "
                          "not a PEM encoded X.509 certificate")
        try:
            base64.b64decode(firmware["signature"], validate=True)
        except (binascii.Error, ValueError):
            raise Refused("the Central System will not send this SignedUpdateFirmware: the signature is not "
                          "base64") from None
        # Known before the request leaves: the station may notify before the answer is read.
        return self._update_firmware_sent(station, payload)

    def _check_configuration16(self, station, key, value):
        if key == "AuthorizationKey" and not HEX_KEY.match(value):
            raise Refused("the Central System will not send this AuthorizationKey: it must be 16 to 20 bytes "
                          "written as 32 to 40 hexadecimal digits (A00.FR.205)")
        if key == "SecurityProfile":
            if value not in ("1", "2", "3"):
                raise Refused(f"SecurityProfile {value!r} is not 1, 2 or 3")
            if int(value) <= station.security_profile:
                raise Refused(f"the Central System does not change the security profile of {station.station_id} "
                              f"from {station.security_profile} to {value}: only a higher profile may be set "
                              f"over OCPP (A05)")

    def _after16_ChangeConfiguration(self, station, payload, outcome):
        self._configuration_answered16(station, payload, status_of(outcome))

    def _after16_InstallCertificate(self, station, payload, outcome):
        if status_of(outcome) == "Accepted":
            certificate = _certificate(payload["certificate"])
            security16(station).installed.setdefault(payload["certificateType"], []).append(
                {"certificate": payload["certificate"], "serialNumber": format(certificate.serial_number, "x"),
                 "installedAt": now_iso()})

    def _after16_GetInstalledCertificateIds(self, station, payload, outcome):
        if outcome.ok:
            security16(station).reported[payload["certificateType"]] = list(
                outcome.response.get("certificateHashData") or [])

    def _after16_DeleteCertificate(self, station, payload, outcome):
        if status_of(outcome) == "Accepted":
            record, deleted = security16(station), payload["certificateHashData"]
            for certificate_type, items in record.reported.items():
                record.reported[certificate_type] = [h for h in items if not _same_hash(h, deleted)]
            for certificate_type, items in record.installed.items():
                record.installed[certificate_type] = [i for i in items if not _hash_of(i, deleted)]

    def _after16_CertificateSigned(self, station, payload, outcome):
        record = security16(station)
        if record.signed:
            record.signed[-1]["status"] = status_of(outcome) or "no answer"

    def _after16_GetLog(self, station, payload, outcome):
        entry = security16(station).logs.get(payload["requestId"])
        if entry is not None:
            entry["answer"] = status_of(outcome) or (f"CALLERROR {outcome.error_code}" if outcome.error_code
                                                     else "no answer")

    def _configuration_answered16(self, station, payload, status):
        key, value = payload["key"], payload["value"]
        if key == "AuthorizationKey" and status == "Accepted" and not self.faults.keep_old_authorization_key_16:
            # A01.FR.03: the station now uses the new key; the old credentials no longer open a connection.
            station.password = value
        elif key == "AuthorizationKey" and status == "Accepted":
            station.security.setdefault("also_accepted_passwords", []).append(value)
        elif key == "SecurityProfile" and status in ("Accepted", "RebootRequired"):
            # A05.FR.06/07: the station comes back with the new profile (security.py takes it then).
            station.security["pending_profile"] = int(value)

    def authenticate_connection(self, station_id, credentials, transport):
        reason = super().authenticate_connection(station_id, credentials, transport)
        record = self.store.stations.get(station_id)
        if reason == "wrong password" and record is not None and credentials is not None \
                and credentials[1] in record.security.get("also_accepted_passwords", []):
            return None     # keep_old_authorization_key_16: the new key is taken as well as the old one
        return reason

    # ------------------------------------------------------------------ what the Charge Point sends

    async def on16_SecurityEventNotification(self, station, connection, payload):
        if self.faults.security_event_not_supported_16:
            raise CallError(connection.codes.not_implemented, "SecurityEventNotification is not implemented")
        await super().on16_SecurityEventNotification(station, connection, payload)
        security16(station).events.append(dict(payload))
        return {}

    async def on16_LogStatusNotification(self, station, connection, payload):
        await super().on16_LogStatusNotification(station, connection, payload)
        record = security16(station)
        if self.faults.log_status_ignored_16:
            return {}
        request_id = payload.get("requestId")
        entry = record.logs.get(request_id)
        if entry is None:
            if payload["status"] != "Idle":
                record.anomalies.append(f"LogStatusNotification {payload['status']} for log request {request_id}, "
                                        f"which the Central System never sent")
            return {}
        entry["statuses"].append(payload["status"])
        return {}

    async def on16_SignedFirmwareStatusNotification(self, station, connection, payload):
        await super().on16_SignedFirmwareStatusNotification(station, connection, payload)
        follow = getattr(self, "on_FirmwareStatusNotification", None)    # block L's record (firmware.py)
        if follow is not None:
            await follow(station, connection, payload)
        return {}

    # ------------------------------------------------------------------ A02 signing (version.py calls this)

    async def sign_station_csr(self, station, connection, payload):
        problem = self._csr_problem(station.station_id, payload["csr"], None)
        if problem:
            log.info("CSR of %s refused: %s", station.station_id, problem)
            security16(station).anomalies.append(f"CSR refused: {problem}")
            return {"status": "Rejected"}
        if not self.faults.no_certificate_signed_16:
            self._spawn(self._sign_and_send16(station.station_id, payload["csr"]))
        return {"status": "Accepted"}

    async def _sign_and_send16(self, station_id, csr_text):
        from ....pki.authority import pem
        await asyncio.sleep(0)   # let the SignCertificate.conf go out first
        ca = self._signing_ca("ChargingStationCertificate")
        leaf = ca.sign_csr(csr_text)
        chain = [leaf] + [c for c in ca.chain() if c.issuer != c.subject]
        station = self.store.stations.get(station_id)
        if station is not None:
            security16(station).signed.append({"serialNumber": format(leaf.serial_number, "x"), "status": None})
        try:
            await self.send(station_id, "CertificateSigned", {"certificateChain": "".join(pem(c) for c in chain)})
        except LookupError as exc:
            log.info("CertificateSigned for %s not sent: %s", station_id, exc)

    # ------------------------------------------------------------------ trigger API commands (1.6)

    async def api16_update_basic_auth_password(self, station_id, body, timeout):
        """update-basic-auth-password: the CSMS makes a new random AuthorizationKey (20 bytes, 40
        hexadecimal digits; A01.FR.07) or takes {"password": "<32 to 40 hex digits>"}, and sends
        ChangeConfiguration AuthorizationKey."""
        unknown = set(body) - {"password"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; the body is {{}} or "
                             f"{{\"password\": ...}}")
        password = body.get("password") or secrets.token_hex(20).upper()
        if not isinstance(password, str) or not HEX_KEY.match(password):
            raise ValueError("password must be 32 to 40 hexadecimal digits (an AuthorizationKey of 16 to 20 bytes)")
        outcome = await self.send(station_id, "ChangeConfiguration", {"key": "AuthorizationKey", "value": password},
                                  timeout)
        return outcome, {"passwordStored": self.store.stations[station_id].password == password}

    async def api16_upgrade_security_profile(self, station_id, body, timeout):
        """upgrade-security-profile: {"securityProfile": 2 or 3}; the CSMS sends ChangeConfiguration
        SecurityProfile (A05) and expects the station back with that profile."""
        profile = body.get("securityProfile")
        if set(body) - {"securityProfile"} or profile not in (1, 2, 3) or isinstance(profile, bool):
            raise ValueError("the body is {\"securityProfile\": 2} (or 3)")
        outcome = await self.send(station_id, "ChangeConfiguration", {"key": "SecurityProfile", "value": str(profile)},
                                  timeout)
        return outcome, {"pendingProfile": self.store.stations[station_id].security.get("pending_profile")}

    async def api16_delete_installed_certificate(self, station_id, body, timeout):
        """delete-installed-certificate: {"certificateType": "CentralSystemRootCertificate"} (and
        optionally "certificate": PEM; default: the last one the CSMS installed of that type). The CSMS
        asks the station for its certificates of that type (GetInstalledCertificateIds), finds the one
        it means by its own hash of that certificate in the station's hashAlgorithm, and sends
        DeleteCertificate with the hash data as the station reported it (M04)."""
        unknown = set(body) - {"certificateType", "certificate"}
        certificate_type = body.get("certificateType")
        if unknown or certificate_type not in CERTIFICATE_TYPES16:
            raise ValueError(f"the body is {{\"certificateType\": one of {', '.join(CERTIFICATE_TYPES16)}}} "
                             f"(and optionally \"certificate\": PEM)")
        record = security16(self.store.stations[station_id])
        text = body.get("certificate")
        if text is None:
            installed = record.installed.get(certificate_type) or []
            if not installed:
                raise Refused(f"the Central System has installed no {certificate_type} on {station_id}; name the "
                              f"certificate to delete")
            text = installed[-1]["certificate"]
        certificate = _certificate(text)
        if certificate is None:
            raise ValueError("certificate is not a PEM encoded X.509 certificate")
        listing = await self.send(station_id, "GetInstalledCertificateIds", {"certificateType": certificate_type},
                                  timeout)
        if not listing.ok or listing.response.get("status") != "Accepted":
            return listing, {"deleted": False}
        reported = listing.response.get("certificateHashData") or []
        if self.faults.delete_first_certificate_16:
            chosen = reported[0] if reported else None
        else:
            chosen = next((h for h in reported if _hash_of({"certificate": text}, h)), None)
        if chosen is None:
            raise Refused(f"{station_id} does not report the {certificate_type} the Central System means "
                          f"(serial {certificate.serial_number:x}) among its {len(reported)} certificate(s)")
        outcome = await self.send(station_id, "DeleteCertificate", {"certificateHashData": chosen}, timeout)
        return outcome, {"getInstalledCertificateIds": listing.response, "deleted": status_of(outcome) == "Accepted"}

    # ------------------------------------------------------------------ records (trigger API {name}-record)

    def certificates_report16(self, station_id):
        station = self.store.stations[station_id]
        record = security16(station)
        return {"installed": {t: [{k: v for k, v in i.items() if k != "certificate"} for i in items]
                              for t, items in record.installed.items()},
                "reported": record.reported, "signed": record.signed,
                "securityProfile": station.security_profile,
                "pendingSecurityProfile": station.security.get("pending_profile")}

    def log_report16(self, station_id):
        record = security16(self.store.stations[station_id])
        return {"logs": [dict(v, requestId=k) for k, v in record.logs.items()], "anomalies": list(record.anomalies)}

    def signed_firmware_report16(self, station_id):
        return self.firmware_report(station_id)

    def security_events_report16(self, station_id):
        return {"events": list(security16(self.store.stations[station_id]).events)}


def _same_hash(a, b):
    try:
        return (a["hashAlgorithm"] == b["hashAlgorithm"] and a["issuerNameHash"].lower() == b["issuerNameHash"].lower()
                and a["issuerKeyHash"].lower() == b["issuerKeyHash"].lower()
                and int(a["serialNumber"], 16) == int(b["serialNumber"], 16))
    except (KeyError, ValueError, AttributeError, TypeError):
        return False


def _hash_of(installed, hash_data):
    """Whether hash data names a (root) certificate the CSMS installed, in the hash data's algorithm."""
    certificate = _certificate(installed["certificate"])
    algorithm = hash_data.get("hashAlgorithm")
    if certificate is None or algorithm not in ("SHA256", "SHA384", "SHA512"):
        return False
    return _same_hash(ocsp_mod.hash_data(certificate, certificate, algorithm), hash_data)
