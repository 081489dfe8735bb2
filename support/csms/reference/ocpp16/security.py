"""OCPP 1.6 Remote Trigger, Smart Charging, ClearCache, DataTransfer and the security extensions of
"Improved security for OCPP 1.6-J" (edition 2) in the reference CSMS: the Central System's side of
OCTT TC_054 - TC_088.

What the Central System sends to a 1.6 Charge Point (whatever made it send: the trigger API's
1.6 route or its own commands) is checked first and refused (the trigger API answers 409) when it
breaks a rule; what the Charge Point answers becomes the Central System's view of it:

- TriggerMessage / ExtendedTriggerMessage: the requested message is let through while Pending.
- SetChargingProfile (also inside RemoteStartTransaction) follows the 1.6 profile rules (section
  3.13 and 7.7: a ChargePointMaxProfile on connector 0, a TxProfile on a connector with a running
  transaction and only for that transaction, a Relative profile without startSchedule, ...); an
  Accepted profile is installed in the record, replacing one with the same chargingProfileId or the
  same stackLevel and purpose on that connector. ClearChargingProfile removes what the station
  cleared (by id, by criteria, or everything). GetCompositeSchedule answers are kept per connector.
- ChangeConfiguration AuthorizationKey (A01): only a key of 16 to 20 bytes in hexadecimal (A00.FR.205)
  is sent; once the station accepts it, the old password no longer opens a connection (A01.FR.03).
- ChangeConfiguration SecurityProfile (A05): never a lower or equal profile; once accepted, the
  station must come back with the new profile and a lower one is refused (A05.FR.09, security.py).
- SignCertificate (A02): a CSR for the station's own identity is signed with the CSMS root and sent
  back in CertificateSigned; InstallCertificate / GetInstalledCertificateIds / DeleteCertificate
  (M03-M05) keep the station's certificates as the Central System knows them.
- GetLog / LogStatusNotification and SignedUpdateFirmware / SignedFirmwareStatusNotification are
  followed per requestId (the firmware with the block L record of firmware.py).
- DataTransfer from a Charge Point: the vendor extension of data_transfer.py, answered in 1.6 words.

The trigger API shows the records (POST /api/octt/1.6/{station}/{name}-record): charging-profiles,
certificates, log, signed-firmware, security-events. Its 1.6 commands (TRIGGER_COMMANDS16) are
update-basic-auth-password (the CSMS makes a new AuthorizationKey), upgrade-security-profile and
delete-installed-certificate (the CSMS finds the hash data of a certificate it installed).
"""
import asyncio
import base64
import binascii
import copy
import json
import logging
import re
import secrets
from dataclasses import dataclass, field

from cryptography import x509

from ... import charging_schedules as cs
from ...pki import ocsp as ocsp_mod
from ...rpc import CallError
from .core import Faults, Refused, now_iso

log = logging.getLogger(__name__)

Faults.declare({
    "trigger_without_connector_16": False,      # TriggerMessage leaves without its connectorId (TC_054)
    "tx_profile_without_transaction_id_16": False,  # TxProfiles leave without transactionId (TC_057)
    "profile_without_validity_16": False,       # SetChargingProfile leaves without validFrom/validTo (TC_056)
    "clear_profile_keeps_record_16": False,     # a cleared charging profile stays in the CSMS's record (TC_067)
    "remote_start_without_profile_16": False,   # RemoteStartTransaction leaves without its chargingProfile (TC_059)
    "composite_without_unit_16": False,         # GetCompositeSchedule leaves without chargingRateUnit (TC_066)
    "keep_old_authorization_key_16": False,     # the old password still opens a connection after the
                                                # station accepted a new AuthorizationKey (TC_073)
    "no_certificate_signed_16": False,          # a CSR is Accepted but no CertificateSigned follows (TC_074, TC_077)
    "delete_first_certificate_16": False,       # delete-installed-certificate deletes the first certificate of
                                                # the type, not the one the CSMS installed (TC_076)
    "security_event_not_supported_16": False,   # SecurityEventNotification answered CALLERROR NotImplemented (TC_078)
    "log_status_ignored_16": False,             # LogStatusNotification is answered but not recorded (TC_079)
    "data_transfer_not_supported_16": False,    # DataTransfer answered CALLERROR NotSupported (TC_064)
})

PURPOSES16 = ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")
TO_201_PURPOSE = {"ChargePointMaxProfile": "ChargingStationMaxProfile"}
CERTIFICATE_TYPES16 = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")
HEX_KEY = re.compile(r"^[0-9A-Fa-f]{32,40}$")     # A00.FR.205: 16 to 20 bytes, in hexadecimal
WATCHED = ("TriggerMessage", "ExtendedTriggerMessage", "SetChargingProfile", "ClearChargingProfile",
           "GetCompositeSchedule", "RemoteStartTransaction", "ClearCache", "ChangeConfiguration",
           "InstallCertificate", "GetInstalledCertificateIds", "DeleteCertificate", "CertificateSigned",
           "GetLog", "SignedUpdateFirmware")
# What a TriggerMessage / ExtendedTriggerMessage asks the Charge Point to send.
TRIGGERED = {"SignChargePointCertificate": "SignCertificate"}


def profile201(profile16):
    """A 1.6 csChargingProfiles as the 2.0.1 shape charging_schedules.py works with."""
    profile = {"id": profile16.get("chargingProfileId"), "stackLevel": profile16.get("stackLevel", 0),
               "chargingProfilePurpose": TO_201_PURPOSE.get(profile16.get("chargingProfilePurpose"),
                                                            profile16.get("chargingProfilePurpose")),
               "chargingProfileKind": profile16.get("chargingProfileKind"),
               "chargingSchedule": [copy.deepcopy(profile16.get("chargingSchedule") or {})]}
    for key in ("transactionId", "recurrencyKind", "validFrom", "validTo"):
        if key in profile16:
            profile[key] = profile16[key]
    return profile


def profile_problems16(profile, connector_id):
    """What breaks the OCPP 1.6 rules in a csChargingProfiles sent for a connector ([] when none)."""
    problems = []
    purpose = profile.get("chargingProfilePurpose")
    if purpose == "ChargePointMaxProfile" and connector_id != 0:
        problems.append(f"a ChargePointMaxProfile is set on connector 0, not on connector {connector_id}")
    if purpose == "TxProfile" and connector_id == 0:
        problems.append("a TxProfile is set on the connector of the transaction, not on connector 0")
    for problem in cs.profile_problems(profile201(profile), connector_id):
        if "needs startSchedule" in problem:
            continue    # 1.6: an Absolute schedule without startSchedule starts when charging starts
        problems.append(problem.replace("ChargingStationMaxProfile", "ChargePointMaxProfile")
                        .replace("chargingSchedule[0]: ", "chargingSchedule: ").replace(" (K01.FR.31)", "")
                        .replace(" (K01.FR.38)", ""))
    return problems


@dataclass
class Advanced16:
    """What the Central System keeps of one 1.6 Charge Point (lives on its StationRecord)."""
    profiles: dict = field(default_factory=dict)        # chargingProfileId -> InstalledProfile (2.0.1 shape)
    composites: dict = field(default_factory=dict)      # connectorId -> reported composite chargingSchedule
    remote_start_profiles: list = field(default_factory=list)   # (connectorId, idTag, csChargingProfiles)
    triggers: list = field(default_factory=list)        # {"requestedMessage", "connectorId", "status"}
    cache_clears: list = field(default_factory=list)    # ClearCache answers
    installed: dict = field(default_factory=dict)       # certificateType -> [{"certificate": PEM, ...}] installed
    reported: dict = field(default_factory=dict)        # certificateType -> [certificateHashData] last reported
    signed: list = field(default_factory=list)          # {"serial", "status"} of every CertificateSigned
    logs: dict = field(default_factory=dict)            # GetLog requestId -> {"logType", "answer", "statuses"}
    events: list = field(default_factory=list)          # SecurityEventNotification payloads
    anomalies: list = field(default_factory=list)       # what did not fit, in words


def advanced16(station):
    record = station.__dict__.get("advanced16")
    if record is None:
        record = station.__dict__["advanced16"] = Advanced16()
    return record


def _status(outcome):
    return outcome.response.get("status") if outcome.ok and isinstance(outcome.response, dict) else None


def _certificate(text):
    try:
        return x509.load_pem_x509_certificate(text.encode())
    except (ValueError, TypeError, AttributeError):
        return None


class Ocpp16Advanced:
    """Mixin before Ocpp16 in ReferenceCsms: chains to the other classes with super()."""

    TRIGGER_COMMANDS16 = {"update-basic-auth-password": "api16_update_basic_auth_password",
                          "upgrade-security-profile": "api16_upgrade_security_profile",
                          "delete-installed-certificate": "api16_delete_installed_certificate"}

    # ------------------------------------------------------------------ what the Central System sends

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        connection = self.connection(station_id)
        if station is None or connection is None or connection.version != "1.6" or action not in WATCHED:
            return await super().send(station_id, action, payload, timeout)
        payload = copy.deepcopy(payload)
        after = self._before16(station, action, payload)
        outcome = await super().send(station_id, action, payload, timeout)
        self._after16(station, action, payload, outcome)
        if after is not None:
            after(outcome)
        return outcome

    def _before16(self, station, action, payload):
        """Check (and, for a fault, spoil) what leaves; returns a callable for the answer, or None."""
        record = advanced16(station)
        if action in ("TriggerMessage", "ExtendedTriggerMessage"):
            if self.faults.trigger_without_connector_16:
                payload.pop("connectorId", None)
            requested = payload["requestedMessage"]
            station.__dict__.setdefault("triggered", set()).add(TRIGGERED.get(requested, requested))
        elif action == "SetChargingProfile":
            self._check_profile16(station, payload["connectorId"], payload["csChargingProfiles"])
            profile = payload["csChargingProfiles"]
            if self.faults.tx_profile_without_transaction_id_16:
                profile.pop("transactionId", None)
            if self.faults.profile_without_validity_16:
                profile.pop("validFrom", None)
                profile.pop("validTo", None)
        elif action == "GetCompositeSchedule" and self.faults.composite_without_unit_16:
            payload.pop("chargingRateUnit", None)
        elif action == "RemoteStartTransaction" and "chargingProfile" in payload:
            profile = payload["chargingProfile"]
            problems = []
            if profile.get("chargingProfilePurpose") != "TxProfile":
                problems.append("the chargingProfile of RemoteStartTransaction must be a TxProfile (5.11)")
            if "transactionId" in profile:
                problems.append("the chargingProfile of RemoteStartTransaction has no transactionId: the "
                                "transaction does not exist yet (5.11)")
            problems += [p for p in profile_problems16(profile, payload.get("connectorId")) if "transactionId" not in p]
            if problems:
                raise Refused("the Central System will not send this RemoteStartTransaction: " + "; ".join(problems))
            if self.faults.remote_start_without_profile_16:
                del payload["chargingProfile"]
        elif action == "ChangeConfiguration":
            self._check_configuration16(station, payload["key"], payload["value"])
        elif action == "InstallCertificate":
            certificate = _certificate(payload["certificate"])
            if certificate is None:
                raise Refused("the Central System will not send this InstallCertificate: the certificate is not "
                              "a PEM encoded X.509 certificate")
        elif action == "GetLog":
            record.logs[payload["requestId"]] = {"logType": payload["logType"], "answer": None, "statuses": [],
                                                 "remoteLocation": payload["log"]["remoteLocation"]}
        elif action == "SignedUpdateFirmware":
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
        return None

    def _check_profile16(self, station, connector_id, profile):
        problems = profile_problems16(profile, connector_id)
        if profile.get("chargingProfilePurpose") == "TxProfile" and connector_id:
            running = [t for t in self.transactions16.values() if t.station_id == station.station_id
                       and t.connector_id == connector_id and t.stopped is None]
            tx_id = profile.get("transactionId")
            if not running:
                problems.append(f"no transaction is running on connector {connector_id} (a TxProfile is for "
                                f"a running transaction)")
            elif tx_id is not None and tx_id not in [t.transaction_id for t in running]:
                problems.append(f"transaction {tx_id} is not the one running on connector {connector_id} "
                                f"({running[-1].transaction_id})")
        if problems:
            raise Refused("the Central System will not send this SetChargingProfile: " + "; ".join(problems))

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

    def _after16(self, station, action, payload, outcome):
        """What the Central System learns from the Charge Point's answer."""
        record = advanced16(station)
        status = _status(outcome)
        if action in ("TriggerMessage", "ExtendedTriggerMessage"):
            record.triggers.append({"action": action, "requestedMessage": payload["requestedMessage"],
                                    "connectorId": payload.get("connectorId"), "status": status})
        elif action == "SetChargingProfile" and status == "Accepted":
            self._install_profile16(record, payload["connectorId"], payload["csChargingProfiles"])
        elif action == "RemoteStartTransaction" and status == "Accepted" and "chargingProfile" in payload:
            record.remote_start_profiles.append((payload.get("connectorId"), payload["idTag"],
                                                 payload["chargingProfile"]))
        elif action == "ClearChargingProfile" and status == "Accepted":
            if not self.faults.clear_profile_keeps_record_16:
                for profile_id in [i for i, e in record.profiles.items() if _cleared16(e, payload)]:
                    del record.profiles[profile_id]
        elif action == "GetCompositeSchedule" and status == "Accepted":
            record.composites[payload["connectorId"]] = outcome.response.get("chargingSchedule")
        elif action == "ClearCache":
            record.cache_clears.append(status)
        elif action == "ChangeConfiguration":
            self._configuration_answered16(station, payload, status)
        elif action == "InstallCertificate" and status == "Accepted":
            certificate = _certificate(payload["certificate"])
            record.installed.setdefault(payload["certificateType"], []).append(
                {"certificate": payload["certificate"], "serialNumber": format(certificate.serial_number, "x"),
                 "installedAt": now_iso()})
        elif action == "GetInstalledCertificateIds" and outcome.ok:
            record.reported[payload["certificateType"]] = list(outcome.response.get("certificateHashData") or [])
        elif action == "DeleteCertificate" and status == "Accepted":
            deleted = payload["certificateHashData"]
            for certificate_type, items in record.reported.items():
                record.reported[certificate_type] = [h for h in items if not _same_hash(h, deleted)]
            for certificate_type, items in record.installed.items():
                record.installed[certificate_type] = [i for i in items if not _hash_of(i, deleted)]
        elif action == "CertificateSigned":
            if record.signed:
                record.signed[-1]["status"] = status or "no answer"
        elif action == "GetLog":
            entry = record.logs.get(payload["requestId"])
            if entry is not None:
                entry["answer"] = status or (f"CALLERROR {outcome.error_code}" if outcome.error_code else "no answer")

    def _install_profile16(self, record, connector_id, profile):
        """1.6 section 3.13.2: a profile with the same id, or with the same stackLevel and purpose on the
        same connector, is replaced."""
        for profile_id, entry in list(record.profiles.items()):
            if profile_id == profile["chargingProfileId"] or (
                    entry.evse_id == connector_id and entry.stack_level == profile.get("stackLevel")
                    and entry.profile16["chargingProfilePurpose"] == profile["chargingProfilePurpose"]):
                del record.profiles[profile_id]
        entry = cs.InstalledProfile(profile201(profile), connector_id, origin="operator")
        entry.profile16 = copy.deepcopy(profile)
        record.profiles[profile["chargingProfileId"]] = entry

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

    async def on16_StartTransaction(self, station, connection, payload):
        answer = await super().on16_StartTransaction(station, connection, payload)
        record = advanced16(station)
        for index, (connector_id, id_tag, profile) in enumerate(record.remote_start_profiles):
            if id_tag == payload["idTag"] and connector_id in (None, payload["connectorId"]):
                # The TxProfile of a remote start becomes the profile of the transaction it started.
                profile = dict(copy.deepcopy(profile), transactionId=answer.get("transactionId"))
                self._install_profile16(record, payload["connectorId"], profile)
                del record.remote_start_profiles[index]
                break
        return answer

    async def on16_StopTransaction(self, station, connection, payload):
        answer = await super().on16_StopTransaction(station, connection, payload)
        record = advanced16(station)
        for profile_id in [i for i, e in record.profiles.items()
                           if e.profile16.get("transactionId") == payload["transactionId"]]:
            del record.profiles[profile_id]      # a TxProfile lasts as long as its transaction
        return answer

    async def on16_DataTransfer(self, station, connection, payload):
        if self.faults.data_transfer_not_supported_16:
            raise CallError(connection.codes.not_supported, "DataTransfer is not supported")
        handler = getattr(self, "on_DataTransfer", None)
        if handler is None:
            return await super().on16_DataTransfer(station, connection, payload)
        answer = await handler(station, connection, payload)
        result = {"status": answer["status"]}
        if answer.get("data") is not None:
            data = answer["data"]
            result["data"] = data if isinstance(data, str) else json.dumps(data)
        return result

    async def on16_SecurityEventNotification(self, station, connection, payload):
        if self.faults.security_event_not_supported_16:
            raise CallError(connection.codes.not_implemented, "SecurityEventNotification is not implemented")
        await super().on16_SecurityEventNotification(station, connection, payload)
        advanced16(station).events.append(dict(payload))
        return {}

    async def on16_LogStatusNotification(self, station, connection, payload):
        await super().on16_LogStatusNotification(station, connection, payload)
        record = advanced16(station)
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

    # ------------------------------------------------------------------ A02 signing (ocpp16.py calls this)

    async def sign_station_csr(self, station, connection, payload):
        problem = self._csr_problem(station.station_id, payload["csr"], None)
        if problem:
            log.info("CSR of %s refused: %s", station.station_id, problem)
            advanced16(station).anomalies.append(f"CSR refused: {problem}")
            return {"status": "Rejected"}
        if not self.faults.no_certificate_signed_16:
            self._spawn(self._sign_and_send16(station.station_id, payload["csr"]))
        return {"status": "Accepted"}

    async def _sign_and_send16(self, station_id, csr_text):
        from ...pki.authority import pem
        await asyncio.sleep(0)   # let the SignCertificate.conf go out first
        ca = self._signing_ca("ChargingStationCertificate")
        leaf = ca.sign_csr(csr_text)
        chain = [leaf] + [c for c in ca.chain() if c.issuer != c.subject]
        station = self.store.stations.get(station_id)
        if station is not None:
            advanced16(station).signed.append({"serialNumber": format(leaf.serial_number, "x"), "status": None})
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
        record = advanced16(self.store.stations[station_id])
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
        return outcome, {"getInstalledCertificateIds": listing.response, "deleted": _status(outcome) == "Accepted"}

    # ------------------------------------------------------------------ records (trigger API {name}-record)

    def charging_profiles_report16(self, station_id):
        record = advanced16(self.store.stations[station_id])
        return {"profiles": [{"connectorId": e.evse_id, "csChargingProfiles": e.profile16}
                             for e in record.profiles.values()],
                "compositeSchedules": {str(k): v for k, v in record.composites.items()}}

    def certificates_report16(self, station_id):
        station = self.store.stations[station_id]
        record = advanced16(station)
        return {"installed": {t: [{k: v for k, v in i.items() if k != "certificate"} for i in items]
                              for t, items in record.installed.items()},
                "reported": record.reported, "signed": record.signed,
                "securityProfile": station.security_profile,
                "pendingSecurityProfile": station.security.get("pending_profile")}

    def log_report16(self, station_id):
        record = advanced16(self.store.stations[station_id])
        return {"logs": [dict(v, requestId=k) for k, v in record.logs.items()], "anomalies": list(record.anomalies)}

    def signed_firmware_report16(self, station_id):
        return self.firmware_report(station_id)

    def security_events_report16(self, station_id):
        return {"events": list(advanced16(self.store.stations[station_id]).events)}


def _cleared16(entry, request):
    """Whether a 1.6 ClearChargingProfile.req removes an installed profile (5.4: with an id, the other
    fields do not count; without any field, every profile goes)."""
    if "id" in request:
        return entry.id == request["id"]
    return all(key not in request or request[key] == value for key, value in (
        ("connectorId", entry.evse_id), ("chargingProfilePurpose", entry.profile16["chargingProfilePurpose"]),
        ("stackLevel", entry.stack_level)))


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
