"""The test CSMS: face 1 of the CSMS engine, scripted by the station-direction features.

A charging station is the system under test; the suite plays its CSMS. What the CSMS answers and
which commands it sends on its own is a `CsmsScript` (the same settings the command-line mock
server `python -m support.csms` fills from its flags). Every station gets its own copy of the
script, its own boot sequence and its own transactions, so several stations can share one
server without influencing each other.

Everything runs on one asyncio loop (the suite's runtime loop, or the CLI's). The methods that a
step thread may call directly are marked "thread-safe"; the others are coroutines or must run on
the loop.
"""
import asyncio
import base64
import concurrent.futures
import copy
import inspect
import datetime as _dt
import logging
import math
import random
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from ..pki.authority import pem as pki_pem
from ..pki.ocsp import hash_data
from ..rpc import CallError, CallOutcome, OcppConnection, error_codes, schemas
from ..rpc.frames import CALL, CALLRESULT
from ..station.answers import generic_answer
from ..scenario.trace import EVENT, RECEIVED, SENT
from .server import CsmsServer

log = logging.getLogger(__name__)

VERSION = "2.0.1"

# Messages a charging station sends to the CSMS (OCPP 2.0.1 Part 2, by functional block).
STATION_TO_CSMS = frozenset({
    "Authorize", "BootNotification", "ClearedChargingLimit", "DataTransfer",
    "FirmwareStatusNotification", "Get15118EVCertificate", "GetCertificateStatus", "Heartbeat",
    "LogStatusNotification", "MeterValues", "NotifyChargingLimit", "NotifyCustomerInformation",
    "NotifyDisplayMessages", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule", "NotifyEvent",
    "NotifyMonitoringReport", "NotifyReport", "PublishFirmwareStatusNotification",
    "ReportChargingProfiles", "ReservationStatusUpdate", "SecurityEventNotification",
    "SignCertificate", "StatusNotification", "TransactionEvent",
})

# ---- OCPP 2.0.1 B02 / B03: what each side may send before the CSMS accepts the station.
# While Pending the CSMS "may send messages to retrieve information from the Charging Station or change
# its configuration" (B02.FR.01; TC_B_02_CSMS names B05-B08: SetVariables, GetVariables, GetBaseReport,
# GetReport) and TriggerMessage(BootNotification) (TC_B_02_CS); once it has Rejected the station it
# SHALL NOT initiate any message (B03.FR.03, errata 2023-12). The test CSMS holds every other scheduled
# command until the station is Accepted (TestCsms._send_scheduled).
PENDING_COMMANDS = frozenset({"GetVariables", "SetVariables", "GetBaseReport", "GetReport"})
RULE_PENDING_CSMS = ("B02.FR.01: while Pending the CSMS may only retrieve information or change the configuration "
                     "(GetVariables, SetVariables, GetBaseReport, GetReport, TriggerMessage BootNotification)")
RULE_REJECTED_CSMS = "B03.FR.03: the CSMS SHALL NOT initiate any message to a station it has Rejected"
# While Pending the station sends no request but BootNotification, or what the CSMS asked for with
# TriggerMessage, GetBaseReport or GetReport (B02.FR.02; TC_B_30_CSMS); while Rejected nothing but the
# next BootNotification (B03.FR.02).
RULE_PENDING_STATION = ("B02.FR.02", "no request but BootNotification, or what the CSMS asked for with "
                        "TriggerMessage, GetBaseReport or GetReport")
RULE_REJECTED_STATION = ("B03.FR.02", "no OCPP message but the next BootNotification after the interval")
RULE_SEQ_NO = "E01.FR.07 (Sequence Number Generation)"
RULE_GET_VARIABLES_VALUE = "B06.FR.10"
# requestedMessage of a TriggerMessage -> the request(s) it asks the station for.
TRIGGERED = {
    "BootNotification": ("BootNotification",), "LogStatusNotification": ("LogStatusNotification",),
    "FirmwareStatusNotification": ("FirmwareStatusNotification",), "Heartbeat": ("Heartbeat",),
    "MeterValues": ("MeterValues",), "StatusNotification": ("StatusNotification",),
    "TransactionEvent": ("TransactionEvent",), "SignChargingStationCertificate": ("SignCertificate",),
    "SignV2GCertificate": ("SignCertificate",), "SignCombinedCertificate": ("SignCertificate",),
    "PublishFirmwareStatusNotification": ("PublishFirmwareStatusNotification",),
}
NOT_ACCEPTED = ("Pending", "Rejected")

# ---- The station identity (the last segment of the connection URL). OCPP 2.0.1 Part 4 §3.1.1 and
# errata 2023-12 (SecurityCtrlr.Identity): an identifierString (Part 2: a-z A-Z 0-9 * - _ = : + | @ .)
# without ':' (it is also the Basic auth username), at most 48 characters. OCPP-J 1.6 §3.1.1 sets no
# limit of its own, but its Basic auth username is the identity too (no ':'): the test CSMS holds 1.6
# stations to the same rule. It accepts any identity; its log flags one OCPP does not allow.
IDENTITY_MAX_LENGTH = 48
IDENTITY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=+|@.")
RULE_IDENTITY = "OCPP 2.0.1 Part 4 §3.1.1 (identifierString without ':', at most 48 characters)"
CONNECTED_EVENT = "connected with subprotocol"      # the event support/csms/server.py records
ATTEMPT_AT = "connection attempt at the {address} address of the CSMS"   # TestCsms.refuse_connection's events
ATTEMPT_WHILE_DOWN = "connection attempt while the CSMS is down"   # go_down's events (station_session reads them)


def identity_flags(station_id):
    """Why OCPP does not allow this station identity (the URL segment, percent-decoded), as a log flag;
    [] when it does."""
    problems = []
    if len(station_id) > IDENTITY_MAX_LENGTH:
        problems.append(f"{len(station_id)} characters")
    bad = sorted(set(station_id) - IDENTITY_CHARACTERS)
    if bad:
        shown = ", ".join(repr(c) for c in bad[:8]) + (", ..." if len(bad) > 8 else "")
        problems.append(f"characters not allowed: {shown}")
    if not problems:
        return []
    name = station_id if len(station_id) <= 60 else f"{station_id[:60]}..."
    return [f"{RULE_IDENTITY}: the station identity {name!r} is not one OCPP allows ({'; '.join(problems)}); "
            "the test CSMS accepts it anyway"]


def command_rule(version, registration, action, payload):
    """Why the CSMS may not send `action` (with `payload`) to a station whose last boot it answered
    `registration` (the rule, quoted); None when it may."""
    if version and version.startswith("1.6"):
        return _scripted16().command_rule16(registration, action, payload)
    if registration == "Rejected":
        return RULE_REJECTED_CSMS
    if registration == "Pending" and action not in PENDING_COMMANDS and not (
            action == "TriggerMessage" and isinstance(payload, dict)
            and payload.get("requestedMessage") == "BootNotification"):
        return RULE_PENDING_CSMS
    return None


def asked_for(version, action, payload):
    """The station requests a CSMS command asks for (TriggerMessage; GetBaseReport/GetReport: NotifyReport)."""
    if version and version.startswith("1.6"):
        return _scripted16().asked_for16(action, payload)
    if action == "TriggerMessage" and isinstance(payload, dict):
        return TRIGGERED.get(payload.get("requestedMessage"), ())
    if action in ("GetBaseReport", "GetReport"):
        return ("NotifyReport",)
    return ()


def _get_variables_flags(payload):
    """GetVariableResult entries with attributeStatus Accepted and no attributeValue (B06.FR.10: the
    station SHALL set attributeStatus Accepted AND attributeValue to the value it found)."""
    flags = []
    results = payload.get("getVariableResult") if isinstance(payload, dict) else None
    for index, result in enumerate(results if isinstance(results, list) else []):
        if isinstance(result, dict) and result.get("attributeStatus") == "Accepted" and "attributeValue" not in result:
            component, variable = (part.get("name", "?") if isinstance(part, dict) else "?"
                                   for part in (result.get("component"), result.get("variable")))
            flags.append(f"{RULE_GET_VARIABLES_VALUE}: getVariableResult[{index}] ({component}.{variable}) has "
                         "attributeStatus Accepted but no attributeValue")
    return flags


# The port of the test CSMS when test_csms_port is not given and the station under test is not the
# embedded reference station: a real station is configured with this address before the run.
FIXED_TEST_CSMS_PORT = 9210


def listen_address(settings):
    """(host, port) the suite's test CSMS listens on, from the run's Config: test_csms_host
    (127.0.0.1: loopback only), and test_csms_port when given; else 0 (a free port) for the
    embedded station and FIXED_TEST_CSMS_PORT for any other station driver."""
    host = settings.values.get("test_csms_host") or "127.0.0.1"
    if settings.sources.get("test_csms_port") != "default":
        return host, settings.integer("test_csms_port")
    return host, (0 if settings.station_embedded else FIXED_TEST_CSMS_PORT)


AUTH_MODES = ("normal", "whitelist", "blacklist", "rate_limit")
DEFAULT_WHITELIST = ("valid_token", "test_token", "authorized_user")
DEFAULT_BLACKLIST = ("blocked_token", "invalid_user")
# RequestStopTransaction needs a transactionId even when the station has no transaction (F03).
NO_TRANSACTION_ID = "no-such-transaction"

NO_ANSWER = object()   # an answers[...] value: the CSMS does not answer that CALL at all


def _scripted16():
    """The OCPP 1.6 layer (imported on first use: it builds on this module)."""
    from .ocpp16 import scripted as scripted16
    return scripted16


def now_iso(offset_seconds=0.0):
    moment = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=offset_seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _new_request_id():
    return random.randint(1, 2 ** 31 - 1)


def schema_enum(action, type_name, is_request=True):
    """The values of an enum type of an action's 2.0.1 schema, e.g. ("Reset", "ResetEnumType")."""
    v = schemas.validator(VERSION, action, is_request)
    return tuple(v.schema["definitions"][type_name]["enum"])


def _is_rfc3339(text):
    v = schemas.validator(VERSION, "Heartbeat", False)   # currentTime is a date-time
    return isinstance(text, str) and not list(v.iter_errors({"currentTime": text}))


# ---------------------------------------------------------------------- Component.Variable specs

_SPEC = re.compile(r"^(?P<component>[^.\[\]=]+)(?:\[(?P<cinst>[^\]]*)\])?"
                   r"\.(?P<variable>[^.\[\]=]+)(?:\[(?P<vinst>[^\]]*)\])?$")


def parse_variable_spec(text, with_value):
    """One "Component.Variable" (or "...=Value") spec as an OCPP Get/SetVariableData entry.

    Instances go in brackets: "Component[instance].Variable[instance]". Raises ValueError with
    the reason when the spec is malformed.
    """
    entry = text.strip()
    expected = "'Component.Variable=Value'" if with_value else "'Component.Variable'"
    if with_value:
        if "=" not in entry:
            raise ValueError(f"invalid variable spec {entry!r}: expected {expected}")
        name, value = entry.split("=", 1)
    else:
        name, value = entry, None
        if "=" in entry:
            raise ValueError(f"invalid variable spec {entry!r}: expected {expected} (no '=Value' here)")
    match = _SPEC.match(name.strip())
    if not match or not match["component"].strip() or not match["variable"].strip():
        raise ValueError(f"invalid variable spec {entry!r}: expected {expected}")
    parts = {"component": match["component"].strip(), "variable": match["variable"].strip(),
             "component instance": match["cinst"], "variable instance": match["vinst"]}
    for what, part in parts.items():
        if part is not None and (not part.strip() or len(part.strip()) > 50):
            raise ValueError(f"invalid variable spec {entry!r}: the {what} must be 1 to 50 characters")
    component = {"name": parts["component"]}
    if match["cinst"] is not None:
        component["instance"] = match["cinst"].strip()
    variable = {"name": parts["variable"]}
    if match["vinst"] is not None:
        variable["instance"] = match["vinst"].strip()
    data = {"component": component, "variable": variable}
    if with_value:
        value = value.strip()
        if len(value) > 1000:
            raise ValueError(f"invalid variable spec {entry!r}: the value is longer than 1000 characters")
        data["attributeValue"] = value
    return data


def parse_variable_specs(text, with_value):
    """A comma-separated list of specs; empty entries are skipped, at least one is required."""
    items = [parse_variable_spec(e, with_value) for e in text.split(",") if e.strip()]
    if not items:
        raise ValueError("expected at least one " + ("'Component.Variable=Value'" if with_value
                                                     else "'Component.Variable'") + " spec")
    return items


def _variable_items(items, with_value):
    return [parse_variable_spec(i, with_value) if isinstance(i, str) else copy.deepcopy(i) for i in items]


# ---------------------------------------------------------------------- test certificates

class _TestPki:
    """The suite's CSMS root CA (support/pki, certs/), so the certificate commands carry real PEM data
    that a station trusting that root can check. Signs the CSR the station last sent with
    SignCertificate, when there is one."""
    _lock = threading.Lock()
    _instance = None

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        from ..pki.store import TestPki
        self.ca = TestPki().csms_root
        self.root = self.ca.certificate
        self.root_pem = pki_pem(self.root)

    def root_hash_data(self):
        """CertificateHashDataType of the root certificate."""
        return hash_data(self.root, self.root)

    def sign(self, csr_pem=None, common_name="test-station"):
        """A chain (leaf + root PEM): for the CSR when given and valid, else for a fresh key."""
        try:
            leaf = self.ca.sign_csr(csr_pem) if csr_pem else None
        except ValueError:
            leaf = None
        if leaf is None:
            leaf, _ = self.ca.issue(common_name, client=True)
        return pki_pem(leaf) + self.root_pem


def _pki():
    return _TestPki.get()


# ---------------------------------------------------------------------- payload builders
# One function per CSMS-initiated command, plain arguments in, an OCPP 2.0.1 request payload out.

def _evse(evse_id, connector_id=None):
    evse = {"id": int(evse_id)}
    if connector_id is not None:
        evse["connectorId"] = int(connector_id)
    return evse


def build_trigger_message(requested_message="StatusNotification", evse_id=None, connector_id=None):
    payload = {"requestedMessage": requested_message}
    if evse_id is not None:
        payload["evse"] = _evse(evse_id, connector_id)
    return payload


def build_reset(reset_type="Immediate", evse_id=None):
    payload = {"type": reset_type}
    if evse_id is not None:
        payload["evseId"] = int(evse_id)
    return payload


def build_change_availability(operational_status="Operative", evse_id=None, connector_id=None):
    payload = {"operationalStatus": operational_status}
    if evse_id is not None:
        payload["evse"] = _evse(evse_id, connector_id)
    return payload


def build_set_variables(items):
    """items: "Component.Variable=Value" strings or SetVariableData dicts."""
    return {"setVariableData": _variable_items(items, True)}


def build_get_variables(items):
    """items: "Component.Variable" strings or GetVariableData dicts."""
    return {"getVariableData": _variable_items(items, False)}


def build_request_start_transaction(id_token="test_token", evse_id=1, remote_start_id=None,
                                    token_type="ISO14443", group_id=None):
    payload = {"idToken": {"idToken": id_token, "type": token_type},
               "remoteStartId": remote_start_id if remote_start_id is not None else _new_request_id()}
    if evse_id is not None:
        payload["evseId"] = int(evse_id)
    if group_id:
        payload["groupIdToken"] = {"idToken": group_id, "type": "Central"}
    return payload


def build_request_stop_transaction(transaction_id):
    return {"transactionId": transaction_id or NO_TRANSACTION_ID}


def build_get_transaction_status(transaction_id=None):
    return {"transactionId": transaction_id} if transaction_id else {}


def build_get_base_report(report_base="FullInventory", request_id=None):
    return {"requestId": request_id if request_id is not None else _new_request_id(), "reportBase": report_base}


def build_clear_cache():
    return {}


def build_unlock_connector(evse_id=1, connector_id=1):
    return {"evseId": int(evse_id), "connectorId": int(connector_id)}


def build_data_transfer(vendor_id="org.ocpp.testcsms", message_id="TestMessage", data="test data"):
    payload = {"vendorId": vendor_id}
    if message_id is not None:
        payload["messageId"] = message_id
    if data is not None:
        payload["data"] = data
    return payload


def build_update_firmware(location="https://firmware.example.com/station-2.0.bin", request_id=None,
                          retrieve_in_seconds=0):
    return {"requestId": request_id if request_id is not None else _new_request_id(),
            "firmware": {"location": location, "retrieveDateTime": now_iso(retrieve_in_seconds)}}


def build_get_log(remote_location="https://logs.example.com/upload", log_type="DiagnosticsLog", request_id=None):
    return {"logType": log_type, "requestId": request_id if request_id is not None else _new_request_id(),
            "log": {"remoteLocation": remote_location}}


def build_customer_information(customer_identifier="customer-1", report=True, clear=False, request_id=None):
    payload = {"requestId": request_id if request_id is not None else _new_request_id(),
               "report": bool(report), "clear": bool(clear)}
    if customer_identifier:
        payload["customerIdentifier"] = customer_identifier
    return payload


def build_certificate_signed(certificate_chain=None, certificate_type="ChargingStationCertificate", csr=None):
    """certificate_chain None: the test CA signs `csr` (or a fresh key when there is no CSR)."""
    if certificate_chain is None:
        certificate_chain = _pki().sign(csr)
    payload = {"certificateChain": certificate_chain}
    if certificate_type:
        payload["certificateType"] = certificate_type
    return payload


def build_install_certificate(certificate=None, certificate_type="CSMSRootCertificate"):
    """certificate None: the test CA's root certificate."""
    if certificate is None:
        certificate = _pki().root_pem
    return {"certificateType": certificate_type, "certificate": certificate}


def build_get_installed_certificate_ids(certificate_types=("CSMSRootCertificate",)):
    return {"certificateType": list(certificate_types)} if certificate_types else {}


def build_delete_certificate(certificate_hash_data=None):
    """certificate_hash_data None: the hash data of the test CA's root (what InstallCertificate sends)."""
    if certificate_hash_data is None:
        certificate_hash_data = _pki().root_hash_data()
    return {"certificateHashData": dict(certificate_hash_data)}


def build_set_network_profile(csms_url, configuration_slot=1, security_profile=1, ocpp_interface="Wired0",
                              message_timeout=30):
    return {"configurationSlot": int(configuration_slot),
            "connectionData": {"ocppVersion": "OCPP20", "ocppTransport": "JSON", "ocppCsmsUrl": csms_url,
                               "messageTimeout": int(message_timeout), "securityProfile": int(security_profile),
                               "ocppInterface": ocpp_interface}}


def build_reserve_now(reservation_id=1, id_token="reserved_token", evse_id=1, expiry=3600.0,
                      token_type="ISO14443", group_id=None):
    """expiry: seconds from now, or an RFC 3339 date-time."""
    payload = {"id": int(reservation_id),
               "expiryDateTime": expiry if isinstance(expiry, str) else now_iso(float(expiry)),
               "idToken": {"idToken": id_token, "type": token_type}}
    if evse_id is not None:
        payload["evseId"] = int(evse_id)
    if group_id:
        payload["groupIdToken"] = {"idToken": group_id, "type": "Central"}
    return payload


def build_cancel_reservation(reservation_id=1):
    return {"reservationId": int(reservation_id)}


def build_send_local_list(tokens=("test_token",), version_number=1, update_type="Full",
                          token_type="ISO14443", status="Accepted"):
    entries = [{"idToken": {"idToken": t, "type": token_type}, "idTokenInfo": {"status": status}} for t in tokens]
    payload = {"versionNumber": int(version_number), "updateType": update_type}
    if entries:
        payload["localAuthorizationList"] = entries
    return payload


def build_get_local_list_version():
    return {}


# ---------------------------------------------------------------------- the script

@dataclass
class CommandSpec:
    """A CSMS-initiated command to send on a schedule.

    payload: a dict sent as is, a callable(station_id) -> dict, or None to build it from the
    station's script when it is sent (so RequestStopTransaction names the current transaction).
    delay: seconds before the first send (in a sequence: after the previous command's answer).
    period: seconds between repeats; None sends once.
    """
    action: str
    payload: Any = None
    delay: float = 0.0
    period: Optional[float] = None
    timeout: Optional[float] = None

    def __post_init__(self):
        if not isinstance(self.action, str) or not self.action:
            raise ValueError("CommandSpec.action must be an OCPP action name")
        if not isinstance(self.delay, (int, float)) or not math.isfinite(self.delay) or self.delay < 0:
            raise ValueError(f"CommandSpec.delay must be a finite number >= 0, got {self.delay!r}")
        if self.period is not None and (not isinstance(self.period, (int, float))
                                        or not math.isfinite(self.period) or self.period <= 0):
            raise ValueError(f"CommandSpec.period must be a finite number > 0, got {self.period!r}")


def _default_set_variables():
    return [parse_variable_spec("OCPPCommCtrlr.HeartbeatInterval=30", True)]


def _default_get_variables():
    return [parse_variable_spec("ChargingStation.AvailabilityState", False)]


@dataclass
class CsmsScript:
    """How the test CSMS behaves towards one station: its answers and its own commands."""
    # BootNotification: one status per boot, the last one repeats.
    boot_statuses: list = field(default_factory=lambda: ["Accepted"])
    heartbeat_interval: int = 60
    # Authorize and TransactionEvent idTokenInfo.
    auth_mode: str = "normal"
    whitelist: set = field(default_factory=lambda: set(DEFAULT_WHITELIST))
    blacklist: set = field(default_factory=lambda: set(DEFAULT_BLACKLIST))
    offline: bool = False                    # Authorize answered with CALLERROR InternalError
    auth_group_id: Optional[str] = None      # groupIdToken {idToken, type Central}
    auth_cache_expiry: Any = None            # RFC 3339 string, or seconds from the time of the answer
    token_statuses: dict = field(default_factory=dict)   # idToken value -> status, before the auth mode (OCTT)
    token_groups: dict = field(default_factory=dict)     # idToken value -> its groupIdToken.idToken (OCTT C09, C16)
    total_cost: Optional[float] = None       # totalCost in TransactionEvent Updated answers
    password: Optional[str] = None          # None: any or no Basic auth is accepted
    security_profile: Optional[int] = None  # 2 or 3: TLS required (support/csms/scripted_tls.py); None: any
    # action -> answer payload (dict), callable(station_id, payload) -> dict, CallError, NO_ANSWER,
    # or a list of those used one per request (the last one repeats).
    answers: dict = field(default_factory=dict)
    # Commands the CSMS sends on its own, one sequence, started when the station has booted.
    commands: list = field(default_factory=list)
    restart_commands_on_reconnect: bool = False
    call_timeout: float = 30.0
    # ---- payloads of the commands (used when a CommandSpec or send() gives no payload)
    trigger_message: str = "StatusNotification"
    trigger_evse_id: Optional[int] = None
    trigger_connector_id: Optional[int] = None
    reset_type: str = "Immediate"
    reset_evse_id: Optional[int] = None
    availability_status: str = "Operative"
    availability_evse_id: Optional[int] = None
    availability_connector_id: Optional[int] = None
    set_variables: list = field(default_factory=_default_set_variables)
    get_variables: list = field(default_factory=_default_get_variables)
    id_token: str = "test_token"             # RequestStartTransaction
    id_token_type: str = "ISO14443"
    remote_start_evse_id: Optional[int] = 1
    report_base: str = "FullInventory"
    unlock_evse_id: int = 1
    unlock_connector_id: int = 1
    data_transfer_vendor_id: str = "org.ocpp.testcsms"
    data_transfer_message_id: Optional[str] = "TestMessage"
    data_transfer_data: Any = "test data"
    firmware_location: str = "https://firmware.example.com/station-2.0.bin"
    log_location: str = "https://logs.example.com/upload"
    log_type: str = "DiagnosticsLog"
    customer_identifier: str = "customer-1"
    certificate_chain: Optional[str] = None          # None: the test CA signs the station's last CSR
    certificate_signed_type: Optional[str] = "ChargingStationCertificate"
    install_certificate: Optional[str] = None        # None: the test CA root
    install_certificate_type: str = "CSMSRootCertificate"
    installed_certificate_types: list = field(default_factory=lambda: ["CSMSRootCertificate"])
    delete_certificate_hash: Optional[dict] = None   # None: the test CA root's hash data
    network_csms_url: Optional[str] = None           # None: this CSMS's own URL
    network_configuration_slot: int = 1
    network_security_profile: int = 1
    # reservations (ReserveNow / CancelReservation)
    reservation_id: int = 1
    reserve_evse_id: Optional[int] = 1
    reserve_id_token: str = "reserved_token"
    reserve_expiry: Any = 3600.0                     # seconds from now, or RFC 3339
    # local authorization list (SendLocalList)
    local_list_tokens: list = field(default_factory=lambda: ["test_token"])
    local_list_version: int = 1
    local_list_update: str = "Full"
    # what only OCPP 1.6 stations use (support/csms/ocpp16/scripted.py)
    v16: Any = field(default_factory=lambda: _scripted16().Script16())

    def copy(self):
        return copy.deepcopy(self)

    # ---- answers

    def authorization_status(self, token):
        """AuthorizationStatusEnumType for an idToken value: its own status if it has one, else the auth mode's."""
        if token in self.token_statuses:
            return self.token_statuses[token]
        if self.auth_mode == "whitelist":
            return "Accepted" if token in self.whitelist else "Blocked"
        if self.auth_mode == "blacklist":
            return "Blocked" if token in self.blacklist else "Accepted"
        if self.auth_mode == "rate_limit":
            return "NotAtThisTime"
        if self.auth_mode != "normal":
            raise ValueError(f"unknown auth mode {self.auth_mode!r}; one of {', '.join(AUTH_MODES)}")
        return "Accepted"

    def id_token_info(self, token):
        info = {"status": self.authorization_status(token)}
        group_id = self.token_groups.get(token, self.auth_group_id)
        if group_id is not None:
            info["groupIdToken"] = {"idToken": group_id, "type": "Central"}
        if self.auth_cache_expiry is not None:
            expiry = self.auth_cache_expiry
            info["cacheExpiryDateTime"] = expiry if isinstance(expiry, str) else now_iso(float(expiry))
        return info

    def boot_status(self, index):
        statuses = self.boot_statuses or ["Accepted"]
        return statuses[min(index, len(statuses) - 1)]


# ---------------------------------------------------------------------- per-station state

@dataclass
class Transaction:
    """A transaction as the station reported it in TransactionEvent messages."""
    transaction_id: str
    evse_id: Optional[int] = None
    connector_id: Optional[int] = None
    id_token: Optional[dict] = None
    remote_start_id: Optional[int] = None
    event_type: str = "Started"       # the last eventType received
    seq_nos: list = field(default_factory=list)
    events: list = field(default_factory=list)
    stopped_reason: Optional[str] = None

    @property
    def ended(self):
        return self.event_type == "Ended"

    @property
    def seq_nos_contiguous(self):
        return self.seq_nos == list(range(self.seq_nos[0], self.seq_nos[0] + len(self.seq_nos))) \
            if self.seq_nos else True


class StationState:
    """What the test CSMS knows about one station; survives reconnections."""

    def __init__(self, station_id, script):
        self.station_id = station_id
        self.script = script
        self.connection = None
        self.version = None                  # OCPP version of its latest connection ("2.0.1", "1.6")
        self.credentials = None              # (user, password) of its latest connection, None without Basic auth
        self.connect_count = 0
        self.boot_count = 0                  # BootNotifications answered from the boot sequence
        self.boot_statuses_sent = []
        self.last_boot = None
        self.last_csr = None
        self.connectors = {}                 # (evseId, connectorId) -> connectorStatus
        self.transactions = {}               # transactionId -> Transaction, in order of appearance
        self.outcomes = []                   # CallOutcome of every CSMS-initiated command
        self.ready = asyncio.Event()         # connected and booted (or talking) on this connection
        self.connected = asyncio.Event()
        self.script_schedule = None
        # The status of the last BootNotification answer the CSMS sent (None: it has answered none):
        # the rules of B02/B03 (1.6: §4.2) hold while it is Pending or Rejected.
        self.registration = None
        self.registration_changed = asyncio.Event()   # set (and replaced) when registration changes
        self.held = []                       # actions of scheduled commands held now (not yet Accepted)
        self._asked = set()                  # requests the CSMS asked for since the last boot answer
        self._sent_calls = {}                # unique id -> (action, payload) of the CSMS's CALLs in flight
        self._tx_seq = {}                    # transactionId -> {seqNo: the TransactionEvent payload}
        self._boot_ids = set()
        self._answer_index = {}

    def set_registration(self, status):
        if status != self.registration:
            self.registration = status
            changed, self.registration_changed = self.registration_changed, asyncio.Event()
            changed.set()

    def current_transaction_id(self):
        """The most recent transaction that has not ended, or None."""
        for tx in reversed(list(self.transactions.values())):
            if not tx.ended:
                return tx.transaction_id
        return None


class Schedule:
    """Commands sent to one station in order; see TestCsms.schedule."""

    def __init__(self, station_id, specs, origin="step"):
        self.station_id = station_id
        self.specs = list(specs)
        self.origin = origin
        self.outcomes = []
        self.task = None
        self.cancelled = False
        for spec in self.specs[:-1]:
            if spec.period is not None:
                raise ValueError(f"{spec.action} repeats forever; only the last command of a sequence "
                                 "may have a period")

    @property
    def done(self):
        return self.task is not None and self.task.done()

    def cancel(self):
        # The flag as well as Task.cancel(): on Python 3.11 asyncio.wait_for can swallow a
        # cancellation that arrives together with the station's answer.
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()

    def check(self):
        if self.cancelled:
            raise asyncio.CancelledError()


# ---------------------------------------------------------------------- the engine

class TestCsms:
    """The scripted CSMS engine for support.csms.server.CsmsServer.

    TestCsms(script) serves every station with its own copy of `script` (script_for(id) gives
    it, to change before or while the station talks). listeners get every frame:
    listener(peer, direction, text, frame, violations), e.g. MessageTrace.add.
    """
    __test__ = False     # not a pytest test class
    versions = (VERSION, "1.6")   # subprotocols offered; a station is served in the one it chose

    def __init__(self, script=None, host="127.0.0.1", port=0, versions=None):
        if versions is not None:
            self.versions = tuple(versions)
        self.script = script if script is not None else CsmsScript()
        self.server = CsmsServer(self, host, port)
        self.listeners = []
        self.stations = {}           # station id -> StationState
        self.watchers = {}           # station id -> who sees its commands (see watch())
        self._schedules = set()
        self._unlaunched = []
        self._loop = None
        self._lock = threading.Lock()
        self._down = False           # down: its address refuses every connection attempt (go_down)
        self.second_server = None    # a second address of this CSMS (a changed CSMS URL)
        self._refusals = {}          # (station id, "first" / "second") -> attempts still to refuse there, None: all
        self.tls = None              # its wss:// address, started on first use (scripted_tls.front_door)

    # ------------------------------------------------------------------ lifecycle

    async def start(self):
        self._loop = asyncio.get_running_loop()
        await self.server.start()
        for schedule in self._unlaunched:
            self._launch(schedule)
        self._unlaunched.clear()
        return self

    async def stop(self):
        self._cancel_all()
        tasks = [s.task for s in self._schedules if s.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self.close_second_listener()
        self._down = False
        if self.tls is not None:
            await self.tls.stop()
        await self.server.stop()

    # ------------------------------------------------------------------ going down, a second address

    @property
    def is_down(self):
        return self._down

    async def go_down(self):
        """The CSMS goes down: every station connection at its address is closed (1001 Going Away) and,
        until come_back(), each connection attempt there is refused with HTTP 503 and recorded as an
        event of that station, so the attempts (and a station's reconnection backoff) show in the
        trace. The port stays bound: a listener stopped and another started on the same port left a
        window in which a station's immediate reconnection hung in its opening handshake."""
        if self._down:
            return
        self._down = True
        for connection in list(self.server.connections.values()):
            await connection.close(1001, "the CSMS is going down")      # (close never raises)

    async def come_back(self):
        """The CSMS takes connections again at its address (after go_down())."""
        self._down = False

    async def open_second_listener(self):
        """A second WebSocket listener of this same CSMS on a free port (a new CSMS URL for the
        stations); returns its base URL."""
        if self.second_server is None:
            self.second_server = await CsmsServer(self, self.server.host, 0).start()
        return f"ws://{self.server.host}:{self.second_server.port}"

    async def close_second_listener(self):
        if self.second_server is not None:
            server, self.second_server = self.second_server, None
            await server.stop()

    def refuse_attempts(self, station_id, address, count=None):
        """The station's next `count` connection attempts (None: every one) at this address of the CSMS,
        "first" (its own) or "second" (open_second_listener), are refused with HTTP 503: a CSMS that does
        not take the station there (OCTT TC_B_46_CS, TC_B_49_CS). Each attempt at the second address,
        and each refused one, is an event of the station (ATTEMPT_AT)."""
        if address not in ("first", "second"):
            raise ValueError(f"the CSMS's addresses are 'first' and 'second', not {address!r}")
        self._refusals[(station_id, address)] = count

    def refuse_connection(self, station_id, server):
        """CsmsServer hook: why this connection attempt is refused (refuse_attempts), or None."""
        address = ("second" if server is not None and server is self.second_server
                   else "first" if server is self.server else None)
        if address is None:          # the wss:// endpoints (scripted_tls) keep their own record
            return None
        if self._down and address == "first":
            self._event(station_id, f"{ATTEMPT_WHILE_DOWN}: refused with HTTP 503")
            return "the CSMS is down"
        key = (station_id, address)
        left = self._refusals.get(key, 0)
        refused = left is None or left > 0
        if refused and left is not None:
            self._refusals[key] = left - 1
        if refused or address == "second":
            self._event(station_id, f"{ATTEMPT_AT.format(address=address)}: "
                                    + ("refused with HTTP 503" if refused else "taken"))
        return f"the CSMS does not take this station at its {address} address now" if refused else None

    def listener_of(self, station_id):
        """Which address the station is connected to now: "second", "first" or None."""
        for name, server in (("second", self.second_server), ("first", self.server)):
            connection = server.connections.get(station_id) if server is not None else None
            if connection is not None and connection.is_open:
                return name
        return None

    @property
    def port(self):
        return self.server.port

    @property
    def url(self):
        """The base URL a station appends its identity to."""
        host = self.server.host
        host = f"[{host}]" if ":" in host else host
        return f"ws://{host}:{self.server.port}"

    def station_url(self, station_id):
        return f"{self.url}/{station_id}"

    def reset(self, script=None):
        """Forget every station and schedule (between scenarios); thread-safe."""
        self._in_loop(self._reset, script)

    def _reset(self, script):
        self._cancel_all()
        self._refusals.clear()
        if script is not None:
            self.script = script
        with self._lock:
            old, self.stations = self.stations, {}
        for station_id, state in old.items():
            if state.connection is not None and state.connection.is_open:
                # A station still connected stays usable: its connection carries over.
                fresh = self.station(station_id)
                fresh.connection, fresh.connect_count = state.connection, 1
                fresh.version, fresh.credentials = state.version, state.credentials
                fresh.registration = state.registration
                fresh.connected.set()
                if state.ready.is_set():
                    fresh.ready.set()

    # ------------------------------------------------------------------ scripts and state

    def station(self, station_id):
        """The StationState of a station, created from the default script on first use."""
        with self._lock:
            state = self.stations.get(station_id)
            if state is None:
                state = self.stations[station_id] = StationState(station_id, self.script.copy())
            return state

    def script_for(self, station_id):
        """The station's own script (a copy of the default made on first use); change it freely."""
        return self.station(station_id).script

    def reset_boot_sequence(self, station_id):
        """The next boot of the station gets the first status of its boot sequence again."""
        self.station(station_id).boot_count = 0

    def transactions(self, station_id):
        return self.station(station_id).transactions

    def transaction(self, station_id, transaction_id):
        return self.station(station_id).transactions.get(transaction_id)

    def current_transaction_id(self, station_id):
        return self.station(station_id).current_transaction_id()

    def connection(self, station_id):
        state = self.stations.get(station_id)
        return state.connection if state else None

    def is_connected(self, station_id):
        connection = self.connection(station_id)
        return connection is not None and connection.is_open

    async def wait_connected(self, station_id, timeout):
        return await self._wait_event(self.station(station_id).connected, timeout)

    async def wait_ready(self, station_id, timeout):
        """Wait until the station is connected and its boot was answered; False at the deadline."""
        return await self._wait_event(self.station(station_id).ready, timeout)

    @staticmethod
    async def _wait_event(event, timeout):
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    # ------------------------------------------------------------------ CsmsServer hooks

    def authenticate(self, station_id, credentials):
        self.station(station_id).credentials = credentials
        password = self.script_for(station_id).password
        if password is None:
            return None
        if credentials is None:
            return "Basic authentication required"
        user, given = credentials
        if user != station_id:
            return "the Basic auth username must equal the charging station identity"
        if given != password:
            return "wrong password"
        return None

    def authenticate_connection(self, station_id, credentials, transport):
        """The station's security profile (TLS, client certificate CN), then authenticate()."""
        from .scripted_tls import authenticate_connection
        return authenticate_connection(self, station_id, credentials, transport)

    def on_connected(self, station_id, connection):
        state = self.station(station_id)
        state.connection = connection
        state.version = connection.version
        state.connect_count += 1
        state._boot_ids.clear()
        state._sent_calls.clear()
        state.ready.clear()
        if getattr(state, "registration", None) == "Accepted":
            # a reconnection of an accepted station: no new BootNotification is needed, commands may go
            state.ready.set()
        state.connected.set()
        if state.script.commands and (state.script_schedule is None
                                      or state.script.restart_commands_on_reconnect):
            if state.script_schedule is not None:
                state.script_schedule.cancel()
            try:
                state.script_schedule = self._start_schedule(station_id, state.script.commands, "script")
            except ValueError as exc:
                self._event(station_id, f"the script's commands cannot run: {exc}")

    def on_disconnected(self, station_id, connection):
        state = self.stations.get(station_id)
        if state is not None and state.connection is connection:
            state.connection = None
            state.ready.clear()
            state.connected.clear()

    def add_listener(self, listener):
        self.listeners.append(listener)
        return listener

    def remove_listener(self, listener):
        if listener in self.listeners:
            self.listeners.remove(listener)

    def recorder(self, peer, direction, text, frame=None, violations=()):
        if direction == EVENT and frame is None and text.startswith(CONNECTED_EVENT):
            violations = list(violations or ()) + identity_flags(peer)     # the connection it accepted
        state = self.stations.get(peer)
        if state is not None and frame is not None:
            flags = self._rule_flags(state, direction, frame)
            if flags:
                # Into the caller's list when it has one: a station's answer then carries the flags
                # in its CallOutcome.violations as well (the steps check those).
                if isinstance(violations, list):
                    violations.extend(flags)
                else:
                    violations = list(violations or ()) + flags
            # Commands start once the station's boot was answered on this connection, or once it
            # talks without booting (a reconnection of an accepted station).
            if direction == RECEIVED and frame.type == CALL:
                if frame.action == "BootNotification":
                    state._boot_ids.add(frame.unique_id)
                    state.ready.clear()          # a new boot: the commands wait for its answer
                elif state.connection is not None:
                    state.ready.set()
            elif direction == SENT and frame.type == CALLRESULT and frame.unique_id in state._boot_ids:
                state._boot_ids.discard(frame.unique_id)
                state._asked.clear()
                status = frame.payload.get("status") if isinstance(frame.payload, dict) else None
                state.set_registration(status)
                if state.connection is not None:
                    state.ready.set()
        for listener in list(self.listeners):
            try:
                listener(peer, direction, text, frame, list(violations or ()))
            except Exception:
                log.exception("message listener failed")

    # ------------------------------------------------------------------ the rules the station must keep

    def _rule_flags(self, state, direction, frame):
        """The rules a frame of the station breaks, each naming its clause; also remembers what the
        rules need (the CSMS's CALLs in flight, what it asked for, the seqNos of each transaction)."""
        version = state.version or self.versions[0]
        v16 = version.startswith("1.6")
        if direction == SENT:
            if frame.type == CALL:
                state._sent_calls[frame.unique_id] = (frame.action, frame.payload)
                state._asked.update(asked_for(version, frame.action, frame.payload))
            return []
        if direction != RECEIVED:
            return []
        flags = []
        if frame.type == CALL:
            action, payload = frame.action, frame.payload
            status = state.registration
            if action != "BootNotification" and status in NOT_ACCEPTED and (
                    status == "Rejected" or action not in state._asked):
                if v16:
                    rules = _scripted16()
                    clause, allowed = rules.RULE_REJECTED_STATION16 if status == "Rejected" \
                        else rules.RULE_PENDING_STATION16
                else:
                    clause, allowed = RULE_REJECTED_STATION if status == "Rejected" else RULE_PENDING_STATION
                flags.append(f"{clause}: while {status} the station also sent {action} (it may send {allowed})")
            if action == "TransactionEvent" and not v16 and isinstance(payload, dict):
                flags += self._seq_no_flags(state, payload)
        else:
            sent = state._sent_calls.pop(frame.unique_id, None)
            if sent is not None and frame.type == CALLRESULT and sent[0] == "GetVariables" and not v16:
                flags += _get_variables_flags(frame.payload)
        return flags

    @staticmethod
    def _seq_no_flags(state, payload):
        """seqNo of a TransactionEvent: one per message of the transaction, increasing (E01.FR.07).
        The same message again (a retry of one whose answer got lost) is no repeat; an event queued
        while offline (offline true) may come late, out of order (Part 6, general tool rules)."""
        info = payload.get("transactionInfo")
        tx_id = info.get("transactionId") if isinstance(info, dict) else None
        seq_no = payload.get("seqNo")
        # a payload that breaks the schema here is refused by the RPC layer; no rule to check
        if not isinstance(tx_id, str) or not isinstance(seq_no, int) or isinstance(seq_no, bool):
            return []
        seen = state._tx_seq.setdefault(tx_id, {})
        flags = []
        earlier = seen.get(seq_no)
        if earlier is not None:
            if earlier != payload:
                flags.append(f"{RULE_SEQ_NO}: seqNo {seq_no} repeats in transaction {tx_id} "
                             f"(another TransactionEvent of it had that seqNo)")
        elif seen and seq_no < max(seen) and not payload.get("offline"):
            flags.append(f"{RULE_SEQ_NO}: seqNo {seq_no} of transaction {tx_id} is not above the previous "
                         f"seqNo {max(seen)}")
        seen[seq_no] = copy.deepcopy(payload)
        return flags

    def _event(self, station_id, text):
        self.recorder(station_id, EVENT, text)

    # ------------------------------------------------------------------ answers to the station

    async def handler(self, connection: OcppConnection, action, payload):
        state = self.station(connection.peer)
        if connection.version.startswith("1.6"):
            return await _scripted16().handle16(self, state, action, payload)
        script = state.script
        codes = error_codes(connection.version)
        self._track(state, action, payload)
        if action in script.answers:
            answer = self._scripted_answer(state, action, payload, script.answers[action])
            if inspect.isawaitable(answer):     # a scripted answer that waits (OCTT TC_E_29_CS: held answers)
                answer = await answer
            return answer
        if action == "BootNotification":
            return self.boot_answer(state)
        if action == "Heartbeat":
            return {"currentTime": now_iso()}
        if action == "Authorize":
            if script.offline:
                raise CallError(codes.internal_error, "the test CSMS simulates a failure (offline mode)")
            return {"idTokenInfo": script.id_token_info(payload["idToken"]["idToken"])}
        if action == "TransactionEvent":
            return self.transaction_event_answer(script, payload)
        if action in ("SignCertificate", "DataTransfer"):
            return {"status": "Accepted"}
        if action == "Get15118EVCertificate":
            return {"status": "Accepted",
                    "exiResponse": base64.b64encode(b"test CSMS CertificateInstallationRes").decode()}
        if action == "GetCertificateStatus":
            return {"status": "Accepted"}
        if action in STATION_TO_CSMS:
            return generic_answer(connection.version, action)
        raise CallError(codes.not_supported, f"{action} is sent by the CSMS, not to it")

    @staticmethod
    def transaction_event_answer(script, payload):
        """The usual TransactionEvent answer: idTokenInfo for an idToken, totalCost in an Updated one."""
        answer = {}
        if "idToken" in payload:
            answer["idTokenInfo"] = script.id_token_info(payload["idToken"]["idToken"])
        if payload["eventType"] == "Updated" and script.total_cost is not None:
            answer["totalCost"] = script.total_cost
        return answer

    @staticmethod
    def boot_answer(state):
        """The BootNotification answer from the station's boot sequence (the same in 1.6 and 2.0.1)."""
        status = state.script.boot_status(state.boot_count)
        state.boot_count += 1
        state.boot_statuses_sent.append(status)
        return {"currentTime": now_iso(), "interval": int(state.script.heartbeat_interval), "status": status}

    def _scripted_answer(self, state, action, payload, answer):
        if isinstance(answer, list):
            if not answer:
                raise ValueError(f"the answers list for {action} is empty")
            index = state._answer_index.get(action, 0)
            state._answer_index[action] = index + 1
            answer = answer[min(index, len(answer) - 1)]
        if answer is NO_ANSWER:
            return None
        if isinstance(answer, CallError):
            raise CallError(answer.code, answer.description, copy.deepcopy(answer.details))
        if callable(answer):
            return answer(state.station_id, payload)
        return copy.deepcopy(answer)

    @staticmethod
    def _track(state, action, payload):
        if action == "BootNotification":
            state.last_boot = payload
        elif action == "StatusNotification":
            state.connectors[(payload["evseId"], payload["connectorId"])] = payload["connectorStatus"]
        elif action == "SignCertificate":
            state.last_csr = payload.get("csr")
        elif action == "TransactionEvent":
            info = payload["transactionInfo"]
            tx = state.transactions.get(info["transactionId"])
            if tx is None:
                tx = state.transactions[info["transactionId"]] = Transaction(info["transactionId"])
            tx.event_type = payload["eventType"]
            tx.seq_nos.append(payload["seqNo"])
            tx.events.append(payload)
            if "evse" in payload:
                tx.evse_id = payload["evse"]["id"]
                tx.connector_id = payload["evse"].get("connectorId", tx.connector_id)
            if "idToken" in payload:
                tx.id_token = payload["idToken"]
            if "remoteStartId" in info:
                tx.remote_start_id = info["remoteStartId"]
            if payload["eventType"] == "Ended":
                tx.stopped_reason = info.get("stoppedReason", "Local")

    # ------------------------------------------------------------------ commands to the station

    def version_of(self, station_id):
        """The OCPP version the station talks (its latest connection's; before one, the first offered)."""
        state = self.stations.get(station_id)
        return (state.version if state is not None and state.version else None) or self.versions[0]

    def build_command(self, station_id, action):
        """The request payload for a CSMS-initiated action from the station's script."""
        builders = _scripted16().COMMAND_BUILDERS16 if self.version_of(station_id).startswith("1.6") \
            else COMMAND_BUILDERS
        builder = builders.get(action)
        if builder is None:
            raise KeyError(f"no payload builder for {action} in OCPP {self.version_of(station_id)}; give the payload")
        return builder(self, self.station(station_id))

    async def send(self, station_id, action, payload=None, timeout=None, watch=True) -> CallOutcome:
        """Send a CALL to a connected station; payload None builds it from the station's script.

        A watcher of the station (watch(): the ledger of what a scenario changed at a real station)
        sees the command before and after, unless watch is False (the watcher's own commands).
        Returns the CallOutcome; raises LookupError when the station is not connected.
        """
        state = self.stations.get(station_id)
        connection = state.connection if state else None
        if connection is None or not connection.is_open:
            raise LookupError(f"charging station {station_id!r} is not connected")
        if payload is None:
            payload = self.build_command(station_id, action)
        elif callable(payload):
            payload = payload(station_id)
        rule = command_rule(connection.version, state.registration, action, payload)
        if rule:
            # A step may send what the CSMS's own schedule holds (a test of how the station copes);
            # the log says which rule that breaks.
            self._event(station_id, f"{action} sent on request while the station is {state.registration} "
                                    f"({rule})")
        watcher = self.watchers.get(station_id) if watch else None
        if watcher is not None:
            await watcher.before(action, payload)
        outcome = await connection.call(action, payload, timeout or state.script.call_timeout)
        state.outcomes.append(outcome)
        if watcher is not None:
            watcher.after(action, payload, outcome)
        return outcome

    def watch(self, station_id, watcher):
        """Let watcher.before(action, payload) and watcher.after(action, payload, outcome) see every
        command to this station (None: stop)."""
        if watcher is None:
            self.watchers.pop(station_id, None)
        else:
            self.watchers[station_id] = watcher

    def note(self, station_id, text):
        """A line of the suite's own in the station's trace."""
        self._event(station_id, text)

    def schedule(self, station_id, commands):
        """Send a CommandSpec, or a list of them in order, to a station; thread-safe.

        The first delay counts from when the station is connected and its boot answered (now, if
        it already is); each later delay from the previous command's answer. A command whose time
        comes while the station is offline waits for it to be back. Returns the Schedule.
        """
        specs = [commands] if isinstance(commands, CommandSpec) else list(commands)
        schedule = Schedule(station_id, specs)
        self.station(station_id)
        self._in_loop(self._launch, schedule)
        return schedule

    def cancel_all(self):
        """Stop every scheduled command (the script's and the steps'); thread-safe."""
        self._in_loop(self._cancel_all)

    def _cancel_all(self):
        for schedule in list(self._schedules):
            schedule.cancel()
        self._unlaunched.clear()

    def _start_schedule(self, station_id, specs, origin):
        schedule = Schedule(station_id, specs, origin)
        self._launch(schedule)
        return schedule

    def _launch(self, schedule):
        if self._loop is None:
            self._unlaunched.append(schedule)
            return
        schedule.task = self._loop.create_task(self._run_schedule(schedule))
        self._schedules.add(schedule)
        schedule.task.add_done_callback(lambda _t, s=schedule: self._schedules.discard(s))

    def _in_loop(self, fn, *args):
        """Run fn on the engine's loop and return its result; from another thread, wait for it."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is None or running is self._loop or not self._loop.is_running():
            return fn(*args)
        done = concurrent.futures.Future()

        def call():
            try:
                done.set_result(fn(*args))
            except BaseException as exc:  # handed to the calling thread
                done.set_exception(exc)
        self._loop.call_soon_threadsafe(call)
        return done.result(10)

    async def _run_schedule(self, schedule):
        state = self.station(schedule.station_id)
        await state.ready.wait()
        for spec in schedule.specs:
            schedule.check()
            if spec.delay:
                await asyncio.sleep(spec.delay)
            await self._send_scheduled(schedule, state, spec)
            while spec.period is not None:
                schedule.check()
                await asyncio.sleep(spec.period)
                await self._send_scheduled(schedule, state, spec)

    async def _send_scheduled(self, schedule, state, spec):
        held = False
        try:
            while True:
                await state.ready.wait()
                schedule.check()
                try:
                    payload = spec.payload
                    if payload is None:
                        payload = self.build_command(state.station_id, spec.action)
                    elif callable(payload):
                        payload = payload(state.station_id)
                    changed = state.registration_changed
                    rule = command_rule(self.version_of(state.station_id), state.registration, spec.action, payload)
                    if rule:
                        # Not to a station the CSMS has not accepted (B02.FR.01, B03.FR.03; 1.6 §4.2):
                        # held until its registration changes (a later boot answered Accepted).
                        if not held:
                            held = True
                            state.held.append(spec.action)
                            self._event(state.station_id, f"scheduled {spec.action} held: the station is "
                                                          f"{state.registration} ({rule}); sent once it is Accepted")
                        await changed.wait()
                        continue
                    if held:
                        held = False
                        state.held.remove(spec.action)
                        self._event(state.station_id, f"scheduled {spec.action} released: the station is "
                                                      f"{state.registration}")
                    outcome = await self.send(state.station_id, spec.action, copy.deepcopy(payload), spec.timeout)
                except LookupError:
                    continue                  # went offline in between: wait until it is back
                except Exception as exc:      # a bad payload builder must not kill the schedule
                    log.exception("scheduled %s failed", spec.action)
                    self._event(state.station_id, f"scheduled {spec.action} not sent: {type(exc).__name__}: {exc}")
                    return None
                break
        finally:
            if held and spec.action in state.held:
                state.held.remove(spec.action)
        schedule.outcomes.append(outcome)
        if not outcome.ok:
            self._event(state.station_id, f"scheduled {outcome.describe()}")
        return outcome


# ---------------------------------------------------------------------- builders from a script

def _tx_id(csms, state):
    return state.current_transaction_id()


COMMAND_BUILDERS: dict = {
    "TriggerMessage": lambda c, st: build_trigger_message(st.script.trigger_message, st.script.trigger_evse_id,
                                                          st.script.trigger_connector_id),
    "Reset": lambda c, st: build_reset(st.script.reset_type, st.script.reset_evse_id),
    "ChangeAvailability": lambda c, st: build_change_availability(
        st.script.availability_status, st.script.availability_evse_id, st.script.availability_connector_id),
    "SetVariables": lambda c, st: build_set_variables(st.script.set_variables),
    "GetVariables": lambda c, st: build_get_variables(st.script.get_variables),
    "RequestStartTransaction": lambda c, st: build_request_start_transaction(
        st.script.id_token, st.script.remote_start_evse_id, token_type=st.script.id_token_type),
    "RequestStopTransaction": lambda c, st: build_request_stop_transaction(_tx_id(c, st)),
    "GetTransactionStatus": lambda c, st: build_get_transaction_status(_tx_id(c, st)),
    "GetBaseReport": lambda c, st: build_get_base_report(st.script.report_base),
    "ClearCache": lambda c, st: build_clear_cache(),
    "UnlockConnector": lambda c, st: build_unlock_connector(st.script.unlock_evse_id, st.script.unlock_connector_id),
    "DataTransfer": lambda c, st: build_data_transfer(st.script.data_transfer_vendor_id,
                                                      st.script.data_transfer_message_id,
                                                      st.script.data_transfer_data),
    "UpdateFirmware": lambda c, st: build_update_firmware(st.script.firmware_location),
    "GetLog": lambda c, st: build_get_log(st.script.log_location, st.script.log_type),
    "CustomerInformation": lambda c, st: build_customer_information(st.script.customer_identifier),
    "CertificateSigned": lambda c, st: build_certificate_signed(st.script.certificate_chain,
                                                                st.script.certificate_signed_type, st.last_csr),
    "InstallCertificate": lambda c, st: build_install_certificate(st.script.install_certificate,
                                                                  st.script.install_certificate_type),
    "GetInstalledCertificateIds": lambda c, st: build_get_installed_certificate_ids(
        st.script.installed_certificate_types),
    "DeleteCertificate": lambda c, st: build_delete_certificate(st.script.delete_certificate_hash),
    "SetNetworkProfile": lambda c, st: build_set_network_profile(
        st.script.network_csms_url or c.url, st.script.network_configuration_slot,
        st.script.network_security_profile),
    "ReserveNow": lambda c, st: build_reserve_now(st.script.reservation_id, st.script.reserve_id_token,
                                                  st.script.reserve_evse_id, st.script.reserve_expiry),
    "CancelReservation": lambda c, st: build_cancel_reservation(st.script.reservation_id),
    "SendLocalList": lambda c, st: build_send_local_list(st.script.local_list_tokens, st.script.local_list_version,
                                                         st.script.local_list_update),
    "GetLocalListVersion": lambda c, st: build_get_local_list_version(),
}

# The commands the mock server can send on its own (--command / --commands).
COMMAND_ACTIONS = tuple(sorted(COMMAND_BUILDERS))
