"""The OCPP 1.6J layer of the test CSMS (support/csms/scripted.py).

One engine, two versions: TestCsms offers the subprotocols ocpp2.0.1 and ocpp1.6 on the same port
and serves each station in the version its connection negotiated. This module holds what is
particular to 1.6: the default answers to a Charge Point's messages (BootNotification, Authorize
with idTagInfo, StartTransaction with an integer transactionId, StopTransaction, MeterValues, the
security extensions ...), the payload builders of the Central System's commands, and the
transactions the CSMS knows of each station, by integer id.

The settings shared by both versions (boot statuses, heartbeat interval, auth mode, lists, offline
mode, reservation id, local list, data transfer, log location, the answers and commands of a
script) stay on CsmsScript; the ones that only 1.6 has, or whose values differ in 1.6 (Reset
Hard/Soft, ChangeAvailability Inoperative/Operative with a connectorId, configuration keys ...),
are on Script16, the CsmsScript's `v16` field.

Authorization in 1.6 (idTagInfo.status): normal -> Accepted; whitelist -> Accepted when listed,
else Invalid (an idTag the Central System does not know); blacklist -> Blocked when listed, else
Accepted; rate_limit -> ConcurrentTx. auth_group_id is the parentIdTag, auth_cache_expiry the
expiryDate.
"""
import base64
import copy
import datetime as _dt
import itertools
import threading
from dataclasses import dataclass, field
from typing import Optional

from ...rpc import CallError, error_codes, schemas
from ...station.answers import generic_answer

VERSION16 = "1.6"

# Messages a Charge Point sends to the Central System (OCPP 1.6 edition 2 and the security whitepaper).
STATION_TO_CSMS16 = frozenset({
    "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
    "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification",
    "StopTransaction", "LogStatusNotification", "SecurityEventNotification", "SignCertificate",
    "SignedFirmwareStatusNotification",
})

# ---- OCPP 1.6 §4.2 Boot Notification: what each side may send before the Central System accepts.
# While Pending "the Central System MAY send request messages to retrieve information from the Charge
# Point or change its configuration" and "RemoteStartTransaction.req and RemoteStopTransaction.req"
# are not allowed; while Rejected it "SHOULD NOT initiate any" message. The test CSMS holds every other
# scheduled command until the station is Accepted (TestCsms._send_scheduled).
PENDING_COMMANDS16 = frozenset({
    "GetConfiguration", "ChangeConfiguration", "TriggerMessage", "ExtendedTriggerMessage",
    "GetLocalListVersion", "GetCompositeSchedule", "GetInstalledCertificateIds",
})
RULE_PENDING_CSMS16 = ("OCPP 1.6 §4.2 (Pending): the Central System may only retrieve information or change the "
                       "configuration (" + ", ".join(sorted(PENDING_COMMANDS16)) + "); RemoteStartTransaction and "
                       "RemoteStopTransaction are not allowed")
RULE_REJECTED_CSMS16 = "OCPP 1.6 §4.2 (Rejected): the Central System should not initiate any message"
RULE_PENDING_STATION16 = ("OCPP 1.6 §4.2 (Pending)", "no request but BootNotification, or what the Central System "
                          "asked for with TriggerMessage")
RULE_REJECTED_STATION16 = ("OCPP 1.6 §4.2 (Rejected)", "no OCPP message but the next BootNotification after the "
                           "interval")
# requestedMessage of TriggerMessage / ExtendedTriggerMessage -> the request(s) it asks the Charge Point for.
TRIGGERED16 = {
    "BootNotification": ("BootNotification",), "DiagnosticsStatusNotification": ("DiagnosticsStatusNotification",),
    "FirmwareStatusNotification": ("FirmwareStatusNotification", "SignedFirmwareStatusNotification"),
    "Heartbeat": ("Heartbeat",), "MeterValues": ("MeterValues",), "StatusNotification": ("StatusNotification",),
    "LogStatusNotification": ("LogStatusNotification",), "SignChargePointCertificate": ("SignCertificate",),
}


def command_rule16(registration, action, payload):
    """Why the Central System may not send `action` now (the rule, quoted), or None when it may."""
    if registration == "Rejected":
        return RULE_REJECTED_CSMS16
    if registration == "Pending" and action not in PENDING_COMMANDS16:
        return RULE_PENDING_CSMS16
    return None


def asked_for16(action, payload):
    """The Charge Point requests a command asks for (TriggerMessage and ExtendedTriggerMessage)."""
    if action in ("TriggerMessage", "ExtendedTriggerMessage") and isinstance(payload, dict):
        return TRIGGERED16.get(payload.get("requestedMessage"), ())
    return ()


# RemoteStopTransaction without a current transaction names this id: the CSMS never gives it out
# (its transactionIds start at 1), so a conforming station answers Rejected (TC_028_CS).
NO_TRANSACTION_ID16 = 0
ID_TAG_LENGTH = 20          # CiString20Type: idTag, parentIdTag


def schema_enum16(action, path, is_request=True):
    """The enum values of a field of a 1.6 action ("requestedMessage", "firmware.signature"...)."""
    node = schemas.validator(VERSION16, action, is_request).schema
    root = node
    for part in path.split("."):
        node = node["properties"][part]
        if "$ref" in node:
            node = root["definitions"][node["$ref"].rsplit("/", 1)[-1]]
        if node.get("type") == "array":
            node = node["items"]
    return tuple(node["enum"])


def _now_iso(offset_seconds=0.0):
    moment = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=offset_seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------- the 1.6 settings of a script

@dataclass
class Script16:
    """What a CsmsScript says only about OCPP 1.6 stations (CsmsScript.v16)."""
    connector_id: int = 1                    # connectorId of TriggerMessage, RemoteStart, ChangeAvailability,
    #                                          UnlockConnector, SetChargingProfile, GetCompositeSchedule
    reset_type: str = "Hard"
    availability_type: str = "Operative"
    availability_connector_id: Optional[int] = None   # None: connector_id
    trigger_message: str = "StatusNotification"
    extended_trigger_message: str = "SignChargePointCertificate"
    reserve_connector_id: int = 1
    reserve_id_tag: str = "reserved_tag"
    reserve_parent_id_tag: Optional[str] = None
    change_configuration: tuple = ("HeartbeatInterval", "30")   # (key, value) of ChangeConfiguration
    get_configuration: list = field(default_factory=list)         # keys; empty: every key
    firmware_location: str = "https://firmware.example.com/station-1.6.bin"
    diagnostics_location: str = "https://logs.example.com/diagnostics/"
    certificate_type: str = "CentralSystemRootCertificate"     # Install / GetInstalledCertificateIds
    composite_duration: int = 300
    charging_rate_unit: str = "A"
    charging_profile: Optional[dict] = None          # None: a TxDefaultProfile of 6 A (build_charging_profile)
    clear_charging_profile: dict = field(default_factory=dict)   # criteria; empty: every profile

    def copy(self):
        return copy.deepcopy(self)


# ---------------------------------------------------------------------- answers to a Charge Point

def authorization_status16(script, id_tag):
    """AuthorizationStatus of an idTag under the script's auth mode (see the module docstring)."""
    mode = script.auth_mode
    if mode == "whitelist":
        return "Accepted" if id_tag in script.whitelist else "Invalid"
    if mode == "blacklist":
        return "Blocked" if id_tag in script.blacklist else "Accepted"
    if mode == "rate_limit":
        return "ConcurrentTx"
    if mode != "normal":
        raise ValueError(f"unknown auth mode {mode!r}")
    return "Accepted"


def id_tag_info16(script, id_tag):
    """idTagInfo for an idTag: status, parentIdTag (auth_group_id), expiryDate (auth_cache_expiry)."""
    info = {"status": authorization_status16(script, id_tag)}
    if script.auth_group_id is not None:
        info["parentIdTag"] = script.auth_group_id[:ID_TAG_LENGTH]
    if script.auth_cache_expiry is not None:
        expiry = script.auth_cache_expiry
        info["expiryDate"] = expiry if isinstance(expiry, str) else _now_iso(float(expiry))
    return info


@dataclass
class Transaction16:
    """A 1.6 transaction as the station reported it: StartTransaction, MeterValues, StopTransaction."""
    transaction_id: int
    connector_id: Optional[int] = None
    id_tag: Optional[str] = None
    meter_start: Optional[int] = None
    reservation_id: Optional[int] = None
    start: Optional[dict] = None          # the StartTransaction request
    id_tag_info: Optional[dict] = None    # what the CSMS answered it
    meter_values: list = field(default_factory=list)   # MeterValues requests naming the transaction
    stop: Optional[dict] = None           # the StopTransaction request

    @property
    def ended(self):
        return self.stop is not None

    @property
    def meter_stop(self):
        return (self.stop or {}).get("meterStop")

    @property
    def stopped_reason(self):
        if self.stop is None:
            return None
        return self.stop.get("reason", "Local")     # an omitted reason means Local


_ids_lock = threading.Lock()


def next_transaction_id(csms):
    """A transactionId this CSMS has not given out before (1, 2, 3 ... per TestCsms)."""
    with _ids_lock:
        counter = getattr(csms, "_transaction_ids16", None)
        if counter is None:
            counter = csms._transaction_ids16 = itertools.count(1)
        return next(counter)


def default_answer16(csms, state, action, payload):
    """The test CSMS's own answer to a 1.6 message (when the script does not give one)."""
    script = state.script
    codes = error_codes(VERSION16)
    if action == "BootNotification":
        return csms.boot_answer(state)
    if action == "Heartbeat":
        return {"currentTime": _now_iso()}
    if action == "Authorize":
        if script.offline:
            raise CallError(codes.internal_error, "the test CSMS simulates a failure (offline mode)")
        return {"idTagInfo": id_tag_info16(script, payload["idTag"])}
    if action == "StartTransaction":
        return {"transactionId": next_transaction_id(csms), "idTagInfo": id_tag_info16(script, payload["idTag"])}
    if action == "StopTransaction":
        return {"idTagInfo": id_tag_info16(script, payload["idTag"])} if "idTag" in payload else {}
    if action in ("DataTransfer", "SignCertificate"):
        return {"status": "Accepted"}
    if action in STATION_TO_CSMS16:
        return generic_answer(VERSION16, action)
    raise CallError(codes.not_supported, f"{action} is sent by the Central System, not to it")


def track16(state, action, payload, answer):
    """What the CSMS remembers of a station's 1.6 message, once it knows its answer (the
    transactionId of a StartTransaction is in the answer)."""
    if action == "BootNotification":
        state.last_boot = payload
    elif action == "StatusNotification":
        state.connectors[payload["connectorId"]] = payload["status"]
    elif action == "SignCertificate":
        state.last_csr = payload.get("csr")
    elif action == "StartTransaction":
        if not isinstance(answer, dict) or not isinstance(answer.get("transactionId"), int):
            return
        tx = Transaction16(answer["transactionId"], payload["connectorId"], payload["idTag"], payload["meterStart"],
                           payload.get("reservationId"), payload, answer.get("idTagInfo"))
        state.transactions[tx.transaction_id] = tx
    elif action == "MeterValues" and "transactionId" in payload:
        _transaction(state, payload["transactionId"], payload.get("connectorId")).meter_values.append(payload)
    elif action == "StopTransaction":
        _transaction(state, payload["transactionId"]).stop = payload


def _transaction(state, transaction_id, connector_id=None):
    tx = state.transactions.get(transaction_id)
    if tx is None:     # a transaction this CSMS did not start (it restarted, or another CSMS did)
        tx = state.transactions[transaction_id] = Transaction16(transaction_id, connector_id)
    return tx


async def handle16(csms, state, action, payload):
    """TestCsms.handler for a station connected with ocpp1.6."""
    script = state.script
    if action in script.answers:
        answer = csms._scripted_answer(state, action, payload, script.answers[action])
        if action == "BootNotification" and isinstance(answer, dict):
            state.boot_statuses_sent.append(answer.get("status"))
    else:
        answer = default_answer16(csms, state, action, payload)
    track16(state, action, payload, answer)
    return answer


# ---------------------------------------------------------------------- firmware signing (SignedUpdateFirmware)

class _FirmwareSigner:
    """A throwaway firmware-signing key and certificate, made on first use.

    The reference station takes the image it "downloads" from a location to be the UTF-8 bytes of
    the location, so a signature over those bytes verifies there (TC_080_CS) and any other does not.
    """
    _lock = threading.Lock()
    _instance = None

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
        self._hashes, self._ec = hashes, ec
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CSMS Firmware Signing"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OCPP conformance suite")])
        now = _dt.datetime.now(_dt.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - _dt.timedelta(days=1)).not_valid_after(now + _dt.timedelta(days=3650))
                .sign(self.key, hashes.SHA256()))
        self.certificate_pem = cert.public_bytes(serialization.Encoding.PEM).decode()

    def sign(self, image: bytes):
        signature = self.key.sign(image, self._ec.ECDSA(self._hashes.SHA256()))
        return base64.b64encode(signature).decode()


def firmware_image(location):
    """The bytes the reference station takes a firmware location to hold (see _FirmwareSigner)."""
    return location.encode("utf-8")


# ---------------------------------------------------------------------- payload builders
# One function per Central System command, plain arguments in, an OCPP 1.6 request payload out.

def build_remote_start_transaction(id_tag="test_token", connector_id=1, charging_profile=None):
    payload = {"idTag": id_tag}
    if connector_id is not None:
        payload["connectorId"] = int(connector_id)
    if charging_profile is not None:
        payload["chargingProfile"] = charging_profile
    return payload


def build_remote_stop_transaction(transaction_id=None):
    return {"transactionId": NO_TRANSACTION_ID16 if transaction_id is None else int(transaction_id)}


def build_reset16(reset_type="Hard"):
    return {"type": reset_type}


def build_change_availability16(connector_id=0, availability_type="Operative"):
    return {"connectorId": int(connector_id), "type": availability_type}


def build_change_configuration(key="HeartbeatInterval", value="30"):
    return {"key": key, "value": str(value)}


def build_get_configuration(keys=()):
    return {"key": list(keys)} if keys else {}


def build_trigger_message16(requested_message="StatusNotification", connector_id=None):
    payload = {"requestedMessage": requested_message}
    if connector_id is not None:
        payload["connectorId"] = int(connector_id)
    return payload


def build_extended_trigger_message(requested_message="SignChargePointCertificate", connector_id=None):
    return build_trigger_message16(requested_message, connector_id)


def build_unlock_connector16(connector_id=1):
    return {"connectorId": int(connector_id)}


def build_reserve_now16(reservation_id=1, id_tag="reserved_tag", connector_id=1, expiry=3600.0, parent_id_tag=None):
    """expiry: seconds from now, or an RFC 3339 date-time."""
    payload = {"connectorId": int(connector_id),
               "expiryDate": expiry if isinstance(expiry, str) else _now_iso(float(expiry)),
               "idTag": id_tag, "reservationId": int(reservation_id)}
    if parent_id_tag:
        payload["parentIdTag"] = parent_id_tag
    return payload


def build_cancel_reservation16(reservation_id=1):
    return {"reservationId": int(reservation_id)}


def build_send_local_list16(id_tags=("test_token",), list_version=1, update_type="Full", status="Accepted",
                            parent_id_tag=None):
    entries = []
    for tag in id_tags:
        info = {"status": status}
        if parent_id_tag:
            info["parentIdTag"] = parent_id_tag
        entries.append({"idTag": tag, "idTagInfo": info})
    payload = {"listVersion": int(list_version), "updateType": update_type}
    if entries:
        payload["localAuthorizationList"] = entries
    return payload


def build_charging_profile(profile_id=1, purpose="TxDefaultProfile", stack_level=0, limits=((0, 6.0),),
                           unit="A", duration=300, kind="Absolute", start_schedule=None, transaction_id=None,
                           valid_from=None, valid_to=None, number_phases=None, recurrency_kind=None):
    """A csChargingProfiles / chargingProfile: limits are (startPeriod, limit) pairs; start_schedule
    None with kind Absolute is now."""
    periods = []
    for start, limit in limits:
        period = {"startPeriod": int(start), "limit": float(limit)}
        if number_phases is not None:
            period["numberPhases"] = int(number_phases)
        periods.append(period)
    schedule = {"chargingRateUnit": unit, "chargingSchedulePeriod": periods}
    if duration is not None:
        schedule["duration"] = int(duration)
    if kind in ("Absolute", "Recurring"):
        schedule["startSchedule"] = start_schedule or _now_iso()
    profile = {"chargingProfileId": int(profile_id), "stackLevel": int(stack_level),
               "chargingProfilePurpose": purpose, "chargingProfileKind": kind, "chargingSchedule": schedule}
    if recurrency_kind:
        profile["recurrencyKind"] = recurrency_kind
    if transaction_id is not None:
        profile["transactionId"] = int(transaction_id)
    if valid_from:
        profile["validFrom"] = valid_from
    if valid_to:
        profile["validTo"] = valid_to
    return profile


def build_set_charging_profile(connector_id=1, profile=None):
    return {"connectorId": int(connector_id), "csChargingProfiles": profile or build_charging_profile()}


def build_clear_charging_profile(profile_id=None, connector_id=None, purpose=None, stack_level=None):
    payload = {}
    for key, value in (("id", profile_id), ("connectorId", connector_id), ("chargingProfilePurpose", purpose),
                       ("stackLevel", stack_level)):
        if value is not None:
            payload[key] = value
    return payload


def build_get_composite_schedule(connector_id=1, duration=300, charging_rate_unit=None):
    payload = {"connectorId": int(connector_id), "duration": int(duration)}
    if charging_rate_unit:
        payload["chargingRateUnit"] = charging_rate_unit
    return payload


def build_update_firmware16(location="https://firmware.example.com/station-1.6.bin", retrieve_in_seconds=0,
                            retries=None, retry_interval=None):
    payload = {"location": location, "retrieveDate": _now_iso(retrieve_in_seconds)}
    if retries is not None:
        payload["retries"] = int(retries)
    if retry_interval is not None:
        payload["retryInterval"] = int(retry_interval)
    return payload


def build_signed_update_firmware(location="https://firmware.example.com/station-1.6.bin", request_id=None,
                                 signature=None, signing_certificate=None, retrieve_in_seconds=0, retries=None):
    """signature / signing_certificate None: the test CSMS's signing key signs the image the reference
    station takes the location to hold (firmware_image)."""
    signer = _FirmwareSigner.get()
    firmware = {"location": location, "retrieveDateTime": _now_iso(retrieve_in_seconds),
                "signingCertificate": signing_certificate or signer.certificate_pem,
                "signature": signature or signer.sign(firmware_image(location))}
    payload = {"requestId": request_id if request_id is not None else _request_id(), "firmware": firmware}
    if retries is not None:
        payload["retries"] = int(retries)
    return payload


def build_get_diagnostics(location="https://logs.example.com/diagnostics/", retries=None, retry_interval=None):
    payload = {"location": location}
    if retries is not None:
        payload["retries"] = int(retries)
    if retry_interval is not None:
        payload["retryInterval"] = int(retry_interval)
    return payload


def build_get_log16(remote_location="https://logs.example.com/upload", log_type="DiagnosticsLog", request_id=None):
    return {"logType": log_type, "requestId": request_id if request_id is not None else _request_id(),
            "log": {"remoteLocation": remote_location}}


def build_certificate_signed16(certificate_chain):
    return {"certificateChain": certificate_chain}


def build_install_certificate16(certificate, certificate_type="CentralSystemRootCertificate"):
    return {"certificateType": certificate_type, "certificate": certificate}


def build_get_installed_certificate_ids16(certificate_type="CentralSystemRootCertificate"):
    return {"certificateType": certificate_type}


def _request_id():
    import random
    return random.randint(1, 2 ** 31 - 1)


# ---------------------------------------------------------------------- builders from a script

def _certificate_signed(csms, state):
    from ..scripted import build_certificate_signed
    return build_certificate_signed16(build_certificate_signed(state.script.certificate_chain, None,
                                                               state.last_csr)["certificateChain"])


def _install_certificate(csms, state):
    from ..scripted import build_install_certificate
    return build_install_certificate16(build_install_certificate(state.script.install_certificate)["certificate"],
                                       state.script.v16.certificate_type)


def _delete_certificate(csms, state):
    from ..scripted import build_delete_certificate
    return build_delete_certificate(state.script.delete_certificate_hash)


def _charging_profile(script):
    v16 = script.v16
    return v16.charging_profile or build_charging_profile(unit=v16.charging_rate_unit,
                                                          limits=((0, 6.0 if v16.charging_rate_unit == "A"
                                                                   else 6000.0),))


COMMAND_BUILDERS16: dict = {
    "RemoteStartTransaction": lambda c, st: build_remote_start_transaction(st.script.id_token, st.script.v16.connector_id),
    "RemoteStopTransaction": lambda c, st: build_remote_stop_transaction(st.current_transaction_id()),
    "Reset": lambda c, st: build_reset16(st.script.v16.reset_type),
    "ChangeAvailability": lambda c, st: build_change_availability16(
        st.script.v16.connector_id if st.script.v16.availability_connector_id is None
        else st.script.v16.availability_connector_id, st.script.v16.availability_type),
    "ChangeConfiguration": lambda c, st: build_change_configuration(*st.script.v16.change_configuration),
    "GetConfiguration": lambda c, st: build_get_configuration(st.script.v16.get_configuration),
    "TriggerMessage": lambda c, st: build_trigger_message16(
        st.script.v16.trigger_message,
        st.script.v16.connector_id if st.script.v16.trigger_message in ("StatusNotification", "MeterValues") else None),
    "ExtendedTriggerMessage": lambda c, st: build_extended_trigger_message(
        st.script.v16.extended_trigger_message,
        st.script.v16.connector_id if st.script.v16.extended_trigger_message in ("StatusNotification", "MeterValues")
        else None),
    "UnlockConnector": lambda c, st: build_unlock_connector16(st.script.v16.connector_id),
    "ReserveNow": lambda c, st: build_reserve_now16(st.script.reservation_id, st.script.v16.reserve_id_tag,
                                                    st.script.v16.reserve_connector_id, st.script.reserve_expiry,
                                                    st.script.v16.reserve_parent_id_tag),
    "CancelReservation": lambda c, st: build_cancel_reservation16(st.script.reservation_id),
    "SendLocalList": lambda c, st: build_send_local_list16(st.script.local_list_tokens, st.script.local_list_version,
                                                           st.script.local_list_update),
    "GetLocalListVersion": lambda c, st: {},
    "ClearCache": lambda c, st: {},
    "DataTransfer": lambda c, st: _data_transfer(st.script),
    "SetChargingProfile": lambda c, st: build_set_charging_profile(st.script.v16.connector_id,
                                                                   _charging_profile(st.script)),
    "ClearChargingProfile": lambda c, st: dict(st.script.v16.clear_charging_profile),
    "GetCompositeSchedule": lambda c, st: build_get_composite_schedule(st.script.v16.connector_id,
                                                                       st.script.v16.composite_duration,
                                                                       st.script.v16.charging_rate_unit),
    "UpdateFirmware": lambda c, st: build_update_firmware16(st.script.v16.firmware_location),
    "SignedUpdateFirmware": lambda c, st: build_signed_update_firmware(st.script.v16.firmware_location),
    "GetDiagnostics": lambda c, st: build_get_diagnostics(st.script.v16.diagnostics_location),
    "GetLog": lambda c, st: build_get_log16(st.script.log_location, st.script.log_type),
    "CertificateSigned": _certificate_signed,
    "InstallCertificate": _install_certificate,
    "GetInstalledCertificateIds": lambda c, st: build_get_installed_certificate_ids16(st.script.v16.certificate_type),
    "DeleteCertificate": _delete_certificate,
}


def _data_transfer(script):
    from ..scripted import build_data_transfer
    return build_data_transfer(script.data_transfer_vendor_id, script.data_transfer_message_id,
                               script.data_transfer_data)


# The commands the mock server can send on its own to a 1.6 station (--command / --commands).
COMMAND_ACTIONS16 = tuple(sorted(COMMAND_BUILDERS16))
