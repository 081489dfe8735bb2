"""The reference station speaking OCPP 1.6J: ReferenceStation16 shares the engine of the 2.0.1
reference station (support/reference/station/station.py: connection and reconnection with backoff, boot
retries, heartbeats, the queue of station-initiated messages that keeps transaction messages while
offline, the dispatch of the CSMS's requests) and adds the 1.6 application on top of it.

It is the embedded default system under test of the @ocpp16 @station features:

- connectors 1..N (settings.evses: connector N is engine "EVSE" N) and connector 0, each reported
  with StatusNotification (Available, Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing,
  Reserved, Unavailable, Faulted) when its status changes, and all of them after every boot;
- configuration keys (GetConfiguration / ChangeConfiguration: NotSupported, Rejected,
  RebootRequired), the Core keys of OCPP 1.6 section 9 and those of the supported profiles;
- local and remote transactions: Authorize (local list, authorization cache, LocalPreAuthorize,
  LocalAuthorizeOffline, AllowOfflineTxForUnknownId), StartTransaction with meterStart,
  MeterValues with the transactionId every MeterValueSampleInterval and clock-aligned ones,
  StopTransaction with meterStop, reason and idTag; ConnectionTimeOut, StopTransactionOnInvalidId,
  StopTransactionOnEVSideDisconnect, stop by the same idTag or the same parentIdTag;
- Reset Hard/Soft (StopTransaction reason HardReset/SoftReset, then a reboot), ChangeAvailability
  (persisted over reboots and power cycles), UnlockConnector, TriggerMessage, reservations (also of
  connector 0), the local authorization list and the cache, smart charging profiles and composite
  schedules, firmware (UpdateFirmware, SignedUpdateFirmware) and diagnostics/log lifecycles,
  DataTransfer, and the certificate messages of the 1.6 security whitepaper;
- transaction messages (StartTransaction, StopTransaction, MeterValues with a transactionId) are
  queued while offline and delivered in order once back; the transactionId of a transaction that
  started offline is filled in when the CSMS has answered its StartTransaction.

Downloads and uploads: the station does not go out to the network. A location on a loopback host
(127.0.0.1, localhost, ::1) is really connected to (a refused connection fails the transfer); any
other host counts as reachable. A firmware image installs when its file name ends in .bin (any
other file downloads but fails to install); the image "downloaded" from a location is the UTF-8
bytes of the location, so a signature is verified over those bytes.

Intervals in protocol seconds (HeartbeatInterval, MeterValueSampleInterval, ConnectionTimeOut,
ClockAlignedDataInterval, ...) run scaled by settings.time_scale, as in the 2.0.1 station.
"""
import asyncio
import datetime as _dt
import math
import os
import ssl
import tempfile
import time
from dataclasses import dataclass, fields
from urllib.parse import urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ... import charging_schedules as cs
from ...csms.scripted_tls import OCPP_CIPHERS
from ...pki.authority import key_pem
from ...rpc import CallError
from ...scenario.trace import EVENT
from .station import (InstalledCertificate, ReferenceStation, ReferenceStationSettings, ReferenceTransaction,
                        StationError, StationFaults, certificate_hash_data, signature_verifies)
from ...station.test_station import now_iso
from .tls import tls_failure_event

VERSION = "1.6"
MEASURAND_UNITS16 = {
    "Energy.Active.Import.Register": "Wh",
    "Power.Active.Import": "W",
    "Current.Import": "A",
    "Voltage": "V",
}
ALL_PROFILES = "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"
PURPOSE_TO_201 = {"ChargePointMaxProfile": "ChargingStationMaxProfile", "TxDefaultProfile": "TxDefaultProfile",
                  "TxProfile": "TxProfile"}
TRANSACTION_ACTIONS = ("StartTransaction", "StopTransaction")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORTS = {"ftp": 21, "ftps": 990, "http": 80, "https": 443}


# ====================================================================== configuration

@dataclass
class ReferenceStationSettings16(ReferenceStationSettings):
    """Who the 1.6 reference station is; evses = {connectorId: 1, ...} (one connector per "EVSE")."""
    model: str = "ReferenceStation16"
    vendor_name: str = "ocpp-conformance"      # CiString20Type in BootNotification
    serial_number: str = None               # None: its identity (the suite takes a Charge Point's identity
                                            # for its unique serial number: CN of its certificate, A00.FR.511)
    connection_timeout: float = 60          # ConnectionTimeOut, protocol seconds
    meter_value_sample_interval: float = 60  # MeterValueSampleInterval, protocol seconds
    clock_aligned_interval: float = 0       # ClockAlignedDataInterval, protocol seconds (0: off)
    feature_profiles: str = ALL_PROFILES    # SupportedFeatureProfiles
    fixed_cable: bool = False               # UnlockConnector answers NotSupported (TC_017_2, TC_018_2)
    backup_power: bool = False              # on a power loss, stop transactions before going down (TC_032_1)
    local_list_storage_fails: bool = False  # SendLocalList answers Failed (TC_043_3)
    cpo_name: str = "ocpp-conformance-suite"


@dataclass
class StationFaults16(StationFaults):
    """Deliberate departures from OCPP 1.6, on top of the shared ones (StationFaults)."""
    stop_without_meter_stop: bool = False          # StopTransaction without meterStop (schema: required)
    no_connector_zero_status: bool = False         # boot reports the connectors, not connector 0 (TC_001)
    meter_values_without_transaction_id: bool = False   # sampled MeterValues lack the transactionId (TC_070)
    wrong_reset_stop_reason: bool = False          # Reset stops transactions with reason Other (TC_015, TC_016)
    accept_remote_start_on_busy_connector: bool = False   # RemoteStartTransaction Accepted on a charging connector
    accept_unknown_configuration_key: bool = False  # ChangeConfiguration Accepted for a key it does not have
    forget_availability_on_reboot: bool = False    # Inoperative connectors are Available again after a reboot
    no_reservation_id: bool = False                 # StartTransaction on a reservation lacks the reservationId
    # security whitepaper, TLS (security profiles 2 and 3)
    keep_old_client_certificate: bool = False       # A02.FR.08: after CertificateSigned it still presents the old one
    accept_security_profile_downgrade: bool = False  # A05.FR.01: a lower SecurityProfile is Accepted (TC_084_CS)
    keep_old_security_profile: bool = False         # A05.FR.06/07: a higher SecurityProfile is Accepted, but the
                                                    # Charge Point goes on connecting with the old one (TC_083_CS)
    tls_without_ocpp_cipher_suites: bool = False    # A00.FR.318: its TLS 1.2 suites are none of the OCPP ones
    no_client_certificate: bool = False             # A00.FR.401/402: no client certificate with profile 3


# ====================================================================== configuration keys

@dataclass
class ConfigurationKey:
    value: str
    readonly: bool = False
    kind: str = "string"            # string, integer, boolean, measurands, csl
    write_only: bool = False        # never reported (AuthorizationKey)
    reboot_required: bool = False   # ChangeConfiguration answers RebootRequired
    check: object = None            # callable(value) -> bool, beyond the kind
    on_change: object = None        # callable(value, after)


class Configuration16:
    """The station's configuration keys (OCPP 1.6 section 9 and the security whitepaper)."""

    def __init__(self, keys):
        self.keys = dict(keys)

    def __contains__(self, key):
        return key in self.keys

    def value(self, key, default=""):
        entry = self.keys.get(key)
        return entry.value if entry is not None else default

    def flag(self, key):
        return self.value(key).strip().lower() == "true"

    def number(self, key, default=0.0):
        try:
            return float(self.value(key))
        except ValueError:
            return default

    def members(self, key):
        return [m.strip() for m in self.value(key).split(",") if m.strip()]

    def valid(self, entry, value):
        if entry.check is not None and not entry.check(value):
            return False
        if entry.kind == "integer":
            try:
                return int(value) >= 0
            except ValueError:
                return False
        if entry.kind == "boolean":
            return value.strip().lower() in ("true", "false")
        if entry.kind == "measurands":
            members = [m.strip() for m in value.split(",") if m.strip()]
            return all(m in MEASURAND_UNITS16 for m in members)
        return True

    def report(self, wanted=None):
        """GetConfiguration.conf for the keys asked (None or []: every readable key)."""
        known, unknown = [], []
        for key in (wanted or sorted(k for k, e in self.keys.items() if not e.write_only)):
            entry = self.keys.get(key)
            if entry is None:
                unknown.append(key)
                continue
            item = {"key": key, "readonly": entry.readonly}
            if not entry.write_only:
                item["value"] = entry.value[:500]
            known.append(item)
        answer = {}
        if known:
            answer["configurationKey"] = known
        if unknown:
            answer["unknownKey"] = unknown
        return answer


# ====================================================================== state

@dataclass
class Transaction16(ReferenceTransaction):
    """A 1.6 transaction: transaction_id is the CSMS's integer id (None until StartTransaction is answered)."""
    id_tag: str = None
    parent_id_tag: str = None
    meter_start: int = 0
    reservation_id: int = None
    suspended: bool = False          # SuspendedEVSE: the CSMS did not accept the idTag (StopTransactionOnInvalidId false)
    ev_gone: bool = False            # SuspendedEV: the EV side of the cable is disconnected
    profile: dict = None             # the TxProfile of a RemoteStartTransaction, installed once the id is known
    start_stamp: str = None
    begin_values: list = None        # sampledValues of the start, for transactionData


@dataclass
class Reservation16:
    reservation_id: int
    connector_id: int                # 0: any connector of the Charge Point
    id_tag: str
    parent_id_tag: str = None
    expiry: _dt.datetime = None
    task: object = None


def _parse_time(text):
    try:
        return cs.parse_time(text)
    except (TypeError, ValueError):
        return None


def _now_dt():
    return _dt.datetime.now(_dt.timezone.utc)


def _iso(moment):
    return cs.iso(moment)


# ====================================================================== the station

class ReferenceStation16(ReferenceStation):
    """An autonomous OCPP 1.6J Charge Point (see the module docstring)."""

    versions = (VERSION,)

    def __init__(self, station_id, csms_url, password=None, version=VERSION, settings=None, faults=None,
                 recorder=None):
        super().__init__(station_id, csms_url, password, version, settings or ReferenceStationSettings16(),
                         faults or StationFaults16(), recorder)
        if not isinstance(self.faults, StationFaults16):
            self.faults = StationFaults16(**{f.name: getattr(self.faults, f.name) for f in fields(self.faults)})
        self.configuration = self.device_model
        self._reported = {}              # connectorId -> the status last reported (0 = the Charge Point)
        self._faulted = {}               # connectorId (0 = the Charge Point) -> errorCode
        self._lock_broken = set()        # connectors whose lock fails to open (UnlockFailed)
        self._ev_gone = set()            # connectors whose cable is out of the EV but still in the socket
        self._finishing = set()          # connectors whose transaction ended with the cable still in
        self._pending = {}               # connectorId -> (idTag, idTagInfo, timeout task, profile)
        self.reservations = {}           # reservationId -> Reservation16
        self.local_list = {}             # idTag -> idTagInfo
        self.local_list_version16 = 0
        self.auth_cache = {}             # idTag -> idTagInfo
        self.profiles = []               # charging_schedules.InstalledProfile (2.0.1-shaped profiles)
        self.diagnostics_status = "Idle"
        self.firmware_status16 = "Idle"
        self._after_boot = []            # (action, payload) to send once booted (firmware Installed)
        self._aligned_task = None

    def _make_tls(self):
        return StationTls16(self)

    # ================================================================== configuration keys

    def _build_device_model(self):
        s = self.settings
        n = len(s.evses)
        profiles = getattr(s, "feature_profiles", ALL_PROFILES)
        integer = {"kind": "integer"}
        boolean = {"kind": "boolean"}
        ro = {"readonly": True}
        keys = {
            "AllowOfflineTxForUnknownId": ConfigurationKey("true", **boolean),
            "AuthorizationCacheEnabled": ConfigurationKey("true", **boolean),
            "AuthorizeRemoteTxRequests": ConfigurationKey(str(s.authorize_remote_start).lower(), **boolean),
            "ClockAlignedDataInterval": ConfigurationKey(self._seconds_text(getattr(s, "clock_aligned_interval", 0)),
                                                         on_change=self._aligned_interval_changed, **integer),
            "ConnectionTimeOut": ConfigurationKey(self._seconds_text(getattr(s, "connection_timeout", 60)), **integer),
            "ConnectorPhaseRotation": ConfigurationKey(",".join(["0.RST"] + [f"{c}.RST" for c in sorted(s.evses)]),
                                                       kind="csl", reboot_required=True),
            "ConnectorPhaseRotationMaxLength": ConfigurationKey(str(n + 1), **ro, **integer),
            "GetConfigurationMaxKeys": ConfigurationKey("60", **ro, **integer),
            "HeartbeatInterval": ConfigurationKey(self._seconds_text(s.heartbeat_interval),
                                                  on_change=self._heartbeat_changed16, **integer),
            "LocalAuthorizeOffline": ConfigurationKey("true", **boolean),
            "LocalPreAuthorize": ConfigurationKey("false", **boolean),
            "MaxEnergyOnInvalidId": ConfigurationKey("0", **integer),
            "MeterValuesAlignedData": ConfigurationKey("Energy.Active.Import.Register", kind="measurands"),
            "MeterValuesAlignedDataMaxLength": ConfigurationKey("4", **ro, **integer),
            "MeterValuesSampledData": ConfigurationKey("Energy.Active.Import.Register", kind="measurands"),
            "MeterValuesSampledDataMaxLength": ConfigurationKey("4", **ro, **integer),
            "MeterValueSampleInterval": ConfigurationKey(
                self._seconds_text(getattr(s, "meter_value_sample_interval", 60)), **integer),
            "MinimumStatusDuration": ConfigurationKey("0", **integer),
            "NumberOfConnectors": ConfigurationKey(str(n), **ro, **integer),
            "ResetRetries": ConfigurationKey("1", **integer),
            "StopTransactionOnEVSideDisconnect": ConfigurationKey("true", **boolean),
            "StopTransactionOnInvalidId": ConfigurationKey("true", **boolean),
            "StopTxnAlignedData": ConfigurationKey("", kind="measurands"),
            "StopTxnAlignedDataMaxLength": ConfigurationKey("4", **ro, **integer),
            "StopTxnSampledData": ConfigurationKey("Energy.Active.Import.Register", kind="measurands"),
            "StopTxnSampledDataMaxLength": ConfigurationKey("4", **ro, **integer),
            "SupportedFeatureProfiles": ConfigurationKey(profiles, **ro, kind="csl"),
            "SupportedFeatureProfilesMaxLength": ConfigurationKey("6", **ro, **integer),
            "SupportedFileTransferProtocols": ConfigurationKey("FTP,FTPS,HTTP,HTTPS", **ro, kind="csl"),
            "TransactionMessageAttempts": ConfigurationKey(str(s.transaction_message_attempts), **integer),
            "TransactionMessageRetryInterval": ConfigurationKey("1", **integer),
            "UnlockConnectorOnEVSideDisconnect": ConfigurationKey("true", **boolean),
            "WebSocketPingInterval": ConfigurationKey("0", **integer),
            # security whitepaper
            "AdditionalRootCertificateCheck": ConfigurationKey("false", **ro, **boolean),
            "AuthorizationKey": ConfigurationKey("", write_only=True, check=lambda v: 16 <= len(v) <= 40,
                                                 on_change=self._authorization_key_changed),
            "CertificateSignedMaxChainSize": ConfigurationKey("10000", **ro, **integer),
            "CertificateStoreMaxLength": ConfigurationKey("10", **ro, **integer),
            "CpoName": ConfigurationKey(getattr(s, "cpo_name", "ocpp-conformance-suite")),
            "SecurityProfile": ConfigurationKey(str(s.security_profile), check=self._security_profile_ok,
                                                on_change=self._security_profile_changed, **integer),
        }
        if "LocalAuthListManagement" in profiles:
            keys["LocalAuthListEnabled"] = ConfigurationKey("true", **boolean)
            keys["LocalAuthListMaxLength"] = ConfigurationKey("100", **ro, **integer)
            keys["SendLocalListMaxLength"] = ConfigurationKey("100", **ro, **integer)
        if "Reservation" in profiles:
            keys["ReserveConnectorZeroSupported"] = ConfigurationKey("true", **ro, **boolean)
        if "SmartCharging" in profiles:
            keys["ChargeProfileMaxStackLevel"] = ConfigurationKey("10", **ro, **integer)
            keys["ChargingScheduleAllowedChargingRateUnit"] = ConfigurationKey("Current,Power", **ro, kind="csl")
            keys["ChargingScheduleMaxPeriods"] = ConfigurationKey("24", **ro, **integer)
            keys["ConnectorSwitch3to1PhaseSupported"] = ConfigurationKey("false", **ro, **boolean)
            keys["MaxChargingProfilesInstalled"] = ConfigurationKey("10", **ro, **integer)
        return Configuration16(keys)

    @staticmethod
    def _seconds_text(seconds):
        return str(int(seconds)) if float(seconds).is_integer() else str(seconds)

    def _security_profile_ok(self, value):
        """Security whitepaper A05.FR.01-04 (7.6 SecurityProfile): only a higher profile, and only when the
        Charge Point has what it needs (a password, a CentralSystemRootCertificate, a ChargePointCertificate)."""
        try:
            wanted = int(value)
        except ValueError:
            return False
        current = int(self.configuration.value("SecurityProfile") or 0)
        if not 0 <= wanted <= 3:
            return False
        if wanted <= current:                                                   # A05.FR.01 (TC_084_CS)
            return self.faults.accept_security_profile_downgrade and wanted < current
        if wanted in (1, 2) and not (self.password and 16 <= len(self.password) <= 40):
            return False                                                        # A05.FR.02
        if wanted >= 2 and not self.tls.trusted_roots():
            return False                                                        # A05.FR.03
        if wanted == 3 and not self.tls.client_certificate_files():
            return False                                                        # A05.FR.04
        return True

    def _security_profile_changed(self, value, after):
        self.tls.profile_changed(int(value), after)                             # A05.FR.06/07

    def _interval(self, key):
        """A configuration key in protocol seconds, as wall-clock seconds."""
        return self.configuration.number(key) * self.settings.time_scale

    def _profile(self, name):
        return name in self.configuration.members("SupportedFeatureProfiles")

    def _heartbeat_changed16(self, value, after):
        if not self.faults.ignore_heartbeat_interval:
            self._heartbeat_period = float(value) * self.settings.time_scale
            self._heartbeat_reset.set()

    def _authorization_key_changed(self, value, after):
        # Security whitepaper A01: reconnect with the new password once the answer is out.
        self.password = value
        after(self.reconnect)

    def _aligned_interval_changed(self, value, after):
        after(self._restart_aligned)

    def _store_heartbeat_interval(self, interval):
        self.configuration.keys["HeartbeatInterval"].value = str(interval)
        if not self.faults.ignore_heartbeat_interval or self._heartbeat_period <= 0:
            self._heartbeat_period = interval * self.settings.time_scale

    # ================================================================== engine hooks

    def _queues_offline(self, action, payload):
        return action in TRANSACTION_ACTIONS or (action == "MeterValues" and "transactionId" in payload)

    def _mark_offline(self, action, payload):
        pass                            # 1.6 has no offline flag

    def _outgoing(self, item):
        tx = item.tx
        if tx is not None and item.action in ("StopTransaction", "MeterValues") \
                and "transactionId" in item.payload:
            item.payload["transactionId"] = tx.transaction_id if tx.transaction_id is not None else 0
        return item.payload

    def _on_queued_answer(self, item, outcome):
        if item.action == "StartTransaction" and item.tx is not None:
            self._on_start_answer(item.tx, outcome)
        elif item.action == "StopTransaction" and outcome.ok:
            self._cache_info(item.payload.get("idTag"), outcome.response.get("idTagInfo"))

    def _answer_while_rejected(self, action):
        return None          # 1.6 section 4.2: while Rejected, the Charge Point does not respond at all

    def _boot_payload(self, reason):
        s = self.settings
        return {"chargePointVendor": s.vendor_name[:20], "chargePointModel": s.model[:20],
                "chargePointSerialNumber": self.serial_number()[:25], "firmwareVersion": s.firmware_version[:50]}

    def serial_number(self):
        """The Charge Point's unique serial number (settings.serial_number, else its identity)."""
        return self.settings.serial_number or self.station_id

    def _report_connectors(self, booted):
        if booted:
            self._reported.clear()
        for connector_id in ([] if self.faults.no_connector_zero_status else [0]) + self.connector_ids():
            self._report(connector_id, force=booted)
        if booted:
            for action, payload in self._after_boot:
                self._post(action, payload)
            self._after_boot.clear()
            if self.firmware_status16 == "Installed":
                self.firmware_status16 = "Idle"
        self._restart_aligned()

    # ================================================================== connectors and statuses

    def connector_ids(self):
        return sorted(self.settings.evses)

    def _check_connector(self, connector_id, _unused=None):
        if connector_id not in self.settings.evses:
            raise StationError(f"the reference station has no connector {connector_id}; it has "
                               f"{self.connector_ids()}")

    def _operative16(self, connector_id):
        return ("station",) not in self._inoperative and ("evse", connector_id) not in self._inoperative

    def _reservation_on(self, connector_id):
        for reservation in self.reservations.values():
            if reservation.connector_id == connector_id:
                return reservation
        return None

    def _zero_reservations(self):
        return [r for r in self.reservations.values() if r.connector_id == 0]

    def _free(self, connector_id):
        """Available for a new session: no transaction, no cable, no authorization, no own reservation."""
        return (self.transaction(connector_id) is None and (connector_id, 1) not in self._plugged
                and connector_id not in self._pending and connector_id not in self._finishing
                and self._operative16(connector_id) and not self._faulted.get(connector_id)
                and not self._faulted.get(0) and self._reservation_on(connector_id) is None)

    def _held_for_zero(self, connector_id):
        """A free connector the reservations of connector 0 need (one per such reservation)."""
        zero = self._zero_reservations()
        if not zero:
            return False
        free = [c for c in self.connector_ids() if self._free(c)]
        return connector_id in free and len(free) <= len(zero)

    def connector_status(self, connector_id=1, _unused=None):
        """The OCPP 1.6 ChargePointStatus of a connector (0: the Charge Point)."""
        if connector_id == 0:
            if self._faulted.get(0):
                return "Faulted"
            return "Unavailable" if ("station",) in self._inoperative else "Available"
        if self._faulted.get(connector_id) or self._faulted.get(0):
            return "Faulted"
        tx = self.transaction(connector_id)
        plugged = (connector_id, 1) in self._plugged
        if tx is not None:
            if tx.ev_gone or connector_id in self._ev_gone:
                return "SuspendedEV"
            if tx.suspended:
                return "SuspendedEVSE"
            return "Charging" if plugged else "SuspendedEV"
        if not self._operative16(connector_id):
            return "Unavailable"
        if connector_id in self._finishing and plugged:
            return "Finishing"
        if plugged or connector_id in self._pending:
            return "Preparing"
        if self._reservation_on(connector_id) is not None or self._held_for_zero(connector_id):
            return "Reserved"
        return "Available"

    def _error_code(self, connector_id):
        return self._faulted.get(connector_id) or (self._faulted.get(0) if connector_id else None) or "NoError"

    def _status_payload(self, evse_id, connector_id=1, status=None):
        """StatusNotification for connector `evse_id` (the engine's EVSE is the 1.6 connector)."""
        status = status or self.connector_status(evse_id)
        payload = {"connectorId": evse_id, "errorCode": self._error_code(evse_id), "status": status,
                   "timestamp": now_iso()}
        if status == "SuspendedEV" and evse_id in self._ev_gone:
            payload["info"] = "EV side disconnected"
        return payload

    def _report(self, connector_id, force=False):
        """StatusNotification when the connector's status changed since the last one that went out."""
        status = self.connector_status(connector_id)
        if not force and self._reported.get(connector_id) == status:
            return
        if self._post("StatusNotification", self._status_payload(connector_id, 1, status)) is not None:
            self._reported[connector_id] = status
        self._state_changed()

    def _report_all(self):
        for connector_id in [0] + self.connector_ids():
            self._report(connector_id)

    def _apply_availability(self, scope, operational_status):
        if operational_status == "Inoperative":
            self._inoperative.add(scope)
        else:
            self._inoperative.discard(scope)
        self._cancel_reservations_where(lambda r: not self._operative16(r.connector_id) if r.connector_id
                                        else ("station",) in self._inoperative)
        self._report_all()

    # ================================================================== metering

    def _power(self, evse_id):
        return self.settings.charging_power if self.connector_status(evse_id) == "Charging" else 0.0

    def _meter_wh(self, connector_id):
        self._advance_meter(connector_id)
        return int(round(self._energy[connector_id]))

    def _sampled_values(self, connector_id, context, measurands):
        self._advance_meter(connector_id)
        power = self._power(connector_id)
        readings = {"Energy.Active.Import.Register": round(self._energy[connector_id], 1),
                    "Power.Active.Import": power,
                    "Current.Import": round(power / self.settings.voltage, 2),
                    "Voltage": self.settings.voltage}
        values = []
        for measurand in measurands or ["Energy.Active.Import.Register"]:
            if measurand in readings:
                values.append({"value": f"{readings[measurand]:g}", "context": context, "format": "Raw",
                               "measurand": measurand, "location": "Outlet", "unit": MEASURAND_UNITS16[measurand]})
        return values

    def _meter_values_payload(self, connector_id, context, measurand_key, tx=None, timestamp=None):
        payload = {"connectorId": connector_id,
                   "meterValue": [{"timestamp": timestamp or now_iso(),
                                   "sampledValue": self._sampled_values(
                                       connector_id, context, self.configuration.members(measurand_key))}]}
        if tx is not None:
            payload["transactionId"] = tx.transaction_id if tx.transaction_id is not None else 0
        return payload

    async def _sample_loop(self, tx):
        """MeterValues every MeterValueSampleInterval after the start of the transaction (TC_070_CS)."""
        started, wall = time.monotonic(), time.time()
        count = 0
        while not tx.ended:
            interval = self._interval("MeterValueSampleInterval")
            if interval <= 0 or self.faults.missing_meter_values:
                await self._changed.wait()
                started, wall, count = time.monotonic(), time.time(), 0
                continue
            count += 1
            await asyncio.sleep(max(0.0, started + count * interval - time.monotonic()))
            if tx.ended:
                return
            stamp = _iso(_dt.datetime.fromtimestamp(wall + count * interval, _dt.timezone.utc))   # the nominal time
            payload = self._meter_values_payload(tx.evse_id, "Sample.Periodic", "MeterValuesSampledData", tx,
                                                 timestamp=stamp)
            if self.faults.meter_values_without_transaction_id:
                payload.pop("transactionId", None)
                self._post("MeterValues", payload)
            else:
                self._post("MeterValues", payload, tx=tx)

    def _restart_aligned(self):
        if self._aligned_task is not None and not self._aligned_task.done():
            self._aligned_task.cancel()
        self._aligned_task = None
        if self.configuration.number("ClockAlignedDataInterval") > 0 and self._powered:
            self._aligned_task = self._spawn(self._aligned_loop())

    async def _aligned_loop(self):
        """Clock-aligned MeterValues (Sample.Clock) at every multiple of ClockAlignedDataInterval."""
        while True:
            interval = self._interval("ClockAlignedDataInterval")
            if interval <= 0:
                return
            now = time.time()
            boundary = (math.floor(now / interval) + 1) * interval
            await asyncio.sleep(boundary - now)
            stamp = _iso(_dt.datetime.fromtimestamp(boundary, _dt.timezone.utc))
            for connector_id in self.connector_ids():
                tx = self.transaction(connector_id)
                payload = self._meter_values_payload(connector_id, "Sample.Clock", "MeterValuesAlignedData", tx,
                                                     timestamp=stamp)
                self._post("MeterValues", payload, tx=tx)

    # ================================================================== authorization

    def _local_entry(self, id_tag):
        if "LocalAuthListEnabled" not in self.configuration or not self.configuration.flag("LocalAuthListEnabled"):
            return None
        return self.local_list.get(id_tag)

    def _cached(self, id_tag):
        if not self.configuration.flag("AuthorizationCacheEnabled"):
            return None
        info = self.auth_cache.get(id_tag)
        if info is None:
            return None
        expiry = _parse_time(info.get("expiryDate"))
        if expiry is not None and expiry <= _now_dt():
            return dict(info, status="Expired")
        return info

    def _cache_info(self, id_tag, info):
        if not id_tag or not info or not self.configuration.flag("AuthorizationCacheEnabled"):
            return
        if id_tag in self.local_list:
            return                       # the local list wins over the cache
        self.auth_cache[id_tag] = dict(info)

    async def _authorize16(self, id_tag, remote=False):
        """idTagInfo deciding an idTag: local list / cache first when allowed, else Authorize; offline
        the local list, the cache, or AllowOfflineTxForUnknownId. None when nothing accepted or refused it."""
        config = self.configuration
        known = self._local_entry(id_tag) or self._cached(id_tag)
        if self.accepted:
            if known is not None and known.get("status") == "Accepted" and config.flag("LocalPreAuthorize"):
                return dict(known)
            outcome = await self._send("Authorize", {"idTag": id_tag})
            if outcome.ok:
                info = outcome.response.get("idTagInfo") or {}
                self._cache_info(id_tag, info)
                return info
            if not outcome.closed:
                return None              # the CSMS answered with a CALLERROR: nothing starts
        if config.flag("LocalAuthorizeOffline") and known is not None:
            return dict(known)
        if config.flag("AllowOfflineTxForUnknownId") and known is None:
            return {"status": "Accepted"}
        return None

    # ================================================================== transactions

    def _start16(self, connector_id, id_tag, info, profile=None):
        """StartTransaction for an authorized idTag with the cable in."""
        if self.transaction(connector_id) is not None:
            return None
        self._advance_meter(connector_id)
        reservation = self._reservation_for(connector_id, id_tag, (info or {}).get("parentIdTag"))
        tx = Transaction16(None, connector_id, 1, id_token={"idToken": id_tag, "type": "ISO14443"},
                           authorized=True, id_tag=id_tag, parent_id_tag=(info or {}).get("parentIdTag"),
                           meter_start=self._meter_wh(connector_id), profile=profile, start_stamp=now_iso())
        self._clear_pending(connector_id)
        self._finishing.discard(connector_id)
        payload = {"connectorId": connector_id, "idTag": id_tag, "meterStart": tx.meter_start,
                   "timestamp": tx.start_stamp}
        if reservation is not None:
            tx.reservation_id = reservation.reservation_id
            self._drop_reservation(reservation, report=False)
            if not self.faults.no_reservation_id:
                payload["reservationId"] = reservation.reservation_id
        tx.begin_values = self._sampled_values(connector_id, "Transaction.Begin",
                                               self.configuration.members("StopTxnSampledData"))
        self.model.transactions[connector_id] = tx
        self._post("StartTransaction", payload, tx=tx)
        self._report(connector_id)
        self._report_all()
        tx.meter_task = self._spawn(self._sample_loop(tx))
        self._state_changed()
        return tx

    def _on_start_answer(self, tx, outcome):
        if not outcome.ok:
            return
        tx.transaction_id = outcome.response.get("transactionId")
        info = outcome.response.get("idTagInfo") or {}
        self._cache_info(tx.id_tag, info)
        if info.get("parentIdTag"):
            tx.parent_id_tag = info["parentIdTag"]
        if tx.profile is not None and tx.transaction_id is not None:
            profile = dict(tx.profile, transactionId=tx.transaction_id)
            self._install_profile(tx.evse_id, profile)
        if tx.ended or info.get("status", "Accepted") == "Accepted":
            return
        if self.configuration.flag("StopTransactionOnInvalidId"):
            self._end_transaction(tx, None, "DeAuthorized")        # TC_037_3_CS
        else:
            tx.suspended = True                                   # TC_037_2_CS: no energy, SuspendedEVSE
            self._report(tx.evse_id)

    def _end_transaction(self, tx, trigger_reason, stopped_reason, id_token=None, report_status=True):
        """StopTransaction: meterStop, the reason (None: Local, left out) and the idTag that stopped it."""
        if tx.ended:
            return
        connector_id = tx.evse_id
        meter_stop = self._meter_wh(connector_id)
        payload = {"transactionId": tx.transaction_id if tx.transaction_id is not None else 0,
                   "meterStop": meter_stop, "timestamp": now_iso()}
        if self.faults.stop_without_meter_stop:
            del payload["meterStop"]
        if stopped_reason:
            payload["reason"] = stopped_reason
        id_tag = id_token["idToken"] if isinstance(id_token, dict) else id_token
        if id_tag:
            payload["idTag"] = id_tag
        measurands = self.configuration.members("StopTxnSampledData")
        if measurands and tx.begin_values:
            payload["transactionData"] = [
                {"timestamp": tx.start_stamp, "sampledValue": tx.begin_values},
                {"timestamp": payload["timestamp"],
                 "sampledValue": self._sampled_values(connector_id, "Transaction.End", measurands)}]
        tx.ended = True
        if tx.meter_task is not None and tx.meter_task is not asyncio.current_task():
            tx.meter_task.cancel()
        self.profiles = [p for p in self.profiles if not (p.purpose == "TxProfile" and p.evse_id == connector_id)]
        self._post("StopTransaction", payload, tx=tx)
        if (connector_id, 1) in self._plugged:
            self._finishing.add(connector_id)
        self._after_transaction16(connector_id, report_status)
        self._state_changed()

    def _after_transaction16(self, connector_id, report_status=True):
        for scope, status in list(self._scheduled_availability):
            if scope == ("station",) and any(self.transaction(c) for c in self.connector_ids()):
                continue
            if scope != ("station",) and self.transaction(scope[1]) is not None:
                continue
            self._scheduled_availability.remove((scope, status))
            if status == "Inoperative":
                self._inoperative.add(scope)
            else:
                self._inoperative.discard(scope)
        if report_status:
            self._report_all()

    # ------------------------------------------------------------------ what the driver does

    def _clear_pending(self, connector_id):
        pending = self._pending.pop(connector_id, None)
        if pending is not None and pending[2] is not None and pending[2] is not asyncio.current_task():
            pending[2].cancel()

    def _await_cable(self, connector_id, id_tag, info, profile=None):
        """Authorized without a cable: Preparing until the cable comes or ConnectionTimeOut passes."""
        self._clear_pending(connector_id)
        timer = self._spawn(self._connection_timeout(connector_id))
        self._pending[connector_id] = (id_tag, info, timer, profile)
        self._report(connector_id)

    async def _connection_timeout(self, connector_id):
        await asyncio.sleep(self._interval("ConnectionTimeOut"))
        pending = self._pending.get(connector_id)
        if pending is not None and pending[2] is asyncio.current_task():
            del self._pending[connector_id]
            self._report(connector_id)

    async def plug_in(self, evse_id=1, connector_id=1):
        """The driver plugs the cable in at connector `evse_id`: Preparing, or the transaction starts."""
        self._check_connector(evse_id)
        if (evse_id, 1) in self._plugged:
            return
        self._advance_meter(evse_id)
        self._plugged.add((evse_id, 1))
        self._ev_gone.discard(evse_id)
        tx = self.transaction(evse_id)
        if tx is not None:
            tx.ev_gone = False
            self._report(evse_id)
            return
        pending = self._pending.get(evse_id)
        if pending is not None and not self._faulted.get(evse_id) and not self._faulted.get(0):
            self._start16(evse_id, pending[0], pending[1], pending[3])
        else:
            self._report(evse_id)
        self._state_changed()

    async def plug_in_halfway(self, connector_id=1):
        """The cable goes in only halfway: the lock cannot close (TC_024_CS): Faulted, ConnectorLockFailure."""
        self._check_connector(connector_id)
        self._clear_pending(connector_id)
        self._faulted[connector_id] = "ConnectorLockFailure"
        self._report(connector_id)

    async def unplug(self, evse_id=1, connector_id=1):
        """The cable comes out of the socket (and the EV)."""
        self._check_connector(evse_id)
        if (evse_id, 1) not in self._plugged:
            return
        self._advance_meter(evse_id)
        self._plugged.discard((evse_id, 1))
        self._ev_gone.discard(evse_id)
        tx = self.transaction(evse_id)
        if tx is not None:
            if self.configuration.flag("StopTransactionOnEVSideDisconnect"):
                self._end_transaction(tx, None, "EVDisconnected")
            else:
                tx.ev_gone = True
        self._finishing.discard(evse_id)
        if self._faulted.get(evse_id) == "ConnectorLockFailure":
            del self._faulted[evse_id]
        self._report(evse_id)
        self._state_changed()

    async def disconnect_ev(self, connector_id=1):
        """The cable comes out of the EV but stays in the socket (TC_005_x_CS)."""
        self._check_connector(connector_id)
        tx = self.transaction(connector_id)
        self._ev_gone.add(connector_id)
        if tx is not None:
            if self.configuration.flag("StopTransactionOnEVSideDisconnect"):
                self._end_transaction(tx, None, "EVDisconnected")
            else:
                tx.ev_gone = True
        self._report(connector_id)
        self._state_changed()

    async def present_token(self, id_token, type="ISO14443", evse_id=1):
        """The driver presents an idTag at a connector; returns the idTagInfo that decided, or None."""
        connector_id = evse_id
        self._check_connector(connector_id)
        id_tag = id_token
        tx = self.transaction(connector_id)
        if tx is not None:
            return await self._present_during(tx, id_tag)
        if self._faulted.get(connector_id) or self._faulted.get(0) or not self._operative16(connector_id):
            return None                                       # TC_041_CS: no transaction while faulted
        reservation = self._reservation_blocking(connector_id)
        if reservation is not None and reservation.id_tag != id_tag and not reservation.parent_id_tag:
            return None                                       # reserved for another idTag (TC_046_1_CS)
        info = await self._authorize16(id_tag)
        if not info or info.get("status") != "Accepted":
            self._report(connector_id)
            return info
        if reservation is not None and reservation.id_tag != id_tag \
                and info.get("parentIdTag") != reservation.parent_id_tag:
            return info                                       # not the reservation's idTag or parent
        if (connector_id, 1) in self._plugged and connector_id not in self._finishing:
            self._start16(connector_id, id_tag, info)
        else:
            self._finishing.discard(connector_id)
            self._await_cable(connector_id, id_tag, info)
        self._state_changed()
        return info

    async def _present_during(self, tx, id_tag):
        """An idTag during a transaction: the same idTag stops it; another one only when its parentIdTag
        is that of the transaction (TC_068_CS, TC_069_CS)."""
        if id_tag == tx.id_tag:
            self._end_transaction(tx, None, "Local", id_tag)
            return {"status": "Accepted"}
        if not tx.parent_id_tag:
            return None
        info = await self._authorize16(id_tag)
        if info and info.get("status") == "Accepted" and info.get("parentIdTag") == tx.parent_id_tag:
            self._end_transaction(tx, None, "Local", id_tag)
        return info

    async def start_session(self, evse_id=1, id_token="04A1B2C3D4E501", type="ISO14443", connector_id=1):
        await self.plug_in(evse_id)
        return await self.present_token(id_token, type, evse_id)

    async def stop_session(self, evse_id=1):
        """Stop locally with the transaction's idTag, then unplug."""
        tx = self.transaction(evse_id)
        if tx is not None:
            await self.present_token(tx.id_tag, "ISO14443", evse_id)
        await self.unplug(evse_id)

    async def set_fault(self, connector_id=1, error_code="OtherError"):
        """The connector (0: the whole Charge Point) becomes Faulted with this errorCode (TC_041_CS)."""
        if connector_id:
            self._check_connector(connector_id)
        self._faulted[connector_id] = error_code
        self._cancel_reservations_where(lambda r: connector_id == 0 or r.connector_id == connector_id)
        self._report_all()

    async def clear_fault(self, connector_id=1):
        self._faulted.pop(connector_id, None)
        self._report_all()

    async def break_lock(self, connector_id=1):
        """The connector's lock no longer opens: UnlockConnector answers UnlockFailed (TC_030_CS)."""
        self._check_connector(connector_id)
        self._lock_broken.add(connector_id)

    async def power_failure(self):
        """The power goes and comes back. With backup power the station first stops its transactions
        (StopTransaction PowerLoss, TC_032_1_CS); without, they end with PowerLoss and the messages go
        out after the next boot (TC_032_2_CS)."""
        if getattr(self.settings, "backup_power", False) and self.connected:
            for connector_id in self.connector_ids():
                tx = self.transaction(connector_id)
                if tx is not None:
                    self._end_transaction(tx, None, "PowerLoss")
            await self.flush(self.settings.call_timeout)
        await self.power_off()
        await self.power_on()

    async def power_off(self):
        for connector_id in list(self._pending):
            self._clear_pending(connector_id)
        await super().power_off()
        if self.faults.forget_availability_on_reboot:
            self._inoperative.clear()
        self._reported.clear()

    # ------------------------------------------------------------------ remote start and stop

    def _reservation_blocking(self, connector_id):
        """The reservation that holds this connector for someone, if any."""
        reservation = self._reservation_on(connector_id)
        if reservation is not None:
            return reservation
        if self._held_for_zero(connector_id):
            return self._zero_reservations()[0]
        return None

    def _reservation_for(self, connector_id, id_tag, parent_id_tag):
        """The reservation a transaction of this idTag on this connector uses up, if any."""
        for reservation in self.reservations.values():
            if reservation.connector_id not in (0, connector_id):
                continue
            if reservation.id_tag == id_tag or (reservation.parent_id_tag and
                                                reservation.parent_id_tag == parent_id_tag):
                return reservation
        return None

    def _on_RemoteStartTransaction(self, request, after):
        connector_id = request.get("connectorId")
        profile = request.get("chargingProfile")
        if self.registration != "Accepted":
            return {"status": "Rejected"}                       # not while Pending (4.2)
        if profile is not None and (profile.get("chargingProfilePurpose") != "TxProfile"
                                    or not self._profile("SmartCharging")):
            return {"status": "Rejected"}                       # TC_060_CS
        if connector_id is None:
            free = [c for c in self.connector_ids() if self._free(c) or (c, 1) in self._plugged
                    and self.transaction(c) is None]
            if not free:
                return {"status": "Rejected"}
            connector_id = free[0]
        if connector_id not in self.settings.evses:
            return {"status": "Rejected"}                       # includes 0 (TC_027_CS)
        busy = self.transaction(connector_id) is not None or connector_id in self._remote_starting
        if busy and not self.faults.accept_remote_start_on_busy_connector:
            return {"status": "Rejected"}                       # TC_026_CS
        if busy or not self._operative16(connector_id) or self._faulted.get(connector_id) or self._faulted.get(0):
            return {"status": "Accepted"} if busy else {"status": "Rejected"}
        reservation = self._reservation_blocking(connector_id)
        if reservation is not None and reservation.id_tag != request["idTag"] and not reservation.parent_id_tag:
            return {"status": "Rejected"}
        self._remote_starting.add(connector_id)
        after(lambda: self._remote_start16(connector_id, request["idTag"], profile))
        return {"status": "Accepted"}

    async def _remote_start16(self, connector_id, id_tag, profile):
        try:
            if self.configuration.flag("AuthorizeRemoteTxRequests"):
                info = await self._authorize16(id_tag, remote=True)
                if not info or info.get("status") != "Accepted":
                    self._report(connector_id)
                    return
            else:
                info = {"status": "Accepted"}
            if self.transaction(connector_id) is not None:
                return
            if (connector_id, 1) in self._plugged and connector_id not in self._finishing:
                self._start16(connector_id, id_tag, info, profile)
            else:
                self._finishing.discard(connector_id)
                self._await_cable(connector_id, id_tag, info, profile)
        finally:
            self._remote_starting.discard(connector_id)

    def _find16(self, transaction_id):
        for connector_id in self.connector_ids():
            tx = self.transaction(connector_id)
            if tx is not None and tx.transaction_id == transaction_id:
                return tx
        return None

    def _on_RemoteStopTransaction(self, request, after):
        tx = self._find16(request["transactionId"])
        if tx is None or self.registration != "Accepted":
            if self.faults.accept_stop_unknown_transaction:
                return {"status": "Accepted"}
            return {"status": "Rejected"}                       # TC_028_CS
        after(lambda: self._end_transaction(tx, None, "Remote"))
        return {"status": "Accepted"}

    def _on_UnlockConnector(self, request, after):
        connector_id = request["connectorId"]
        if connector_id not in self.settings.evses or getattr(self.settings, "fixed_cable", False):
            return {"status": "NotSupported"}                   # TC_031_CS, TC_017_2_CS, TC_018_2_CS
        if connector_id in self._lock_broken:
            return {"status": "UnlockFailed"}                   # TC_030_CS
        tx = self.transaction(connector_id)
        if tx is not None:
            after(lambda: self._end_transaction(tx, None, "UnlockCommand"))    # TC_018_1_CS
        return {"status": "Unlocked"}

    # ================================================================== reset, availability, triggers

    def _on_Reset(self, request, after):
        after(lambda: self._reboot16(request["type"]))
        return {"status": "Accepted"}

    async def _reboot16(self, reset_type):
        """Stop every transaction (reason HardReset / SoftReset), then reboot: a new BootNotification."""
        if self._rebooting:
            return
        self._rebooting = True
        try:
            reason = "Other" if self.faults.wrong_reset_stop_reason else f"{reset_type}Reset"
            for connector_id in self.connector_ids():
                tx = self.transaction(connector_id)
                if tx is not None:
                    self._end_transaction(tx, None, reason)
            await self.flush(self.settings.call_timeout)
            for connector_id in list(self._pending):
                self._clear_pending(connector_id)
            if self.faults.forget_availability_on_reboot:
                self._inoperative.clear()
            if hasattr(self, "tls"):
                self.tls.started()
            self._boot_reason = "RemoteReset"     # for the engine's security event ResetOrReboot
            self._boot_required = True
            self._reconnect_now = True
            if self.connection is not None:
                await self.connection.close()
            self._wake.set()
        finally:
            self._rebooting = False

    async def _reboot(self, reason="RemoteReset"):
        await self._reboot16("Hard")

    def _on_ChangeAvailability(self, request, after):
        connector_id, wanted = request["connectorId"], request["type"]
        if connector_id == 0:
            scope = ("station",)
            busy = any(self.transaction(c) for c in self.connector_ids())
        elif connector_id in self.settings.evses:
            scope = ("evse", connector_id)
            busy = self.transaction(connector_id) is not None
        else:
            return {"status": "Rejected"}
        if busy and wanted == "Inoperative":
            self._scheduled_availability.append((scope, wanted))
            return {"status": "Scheduled"}
        after(lambda: self._apply_availability(scope, wanted))
        return {"status": "Accepted"}

    def _on_TriggerMessage(self, request, after):
        if not self._profile("RemoteTrigger"):
            raise CallError(self.codes.not_supported, "the Charge Point does not support the RemoteTrigger profile")
        return self._trigger(request, after, extended=False)

    def _on_ExtendedTriggerMessage(self, request, after):
        return self._trigger(request, after, extended=True)

    def _trigger(self, request, after, extended):
        message, connector_id = request["requestedMessage"], request.get("connectorId")
        if connector_id is not None and connector_id != 0 and connector_id not in self.settings.evses:
            return {"status": "Rejected"}                       # TC_055_CS
        connectors = [connector_id] if connector_id is not None else [0] + self.connector_ids()
        if message == "BootNotification":
            after(self._trigger_boot)
        elif message == "Heartbeat":
            after(lambda: self._send("Heartbeat", {}, triggered=True))
        elif message == "StatusNotification":
            after(lambda: self._send_statuses16(connectors))
        elif message == "MeterValues":
            after(lambda: self._send_trigger_values(c for c in connectors if c))
        elif message == "DiagnosticsStatusNotification":
            after(lambda: self._send("DiagnosticsStatusNotification", {"status": self.diagnostics_status},
                                     triggered=True))
        elif message == "FirmwareStatusNotification":
            after(lambda: self._send("FirmwareStatusNotification", {"status": self._firmware_status_text()},
                                     triggered=True))
        elif message == "LogStatusNotification" and extended:
            payload = {"status": self.log_status}
            if self.log_status != "Idle" and self.log_request_id is not None:
                payload["requestId"] = self.log_request_id
            after(lambda: self._send("LogStatusNotification", payload, triggered=True))
        elif message == "SignChargePointCertificate" and extended:
            after(lambda: self.sign_certificate(triggered=True))
        else:
            return {"status": "NotImplemented"}
        return {"status": "Accepted"}

    def _firmware_status_text(self):
        status = self.firmware_status16
        allowed = ("Downloaded", "DownloadFailed", "Downloading", "Idle", "InstallationFailed", "Installing",
                   "Installed")
        return status if status in allowed else "Idle"

    async def _send_statuses16(self, connectors):
        for connector_id in connectors:
            status = self.connector_status(connector_id)
            outcome = await self._send("StatusNotification", self._status_payload(connector_id, 1, status),
                                       triggered=True)
            if outcome.ok:
                self._reported[connector_id] = status

    async def _send_trigger_values(self, connectors):
        for connector_id in connectors:
            tx = self.transaction(connector_id)
            payload = self._meter_values_payload(connector_id, "Trigger", "MeterValuesSampledData", tx)
            await self._send("MeterValues", payload, triggered=True)

    # ================================================================== configuration messages

    def _on_GetConfiguration(self, request, after):
        return self.configuration.report(request.get("key"))

    def _on_ChangeConfiguration(self, request, after):
        key, value = request["key"], request["value"]
        entry = self.configuration.keys.get(key)
        if entry is None:
            return {"status": "Accepted" if self.faults.accept_unknown_configuration_key else "NotSupported"}
        if entry.readonly or not self.configuration.valid(entry, value):
            return {"status": "Rejected"}                        # TC_040_2_CS (MeterValueSampleInterval -1)
        entry.value = value
        if entry.on_change is not None:
            entry.on_change(value, after)
        self._state_changed()
        return {"status": "RebootRequired" if entry.reboot_required else "Accepted"}

    # ================================================================== local list and cache

    def _on_ClearCache(self, request, after):
        self.auth_cache.clear()
        return {"status": "Accepted"}

    def _on_GetLocalListVersion(self, request, after):
        if not self._profile("LocalAuthListManagement") or not self.configuration.flag("LocalAuthListEnabled"):
            return {"listVersion": -1}                           # TC_042_1_CS
        return {"listVersion": self.local_list_version16 if self.local_list else 0}

    def _on_SendLocalList(self, request, after):
        if not self._profile("LocalAuthListManagement"):
            return {"status": "NotSupported"}                    # TC_043_1_CS
        if getattr(self.settings, "local_list_storage_fails", False):
            return {"status": "Failed"}                          # TC_043_3_CS
        entries = request.get("localAuthorizationList") or []
        if len(entries) > int(self.configuration.number("SendLocalListMaxLength", 100)):
            return {"status": "Failed"}
        if request["updateType"] == "Differential":
            if request["listVersion"] <= self.local_list_version16:
                return {"status": "VersionMismatch"}             # TC_043_2_CS
            updated = dict(self.local_list)
        else:
            updated = {}
        for entry in entries:
            if "idTagInfo" in entry:
                updated[entry["idTag"]] = entry["idTagInfo"]
            else:
                updated.pop(entry["idTag"], None)
        if len(updated) > int(self.configuration.number("LocalAuthListMaxLength", 100)):
            return {"status": "Failed"}
        self.local_list = updated
        self.local_list_version16 = request["listVersion"]
        for id_tag in updated:
            self.auth_cache.pop(id_tag, None)
        return {"status": "Accepted"}

    # ================================================================== reservations

    def _on_ReserveNow(self, request, after):
        if not self._profile("Reservation"):
            return {"status": "Rejected"}                        # TC_048_4_CS, TC_050_4_CS
        connector_id, reservation_id = request["connectorId"], request["reservationId"]
        existing = self.reservations.get(reservation_id)
        if connector_id == 0:
            if not self.configuration.flag("ReserveConnectorZeroSupported"):
                return {"status": "Rejected"}
            if self._faulted.get(0):
                return {"status": "Faulted"}
            usable = [c for c in self.connector_ids() if self._operative16(c) and not self._faulted.get(c)]
            if ("station",) in self._inoperative or not usable:
                return {"status": "Unavailable"}
            others = [r for r in self._zero_reservations() if r is not existing]
            if len([c for c in self.connector_ids() if self._free(c)]) <= len(others):
                return {"status": "Occupied"}                    # TC_050_2_CS
        elif connector_id in self.settings.evses:
            status = self.connector_status(connector_id)
            if status == "Faulted":
                return {"status": "Faulted"}                     # TC_048_1_CS
            if status == "Unavailable":
                return {"status": "Unavailable"}                 # TC_048_3_CS
            holder = self._reservation_on(connector_id)
            if status not in ("Available", "Reserved") or (holder is not None and holder is not existing):
                return {"status": "Occupied"}                    # TC_048_2_CS
        else:
            return {"status": "Rejected"}
        if existing is not None:
            self._drop_reservation(existing, report=False)
        expiry = _parse_time(request["expiryDate"]) or _now_dt()
        reservation = Reservation16(reservation_id, connector_id, request["idTag"], request.get("parentIdTag"),
                                    expiry)
        self.reservations[reservation_id] = reservation

        def start():
            reservation.task = self._spawn(self._expire(reservation))
            self._report_all()
        after(start)
        return {"status": "Accepted"}

    async def _expire(self, reservation):
        await asyncio.sleep(max(0.0, (reservation.expiry - _now_dt()).total_seconds()))
        if self.reservations.get(reservation.reservation_id) is reservation:
            self._drop_reservation(reservation)                  # TC_047_CS

    def _drop_reservation(self, reservation, report=True):
        self.reservations.pop(reservation.reservation_id, None)
        if reservation.task is not None and reservation.task is not asyncio.current_task():
            reservation.task.cancel()
        if report:
            self._report_all()

    def _cancel_reservations_where(self, condition):
        for reservation in list(self.reservations.values()):
            if condition(reservation):
                self._drop_reservation(reservation, report=False)

    def _on_CancelReservation(self, request, after):
        reservation = self.reservations.get(request["reservationId"])
        if reservation is None:
            return {"status": "Rejected"}                        # TC_052_CS
        self._drop_reservation(reservation, report=False)
        after(self._report_all)
        return {"status": "Accepted"}

    # ================================================================== smart charging

    def _install_profile(self, connector_id, profile):
        shaped = {"id": profile["chargingProfileId"], "stackLevel": profile["stackLevel"],
                  "chargingProfilePurpose": PURPOSE_TO_201[profile["chargingProfilePurpose"]],
                  "chargingProfileKind": profile["chargingProfileKind"],
                  "chargingSchedule": [dict(profile["chargingSchedule"], id=1)]}
        for key in ("recurrencyKind", "validFrom", "validTo", "transactionId"):
            if key in profile:
                shaped[key] = profile[key]
        self.profiles = [p for p in self.profiles if not (
            p.id == shaped["id"] or (p.evse_id == connector_id and p.stack_level == shaped["stackLevel"]
                                     and p.purpose == shaped["chargingProfilePurpose"]))]
        self.profiles.append(cs.InstalledProfile(shaped, connector_id))

    def _on_SetChargingProfile(self, request, after):
        if not self._profile("SmartCharging"):
            raise CallError(self.codes.not_supported, "the Charge Point does not support the SmartCharging profile")
        connector_id, profile = request["connectorId"], request["csChargingProfiles"]
        purpose = profile["chargingProfilePurpose"]
        schedule = profile["chargingSchedule"]
        if connector_id != 0 and connector_id not in self.settings.evses:
            return {"status": "Rejected"}
        if purpose == "ChargePointMaxProfile" and connector_id != 0:
            return {"status": "Rejected"}
        if profile["stackLevel"] > self.configuration.number("ChargeProfileMaxStackLevel", 10) or \
                len(schedule["chargingSchedulePeriod"]) > self.configuration.number("ChargingScheduleMaxPeriods", 24):
            return {"status": "Rejected"}
        if purpose == "TxProfile":
            tx = self.transaction(connector_id) if connector_id else None
            if tx is None or tx.transaction_id is None:
                return {"status": "Rejected"}                   # TC_058_1_CS
            if profile.get("transactionId") not in (None, tx.transaction_id):
                return {"status": "Rejected"}                   # TC_058_2_CS
            profile = dict(profile, transactionId=tx.transaction_id)
        self._install_profile(connector_id, profile)
        return {"status": "Accepted"}

    def _on_ClearChargingProfile(self, request, after):
        def matches(p):
            if "id" in request and p.id != request["id"]:
                return False
            if "connectorId" in request and p.evse_id != request["connectorId"]:
                return False
            if "chargingProfilePurpose" in request and \
                    p.purpose != PURPOSE_TO_201[request["chargingProfilePurpose"]]:
                return False
            if "stackLevel" in request and p.stack_level != request["stackLevel"]:
                return False
            return True
        kept = [p for p in self.profiles if not matches(p)]
        if len(kept) == len(self.profiles):
            return {"status": "Unknown"}
        self.profiles = kept
        return {"status": "Accepted"}

    def _on_GetCompositeSchedule(self, request, after):
        if not self._profile("SmartCharging"):
            raise CallError(self.codes.not_supported, "the Charge Point does not support the SmartCharging profile")
        connector_id = request["connectorId"]
        if connector_id != 0 and connector_id not in self.settings.evses:
            return {"status": "Rejected"}
        unit = request.get("chargingRateUnit") or "A"
        tx = self.transaction(connector_id) if connector_id else None
        groups = cs.applicable(self.profiles, connector_id, tx.transaction_id if tx is not None else None)
        if groups["tx"]:
            groups["default"] = []          # a TxProfile overrules the TxDefaultProfile (1.6 section 3.13.1)
        begin = _now_dt().replace(microsecond=0)
        anchors = {}
        if tx is not None:
            started = _parse_time(tx.start_stamp)
            anchors = {p.id: started for p in self.profiles}
        physical = cs.convert(self.settings.charging_power, "W", unit)
        segments = cs.composite_segments(groups, begin, request["duration"], unit, anchors,
                                         physical_limit=round(physical, 1))
        periods = cs.schedule_periods(segments, begin) or [{"startPeriod": 0, "limit": round(physical, 1)}]
        return {"status": "Accepted", "connectorId": connector_id, "scheduleStart": _iso(begin),
                "chargingSchedule": {"duration": request["duration"], "startSchedule": _iso(begin),
                                     "chargingRateUnit": unit, "chargingSchedulePeriod": periods}}

    # ================================================================== firmware and diagnostics

    async def _reachable(self, location):
        """Whether a file transfer to / from this location works (see the module docstring)."""
        try:
            url = urlparse(location)
        except ValueError:
            return False
        scheme = (url.scheme or "").lower()
        if scheme.upper() not in self.configuration.members("SupportedFileTransferProtocols"):
            return False
        if url.hostname not in LOOPBACK:
            return True
        try:
            port = url.port or DEFAULT_PORTS.get(scheme, 80)
            reader, writer = await asyncio.wait_for(asyncio.open_connection(url.hostname, port), 1.0)
        except (OSError, asyncio.TimeoutError, ValueError):
            return False
        writer.close()
        return True

    def _on_UpdateFirmware(self, request, after):
        if not self._profile("FirmwareManagement"):
            raise CallError(self.codes.not_supported, "the Charge Point does not support FirmwareManagement")
        if self._firmware_task is not None and not self._firmware_task.done():
            self._firmware_task.cancel()

        def start():
            self._firmware_task = self._spawn(self._firmware16(request["location"], request["retrieveDate"]))
        after(start)
        return {}

    async def _wait_until(self, text):
        moment = _parse_time(text)
        if moment is not None:
            delay = (moment - _now_dt()).total_seconds()
            if delay > 0:
                await asyncio.sleep(delay * self.settings.time_scale)

    async def _firmware_step(self, status, signed, request_id):
        self.firmware_status16 = status
        if signed:
            await self._send("SignedFirmwareStatusNotification", {"status": status, "requestId": request_id})
        else:
            await self._send("FirmwareStatusNotification", {"status": status})

    async def _firmware16(self, location, retrieve, signed=False, request_id=None, certificate=None, signature=None):
        """Download, (verify,) install, reboot, report Installed after the boot (TC_044_x, TC_080, TC_081)."""
        step = self.settings.lifecycle_step
        await self._wait_until(retrieve)
        await self._firmware_step("Downloading", signed, request_id)
        await asyncio.sleep(step)
        if not await self._reachable(location):
            await self._firmware_step("DownloadFailed", signed, request_id)
            self.firmware_status16 = "Idle"
            return
        await self._firmware_step("Downloaded", signed, request_id)
        await asyncio.sleep(step)
        if signed:
            if not signature_verifies(certificate, signature, location.encode("utf-8")):
                await self._firmware_step("InvalidSignature", signed, request_id)
                await self.security_event("InvalidFirmwareSignature", f"firmware from {location}"[:255])
                self.firmware_status16 = "Idle"
                return
            await self._firmware_step("SignatureVerified", signed, request_id)
            await asyncio.sleep(step)
        await self._firmware_step("Installing", signed, request_id)
        await asyncio.sleep(step)
        if not urlparse(location).path.endswith(".bin"):
            await self._firmware_step("InstallationFailed", signed, request_id)
            self.firmware_status16 = "Idle"
            return
        if signed:
            self._after_boot.append(("SecurityEventNotification",
                                     {"type": "FirmwareUpdated", "timestamp": now_iso(),
                                      "techInfo": f"firmware from {location}"[:255]}))
            self._after_boot.append(("SignedFirmwareStatusNotification", {"status": "Installed",
                                                                          "requestId": request_id}))
        else:
            self._after_boot.append(("FirmwareStatusNotification", {"status": "Installed"}))
        self.firmware_status16 = "Installed"
        await self._reboot16("Hard")

    def _on_SignedUpdateFirmware(self, request, after):
        firmware = request["firmware"]
        try:
            certificate = x509.load_pem_x509_certificate(firmware["signingCertificate"].encode())
        except ValueError:
            return {"status": "InvalidCertificate"}
        if certificate.not_valid_after_utc < _now_dt():
            return {"status": "InvalidCertificate"}
        status = "Accepted"
        if self._firmware_task is not None and not self._firmware_task.done():
            self._firmware_task.cancel()
            status = "AcceptedCanceled"

        def start():
            self._firmware_task = self._spawn(self._firmware16(
                firmware["location"], firmware["retrieveDateTime"], True, request["requestId"], certificate,
                firmware["signature"]))
        after(start)
        return {"status": status}

    def _on_GetDiagnostics(self, request, after):
        if not self._profile("FirmwareManagement"):
            raise CallError(self.codes.not_supported, "the Charge Point does not support FirmwareManagement")
        if self._log_task is not None and not self._log_task.done():
            self._log_task.cancel()
        name = f"{self.station_id}-diagnostics-{int(time.time())}.log"

        def start():
            self._log_task = self._spawn(self._diagnostics(request["location"]))
        after(start)
        return {"fileName": name[:255]}

    async def _diagnostics(self, location):
        try:
            self.diagnostics_status = "Uploading"
            await self._send("DiagnosticsStatusNotification", {"status": "Uploading"})
            await asyncio.sleep(self.settings.lifecycle_step)
            ok = await self._reachable(location)
            self.diagnostics_status = "Uploaded" if ok else "UploadFailed"
            await self._send("DiagnosticsStatusNotification", {"status": self.diagnostics_status})
        finally:
            self.diagnostics_status = "Idle"

    def _on_GetLog(self, request, after):
        if self._log_task is not None and not self._log_task.done():
            self._log_task.cancel()
        request_id, location = request["requestId"], request["log"]["remoteLocation"]

        def start():
            self._log_task = self._spawn(self._log16(request_id, location))
        after(start)
        return {"status": "Accepted", "filename": f"{self.station_id}-{request['logType']}-{request_id}.log"[:255]}

    async def _log16(self, request_id, location):
        self.log_request_id = request_id
        try:
            self.log_status = "Uploading"
            await self._send("LogStatusNotification", {"status": "Uploading", "requestId": request_id})
            await asyncio.sleep(self.settings.lifecycle_step)
            self.log_status = "Uploaded" if await self._reachable(location) else "UploadFailure"
            await self._send("LogStatusNotification", {"status": self.log_status, "requestId": request_id})
        finally:
            self.log_status = "Idle"

    # ================================================================== certificates (security whitepaper)

    def _make_csr(self, certificate_type="ChargePointCertificate"):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, self.serial_number()),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.configuration.value("CpoName"))])
        csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
        self.csr_keys[certificate_type] = key
        return csr.public_bytes(serialization.Encoding.PEM).decode()

    async def sign_certificate(self, certificate_type="ChargePointCertificate", triggered=False):
        """SignCertificate with a fresh CSR (CN = serial number, O = CpoName)."""
        return await self._send("SignCertificate", {"csr": self._make_csr(certificate_type)}, triggered=triggered)

    def _chain_problem(self, chain_pem):
        try:
            chain = x509.load_pem_x509_certificates(chain_pem.encode())
        except ValueError as exc:
            return f"not a PEM certificate chain: {exc}"
        leaf = chain[0]
        now = _now_dt()
        if leaf.not_valid_after_utc < now or leaf.not_valid_before_utc > now:
            return "the certificate is not valid now"
        key = self.csr_keys.get("ChargePointCertificate")
        if key is None or _public_bytes(leaf.public_key()) != _public_bytes(key.public_key()):
            return "the certificate is not for the key of the station's last CSR"
        return None

    def _on_CertificateSigned(self, request, after):
        problem = self._chain_problem(request["certificateChain"])
        if problem is not None:
            after(lambda: self.security_event("InvalidChargePointCertificate", problem))     # TC_077_CS
            return {"status": "Rejected"}
        self.station_certificates["ChargePointCertificate"] = request["certificateChain"]
        self.tls.certificate_signed(request["certificateChain"], self.csr_keys["ChargePointCertificate"], after)
        return {"status": "Accepted"}

    def _on_InstallCertificate(self, request, after):
        try:
            certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
            now = _now_dt()
            if certificate.not_valid_after_utc < now or certificate.not_valid_before_utc > now:
                raise ValueError("the certificate is not valid now")
        except ValueError as exc:
            why = str(exc)
            if request["certificateType"] == "CentralSystemRootCertificate":
                after(lambda: self.security_event("InvalidCentralSystemCertificate", why))   # TC_078_CS
            return {"status": "Rejected"}
        if len(self.certificates) >= self.configuration.number("CertificateStoreMaxLength", 10):
            return {"status": "Failed"}
        hash_data = certificate_hash_data(certificate, self._issuer_of(certificate))
        self.certificates = [c for c in self.certificates if c.hash_data != hash_data]
        self.certificates.append(InstalledCertificate(request["certificateType"], request["certificate"],
                                                      certificate, hash_data))
        return {"status": "Accepted"}

    def _on_GetInstalledCertificateIds(self, request, after):
        wanted = request["certificateType"]
        found = [c.hash_data for c in self.certificates if c.certificate_type == wanted]
        if not found:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashData": found}

    # DeleteCertificate: the 2.0.1 engine's handler serves 1.6 unchanged (same fields and statuses).


def _public_bytes(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)






class StationTls16:
    """TLS of the 1.6 Charge Point (security whitepaper, security profiles 2 and 3) and its security events,
    for the shared engine (support/reference/station/tls.py is the 2.0.1 station's):

    - wss:// with TLS 1.2 or newer and the OCPP cipher suites (A00.FR.312, .318), verifying the Central
      System's certificate and host name against the CentralSystemRootCertificates it trusts: the one it was
      provisioned with (settings.tls_ca_cert) and those installed with InstallCertificate (A00.FR.308, .411);
    - with profile 3 its ChargePointCertificate as the client certificate (A00.FR.401/402): the provisioned
      one (settings.tls_client_cert/key) until the Central System signs a new one; once CertificateSigned is
      Accepted it reconnects with that one (A02.FR.08, OCTT TC_074_CS);
    - a SecurityProfile upgrade (A05): it disconnects and reconnects with the new profile, ws:// becoming
      wss:// at the same address (A05.FR.06/07);
    - security events after a (re)boot (StartupOfTheDevice / ResetOrReboot) and after a TLS handshake it
      ended (InvalidCentralSystemCertificate, InvalidTLSVersion), sent once connected and Accepted.
    """

    def __init__(self, station):
        self.station = station
        self.startup = True
        self.pending_events = []
        self.in_use = int(station.settings.security_profile or 0)   # the profile it connects with
        self.signed = None             # (chain PEM, private key) of the ChargePointCertificate the CSMS signed
        self.provisioned_root_replaced = False     # DeleteCertificate deleted the provisioned root
        self._provisioned_root = None
        self._scratch = None

    def provisioned_root(self):
        """The CentralSystemRootCertificate it was provisioned with (an InstalledCertificate), or None."""
        from .tls import provisioned_root_of
        return provisioned_root_of(self, "CentralSystemRootCertificate")

    def trusted_roots(self):
        """PEM texts of the CentralSystemRootCertificates the Charge Point trusts."""
        provisioned = self.provisioned_root()
        roots = [provisioned.pem] if provisioned is not None else []
        roots += [c.pem for c in getattr(self.station, "certificates", [])
                  if c.certificate_type == "CentralSystemRootCertificate"]
        return roots

    def client_certificate_files(self):
        """(certificate chain path, key path) of its ChargePointCertificate, or None."""
        if self.signed is not None and not self.station.faults.keep_old_client_certificate:
            if self._scratch is None:       # load_cert_chain() reads files; removed with this object
                self._scratch = tempfile.TemporaryDirectory(prefix="reference-station16-")
            chain_path = os.path.join(self._scratch.name, "charge-point-certificate.pem")
            key_path = os.path.join(self._scratch.name, "charge-point-certificate.key")
            with open(chain_path, "w") as f:
                f.write(self.signed[0])
            with open(key_path, "w") as f:
                f.write(key_pem(self.signed[1]))
            os.chmod(key_path, 0o600)
            return chain_path, key_path
        settings = self.station.settings
        if settings.tls_client_cert and settings.tls_client_key:
            return settings.tls_client_cert, settings.tls_client_key
        return None

    def client_context(self):
        faults = self.station.faults
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        for root in self.trusted_roots():
            context.load_verify_locations(cadata=root)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers("ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:AES128-SHA256"
                            if faults.tls_without_ocpp_cipher_suites else OCPP_CIPHERS)
        if self.in_use >= 3 and not faults.no_client_certificate:
            files = self.client_certificate_files()
            if files:
                context.load_cert_chain(*files)
        return context

    def connect_options(self, url):
        return {"ssl": self.client_context()} if url.startswith("wss://") else {}

    def profile_changed(self, profile, after):
        """SecurityProfile was raised (A05.FR.05): once the answer is out, disconnect and connect with the new
        profile (A05.FR.06/07): wss:// at the same address from profile 2 on, the client certificate with 3."""
        if profile <= self.in_use or self.station.faults.keep_old_security_profile:
            return
        self.in_use = profile
        url = self.station.csms_url
        scheme = "wss" if profile >= 2 else "ws"
        self.station.csms_url = scheme + url[url.index("://"):] if "://" in url else url
        self.station._record(self.station.station_id, EVENT,
                             f"the Charge Point connects with security profile {profile} from now on")
        after(self.station.reconnect)

    def certificate_signed(self, chain, key, after):
        """An Accepted ChargePointCertificate: with profile 3 the Charge Point reconnects with it (A02.FR.08)."""
        self.signed = (chain, key)
        if self.in_use >= 3:
            after(self.station.reconnect)

    def connection_failed(self, exc):
        event = {"InvalidCsmsCertificate": "InvalidCentralSystemCertificate"}.get(tls_failure_event(exc),
                                                                               tls_failure_event(exc))
        if event is None:
            return
        self.station._record(self.station.station_id, EVENT, f"the Charge Point ended the TLS handshake: {event}")
        if not any(t == event for t, _ in self.pending_events):
            self.pending_events.append((event, str(getattr(exc, "verify_message", "") or exc)))

    def started(self):
        self.startup = True

    def after_connected(self, booted, boot_reason):
        if booted and self.startup:
            self.startup = False
            kind = "StartupOfTheDevice" if boot_reason == "PowerUp" else "ResetOrReboot"
            self.pending_events.insert(0, (kind, f"boot reason {boot_reason}"))
        for kind, info in self.pending_events:
            self.station._post("SecurityEventNotification", {"type": kind, "timestamp": now_iso(),
                                                             "techInfo": info[:255]})
        self.pending_events.clear()
