"""The reference station: an autonomous, conformant OCPP 2.0.1 charging station.

It is the second face of the station engine (the first is the test station that the CSMS
features drive message by message) and the embedded default system under test of the station
features: it boots and retries per interval, heartbeats, reports its connectors, runs local and
remote transactions with meter values, resets, changes availability, goes through the firmware
and log lifecycles, keeps an in-memory device model and certificate store, and queues its
TransactionEvents while offline.

Every public method is a coroutine for the runtime loop. StationFaults switch on deliberate
departures from the spec, so that tests can show a station feature fails against a wrong station.

Times: settings in plain seconds are wall-clock seconds. Intervals in "protocol seconds" (what
the CSMS sets: the BootNotification interval, HeartbeatInterval, TxUpdatedInterval) are multiplied
by settings.time_scale, so OCTT's timers run compressed against the embedded target.
"""
import asyncio
import base64
import collections
import hashlib
import logging
import random
import time
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus, WebSocketException

from ...rpc import CALL, CALLERROR, CALLRESULT, CallError, CallOutcome, OcppConnection, Subprotocol, error_codes
from ...scenario.trace import EVENT, RECEIVED, SENT, MessageTrace
from ...station.model import Connector, StationModel, Transaction
from .tls import StationTls
from ...station.test_station import now_iso

log = logging.getLogger(__name__)

MEASURAND_UNITS = {
    "Energy.Active.Import.Register": "Wh",
    "Power.Active.Import": "W",
    "Current.Import": "A",
    "Voltage": "V",
}
ALL_MEASURANDS = ",".join(MEASURAND_UNITS)
TX_POINTS = "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer"
CABLE_POINTS = {"EVConnected", "ParkingBayOccupancy", "PowerPathClosed", "EnergyTransfer"}
AUTH_POINTS = {"Authorized", "PowerPathClosed", "EnergyTransfer"}


# ====================================================================== configuration

def compressed_backoff(scale, base=(1, 2, 4, 4)):
    """Reconnection backoff waits for a compressed station clock: the protocol waits times the scale,
    but the first at least 0.5 s, the rest in the same ratios (and no longer than the third: the
    embedded station does not wait long once the CSMS is back). Shorter waits would drown in the
    scheduling delays of a busy machine, and B04's check of a growing backoff would judge those."""
    factor = max(scale, 0.5 / base[0])
    return tuple(b * factor for b in base)


@dataclass
class ReferenceStationSettings:
    """Who the reference station is and how fast its clocks run."""
    model: str = "ReferenceStation"
    vendor_name: str = "ocpp-conformance-suite"
    serial_number: str = "REF-0001"
    firmware_version: str = "1.0.0"
    evses: dict = field(default_factory=lambda: {1: 1})     # evseId -> number of connectors
    connector_type: str = "cType2"
    time_scale: float = 1.0                 # factor on every interval in protocol seconds
    heartbeat_interval: float = 300         # protocol seconds, until the CSMS gives one
    sampled_interval: float = 60            # protocol seconds: SampledDataCtrlr.TxUpdatedInterval
    min_retry_interval: float = 30          # boot retry when the CSMS gives interval 0 or no answer
    reconnect_backoff: tuple = (1, 2, 4, 8, 16, 32)   # waits before reconnection attempts 1, 2, ...
    boot_on_reconnect: bool = False         # BootNotification after every reconnection, not only after a reboot
    call_timeout: float = 30                # seconds to wait for the CSMS to answer a CALL
    connect_timeout: float = 10
    lifecycle_step: float = 1.0             # seconds between firmware / log status steps
    transaction_message_attempts: int = 3   # OCPPCommCtrlr.MessageAttempts (TransactionEvent)
    transaction_message_retry_interval: float = 1.0
    items_per_message: int = 10             # NotifyReport page size (ItemsPerMessage GetReport)
    items_per_message_variables: int = 20   # ItemsPerMessage GetVariables / SetVariables
    security_profile: int = 1
    tls_ca_cert: str = None                 # CSMS root CA it was provisioned with (PEM path; reference_tls)
    tls_client_cert: str = None             # its client certificate for security profile 3 (PEM paths)
    tls_client_key: str = None
    network_slots: tuple = (1, 2, 3)        # valid configurationSlot values of SetNetworkProfile
    vendor_id: str = "org.ocpp-conformance-suite"   # the DataTransfer vendorId it knows
    organization_name: str = "ocpp-conformance-suite"
    charging_power: float = 11000.0         # W while charging
    voltage: float = 230.0
    authorize_remote_start: bool = False
    offline_tx_for_unknown_id: bool = True
    tx_start_point: str = "EVConnected,Authorized"
    tx_stop_point: str = "EVConnected,Authorized"
    reset_evse_supported: bool = True       # B11/B12: Reset of one EVSE (OCTT "Individual resetting EVSE supported")


@dataclass
class StationFaults:
    """Deliberate departures from OCPP 2.0.1, for mutation tests; all off in the reference station."""
    status_while_pending: bool = False          # B02: StatusNotification while the boot is Pending
    reuse_seq_no: bool = False                  # E: the second TransactionEvent repeats seqNo 0
    no_retry_after_rejected: bool = False       # B03: never boots again after Rejected
    skip_boot_status: bool = False              # B01: no StatusNotification after Accepted
    accept_boot_trigger_after_accepted: bool = False   # F06: TriggerMessage(BootNotification) Accepted
    missing_meter_values: bool = False          # J02: TransactionEvents without meterValue, no periodic ones
    wrong_reset_boot_reason: bool = False       # B11: boots with PowerUp instead of RemoteReset
    no_offline_flag: bool = False               # E: queued TransactionEvents lack offline=true
    drop_offline_transaction_events: bool = False   # E: TransactionEvents lost while offline
    ignore_heartbeat_interval: bool = False     # B05: SetVariables HeartbeatInterval not applied
    accept_stop_unknown_transaction: bool = False   # F03: RequestStopTransaction Accepted for any id
    no_reconnect_backoff: bool = False          # B04: reconnection attempts at the first backoff wait, never longer
    accept_any_server_certificate: bool = False  # A00: TLS without checking the CSMS's certificate or host name
    accept_old_tls: bool = False                # A00: TLS 1.0 and 1.1 (and any cipher suite) accepted
    accept_any_certificate_chain: bool = False  # A02: CertificateSigned Accepted without checking the chain
    no_security_events: bool = False            # A04: no SecurityEventNotification (startup, TLS, certificates)
    upgrade_without_certificates: bool = False  # A05: a higher-profile slot put first without the CA/certificate
    set_variables_not_applied: bool = False     # B05: SetVariables answered Accepted, the value not stored
    no_attribute_type_in_results: bool = False  # B05/B06: results leave out the attributeType that was asked for
    unknown_component_as_variable: bool = False  # B05.FR.04/B06.FR.06: an unknown component answered UnknownVariable
    unknown_variable_rejected: bool = False     # B05.FR.05/B06.FR.07: an unknown variable answered Rejected
    ignore_attribute_type: bool = False         # B05.FR.06/B06.FR.08: Target/MinSet/MaxSet treated as Actual
    accept_invalid_values: bool = False         # B05.FR.07: a value that does not fit the data type Accepted
    set_read_only_variable: bool = False        # B05.FR.09: SetVariables of a ReadOnly variable Accepted
    read_only_in_configuration_inventory: bool = False   # B07: ConfigurationInventory lists ReadOnly variables
    no_variable_characteristics: bool = False   # B07: reportData without variableCharacteristics
    no_values_list: bool = False                # B07: OptionList/MemberList/SequenceList reported without valuesList
    accept_unsupported_report_base: bool = False   # B07.FR.02: SummaryInventory Accepted though not supported
    start_transaction_while_pending: bool = False  # B02: RequestStartTransaction Accepted while Pending
    serve_while_rejected: bool = False          # B03.FR.08: CSMS requests served while Rejected (no SecurityError)
    reject_evse_reset: bool = False             # B11.FR.08: Reset of one EVSE Rejected though supported
    missing_required_variable: bool = False     # B07: the required OCPPCommCtrlr.ResetRetries is not implemented
    # OCTT block C (features/station/ocpp201/C_authorization_octt.feature)
    accept_invalid_token: bool = False          # C01.FR.02: a transaction authorized by an idToken the CSMS did not accept
    stop_with_any_token: bool = False           # C01/E07: another Accepted idToken (no shared group) stops the transaction
    no_authorization_cache: bool = False        # C10/C12: the Authorization Cache is never consulted
    trust_cached_rejection: bool = False        # C10.FR.03/C12.FR.05: a cached non-Accepted status refuses, no Authorize
    ignore_disable_post_authorize: bool = False  # C12.FR.05: Authorize for a cached non-Accepted idToken despite
                                                 # AuthCacheCtrlr.DisablePostAuthorize true
    pre_authorize_always: bool = False          # C10.FR.11: a cached Accepted idToken starts without Authorize though
                                                 # LocalPreAuthorize is false
    keep_cache_on_clear: bool = False           # C11.FR.03: ClearCache answered Accepted, the cache kept
    clear_disabled_cache: bool = False          # C11.FR.04: ClearCache Accepted while AuthCacheCtrlr.Enabled is false
    no_cache_update_on_transaction_answer: bool = False   # C10.FR.05: TransactionEvent answers leave the cache alone
    volatile_cache: bool = False                # C10.FR.02: the Authorization Cache is lost when the power goes
    ignore_cache_lifetime: bool = False         # C10.FR.08: a cached idToken never ages out (AuthCacheCtrlr.LifeTime)
    stop_with_rejected_group_token: bool = False   # C09.FR.11: an idToken of the transaction's group stops it
                                                 # whatever its status
    no_group_stop: bool = False                 # C09.FR.03/07: an Accepted idToken of the same group does not stop
    master_pass_starts_transaction: bool = False   # C16.FR.03: a Master Pass idToken authorizes a transaction
    master_pass_ignored: bool = False           # C16.FR.02: a Master Pass idToken stops no transaction
    refuse_unknown_offline: bool = False        # C15.FR.02: offline, an unknown idToken is refused though
                                                 # OfflineTxForUnknownIdEnabled is true
    max_energy_before_stop: bool = False        # C12.FR.04/E05: with StopTxOnInvalidId true and MaxEnergyOnInvalidId
                                                 # above 0, the limit is delivered instead of deauthorizing at once
    ignore_max_energy_on_invalid_id: bool = False  # C15/E05: with StopTxOnInvalidId false, an Invalid answer suspends
                                                 # the energy transfer at once whatever MaxEnergyOnInvalidId
    charge_on_invalid_id: bool = False          # C15/E05: with StopTxOnInvalidId false and MaxEnergyOnInvalidId 0, an
                                                 # Invalid answer leaves the energy transfer going
    # OCTT block E (features/station/ocpp201/E_transactions_octt.feature)
    ignore_tx_start_point: bool = False         # E01: transactions start at EVConnected or Authorized, whatever TxStartPoint
    unsigned_begin_reading: bool = False        # E01 (TC_E_11_CS): the Transaction.Begin reading has no signedMeterValue
                                                 # though SampledDataCtrlr.SignReadings is true
    no_evse_in_first_event: bool = False        # E01.FR.16 (OCTT general rule): the Started event lacks evse
    no_id_token_after_authorization: bool = False   # OCTT general rule: the Authorized event lacks the idToken
    no_remote_start_id: bool = False            # F01.FR.19: the RemoteStart event lacks transactionInfo.remoteStartId
    stop_only_at_authorized: bool = False       # E06.FR.06/07: a TxStopPoint PowerPathClosed or EnergyTransfer does not end
                                                 # the transaction when the driver stops it
    wrong_local_stopped_reason: bool = False    # E07: a local stop ends with stoppedReason Remote
    keep_transaction_on_unplug: bool = False    # E06.FR.02: unplugging does not end a transaction with TxStopPoint EVConnected
    wrong_remote_stop_reason: bool = False      # F03.FR.09: RequestStopTransaction ends with StopAuthorized/Local
    ongoing_for_unknown_transaction: bool = False   # E14.FR.01/03: ongoingIndicator true for any transactionId
    report_empty_queue_as_full: bool = False    # E14.FR.05/08: messagesInQueue true with nothing queued
    queue_not_reported_for_transaction: bool = False   # E14.FR.04: messagesInQueue false though the transaction's
                                                 # TransactionEvents are queued
    queue_not_reported_without_id: bool = False   # E14.FR.07: without a transactionId, messagesInQueue false though
                                                 # TransactionEvents are queued
    no_ev_connection_timeout: bool = False      # E03.FR.05: EVConnectionTimeOut never ends an authorization
    keep_transaction_on_invalid_id: bool = False   # E05/C15.FR.04: StopTxOnInvalidId true ignored
    no_meter_values_while_offline: bool = False    # E11.FR.01/02: no periodic meter values queued while offline
    no_offline_started_event: bool = False      # E12.FR.01/02: the Started event of a transaction begun offline is lost
    no_offline_flag_on_ended: bool = False      # E08.FR.05/E12.FR.06: the Ended event queued offline lacks offline=true
    no_offline_group_stop: bool = False         # E08/C09: offline, a cached idToken of the transaction's group does not
                                                 # stop it
    ignore_message_attempts: bool = False       # E13.FR.01/02: a failed TransactionEvent is not sent again
    retry_without_waiting: bool = False         # E13.FR.03: a failed TransactionEvent is sent again at once
    no_retry_after_timeout: bool = False        # E13.FR.01/02: a TransactionEvent the CSMS did not answer within
                                                 # MessageTimeout is not sent again (only CALLERRORs are retried)
    resend_answered_retry: bool = False         # E13.FR.01: a retried TransactionEvent is sent once more though the
                                                 # CSMS answered the retry
    ignore_disable_remote_authorization: bool = False   # C01 (TC_E_52): Authorize sent though DisableRemoteAuthorization is true
    # OCTT block B, resets and offline (features/station/ocpp201/B_provisioning_octt.feature)
    reset_on_idle_at_once: bool = False         # B12.FR.01: Reset OnIdle during a transaction Accepted, reboots at once
    wrong_scheduled_reset_boot_reason: bool = False   # B12.FR.03: the boot after a scheduled reset has reason RemoteReset
    reset_when_first_idle: bool = False         # B12.FR.03: a scheduled reset reboots once one EVSE's transaction ends,
                                                 # while another still runs
    reboot_stopped_reason: bool = False         # B12.FR.02/04: an Immediate reset ends the transaction with stoppedReason Reboot
    availability_lost_on_reset: bool = False    # B11.FR.02: an Inoperative connector is Available again after a reset
    evse_reset_on_idle_at_once: bool = False    # B12.FR.07: Reset OnIdle of an EVSE in a transaction Accepted, at once
    evse_reset_wrong_trigger: bool = False      # B12.FR.08: an Immediate EVSE reset ends the transaction with
                                                 # triggerReason AbnormalCondition
    accept_unsupported_evse_reset: bool = False  # B11.FR.09: Reset of one EVSE Accepted though not supported
    schedule_unsupported_evse_reset: bool = False   # B12.FR.09: Reset of one EVSE in a transaction Scheduled though
                                                     # not supported
    get_variables_beyond_limit: bool = False    # B06 (TC_B_08_CS): more getVariableData than ItemsPerMessage all Accepted
    lose_offline_status_change: bool = False    # B04.FR.02: a status change while offline is not reported on reconnection
    report_changed_only_after_threshold: bool = False   # B04.FR.01: offline beyond OfflineThreshold, only the changed
                                                         # connectors are reported
    ignore_retry_back_off_variables: bool = False   # Part 4 5.3: reconnects with its own backoff, whatever
                                                     # RetryBackOffWaitMinimum/RepeatTimes the CSMS set
    accept_invalid_configuration_slot: bool = False  # B09.FR.02: SetNetworkProfile for an unknown slot Accepted
    # OCTT block E, EV-side actions (features/station/ocpp201/E_transactions_octt.feature)
    ignore_ev_not_ready: bool = False           # E03 (TC_E_38): an EV not ready is reported Charging, not SuspendedEV
    wrong_ev_suspend_stopped_reason: bool = False   # E06.FR.07 (TC_E_22): the transaction the EV's suspension ends
                                                     # (TxStopPoint EnergyTransfer) has stoppedReason Local
    silent_ev_side_disconnect: bool = False     # E09.FR.01 (TC_E_24): no TransactionEvent when the EV side disconnects
    ev_side_disconnect_keeps_charging_state: bool = False   # E09/E10 (TC_E_25, TC_E_26): the EVCommunicationLost
                                                             # event keeps the chargingState of before (not Idle)
    keep_transaction_on_ev_side_disconnect: bool = False    # E06.FR.02 (TC_E_20): an EV-side disconnect does not
                                                             # end a transaction with TxStopPoint EVConnected
    ignore_power_path_on_ev_side_disconnect: bool = False   # E06.FR.06 (TC_E_37): nor one with TxStopPoint
                                                             # PowerPathClosed
    ev_side_disconnect_stopped_reason_local: bool = False   # E06.FR.02 (TC_E_54): it ends with stoppedReason Local
    ignore_stop_tx_on_ev_side_disconnect: bool = False      # E09.FR.01 (TC_E_17): StopTxOnEVSideDisconnect true does
                                                             # not deauthorize the transaction
    no_energy_after_ev_side_reconnect: bool = False         # E10.FR.03 (TC_E_26): the energy transfer does not resume
                                                             # when the EV is reconnected

    @classmethod
    def parse(cls, text):
        """'status_while_pending,reuse_seq_no' -> StationFaults with those two on."""
        names = [p.strip() for p in (text or "").split(",") if p.strip()]
        known = {f.name for f in fields(cls)}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"unknown station faults: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        return cls(**{n: True for n in names})

    def active(self):
        return [f.name for f in fields(self) if getattr(self, f.name)]


# ====================================================================== device model

@dataclass
class Variable:
    value: str = ""
    mutability: str = "ReadWrite"
    data_type: str = "string"
    values_list: str = None
    unit: str = None
    getter: object = None       # callable() -> str, for values the station computes
    on_change: object = None    # callable(value, after) when the CSMS sets the variable
    check: object = None        # callable(value) -> bool, beyond what the data type says

    def actual(self):
        return self.getter() if self.getter else self.value


class DeviceModel:
    """Components and variables, keyed the way the CSMS addresses them:
    ((component name, component instance, evse id, connector id), (variable name, variable instance))."""

    def __init__(self):
        self.variables = {}

    @staticmethod
    def component_key(component):
        evse = component.get("evse") or {}
        return (component.get("name"), component.get("instance"), evse.get("id"), evse.get("connectorId"))

    def add(self, component, variable, value="", instance=None, evse=None, connector=None, **attributes):
        key = ((component, None, evse, connector), (variable, instance))
        self.variables[key] = Variable(str(value), **attributes)
        return self.variables[key]

    def find(self, component, variable):
        return self.variables.get((self.component_key(component), (variable.get("name"), variable.get("instance"))))

    def knows_component(self, component):
        wanted = self.component_key(component)
        return any(key[0] == wanted for key in self.variables)

    def get(self, component, variable, instance=None, evse=None, connector=None):
        return self.variables[((component, None, evse, connector), (variable, instance))]

    def value(self, component, variable, instance=None):
        return self.get(component, variable, instance).actual()

    @staticmethod
    def component_dict(key):
        name, instance, evse_id, connector_id = key
        component = {"name": name}
        if instance is not None:
            component["instance"] = instance
        if evse_id is not None:
            component["evse"] = {"id": evse_id}
            if connector_id is not None:
                component["evse"]["connectorId"] = connector_id
        return component

    @staticmethod
    def variable_dict(key):
        name, instance = key
        return {"name": name, "instance": instance} if instance is not None else {"name": name}

    def report_data(self, key):
        component_key, variable_key = key
        var = self.variables[key]
        attribute = {"type": "Actual", "mutability": var.mutability, "persistent": True, "constant": False}
        if var.mutability != "WriteOnly":
            attribute["value"] = var.actual()[:2500]
        characteristics = {"dataType": var.data_type, "supportsMonitoring": False}
        if var.values_list:
            characteristics["valuesList"] = var.values_list
        if var.unit:
            characteristics["unit"] = var.unit
        return {"component": self.component_dict(component_key), "variable": self.variable_dict(variable_key),
                "variableAttribute": [attribute], "variableCharacteristics": characteristics}

    def base_report_keys(self, report_base):
        keys = list(self.variables)
        if report_base == "ConfigurationInventory":
            return [k for k in keys if self.variables[k].mutability != "ReadOnly"]
        if report_base == "SummaryInventory":
            return [k for k in keys if k[1][0] in ("AvailabilityState", "Available", "Problem")]
        return keys

    def select(self, component_variables=None, criteria=None):
        """Keys matching GetReport's componentVariable list and componentCriteria."""
        keys = list(self.variables)
        if component_variables:
            keys = [k for k in keys if any(self._matches(k, cv) for cv in component_variables)]
        if criteria:
            keys = [k for k in keys if any(self._meets(k[0], c) for c in criteria)]
        return keys

    @staticmethod
    def _matches(key, component_variable):
        (name, instance, evse_id, connector_id), (var_name, var_instance) = key
        component = component_variable["component"]
        if component["name"] != name:
            return False
        if "instance" in component and component["instance"] != instance:
            return False
        evse = component.get("evse")
        if evse is not None and (evse["id"] != evse_id or
                                 ("connectorId" in evse and evse["connectorId"] != connector_id)):
            return False
        variable = component_variable.get("variable")
        if variable is None:
            return True
        return variable["name"] == var_name and ("instance" not in variable or variable["instance"] == var_instance)

    def _meets(self, component_key, criterion):
        var = self.variables.get((component_key, (criterion, None)))
        if var is None:
            return criterion in ("Available", "Enabled")   # a component without the flag counts as such
        return var.actual() == "true"


# ====================================================================== station state

@dataclass
class ReferenceTransaction(Transaction):
    remote_start_id: int = None
    authorized: bool = False
    charging_state: str = None
    group_id_token: dict = None
    seq_reused: bool = False
    meter_task: object = None
    suspended: bool = False             # energy transfer suspended by the station (SuspendedEVSE)
    energy_limit_task: object = None    # MaxEnergyOnInvalidId: suspends once the limit is delivered


@dataclass
class InstalledCertificate:
    certificate_type: str
    pem: str
    certificate: object
    hash_data: dict


@dataclass
class _Outgoing:
    """A station-initiated CALL waiting its turn; TransactionEvents survive a connection loss."""
    action: str
    payload: dict
    future: object = None
    tx: object = None
    attempts: int = 0
    resent: bool = False    # StationFaults.resend_answered_retry


def _public_key_bytes(key):
    if isinstance(key, rsa.RSAPublicKey):
        return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def certificate_hash_data(certificate, issuer=None):
    """CertificateHashDataType of a certificate (SHA256; the issuer's key when the issuer is known,
    else the certificate's own key, which is right for a self-signed root)."""
    issuer_key = (issuer or certificate).public_key()
    return {"hashAlgorithm": "SHA256",
            "issuerNameHash": hashlib.sha256(certificate.issuer.public_bytes()).hexdigest(),
            "issuerKeyHash": hashlib.sha256(_public_key_bytes(issuer_key)).hexdigest(),
            "serialNumber": format(certificate.serial_number, "x")}


def _not_sent(action, payload, why):
    return CallOutcome(action, payload, unique_id="", closed=True, error_description=why)


class StationError(AssertionError):
    """The reference station cannot do what it was asked (unknown connector, not connected...)."""


class ReferenceStation:
    """An autonomous OCPP 2.0.1 charging station (see the module docstring).

    recorder(peer, direction, text, frame=None, violations=()) receives the station's own view of
    the wire (SENT = the station sent it); by default its own MessageTrace (self.trace). Do not give
    it the scenario trace the test CSMS records into: every frame would appear twice, once each way.
    """

    versions = ("2.0.1",)     # the OCPP 1.6 face is ReferenceStation16 (support/reference/station/ocpp16.py)

    def __init__(self, station_id, csms_url, password=None, version="2.0.1", settings=None, faults=None,
                 recorder=None):
        if version not in self.versions:
            raise ValueError(f"{type(self).__name__} speaks OCPP {' and '.join(self.versions)}, not {version}")
        self.station_id = station_id
        self.csms_url = csms_url.rstrip("/")
        self.password = password
        self.version = version
        self.settings = settings or ReferenceStationSettings()
        self.faults = faults or StationFaults()
        self.codes = error_codes(version)
        self.trace = None
        if recorder is None:
            self.trace = MessageTrace(f"reference station {station_id}")
            recorder = self.trace.add
        self._recorder = recorder

        self.model = StationModel()
        for evse_id, count in sorted(self.settings.evses.items()):
            for connector_id in range(1, count + 1):
                self.model.connectors[(evse_id, connector_id)] = Connector(evse_id, connector_id,
                                                                           self.settings.connector_type)
        self.device_model = self._build_device_model()
        self.tls = self._make_tls()         # TLS, CertificateSigned checks, security events (reference_tls)

        self.registration = None            # status of the last BootNotificationResponse on this connection
        self._registration_known = asyncio.Event()   # set once the boot answer on this connection is taken in
        self.connection = None
        self.outcomes = []                  # CallOutcome of every CALL the station sent
        self.violations = []                # schema problems of anything the station sent
        self.boot_count = 0
        self.network_profiles = {}
        self.certificates = []              # InstalledCertificate (InstallCertificate, V2G chains)
        self.station_certificates = {}      # certificateType -> PEM chain from CertificateSigned
        self.csr_keys = {}                  # certificateType -> private key of the last CSR
        self.firmware_status, self.firmware_request_id = "Idle", None
        self.log_status, self.log_request_id = "Idle", None
        self.local_list_version = 0
        self.auth_cache = {}                # (idToken, type) -> {"info": idTokenInfo, "used": monotonic} (C10)

        self._powered = False
        self._hold_offline = False
        self._reconnect_now = False
        self._boot_required = True
        self._boot_reason = "PowerUp"
        self._rebooting = False
        self._heartbeat_period = self.settings.heartbeat_interval * self.settings.time_scale
        self._plugged = set()               # (evseId, connectorId) with a cable in
        self._ev_not_ready = set()          # (evseId, connectorId) whose EV suspends / is not ready (SuspendedEV)
        self._ev_side_off = set()           # (evseId, connectorId) whose cable is out on the EV side (E09, E10)
        self._ev_side_locked = {}           # evseId -> the idToken that unlocks a cable kept locked (E09.FR.03)
        self._delivered_status = {}         # (evseId, connectorId) -> the status the CSMS last took in (B04)
        self._offline_since = None          # monotonic time the last connection was lost (B04)
        self._inoperative = set()           # ("station",), ("evse", id), ("connector", evse, connector)
        self._scheduled_availability = []   # (scope, operationalStatus) waiting for a transaction to end
        self._scheduled_resets = set()      # evse ids, 0 = the whole station
        self._pending_auth = {}             # evseId -> (idToken, remoteStartId) before the tx starts
        self._connection_timers = {}        # evseId -> the EVConnectionTimeOut task of an authorization (E03)
        self._in_flight = None              # the queued message on the wire, waiting for its answer
        self._remote_starting = set()
        self._energy = {evse_id: 0.0 for evse_id in self.settings.evses}
        self._meter_mark = {evse_id: time.monotonic() for evse_id in self.settings.evses}
        self._outbox = collections.deque()
        self._outbox_kick = asyncio.Event()
        self._changed = asyncio.Event()
        self._boot_now = asyncio.Event()
        self._wake = asyncio.Event()
        self._heartbeat_reset = asyncio.Event()
        self._incoming = {}                 # id(payload) of a CSMS CALL -> its MessageId
        self._followups = {}                # MessageId -> callables to run once the answer is sent
        self._tasks = set()
        self._conn_tasks = set()
        self._lifecycle = None
        self._firmware_task = None
        self._log_task = None

    # ================================================================== device model

    def _build_device_model(self):
        s = self.settings
        dm = DeviceModel()
        ro = {"mutability": "ReadOnly"}
        dm.add("ChargingStation", "AvailabilityState", getter=self._station_availability, data_type="OptionList",
               values_list="Available,Occupied,Reserved,Unavailable,Faulted", **ro)
        dm.add("ChargingStation", "Available", "true", data_type="boolean", **ro)
        dm.add("ChargingStation", "Model", s.model, **ro)
        dm.add("ChargingStation", "VendorName", s.vendor_name, **ro)
        dm.add("ChargingStation", "SupplyPhases", "1", data_type="integer", **ro)
        for evse_id, count in sorted(s.evses.items()):
            dm.add("EVSE", "AvailabilityState", evse=evse_id, getter=lambda e=evse_id: self._evse_availability(e),
                   data_type="OptionList", values_list="Available,Occupied,Reserved,Unavailable,Faulted", **ro)
            dm.add("EVSE", "Available", "true", evse=evse_id, data_type="boolean", **ro)
            dm.add("EVSE", "Power", str(int(s.charging_power)), evse=evse_id, data_type="decimal", unit="W", **ro)
            dm.add("EVSE", "SupplyPhases", "1", evse=evse_id, data_type="integer", **ro)
            for connector_id in range(1, count + 1):
                dm.add("Connector", "AvailabilityState", evse=evse_id, connector=connector_id,
                       getter=lambda e=evse_id, c=connector_id: self._status_of(e, c), data_type="OptionList",
                       values_list="Available,Occupied,Reserved,Unavailable,Faulted", **ro)
                dm.add("Connector", "Available", "true", evse=evse_id, connector=connector_id,
                       data_type="boolean", **ro)
                dm.add("Connector", "ConnectorType", s.connector_type, evse=evse_id, connector=connector_id, **ro)
                dm.add("Connector", "SupplyPhases", "1", evse=evse_id, connector=connector_id, data_type="integer",
                       **ro)
        dm.add("OCPPCommCtrlr", "HeartbeatInterval", self._protocol_value(s.heartbeat_interval), data_type="integer",
               unit="s", on_change=self._heartbeat_interval_changed)
        dm.add("OCPPCommCtrlr", "OfflineThreshold", "60", data_type="integer", unit="s")
        dm.add("OCPPCommCtrlr", "MessageTimeout", str(int(s.call_timeout)), instance="Default", data_type="integer",
               unit="s", **ro)
        dm.add("OCPPCommCtrlr", "MessageAttempts", str(s.transaction_message_attempts), instance="TransactionEvent",
               data_type="integer")
        dm.add("OCPPCommCtrlr", "MessageAttemptInterval", "1", instance="TransactionEvent", data_type="integer",
               unit="s")
        dm.add("OCPPCommCtrlr", "NetworkConfigurationPriority", "1", data_type="SequenceList",
               values_list=",".join(str(n) for n in s.network_slots))
        dm.add("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", "3", data_type="integer")
        if not self.faults.missing_required_variable:
            dm.add("OCPPCommCtrlr", "ResetRetries", "2", data_type="integer")
        dm.add("OCPPCommCtrlr", "FileTransferProtocols", "HTTP,HTTPS,FTP", data_type="MemberList",
               values_list="FTP,FTPS,HTTP,HTTPS,SFTP", **ro)
        backoff = {"on_change": self._backoff_changed}
        dm.add("OCPPCommCtrlr", "RetryBackOffWaitMinimum", "1", data_type="integer", unit="s", **backoff)
        dm.add("OCPPCommCtrlr", "RetryBackOffRepeatTimes", "5", data_type="integer", **backoff)
        dm.add("OCPPCommCtrlr", "RetryBackOffRandomRange", "0", data_type="integer", unit="s", **backoff)
        dm.add("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", "true", data_type="boolean")
        dm.add("OCPPCommCtrlr", "WebSocketPingInterval", "0", data_type="integer", unit="s")
        dm.add("SecurityCtrlr", "SecurityProfile", str(s.security_profile), data_type="integer", **ro)
        dm.add("SecurityCtrlr", "Identity", self.station_id, **ro)
        dm.add("SecurityCtrlr", "OrganizationName", s.organization_name)
        dm.add("SecurityCtrlr", "CertificateEntries", getter=lambda: str(len(self.certificates)),
               data_type="integer", **ro)
        dm.add("SecurityCtrlr", "BasicAuthPassword", mutability="WriteOnly",
               check=lambda v: 16 <= len(v) <= 40, on_change=self._basic_auth_password_changed)
        for instance in ("GetReport", "GetVariables", "SetVariables"):
            items = s.items_per_message if instance == "GetReport" else s.items_per_message_variables
            dm.add("DeviceDataCtrlr", "ItemsPerMessage", str(items), instance=instance, data_type="integer", **ro)
            dm.add("DeviceDataCtrlr", "BytesPerMessage", "65000", instance=instance, data_type="integer", **ro)
        dm.add("TxCtrlr", "TxStartPoint", s.tx_start_point, data_type="MemberList", values_list=TX_POINTS)
        dm.add("TxCtrlr", "TxStopPoint", s.tx_stop_point, data_type="MemberList", values_list=TX_POINTS)
        dm.add("TxCtrlr", "EVConnectionTimeOut", "60", data_type="integer", unit="s")
        dm.add("TxCtrlr", "StopTxOnInvalidId", "true", data_type="boolean")
        dm.add("TxCtrlr", "MaxEnergyOnInvalidId", "0", data_type="integer", unit="Wh")
        dm.add("TxCtrlr", "StopTxOnEVSideDisconnect", "true", data_type="boolean")
        dm.add("SampledDataCtrlr", "Enabled", "true", data_type="boolean")
        dm.add("SampledDataCtrlr", "TxUpdatedInterval", self._protocol_value(s.sampled_interval),
               data_type="integer", unit="s")
        dm.add("SampledDataCtrlr", "TxStartedMeasurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("SampledDataCtrlr", "TxUpdatedMeasurands", ALL_MEASURANDS, data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("SampledDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("SampledDataCtrlr", "TxEndedInterval", "0", data_type="integer", unit="s")
        dm.add("SampledDataCtrlr", "SignReadings", "false", data_type="boolean")
        dm.add("AlignedDataCtrlr", "Enabled", "false", data_type="boolean")
        dm.add("AlignedDataCtrlr", "Interval", "0", data_type="integer", unit="s")
        dm.add("AlignedDataCtrlr", "Measurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("AlignedDataCtrlr", "TxEndedInterval", "0", data_type="integer", unit="s")
        dm.add("AlignedDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("AuthCtrlr", "Enabled", "true", data_type="boolean")
        dm.add("AuthCtrlr", "AuthorizeRemoteStart", str(s.authorize_remote_start).lower(), data_type="boolean")
        dm.add("AuthCtrlr", "LocalAuthorizeOffline", "true", data_type="boolean")
        dm.add("AuthCtrlr", "LocalPreAuthorize", "false", data_type="boolean")
        dm.add("AuthCtrlr", "DisableRemoteAuthorization", "false", data_type="boolean")
        dm.add("AuthCtrlr", "MasterPassGroupId", "")
        dm.add("AuthCtrlr", "OfflineTxForUnknownIdEnabled", str(s.offline_tx_for_unknown_id).lower(),
               data_type="boolean")
        dm.add("AuthCacheCtrlr", "Enabled", "true", data_type="boolean")
        dm.add("AuthCacheCtrlr", "Available", "true", data_type="boolean", **ro)
        dm.add("AuthCacheCtrlr", "LifeTime", "86400", data_type="integer", unit="s")
        dm.add("AuthCacheCtrlr", "DisablePostAuthorize", "false", data_type="boolean")
        dm.add("LocalAuthListCtrlr", "Enabled", "true", data_type="boolean")
        dm.add("LocalAuthListCtrlr", "Available", "true", data_type="boolean", **ro)
        dm.add("LocalAuthListCtrlr", "Entries", "0", data_type="integer", **ro)
        dm.add("ClockCtrlr", "DateTime", getter=now_iso, data_type="dateTime", **ro)
        dm.add("ClockCtrlr", "TimeSource", "Heartbeat", data_type="SequenceList",
               values_list="Heartbeat,NTP,GPS,RealTimeClock,MobileNetwork,RadioTimeTransmitter")
        dm.add("ClockCtrlr", "NextTimeOffsetTransitionDateTime", "", data_type="dateTime")
        dm.add("SmartChargingCtrlr", "LimitChangeSignificance", "0.1", data_type="decimal")
        return dm

    def _protocol_value(self, seconds):
        return str(int(seconds)) if float(seconds).is_integer() else str(seconds)

    def _protocol_seconds(self, component, variable, instance=None):
        """A device-model interval in wall-clock seconds."""
        try:
            return float(self.device_model.value(component, variable, instance)) * self.settings.time_scale
        except ValueError:
            return 0.0

    def _points(self, variable):
        return {p.strip() for p in self.device_model.value("TxCtrlr", variable).split(",") if p.strip()}

    def _flag(self, component, variable):
        return self.device_model.value(component, variable) == "true"

    def _heartbeat_interval_changed(self, value, after):
        if not self.faults.ignore_heartbeat_interval:
            self._heartbeat_period = float(value) * self.settings.time_scale
            self._heartbeat_reset.set()

    def _backoff_changed(self, value, after):
        # Part 4 5.3: once the CSMS sets the RetryBackOff variables they decide the reconnection waits
        # (until then the provisioned settings.reconnect_backoff, compressed for the embedded station).
        self._backoff_from_device_model = not self.faults.ignore_retry_back_off_variables

    def _reconnect_wait(self, failures):
        """The wait before reconnection attempt failures+1 (wall-clock seconds)."""
        if getattr(self, "_backoff_from_device_model", False):
            repeat = int(self.device_model.value("OCPPCommCtrlr", "RetryBackOffRepeatTimes") or 0)
            doublings = 0 if self.faults.no_reconnect_backoff else min(failures, repeat)
            wait = self._protocol_seconds("OCPPCommCtrlr", "RetryBackOffWaitMinimum") * 2 ** doublings
            spread = self._protocol_seconds("OCPPCommCtrlr", "RetryBackOffRandomRange")
            return wait + (random.uniform(0, spread) if spread > 0 else 0)
        backoff = self.settings.reconnect_backoff or (1,)
        return backoff[0 if self.faults.no_reconnect_backoff else min(failures, len(backoff) - 1)]

    def _basic_auth_password_changed(self, value, after):
        # A01: the station reconnects with the new password once it has answered.
        self.password = value
        after(self.reconnect)

    # ================================================================== state and waits

    def _state_changed(self):
        self._changed.set()
        self._changed = asyncio.Event()

    @property
    def connected(self):
        return self.connection is not None and self.connection.is_open

    @property
    def accepted(self):
        return self.connected and self.registration == "Accepted"

    async def wait_until(self, condition, timeout):
        """Wait until condition() is true (re-checked at every state change); returns its last value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                return value
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def flush(self, timeout=None):
        """Wait until every queued message has been answered; False at the deadline."""
        timeout = self.settings.call_timeout if timeout is None else timeout
        return bool(await self.wait_until(lambda: not self._outbox, timeout))

    def connector_status(self, evse_id=1, connector_id=1):
        return self._status_of(evse_id, connector_id)

    def sent(self, action):
        """Payloads of the CALLs of one action the station sent and got an answer or a deadline for."""
        return [o.request for o in self.outcomes if o.action == action]

    def transaction(self, evse_id=1):
        """The ongoing transaction on an EVSE, or None."""
        tx = self.model.transactions.get(evse_id)
        return tx if tx is not None and not tx.ended else None

    def _spawn(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _conn_task(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        self._conn_tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task):
        self._tasks.discard(task)
        self._conn_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("reference station %s: background task failed", self.station_id, exc_info=task.exception())

    # ================================================================== power and connection

    async def power_on(self):
        """Switch the station on: connect, boot, report connectors, heartbeat."""
        if self._lifecycle is not None and not self._lifecycle.done():
            return
        self._powered = True
        self._hold_offline = False
        self._boot_required = True
        self.tls.started()
        self._lifecycle = asyncio.get_running_loop().create_task(self._run())

    async def power_off(self):
        """Switch the station off: the connection drops; ongoing transactions end with PowerLoss,
        queued to be delivered after the next boot."""
        self._powered = False
        self._wake.set()
        if self.connection is not None:
            await self.connection.close()
        if self._lifecycle is not None:
            try:
                await asyncio.wait_for(self._lifecycle, self.settings.connect_timeout + 2)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._lifecycle.cancel()
            self._lifecycle = None
        for evse_id in list(self.model.transactions):
            tx = self.transaction(evse_id)
            if tx is not None:
                self._end_transaction(tx, "AbnormalCondition", "PowerLoss", report_status=False)
        if self.faults.volatile_cache:
            self.auth_cache.clear()
        tasks = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self.registration = None
        self._registration_known.clear()
        self._boot_required = True
        self._boot_reason = "PowerUp"
        self._state_changed()

    async def close(self):
        await self.power_off()

    async def reconnect(self):
        """Drop the connection and connect again at once (no boot when the station was Accepted)."""
        if not self._powered:
            await self.power_on()
            return
        self._hold_offline = False
        self._reconnect_now = True
        if self.connection is not None:
            await self.connection.close()
        self._wake.set()

    async def go_offline(self):
        """Lose the connection and stay offline until go_online()."""
        self._hold_offline = True
        if self.connection is not None:
            await self.connection.close()
        await self.wait_until(lambda: not self.connected, self.settings.connect_timeout)

    async def go_online(self):
        self._hold_offline = False
        self._reconnect_now = True
        self._wake.set()

    async def set_csms_url(self, url, password=None):
        """Point the station at another CSMS; it reconnects there and boots."""
        self.csms_url = url.rstrip("/")
        if password is not None:
            self.password = password
        self._boot_required = True
        await self.reconnect()

    async def _run(self):
        failures = 0
        immediate = True
        while self._powered:
            if self._hold_offline:
                self._wake.clear()
                await self._wake.wait()
                immediate = True
                continue
            if not immediate and not self._reconnect_now:
                delay = self._reconnect_wait(failures)
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), delay)
                except asyncio.TimeoutError:
                    pass
                if not self._powered or self._hold_offline:
                    continue
            self._reconnect_now = False
            websocket = await self._open()
            if websocket is None:
                failures += 1
                immediate = False
                continue
            failures = 0
            if not self._powered or self._hold_offline:
                # Switched off or cut off while the handshake was under way: nobody else closes this one.
                await websocket.close()
                immediate = True
                continue
            await self._serve(websocket)
            immediate = self._reconnect_now

    async def _open(self):
        url = f"{self.csms_url}/{self.station_id}"
        headers = {}
        if self.password is not None:
            token = base64.b64encode(f"{self.station_id}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        subprotocol = Subprotocol.for_version(self.version)
        self._record(self.station_id, EVENT, f"reference station connecting to {url} offering {subprotocol}")
        try:
            websocket = await connect(url, subprotocols=[subprotocol], additional_headers=headers,
                                      open_timeout=self.settings.connect_timeout, ping_interval=None,
                                      max_size=2 ** 22, **self.tls.connect_options(url))
        except InvalidStatus as exc:
            self._record(self.station_id, EVENT, f"handshake refused with HTTP {exc.response.status_code}")
            return None
        except (WebSocketException, OSError, asyncio.TimeoutError) as exc:
            self._record(self.station_id, EVENT, f"cannot connect: {type(exc).__name__}: {exc}")
            self.tls.connection_failed(exc)
            return None
        if websocket.subprotocol != subprotocol:
            self._record(self.station_id, EVENT, f"the CSMS chose subprotocol {websocket.subprotocol!r}; closing")
            await websocket.close()
            return None
        self._record(self.station_id, EVENT, f"connected with subprotocol {subprotocol}")
        return websocket

    async def _serve(self, websocket):
        connection = OcppConnection(websocket, self.version, self.station_id, handler=self._on_csms_call,
                                    recorder=self._record)
        self.connection = connection
        self._state_changed()
        reader = asyncio.get_running_loop().create_task(connection.run())
        self._conn_task(self._session(connection))
        try:
            await asyncio.shield(reader)
        finally:
            if not reader.done():
                await connection.close()
                reader.cancel()
            self.connection = None
            self._offline_since = time.monotonic()
            tasks = list(self._conn_tasks)
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            self._drop_unsendable()
            self._state_changed()

    # ------------------------------------------------------------------ version hooks (ReferenceStation16 overrides)

    def _make_tls(self):
        """The station's TLS and security-event helper (the 1.6 station has its own)."""
        return StationTls(self)

    def _queues_offline(self, action, payload):
        """Whether a message is transaction-related: kept in the queue while offline, retried."""
        return action == "TransactionEvent"

    def _mark_offline(self, action, payload):
        """A transaction-related message queued while offline (2.0.1: offline=true)."""
        if not self.faults.no_offline_flag and not (self.faults.no_offline_flag_on_ended
                                                    and payload.get("eventType") == "Ended"):
            payload["offline"] = True

    def _transaction_retry_policy(self):
        """E13.FR.02/03: how often a TransactionEvent the CSMS failed to process is sent in all
        (OCPPCommCtrlr.MessageAttempts[TransactionEvent]) and the wait before a retry, to be multiplied
        by the number of transmissions so far (MessageAttemptInterval[TransactionEvent], wall seconds)."""
        attempts, interval = self.settings.transaction_message_attempts, self.settings.transaction_message_retry_interval
        if isinstance(self.device_model, DeviceModel):
            try:
                attempts = int(self.device_model.value("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent"))
                interval = self._protocol_seconds("OCPPCommCtrlr", "MessageAttemptInterval", "TransactionEvent")
            except (KeyError, ValueError, AttributeError):
                pass
        if self.faults.ignore_message_attempts:
            attempts = 1
        if self.faults.retry_without_waiting:
            interval = 0.0
        return attempts, interval

    def _outgoing(self, item):
        """The payload of a queued message at the moment it goes out."""
        return item.payload

    def _on_queued_answer(self, item, outcome):
        """The CSMS answered a queued message."""
        if item.action == "TransactionEvent" and outcome.ok and "idToken" in item.payload \
                and not self.faults.no_cache_update_on_transaction_answer:
            self._remember(item.payload["idToken"], (outcome.response or {}).get("idTokenInfo"))
        if item.action == "TransactionEvent" and item.tx is not None:
            self._on_transaction_event_answer(item.tx, outcome)

    def _report_connectors(self, booted):
        """After the boot (booted): the status of every connector. After a reconnection: of every
        connector when the station was offline longer than OCPPCommCtrlr.OfflineThreshold (B04.FR.01),
        else of those whose status changed while offline (B04.FR.02)."""
        offline = time.monotonic() - self._offline_since if self._offline_since is not None else 0.0
        every = booted or (offline > self._protocol_seconds("OCPPCommCtrlr", "OfflineThreshold")
                           and not self.faults.report_changed_only_after_threshold)
        for evse_id, connector_id in sorted(self.model.connectors):
            changed = self._delivered_status.get((evse_id, connector_id)) != self._status_of(evse_id, connector_id)
            if every or (changed and not self.faults.lose_offline_status_change):
                self._post_status(evse_id, connector_id)

    def _store_heartbeat_interval(self, interval):
        """The interval of an Accepted BootNotificationResponse (protocol seconds)."""
        self.device_model.get("OCPPCommCtrlr", "HeartbeatInterval").value = str(interval)
        self._heartbeat_period = interval * self.settings.time_scale

    def _answer_while_rejected(self, action):
        raise CallError(self.codes.security_error,
                        "the CSMS rejected this charging station's BootNotification")     # B03.FR.08

    def _drop_unsendable(self):
        """On a connection loss only TransactionEvents stay queued; other messages are lost."""
        kept = collections.deque()
        for item in self._outbox:
            if self._queues_offline(item.action, item.payload):
                kept.append(item)
            elif item.future is not None and not item.future.done():
                item.future.set_result(_not_sent(item.action, item.payload, "the connection was lost"))
        self._outbox = kept

    async def _session(self, connection):
        boot_reason = self._boot_reason
        booted = self._boot_required or self.registration != "Accepted" or self.settings.boot_on_reconnect
        if booted:
            if not await self._boot_loop(connection):
                return
        self._boot_required = False
        if not self.faults.skip_boot_status:
            self._report_connectors(booted)
        self._conn_task(self._heartbeat_loop(connection))
        self._conn_task(self._drain(connection))
        self.tls.after_connected(booted, boot_reason)
        self._state_changed()

    def _boot_payload(self, reason):
        s = self.settings
        return {"reason": reason, "chargingStation": {"model": s.model, "vendorName": s.vendor_name,
                                                      "serialNumber": s.serial_number,
                                                      "firmwareVersion": s.firmware_version}}

    async def _boot_loop(self, connection):
        """BootNotification until Accepted; nothing else is sent while Pending or Rejected (B02, B03)."""
        self.registration = None
        self._registration_known.clear()
        while connection.is_open:
            self.boot_count += 1
            outcome = await self._call_now("BootNotification", self._boot_payload(self._boot_reason))
            if outcome.closed:
                return False
            wait = self.settings.min_retry_interval
            if outcome.ok:
                status, interval = outcome.response.get("status"), outcome.response.get("interval", 0)
                self.registration = status
                self._registration_known.set()
                self._state_changed()
                if status == "Accepted":
                    if interval > 0:
                        self._store_heartbeat_interval(interval)
                    self._boot_reason = "PowerUp"
                    return True
                if interval > 0:
                    wait = interval * self.settings.time_scale
                if status == "Rejected" and self.faults.no_retry_after_rejected:
                    await connection.wait_closed()
                    return False
                if status == "Pending" and self.faults.status_while_pending:
                    for evse_id, connector_id in sorted(self.model.connectors):
                        await self._call_now("StatusNotification", self._status_payload(evse_id, connector_id))
            self._boot_now.clear()
            try:
                await asyncio.wait_for(self._boot_now.wait(), wait)
            except asyncio.TimeoutError:
                pass
        return False

    async def _heartbeat_loop(self, connection):
        while connection.is_open:
            self._heartbeat_reset.clear()
            period = self._heartbeat_period
            if period <= 0:
                await self._heartbeat_reset.wait()
                continue
            try:
                await asyncio.wait_for(self._heartbeat_reset.wait(), period)
                continue            # the interval changed: start counting again
            except asyncio.TimeoutError:
                pass
            await self._send("Heartbeat", {})

    # ================================================================== sending

    def _record(self, peer, direction, text, frame=None, violations=()):
        if frame is not None:
            if direction == RECEIVED and frame.type == CALL:
                self._incoming[id(frame.payload)] = frame.unique_id
            elif direction == SENT and frame.type in (CALLRESULT, CALLERROR):
                for key in [k for k, v in self._incoming.items() if v == frame.unique_id]:
                    del self._incoming[key]
                followups = self._followups.pop(frame.unique_id, ())
                if frame.type == CALLRESULT:
                    for followup in followups:
                        self._spawn(self._run_followup(followup))
        if direction == SENT and violations:
            what = frame.action if frame is not None and frame.action else "answer"
            self.violations.extend(f"{what}: {v}" for v in violations)
        self._recorder(peer, direction, text, frame, violations)

    @staticmethod
    async def _run_followup(followup):
        result = followup()
        if asyncio.iscoroutine(result):
            await result

    async def _call_now(self, action, payload):
        connection = self.connection
        if connection is None or not connection.is_open:
            return _not_sent(action, payload, "not connected")
        outcome = await connection.call(action, payload, self._message_timeout())
        self.outcomes.append(outcome)
        return outcome

    def _message_timeout(self):
        """How long the station waits for the CSMS's answer to a CALL: OCPPCommCtrlr.MessageTimeout[Default], in
        protocol seconds like its other intervals (E13: a TransactionEvent not answered within it is retried)."""
        try:
            return self._protocol_seconds("OCPPCommCtrlr", "MessageTimeout", "Default") or self.settings.call_timeout
        except (KeyError, TypeError):        # no device model with it (the OCPP 1.6 Charge Point's configuration)
            return self.settings.call_timeout

    def _post(self, action, payload, tx=None):
        """Queue a CALL behind the ones before it; returns a future of its CallOutcome, or None when
        the message is dropped (not connected / not Accepted; TransactionEvents are kept offline)."""
        if self._queues_offline(action, payload):
            if not self.connected:
                if self.faults.drop_offline_transaction_events:
                    return None
                self._mark_offline(action, payload)
        elif not self.accepted:
            return None
        future = asyncio.get_running_loop().create_future()
        self._outbox.append(_Outgoing(action, payload, future, tx))
        self._outbox_kick.set()
        self._state_changed()
        return future

    async def _send(self, action, payload, triggered=False):
        """Send a station-initiated CALL and return its CallOutcome.

        Only BootNotification, and while Pending what the CSMS triggered, goes out before Accepted.
        """
        if action == "BootNotification" or (triggered and self.registration == "Pending"):
            return await self._call_now(action, payload)
        future = self._post(action, payload)
        if future is None:
            why = "not connected" if not self.connected else f"registration status is {self.registration}"
            return _not_sent(action, payload, why)
        return await future

    async def _drain(self, connection):
        """Deliver the queue in order, while connected and Accepted."""
        while connection.is_open:
            while self._outbox and connection.is_open and self.registration == "Accepted":
                item = self._outbox[0]
                self._in_flight = item
                try:
                    outcome = await connection.call(item.action, self._outgoing(item), self._message_timeout())
                finally:
                    self._in_flight = None
                self.outcomes.append(outcome)
                if outcome.closed:
                    return
                retried = not outcome.ok and not (outcome.timed_out and self.faults.no_retry_after_timeout)
                if self.faults.resend_answered_retry and outcome.ok and item.attempts == 1 and not item.resent:
                    retried = item.resent = True
                if retried and self._queues_offline(item.action, item.payload):
                    item.attempts += 1
                    attempts, interval = self._transaction_retry_policy()
                    if item.attempts < attempts:
                        await asyncio.sleep(interval * item.attempts)
                        continue
                if self._outbox and self._outbox[0] is item:
                    self._outbox.popleft()
                if item.future is not None and not item.future.done():
                    item.future.set_result(outcome)
                self._on_queued_answer(item, outcome)
                self._state_changed()
            self._outbox_kick.clear()
            await self._outbox_kick.wait()

    async def send_message(self, action, payload, timeout=None):
        """Send any CALL now, whatever the registration status (on demand); returns its CallOutcome."""
        connection = self.connection
        if connection is None or not connection.is_open:
            raise StationError(f"the reference station {self.station_id} is not connected")
        outcome = await connection.call(action, payload, timeout or self.settings.call_timeout)
        self.outcomes.append(outcome)
        return outcome

    # ================================================================== connectors and availability

    def _scopes(self, evse_id, connector_id):
        return (("station",), ("evse", evse_id), ("connector", evse_id, connector_id))

    def _operative(self, evse_id, connector_id=None):
        if connector_id is None:
            return ("station",) not in self._inoperative and ("evse", evse_id) not in self._inoperative
        return not any(scope in self._inoperative for scope in self._scopes(evse_id, connector_id))

    def _status_of(self, evse_id, connector_id):
        tx = self.transaction(evse_id)
        plugged = (evse_id, connector_id) in self._plugged
        if not self._operative(evse_id, connector_id) and not (tx is not None and plugged):
            return "Unavailable"
        return "Occupied" if plugged else "Available"

    def _station_availability(self):
        statuses = {self._status_of(e, c) for e, c in self.model.connectors}
        return "Unavailable" if statuses == {"Unavailable"} else "Available"

    def _evse_availability(self, evse_id):
        statuses = {self._status_of(e, c) for e, c in self.model.connectors if e == evse_id}
        for status in ("Occupied", "Unavailable"):
            if status in statuses:
                return status
        return "Available"

    def _status_payload(self, evse_id, connector_id, status=None):
        status = status or self._status_of(evse_id, connector_id)
        self.model.connector(evse_id, connector_id).status = status
        return {"timestamp": now_iso(), "connectorStatus": status, "evseId": evse_id, "connectorId": connector_id}

    def _post_status(self, evse_id, connector_id, status=None):
        payload = self._status_payload(evse_id, connector_id, status)
        future = self._post("StatusNotification", payload)
        if future is not None:
            def delivered(done, key=(evse_id, connector_id), status=payload["connectorStatus"]):
                if not done.cancelled() and done.result().ok:
                    self._delivered_status[key] = status
            future.add_done_callback(delivered)
        return future

    def _connectors_of(self, evse_id):
        return sorted(c for e, c in self.model.connectors if e == evse_id)

    def _check_connector(self, evse_id, connector_id):
        if (evse_id, connector_id) not in self.model.connectors:
            raise StationError(f"the reference station has no EVSE {evse_id} connector {connector_id}; "
                               f"it has {sorted(self.model.connectors)}")

    def _apply_availability(self, scope, operational_status):
        if operational_status == "Inoperative":
            self._inoperative.add(scope)
        else:
            self._inoperative.discard(scope)
        for evse_id, connector_id in sorted(self.model.connectors):
            if scope == ("station",) or scope[1] == evse_id and (len(scope) == 2 or scope[2] == connector_id):
                self._post_status(evse_id, connector_id)
        self._state_changed()

    # ================================================================== metering

    def _power(self, evse_id):
        tx = self.transaction(evse_id)
        return self.settings.charging_power if tx is not None and tx.charging_state == "Charging" else 0.0

    def _advance_meter(self, evse_id):
        now = time.monotonic()
        elapsed = (now - self._meter_mark[evse_id]) / (self.settings.time_scale or 1.0)
        self._meter_mark[evse_id] = now
        self._energy[evse_id] += self._power(evse_id) * elapsed / 3600.0

    def _meter_value(self, evse_id, context, measurands):
        self._advance_meter(evse_id)
        power = self._power(evse_id)
        readings = {"Energy.Active.Import.Register": round(self._energy[evse_id], 3),
                    "Power.Active.Import": power,
                    "Current.Import": round(power / self.settings.voltage, 2),
                    "Voltage": self.settings.voltage}
        sampled = [{"value": readings[m], "context": context, "measurand": m,
                    "unitOfMeasure": {"unit": MEASURAND_UNITS[m]}} for m in measurands if m in readings]
        if self._flag("SampledDataCtrlr", "SignReadings") and not (
                self.faults.unsigned_begin_reading and context == "Transaction.Begin"):
            for value in sampled:
                if value["measurand"] == "Energy.Active.Import.Register":
                    value["signedMeterValue"] = self._signed_reading(value["value"], context)
        return {"timestamp": now_iso(), "sampledValue": sampled} if sampled else None

    def _signed_reading(self, wh, context):
        """SignedMeterValueType of an energy reading (SampledDataCtrlr.SignReadings): an OCMF document signed
        with the meter's ECDSA P-256 key, its public key (DER, Base64) beside it."""
        import json
        if getattr(self, "_meter_key", None) is None:
            self._meter_key = ec.generate_private_key(ec.SECP256R1())
        moment = datetime.now(timezone.utc)
        document = json.dumps({"FV": "1.0", "GI": "ocpp-conformance-suite reference station", "GS": self.station_id,
                               "PG": "T1", "RD": [{"TM": moment.strftime("%Y-%m-%dT%H:%M:%S,")
                                                  + f"{moment.microsecond // 1000:03d}+0000 S",
                                                  "TX": {"Transaction.Begin": "B", "Transaction.End": "E"}.get(context, "T"),
                                                  "RV": round(wh / 1000.0, 4), "RI": "1-b:1.8.0", "RU": "kWh",
                                                  "ST": "G"}]}, separators=(",", ":"))
        signature = self._meter_key.sign(document.encode(), ec.ECDSA(hashes.SHA256()))
        data = f"OCMF|{document}|" + json.dumps({"SA": "ECDSA-secp256r1-SHA256", "SD": signature.hex()},
                                                separators=(",", ":"))
        public_key = self._meter_key.public_key().public_bytes(serialization.Encoding.DER,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        return {"signedMeterData": base64.b64encode(data.encode()).decode(), "signingMethod": "ECDSA-secp256r1-SHA256",
                "encodingMethod": "OCMF", "publicKey": base64.b64encode(public_key).decode()}

    def _measurands(self, context):
        variable = {"Transaction.Begin": "TxStartedMeasurands", "Transaction.End": "TxEndedMeasurands"}.get(
            context, "TxUpdatedMeasurands")
        return [m.strip() for m in self.device_model.value("SampledDataCtrlr", variable).split(",") if m.strip()]

    async def _meter_loop(self, tx):
        while not tx.ended:
            interval = self._protocol_seconds("SampledDataCtrlr", "TxUpdatedInterval")
            if interval <= 0 or self.faults.missing_meter_values or \
                    not self._flag("SampledDataCtrlr", "Enabled"):
                await self._changed.wait()
                continue
            await asyncio.sleep(interval)
            if self.faults.no_meter_values_while_offline and not self.connected:
                continue
            if not tx.ended:
                self._post_tx_event(tx, "Updated", "MeterValuePeriodic", meter_context="Sample.Periodic")

    # ================================================================== transactions

    def _next_seq_no(self, tx):
        if self.faults.reuse_seq_no and tx.seq_no == 0 and not tx.seq_reused:
            tx.seq_reused = True
            return 0
        return tx.next_seq_no()

    def _ev_linked(self, evse_id, connector_id):
        """A cable in at the station and at the EV."""
        key = (evse_id, connector_id)
        return key in self._plugged and key not in self._ev_side_off

    def _charging_state(self, tx):
        if not self._ev_linked(tx.evse_id, tx.connector_id):
            return "Idle"
        if tx.suspended and tx.authorized:
            return "SuspendedEVSE"
        if tx.authorized and (tx.evse_id, tx.connector_id) in self._ev_not_ready \
                and not self.faults.ignore_ev_not_ready:
            return "SuspendedEV"
        return "Charging" if tx.authorized else "EVConnected"

    def _energy_transfer(self, tx):
        """E01/E02/E06: the energy transfer follows the cable and the authorization, and its start or stop
        is a TransactionEvent of its own (triggerReason ChargingStateChanged), after the event of what
        caused it (Authorized, CablePluggedIn, StopAuthorized, RemoteStart)."""
        state = self._charging_state(tx)
        if tx.ended or state == tx.charging_state:
            return
        tx.charging_state = state
        self._post_tx_event(tx, "Updated", "ChargingStateChanged")

    def _before_energy_transfer(self, tx):
        """The chargingState of an event whose cause starts or stops the energy transfer: the state
        before that transfer changes."""
        if not self._ev_linked(tx.evse_id, tx.connector_id):
            return "Idle"
        return "Charging" if tx.charging_state == "Charging" else "EVConnected"

    def _post_tx_event(self, tx, event_type, trigger_reason, id_token=None, stopped_reason=None,
                       meter_context=None, remote_start_id=None, include_evse=False):
        info = {"transactionId": tx.transaction_id}
        if tx.charging_state:
            info["chargingState"] = tx.charging_state
        if stopped_reason:
            info["stoppedReason"] = stopped_reason
        if remote_start_id is not None and not self.faults.no_remote_start_id:
            info["remoteStartId"] = remote_start_id
        payload = {"eventType": event_type, "timestamp": now_iso(), "triggerReason": trigger_reason,
                   "seqNo": self._next_seq_no(tx), "transactionInfo": info}
        if (event_type == "Started" and not self.faults.no_evse_in_first_event) or include_evse:
            payload["evse"] = {"id": tx.evse_id, "connectorId": tx.connector_id}
        if id_token and not (self.faults.no_id_token_after_authorization and trigger_reason == "Authorized"):
            payload["idToken"] = id_token
        if meter_context and not self.faults.missing_meter_values:
            meter_value = self._meter_value(tx.evse_id, meter_context, self._measurands(meter_context))
            if meter_value:
                payload["meterValue"] = [meter_value]
        if self.faults.no_offline_started_event and event_type == "Started" and not self.connected:
            return payload
        self._post("TransactionEvent", payload, tx=tx)
        return payload

    def _start_transaction(self, evse_id, connector_id, trigger_reason, id_token=None, remote_start_id=None,
                           at_energy_transfer=False):
        self._advance_meter(evse_id)
        tx = ReferenceTransaction(str(uuid.uuid4()), evse_id, connector_id, id_token=id_token,
                                  remote_start_id=remote_start_id, authorized=id_token is not None)
        self.model.transactions[evse_id] = tx
        # E01.FR.06: a transaction that starts with the energy transfer starts Charging; else the energy
        # transfer that follows is its own ChargingStateChanged event
        tx.charging_state = self._charging_state(tx) if at_energy_transfer else self._before_energy_transfer(tx)
        self._post_tx_event(tx, "Started", trigger_reason, id_token=id_token, meter_context="Transaction.Begin",
                            remote_start_id=remote_start_id)
        self._energy_transfer(tx)
        if (evse_id, connector_id) not in self._plugged and id_token is not None:
            self._arm_ev_connection_timeout(evse_id)
        tx.meter_task = self._spawn(self._meter_loop(tx))
        self._state_changed()
        return tx

    def _maybe_start(self, evse_id, trigger_reason):
        """Start a transaction when one of the TxStartPoint conditions holds (E01)."""
        if self.transaction(evse_id) is not None or not self._operative(evse_id):
            return None
        points = self._points("TxStartPoint")
        if self.faults.ignore_tx_start_point:
            points = {"EVConnected", "Authorized"}
        plugged = [c for c in self._connectors_of(evse_id) if (evse_id, c) in self._plugged]
        id_token, remote_start_id = self._pending_auth.get(evse_id, (None, None))
        early = (points & {"EVConnected", "ParkingBayOccupancy"} and plugged) or ("Authorized" in points and id_token) \
            or ("PowerPathClosed" in points and plugged and id_token)
        at_energy_transfer = not early and "EnergyTransfer" in points and plugged and id_token
        # E01 (S4): the meter's signed data, read once the EV is connected and authorized, starts the transaction
        data_signed = not early and not at_energy_transfer and "DataSigned" in points and plugged and id_token
        if early or at_energy_transfer or data_signed:
            self._pending_auth.pop(evse_id, None)
            connector_id = plugged[0] if plugged else self._connectors_of(evse_id)[0]
            if at_energy_transfer and trigger_reason != "RemoteStart":
                trigger_reason = "ChargingStateChanged"     # E01.FR.06: the start is the energy transfer
            if data_signed and trigger_reason != "RemoteStart":
                trigger_reason = "SignedDataReceived"
            return self._start_transaction(evse_id, connector_id, trigger_reason, id_token, remote_start_id,
                                           at_energy_transfer=bool(at_energy_transfer))
        return None

    def _arm_ev_connection_timeout(self, evse_id):
        """E03.FR.05: an authorization without a cable lasts TxCtrlr.EVConnectionTimeOut (protocol seconds)."""
        old = self._connection_timers.pop(evse_id, None)
        if old is not None:
            old.cancel()
        if not self.faults.no_ev_connection_timeout:
            self._connection_timers[evse_id] = self._spawn(self._ev_connection_timeout(evse_id))

    def _disarm_ev_connection_timeout(self, evse_id):
        timer = self._connection_timers.pop(evse_id, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()

    async def _ev_connection_timeout(self, evse_id):
        await asyncio.sleep(self._protocol_seconds("TxCtrlr", "EVConnectionTimeOut"))
        self._connection_timers.pop(evse_id, None)
        if any((evse_id, c) in self._plugged for c in self._connectors_of(evse_id)):
            return
        self._pending_auth.pop(evse_id, None)
        tx = self.transaction(evse_id)
        if tx is None or not tx.authorized:
            return
        if self._points("TxStopPoint") & AUTH_POINTS:
            self._end_transaction(tx, "EVConnectTimeout", "Timeout")
        else:                       # E03.FR.05: the authorization ends; the transaction waits for its stop point
            tx.authorized = False
            self._post_tx_event(tx, "Updated", "EVConnectTimeout")
        self._state_changed()

    def _end_transaction(self, tx, trigger_reason, stopped_reason, id_token=None, report_status=True):
        if tx.ended:
            return
        self._advance_meter(tx.evse_id)
        tx.charging_state = "EVConnected" if self._ev_linked(tx.evse_id, tx.connector_id) else "Idle"
        self._post_tx_event(tx, "Ended", trigger_reason, id_token=id_token, stopped_reason=stopped_reason,
                            meter_context="Transaction.End")
        tx.ended = True
        if tx.meter_task is not None and tx.meter_task is not asyncio.current_task():
            tx.meter_task.cancel()
        self._pending_auth.pop(tx.evse_id, None)
        self._disarm_ev_connection_timeout(tx.evse_id)
        self._after_transaction(tx.evse_id, report_status)
        self._state_changed()

    def _after_transaction(self, evse_id, report_status):
        """What waited for the transaction to end: scheduled availability and resets, the connector status."""
        reported = set()
        for scope, status in list(self._scheduled_availability):
            if scope == ("station",) and any(self.transaction(e) for e in self.settings.evses):
                continue
            if scope != ("station",) and self.transaction(scope[1]) is not None:
                continue
            self._scheduled_availability.remove((scope, status))
            self._apply_availability(scope, status)
            reported.update(c for c in self.model.connectors
                            if scope == ("station",) or c[0] == scope[1])
        if report_status:
            for connector_id in self._connectors_of(evse_id):
                key = (evse_id, connector_id)
                if key not in reported and key not in self._plugged:
                    self._post_status(evse_id, connector_id)
        if evse_id in self._scheduled_resets:
            self._scheduled_resets.discard(evse_id)
            self._spawn(self._reset_evse(evse_id))
        if 0 in self._scheduled_resets and (self.faults.reset_when_first_idle
                                            or not any(self.transaction(e) for e in self.settings.evses)):
            self._scheduled_resets.discard(0)
            # B12.FR.03: the boot after a reset that waited for the transactions
            reason = "RemoteReset" if self.faults.wrong_scheduled_reset_boot_reason else "ScheduledReset"
            self._spawn(self._reboot(reason))

    def _on_transaction_event_answer(self, tx, outcome):
        info = (outcome.response or {}).get("idTokenInfo")
        if tx.ended or info is None or info.get("status") == "Accepted":
            return
        # E05: the CSMS does not accept the idToken of a running transaction.
        stop = self._flag("TxCtrlr", "StopTxOnInvalidId")
        if stop and self.faults.max_energy_before_stop and self.device_model.value(
                "TxCtrlr", "MaxEnergyOnInvalidId") not in ("", "0"):
            self._limit_energy_on_invalid_id(tx)
        elif stop and not self.faults.keep_transaction_on_invalid_id:
            self._end_transaction(tx, "Deauthorized", "DeAuthorized")
        elif not stop:
            self._limit_energy_on_invalid_id(tx)

    def _limit_energy_on_invalid_id(self, tx):
        """StopTxOnInvalidId false (C15, E05): the transaction goes on, but delivers at most
        TxCtrlr.MaxEnergyOnInvalidId Wh more; then (at once when it is 0) the station suspends the
        energy transfer: a ChargingStateChanged event with chargingState SuspendedEVSE."""
        try:
            limit = float(self.device_model.value("TxCtrlr", "MaxEnergyOnInvalidId") or 0)
        except ValueError:
            limit = 0.0
        if self.faults.ignore_max_energy_on_invalid_id:
            limit = 0.0
        if limit <= 0 and self.faults.charge_on_invalid_id:
            return
        if limit <= 0:
            self._suspend(tx)
        elif tx.energy_limit_task is None:
            self._advance_meter(tx.evse_id)
            tx.energy_limit_task = self._spawn(self._suspend_after_energy(tx, self._energy[tx.evse_id] + limit))

    async def _suspend_after_energy(self, tx, until_wh):
        while not tx.ended and not tx.suspended:
            self._advance_meter(tx.evse_id)
            left = until_wh - self._energy[tx.evse_id]
            if left <= 0:
                self._suspend(tx)
                return
            power = self._power(tx.evse_id)
            if power <= 0:
                await self._changed.wait()
                continue
            await asyncio.sleep(left / power * 3600.0 * (self.settings.time_scale or 1.0))

    def _suspend(self, tx):
        if tx.ended or tx.suspended:
            return
        self._advance_meter(tx.evse_id)
        tx.suspended = True
        self._energy_transfer(tx)
        self._state_changed()

    async def _authorize(self, id_token):
        if self._flag("AuthCtrlr", "DisableRemoteAuthorization") and not self.faults.ignore_disable_remote_authorization:
            return self._cached(id_token)       # C01 (OCTT TC_E_52_CS): only what the station holds, no Authorize
        outcome = await self._send("Authorize", {"idToken": id_token})
        info = outcome.response.get("idTokenInfo") if outcome.ok else None
        self._remember(id_token, info)
        return info

    # ------------------------------------------------------------------ authorization cache (C10, C11, C12)

    @staticmethod
    def _cache_key(id_token):
        return id_token.get("idToken"), id_token.get("type")

    def _remember(self, id_token, info):
        """C10.FR.04/05: the idTokenInfo of an Authorize or TransactionEvent answer goes into the cache."""
        if info and id_token and self._flag("AuthCacheCtrlr", "Enabled"):
            self.auth_cache[self._cache_key(id_token)] = {"info": dict(info), "used": time.monotonic()}

    def _cached(self, id_token):
        """The cached idTokenInfo of an idToken, else None: not past its cacheExpiryDateTime, nor
        AuthCacheCtrlr.LifeTime (protocol seconds) after it was last used (C10.FR.08, C10.FR.10)."""
        if self.faults.no_authorization_cache or not self._flag("AuthCacheCtrlr", "Enabled"):
            return None
        key = self._cache_key(id_token)
        entry = self.auth_cache.get(key)
        if entry is None:
            return None
        now, expiry = time.monotonic(), entry["info"].get("cacheExpiryDateTime")
        lifetime = self._protocol_seconds("AuthCacheCtrlr", "LifeTime")
        try:
            expired = bool(expiry) and datetime.fromisoformat(expiry.replace("Z", "+00:00")) <= datetime.now(timezone.utc)
        except ValueError:
            expired = False
        if self.faults.ignore_cache_lifetime:
            lifetime = 0.0
        if expired or (lifetime > 0 and now - entry["used"] > lifetime):
            del self.auth_cache[key]
            return None
        entry["used"] = now
        return entry["info"]

    def _local_authorization(self, id_token):
        """Online, the cache decides without an Authorize: a cached Accepted idToken when
        LocalPreAuthorize is true (C12.FR.02, C10.FR.11), a cached idToken of another status when
        AuthCacheCtrlr.DisablePostAuthorize is true (else the CSMS is asked, C10.FR.03, C12.FR.05)."""
        cached = self._cached(id_token)
        if cached is None:
            return None
        if cached.get("status") == "Accepted":
            local = self._flag("AuthCtrlr", "LocalPreAuthorize") or self.faults.pre_authorize_always
        else:
            local = (self._flag("AuthCacheCtrlr", "DisablePostAuthorize") and not self.faults.ignore_disable_post_authorize) \
                or self.faults.trust_cached_rejection
        return cached if local else None

    async def plug_in(self, evse_id=1, connector_id=1):
        """The driver plugs the cable in: StatusNotification Occupied, TransactionEvent per TxStartPoint."""
        self._check_connector(evse_id, connector_id)
        if (evse_id, connector_id) in self._plugged:
            return
        self._advance_meter(evse_id)
        self._plugged.add((evse_id, connector_id))
        self._disarm_ev_connection_timeout(evse_id)
        self._post_status(evse_id, connector_id)
        tx = self.transaction(evse_id)
        if tx is not None:
            tx.connector_id = connector_id
            tx.charging_state = self._before_energy_transfer(tx)
            self._post_tx_event(tx, "Updated", "CablePluggedIn", include_evse=True)
            self._energy_transfer(tx)
        else:
            self._maybe_start(evse_id, "CablePluggedIn")
        self._state_changed()

    async def unplug(self, evse_id=1, connector_id=1):
        """The driver unplugs: StatusNotification Available, the transaction ends per TxStopPoint."""
        self._check_connector(evse_id, connector_id)
        if (evse_id, connector_id) not in self._plugged:
            return
        self._advance_meter(evse_id)
        self._plugged.discard((evse_id, connector_id))
        was_off = (evse_id, connector_id) in self._ev_side_off
        self._ev_side_off.discard((evse_id, connector_id))
        self._ev_not_ready.discard((evse_id, connector_id))
        self._ev_side_locked.pop(evse_id, None)
        self._post_status(evse_id, connector_id)
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id:
            if self._points("TxStopPoint") & CABLE_POINTS and not self.faults.keep_transaction_on_unplug:
                self._end_transaction(tx, "EVCommunicationLost", "EVDisconnected", report_status=False)
            elif not was_off:       # the EV-side disconnection already reported the lost communication
                tx.charging_state = "Idle"
                self._post_tx_event(tx, "Updated", "EVCommunicationLost")
        self._state_changed()

    # ------------------------------------------------------------------ EV-side actions (E06, E09, E10)

    def _ev_side_key(self, evse_id, connector_id, what):
        self._check_connector(evse_id, connector_id)
        key = (evse_id, connector_id)
        if key not in self._plugged:
            raise StationError(f"no cable is plugged in at EVSE {evse_id} connector {connector_id} to {what}")
        return key

    async def ev_suspend(self, evse_id=1, connector_id=1):
        """The EV suspends the energy transfer: chargingState SuspendedEV (ChargingStateChanged); with a
        TxStopPoint EnergyTransfer the transaction ends there, stoppedReason StoppedByEV (E06.FR.07)."""
        key = self._ev_side_key(evse_id, connector_id, "suspend the energy transfer")
        self._ev_not_ready.add(key)
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id and not tx.ended:
            self._advance_meter(evse_id)
            if tx.charging_state == "Charging" and "EnergyTransfer" in self._points("TxStopPoint"):
                reason = "Local" if self.faults.wrong_ev_suspend_stopped_reason else "StoppedByEV"
                self._end_transaction(tx, "ChargingStateChanged", reason)
            else:
                self._energy_transfer(tx)
        self._state_changed()

    async def ev_resume(self, evse_id=1, connector_id=1):
        """The EV takes energy again: chargingState Charging (ChargingStateChanged)."""
        key = self._ev_side_key(evse_id, connector_id, "resume the energy transfer")
        self._ev_not_ready.discard(key)
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id:
            self._advance_meter(evse_id)
            self._energy_transfer(tx)
        self._state_changed()

    async def ev_not_ready(self, evse_id=1, connector_id=1):
        """The EV is (or will be, once plugged in) not ready for the energy transfer: SuspendedEV (E03)."""
        self._check_connector(evse_id, connector_id)
        self._ev_not_ready.add((evse_id, connector_id))
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id:
            self._energy_transfer(tx)
        self._state_changed()

    async def unplug_at_ev(self, evse_id=1, connector_id=1):
        """The cable comes out on the EV side; it stays in the station (a detachable cable). A TxStopPoint
        EVConnected, PowerPathClosed or EnergyTransfer ends the transaction (E06.FR.02/06/07); else
        StopTxOnEVSideDisconnect true deauthorizes it (E09.FR.01: Ended with a TxStopPoint Authorized),
        keeping the cable locked until its idToken is presented when UnlockOnEVSideDisconnect is false
        (E09.FR.03); false suspends it (E10.FR.01). Each time a TransactionEvent EVCommunicationLost, Idle."""
        key = self._ev_side_key(evse_id, connector_id, "disconnect on the EV side")
        if key in self._ev_side_off:
            return
        self._advance_meter(evse_id)
        self._ev_side_off.add(key)
        self._ev_not_ready.discard(key)         # a reconnected EV is a new link
        tx = self.transaction(evse_id)
        if tx is None or tx.connector_id != connector_id or tx.ended or self.faults.silent_ev_side_disconnect:
            self._state_changed()
            return
        points = self._points("TxStopPoint")
        if self.faults.keep_transaction_on_ev_side_disconnect:
            points = points - {"EVConnected"}
        if self.faults.ignore_power_path_on_ev_side_disconnect:
            points = points - {"PowerPathClosed"}
        stop = self._flag("TxCtrlr", "StopTxOnEVSideDisconnect") and not self.faults.ignore_stop_tx_on_ev_side_disconnect
        if self.faults.ev_side_disconnect_keeps_charging_state:
            self._post_tx_event(tx, "Updated", "EVCommunicationLost")
        elif points & {"EVConnected", "PowerPathClosed", "EnergyTransfer"}:
            reason = "Local" if self.faults.ev_side_disconnect_stopped_reason_local else "EVDisconnected"
            self._end_transaction(tx, "EVCommunicationLost", reason)
        elif stop and "Authorized" in points:
            token = tx.id_token
            self._end_transaction(tx, "EVCommunicationLost", "EVDisconnected")
            if token and not self._flag("OCPPCommCtrlr", "UnlockOnEVSideDisconnect"):
                self._ev_side_locked[evse_id] = token
        else:
            if stop:
                tx.authorized = False
                if not self._flag("OCPPCommCtrlr", "UnlockOnEVSideDisconnect") and tx.id_token:
                    self._ev_side_locked[evse_id] = tx.id_token
            tx.charging_state = "Idle"
            self._post_tx_event(tx, "Updated", "EVCommunicationLost")
        self._state_changed()

    async def plug_in_at_ev(self, evse_id=1, connector_id=1):
        """The cable goes back into the EV (E10.FR.03): a suspended transaction reports CablePluggedIn
        (EVConnected), then its energy transfer (ChargingStateChanged, Charging)."""
        key = self._ev_side_key(evse_id, connector_id, "reconnect on the EV side")
        if key not in self._ev_side_off:
            return
        self._advance_meter(evse_id)
        self._ev_side_off.discard(key)
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id and not tx.ended:
            tx.charging_state = self._before_energy_transfer(tx)
            self._post_tx_event(tx, "Updated", "CablePluggedIn", include_evse=True)
            if not self.faults.no_energy_after_ev_side_reconnect:
                self._energy_transfer(tx)
        elif tx is None:
            self._maybe_start(evse_id, "CablePluggedIn")
        self._state_changed()

    async def present_token(self, id_token, type="ISO14443", evse_id=1):
        """The driver presents an idToken at an EVSE. Returns the idTokenInfo that decided, or None
        when the CSMS answered with a CALLERROR or not at all (then nothing starts)."""
        if evse_id not in self.settings.evses:
            raise StationError(f"the reference station has no EVSE {evse_id}")
        token = {"idToken": id_token, "type": type}
        if self._ev_side_locked.get(evse_id) == token:
            self._ev_side_locked.pop(evse_id)     # E09.FR.03: the idToken unlocks the cable, nothing starts
            return {"status": "Accepted"}
        tx = self.transaction(evse_id)
        if tx is not None and tx.authorized:
            if tx.id_token and tx.id_token.get("idToken") == id_token and tx.id_token.get("type") == type:
                self._stop_authorized(tx, token)
                return {"status": "Accepted"}
            if self.connected or self.faults.no_offline_group_stop:
                info = self._local_authorization(token) or await self._authorize(token)
            else:       # E08/C09: offline, the cache (LocalAuthorizeOffline) knows the idToken's group
                info = self._offline_authorization(token)
            if self._is_master_pass(info):
                self._master_pass_stop(token)
                return info
            group = (info or {}).get("groupIdToken")
            accepted = bool(info) and (info.get("status") == "Accepted" or self.faults.stop_with_rejected_group_token)
            same_group = bool(group) and group == tx.group_id_token and not self.faults.no_group_stop
            if accepted and (same_group or self.faults.stop_with_any_token):     # C09.FR.03/07/11
                self._stop_authorized(tx, token)
            return info
        if self.accepted:
            info = self._local_authorization(token) or await self._authorize(token)
            if not info or (info.get("status") != "Accepted" and not self.faults.accept_invalid_token):
                return info
            if self._is_master_pass(info) and not self.faults.master_pass_starts_transaction:
                self._master_pass_stop(token)          # C16.FR.03: a Master Pass starts no transaction
                self._state_changed()
                return info
        elif not self.connected:
            info = self._offline_authorization(token)
            if info is None or info.get("status") != "Accepted":
                return info
        else:
            return None
        tx = self.transaction(evse_id)
        if tx is not None:
            tx.authorized, tx.id_token = True, token
            tx.group_id_token = info.get("groupIdToken")
            tx.charging_state = self._before_energy_transfer(tx)
            self._post_tx_event(tx, "Updated", "Authorized", id_token=token)
            self._energy_transfer(tx)
            if (evse_id, tx.connector_id) not in self._plugged:
                self._arm_ev_connection_timeout(evse_id)
        elif self._operative(evse_id):
            self._pending_auth[evse_id] = (token, None)
            tx = self._maybe_start(evse_id, "Authorized")
            if tx is not None:
                tx.group_id_token = info.get("groupIdToken")
            elif not any((evse_id, c) in self._plugged for c in self._connectors_of(evse_id)):
                self._arm_ev_connection_timeout(evse_id)
        self._state_changed()
        return info

    def _offline_authorization(self, token):
        """Offline (C12, C13, C15): a cached idToken decides when LocalAuthorizeOffline is true (an
        Accepted one authorizes, another status refuses); an idToken the station does not know is
        Accepted when OfflineTxForUnknownIdEnabled is true; else nothing is authorized (None)."""
        cached = self._cached(token) if self._flag("AuthCtrlr", "LocalAuthorizeOffline") else None
        if cached is not None:
            return cached
        if self._flag("AuthCtrlr", "OfflineTxForUnknownIdEnabled") and not self.faults.refuse_unknown_offline:
            return {"status": "Accepted"}
        return None

    def _is_master_pass(self, info):
        """C16: an Accepted idToken whose groupIdToken is AuthCtrlr.MasterPassGroupId."""
        group_id = self.device_model.value("AuthCtrlr", "MasterPassGroupId")
        group = (info or {}).get("groupIdToken") or {}
        return bool(group_id) and (info or {}).get("status") == "Accepted" and group.get("idToken") == group_id

    def _master_pass_stop(self, token):
        """C16.FR.02: a station without a user interface stops every transaction for a Master Pass
        (triggerReason StopAuthorized, stoppedReason MasterPass)."""
        if self.faults.master_pass_ignored:
            return
        for evse_id in sorted(self.settings.evses):
            tx = self.transaction(evse_id)
            if tx is not None:
                self._end_transaction(tx, "StopAuthorized", "MasterPass", id_token=token)

    def _stop_authorized(self, tx, token):
        """E06.FR.03/06/07: a TxStopPoint Authorized, PowerPathClosed or EnergyTransfer ends the transaction
        when the driver stops it; else the authorization ends and so does the energy transfer."""
        stop_points = {"Authorized"} if self.faults.stop_only_at_authorized else AUTH_POINTS
        if self._points("TxStopPoint") & stop_points:
            reason = "Remote" if self.faults.wrong_local_stopped_reason else "Local"
            self._end_transaction(tx, "StopAuthorized", reason, id_token=token)
        else:
            tx.authorized = False
            tx.charging_state = self._before_energy_transfer(tx)
            self._post_tx_event(tx, "Updated", "StopAuthorized", id_token=token)
            self._energy_transfer(tx)

    async def start_session(self, evse_id=1, id_token="04A1B2C3D4E501", type="ISO14443", connector_id=1):
        """Plug in and present a token: the usual local transaction."""
        await self.plug_in(evse_id, connector_id)
        return await self.present_token(id_token, type, evse_id)

    async def stop_session(self, evse_id=1):
        """End the session locally: present the transaction's token again, then unplug."""
        tx = self.transaction(evse_id)
        if tx is not None and tx.authorized and tx.id_token:
            await self.present_token(tx.id_token["idToken"], tx.id_token["type"], evse_id)
        for connector_id in self._connectors_of(evse_id):
            await self.unplug(evse_id, connector_id)

    async def _remote_start(self, evse_id, id_token, remote_start_id, group_id_token=None):
        try:
            if self._flag("AuthCtrlr", "AuthorizeRemoteStart"):
                info = await self._authorize(id_token)
                if not info or info.get("status") != "Accepted":
                    return
            tx = self.transaction(evse_id)
            if tx is not None:
                tx.authorized, tx.id_token, tx.remote_start_id = True, id_token, remote_start_id
                tx.group_id_token = group_id_token
                tx.charging_state = self._before_energy_transfer(tx)
                self._post_tx_event(tx, "Updated", "RemoteStart", id_token=id_token, remote_start_id=remote_start_id)
                self._energy_transfer(tx)
            else:
                self._pending_auth[evse_id] = (id_token, remote_start_id)
                tx = self._maybe_start(evse_id, "RemoteStart")
                if tx is not None:
                    tx.group_id_token = group_id_token
            self._state_changed()
        finally:
            self._remote_starting.discard(evse_id)

    # ================================================================== reset

    async def _reset_evse(self, evse_id):
        tx = self.transaction(evse_id)
        if tx is not None:
            trigger = "AbnormalCondition" if self.faults.evse_reset_wrong_trigger else "ResetCommand"
            self._end_transaction(tx, trigger, "ImmediateReset", report_status=False)
        for connector_id in self._connectors_of(evse_id):
            self._post_status(evse_id, connector_id, "Unavailable")
        for connector_id in self._connectors_of(evse_id):
            self._post_status(evse_id, connector_id)

    async def _reboot(self, reason="RemoteReset"):
        """B11/B12: end transactions (ImmediateReset), report Unavailable, disconnect, boot again."""
        if self._rebooting:
            return
        self._rebooting = True
        try:
            stopped = "Reboot" if self.faults.reboot_stopped_reason else "ImmediateReset"
            for evse_id in sorted(self.settings.evses):
                tx = self.transaction(evse_id)
                if tx is not None:
                    self._end_transaction(tx, "ResetCommand", stopped, report_status=False)
            for evse_id, connector_id in sorted(self.model.connectors):
                self._post_status(evse_id, connector_id, "Unavailable")
            if self.faults.availability_lost_on_reset:
                self._inoperative.clear()
            await self.flush(self.settings.call_timeout)
            self._boot_reason = "PowerUp" if self.faults.wrong_reset_boot_reason else reason
            self._boot_required = True
            self.tls.started()
            self._reconnect_now = True
            if self.connection is not None:
                await self.connection.close()
            self._wake.set()
        finally:
            self._rebooting = False

    # ================================================================== on-demand messages

    def _make_csr(self, certificate_type):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, self.station_id),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                             self.device_model.value("SecurityCtrlr", "OrganizationName"))])
        csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
        self.csr_keys[certificate_type] = key
        return csr.public_bytes(serialization.Encoding.PEM).decode()

    async def sign_certificate(self, certificate_type="ChargingStationCertificate", triggered=False):
        """A03: SignCertificate with a fresh CSR (EC P-256, CN = station identity)."""
        payload = {"csr": self._make_csr(certificate_type), "certificateType": certificate_type}
        return await self._send("SignCertificate", payload, triggered=triggered)

    async def security_event(self, type="SettingSystemTime", tech_info=None):
        payload = {"type": type, "timestamp": now_iso()}
        if tech_info:
            payload["techInfo"] = tech_info[:255]
        return await self._send("SecurityEventNotification", payload)

    async def get_15118_ev_certificate(self, exi_request=None, action="Install",
                                       schema_version="urn:iso:15118:2:2013:MsgDef"):
        exi = exi_request or base64.b64encode(b"reference-station-exi-request").decode()
        return await self._send("Get15118EVCertificate", {"iso15118SchemaVersion": schema_version,
                                                          "action": action, "exiRequest": exi})

    async def get_certificate_status(self, ocsp_request_data=None):
        if ocsp_request_data is None:
            digest = hashlib.sha256(self.station_id.encode()).hexdigest()
            ocsp_request_data = {"hashAlgorithm": "SHA256", "issuerNameHash": digest, "issuerKeyHash": digest,
                                 "serialNumber": "1", "responderURL": "http://127.0.0.1/ocsp"}
        return await self._send("GetCertificateStatus", {"ocspRequestData": ocsp_request_data})

    # ================================================================== CSMS-initiated messages

    async def _on_csms_call(self, connection, action, payload):
        unique_id = self._incoming.pop(id(payload), None)
        if self.registration is None:
            # A request right behind the boot answer may be read before the boot loop has taken that
            # answer in: the registration status it gives decides how the request is served.
            try:
                await asyncio.wait_for(self._registration_known.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
        if self.registration == "Rejected" and not self.faults.serve_while_rejected:
            return self._answer_while_rejected(action)
        handler = getattr(self, f"_on_{action}", None)
        if handler is None:
            raise CallError(self.codes.not_supported, f"the reference station does not support {action}")
        followups = []
        response = handler(payload, followups.append)
        if followups:
            if unique_id is None:
                for followup in followups:
                    self._spawn(self._run_followup(followup))
            else:
                self._followups.setdefault(unique_id, []).extend(followups)
        self._state_changed()
        return response

    # ------------------------------------------------------------------ provisioning (B)

    def _on_GetVariables(self, request, after):
        items = request["getVariableData"]
        limit = int(self.device_model.value("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"))
        if limit and len(items) > limit and not self.faults.get_variables_beyond_limit:
            raise CallError(self.codes.occurrence_violation,
                            f"{len(items)} getVariableData items; ItemsPerMessage GetVariables is {limit}")
        results = []
        for item in items:
            component, variable = item["component"], item["variable"]
            result = self._result_of(item)
            var = self.device_model.find(component, variable)
            if var is None:
                status = self._unknown_status(component)
            elif not self._supported_attribute(item):
                status = "NotSupportedAttributeType"
            elif var.mutability == "WriteOnly":
                status = "Rejected"
                result["attributeStatusInfo"] = {"reasonCode": "WriteOnly"}
            else:
                status = "Accepted"
                result["attributeValue"] = var.actual()[:2500]
            result["attributeStatus"] = status
            results.append(result)
        return {"getVariableResult": results}

    def _result_of(self, item):
        """The component, variable and attributeType of a Get/SetVariables result, as they were asked."""
        result = {"component": item["component"], "variable": item["variable"]}
        if "attributeType" in item and not self.faults.no_attribute_type_in_results:
            result["attributeType"] = item["attributeType"]
        return result

    def _unknown_status(self, component):
        """B05.FR.04/05, B06.FR.06/07: which part of the address the station does not know."""
        if not self.device_model.knows_component(component) and not self.faults.unknown_component_as_variable:
            return "UnknownComponent"
        return "Rejected" if self.faults.unknown_variable_rejected else "UnknownVariable"

    def _supported_attribute(self, item):
        """The reference station's variables have only an Actual attribute (B05.FR.06, B06.FR.08)."""
        return item.get("attributeType", "Actual") == "Actual" or self.faults.ignore_attribute_type

    @staticmethod
    def _valid_value(var, value):
        if var.check is not None and not var.check(value):
            return False
        kind = var.data_type
        allowed = [v.strip() for v in (var.values_list or "").split(",") if v.strip()]
        if kind == "integer":
            try:
                return int(value) >= 0
            except ValueError:
                return False
        if kind == "decimal":
            try:
                float(value)
                return True
            except ValueError:
                return False
        if kind == "boolean":
            return value in ("true", "false")
        if kind == "dateTime":
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
            except ValueError:
                return False
        if kind == "OptionList":
            return not allowed or value in allowed
        if kind in ("MemberList", "SequenceList"):
            members = [m.strip() for m in value.split(",") if m.strip()]
            return bool(members) and (not allowed or all(m in allowed for m in members))
        return True

    def _on_SetVariables(self, request, after):
        items = request["setVariableData"]
        limit = int(self.device_model.value("DeviceDataCtrlr", "ItemsPerMessage", "SetVariables"))
        if limit and len(items) > limit:
            raise CallError(self.codes.occurrence_violation,
                            f"{len(items)} setVariableData items; ItemsPerMessage SetVariables is {limit}")
        results = []
        for item in items:
            component, variable, value = item["component"], item["variable"], item["attributeValue"]
            result = self._result_of(item)
            var = self.device_model.find(component, variable)
            if var is None:
                status = self._unknown_status(component)
            elif not self._supported_attribute(item):
                status = "NotSupportedAttributeType"
            elif (var.mutability == "ReadOnly" or var.getter is not None) and not self.faults.set_read_only_variable:
                status = "Rejected"
                result["attributeStatusInfo"] = {"reasonCode": "ReadOnly"}
            elif not self._valid_value(var, value) and not self.faults.accept_invalid_values:
                status = "Rejected"
                result["attributeStatusInfo"] = {"reasonCode": "InvalidValue"}
            else:
                status = "Accepted"
                if not self.faults.set_variables_not_applied and var.getter is None:
                    var.value = value
                    if var.on_change is not None:
                        var.on_change(value, after)
            result["attributeStatus"] = status
            results.append(result)
        return {"setVariableResult": results}

    async def _send_report(self, request_id, keys):
        """NotifyReport pages: seqNo from 0, tbc on all but the last (B07, B08)."""
        per_page = int(self.device_model.value("DeviceDataCtrlr", "ItemsPerMessage", "GetReport")) or len(keys)
        pages = [keys[i:i + per_page] for i in range(0, len(keys), per_page)] or [[]]
        for seq_no, page in enumerate(pages):
            payload = {"requestId": request_id, "generatedAt": now_iso(), "seqNo": seq_no,
                       "tbc": seq_no < len(pages) - 1}
            if page:
                payload["reportData"] = [self._report_data(k) for k in page]
            await self._send("NotifyReport", payload, triggered=True)

    def _report_data(self, key):
        data = self.device_model.report_data(key)
        if self.faults.no_variable_characteristics:
            del data["variableCharacteristics"]
        elif self.faults.no_values_list:
            data["variableCharacteristics"].pop("valuesList", None)
        return data

    # The optional SummaryInventory is not implemented (B07.FR.02: NotSupported).
    REPORT_BASES = ("ConfigurationInventory", "FullInventory")

    def _on_GetBaseReport(self, request, after):
        report_base = request["reportBase"]
        if report_base not in self.REPORT_BASES and not self.faults.accept_unsupported_report_base:
            return {"status": "NotSupported", "statusInfo": {"reasonCode": "UnsupportedParam"}}
        if report_base == "ConfigurationInventory" and self.faults.read_only_in_configuration_inventory:
            report_base = "FullInventory"
        keys = self.device_model.base_report_keys(report_base)
        after(lambda: self._send_report(request["requestId"], keys))
        return {"status": "Accepted"}

    def _on_GetReport(self, request, after):
        keys = self.device_model.select(request.get("componentVariable"), request.get("componentCriteria"))
        if not keys:
            return {"status": "EmptyResultSet"}
        after(lambda: self._send_report(request["requestId"], keys))
        return {"status": "Accepted"}

    def _on_SetNetworkProfile(self, request, after):
        data = request["connectionData"]
        current = int(self.device_model.value("SecurityCtrlr", "SecurityProfile"))
        if request["configurationSlot"] not in self.settings.network_slots \
                and not self.faults.accept_invalid_configuration_slot:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidValue",
                                                         "additionalInfo": "unknown configurationSlot"}}
        if data["securityProfile"] < current:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidValue",
                                                         "additionalInfo": "lower security profile"}}
        if data["ocppVersion"] != "OCPP20":
            return {"status": "Rejected", "statusInfo": {"reasonCode": "UnsupportedParam"}}
        self.network_profiles[request["configurationSlot"]] = data
        return {"status": "Accepted"}

    def _on_Reset(self, request, after):
        immediate = request["type"] == "Immediate"
        evse_id = request.get("evseId")
        if evse_id is not None:
            if evse_id not in self.settings.evses:
                return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
            if self.faults.reject_evse_reset:
                return {"status": "Rejected"}
            busy = self.transaction(evse_id) is not None
            if not self.settings.reset_evse_supported:      # B11.FR.09, B12.FR.09
                if busy and self.faults.schedule_unsupported_evse_reset:
                    return {"status": "Scheduled"}
                if busy or not self.faults.accept_unsupported_evse_reset:
                    return {"status": "Rejected", "statusInfo": {"reasonCode": "UnsupportedRequest"}}
            if busy and not immediate and not self.faults.evse_reset_on_idle_at_once:
                self._scheduled_resets.add(evse_id)
                return {"status": "Scheduled"}
            after(lambda: self._reset_evse(evse_id))
            return {"status": "Accepted"}
        if any(self.transaction(e) for e in self.settings.evses) and not immediate \
                and not self.faults.reset_on_idle_at_once:
            self._scheduled_resets.add(0)
            return {"status": "Scheduled"}
        after(lambda: self._reboot("RemoteReset"))
        return {"status": "Accepted"}

    # ------------------------------------------------------------------ authorization (C)

    def _on_ClearCache(self, request, after):
        if not self._flag("AuthCacheCtrlr", "Enabled") and not self.faults.clear_disabled_cache:
            return {"status": "Rejected"}      # C11.FR.04
        if not self.faults.keep_cache_on_clear:
            self.auth_cache.clear()            # C11.FR.03
        return {"status": "Accepted"}

    def _on_GetLocalListVersion(self, request, after):
        return {"versionNumber": self.local_list_version}

    def _on_SendLocalList(self, request, after):
        if request["updateType"] == "Differential" and request["versionNumber"] <= self.local_list_version:
            return {"status": "VersionMismatch"}
        self.local_list_version = request["versionNumber"]
        self.device_model.get("LocalAuthListCtrlr", "Entries").value = str(
            len(request.get("localAuthorizationList") or []))
        return {"status": "Accepted"}

    # ------------------------------------------------------------------ transactions (E, F)

    def _on_RequestStartTransaction(self, request, after):
        evse_id = request.get("evseId")
        if self.registration == "Pending" and not self.faults.start_transaction_while_pending:
            # B02 (OCTT TC_B_02_CS step 12): no transaction before the CSMS accepted the boot
            return {"status": "Rejected"}

        def busy(e):
            tx = self.transaction(e)
            return e in self._remote_starting or (tx is not None and tx.authorized)
        if evse_id is None:
            free = [e for e in sorted(self.settings.evses) if self._operative(e) and not busy(e)]
            if not free:
                return {"status": "Rejected"}
            evse_id = free[0]
        elif evse_id not in self.settings.evses or not self._operative(evse_id) or busy(evse_id):
            return {"status": "Rejected"}
        response = {"status": "Accepted"}
        tx = self.transaction(evse_id)
        if tx is not None:
            response["transactionId"] = tx.transaction_id
        self._remote_starting.add(evse_id)
        after(lambda: self._remote_start(evse_id, request["idToken"], request["remoteStartId"],
                                         request.get("groupIdToken")))
        return response

    def _find_transaction(self, transaction_id):
        for evse_id in self.settings.evses:
            tx = self.transaction(evse_id)
            if tx is not None and tx.transaction_id == transaction_id:
                return tx
        return None

    def _on_RequestStopTransaction(self, request, after):
        tx = self._find_transaction(request["transactionId"])
        if tx is None:
            if self.faults.accept_stop_unknown_transaction:
                return {"status": "Accepted"}
            return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownTxId"}}
        if self.faults.wrong_remote_stop_reason:
            after(lambda: self._end_transaction(tx, "StopAuthorized", "Local"))
        else:
            after(lambda: self._end_transaction(tx, "RemoteStop", "Remote"))
        return {"status": "Accepted"}

    def _on_GetTransactionStatus(self, request, after):
        transaction_id = request.get("transactionId")
        # E14.FR.04/05: a message still to be delivered; the one on the wire, whose answer is on its way, is not
        queued = any(item.action == "TransactionEvent" and item is not self._in_flight and
                     (transaction_id is None or item.payload["transactionInfo"]["transactionId"] == transaction_id)
                     for item in self._outbox)
        if queued and (self.faults.queue_not_reported_for_transaction if transaction_id is not None
                       else self.faults.queue_not_reported_without_id):
            queued = False
        response = {"messagesInQueue": queued or self.faults.report_empty_queue_as_full}
        if transaction_id is not None:
            response["ongoingIndicator"] = self._find_transaction(transaction_id) is not None \
                or self.faults.ongoing_for_unknown_transaction
        return response

    def _on_UnlockConnector(self, request, after):
        key = (request["evseId"], request["connectorId"])
        if key not in self.model.connectors:
            return {"status": "UnknownConnector"}
        tx = self.transaction(key[0])
        if tx is not None and tx.authorized:
            return {"status": "OngoingAuthorizedTransaction"}
        return {"status": "Unlocked"}

    def _on_CostUpdated(self, request, after):
        return {}

    # ------------------------------------------------------------------ availability (G) and triggers (F06)

    def _on_ChangeAvailability(self, request, after):
        status = request["operationalStatus"]
        evse = request.get("evse")
        if evse is None:
            scope = ("station",)
            busy = any(self.transaction(e) for e in self.settings.evses)
        else:
            evse_id, connector_id = evse["id"], evse.get("connectorId")
            if evse_id not in self.settings.evses or (
                    connector_id is not None and (evse_id, connector_id) not in self.model.connectors):
                return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
            scope = ("evse", evse_id) if connector_id is None else ("connector", evse_id, connector_id)
            busy = self.transaction(evse_id) is not None
        if busy and status == "Inoperative":
            self._scheduled_availability.append((scope, status))
            return {"status": "Scheduled"}
        after(lambda: self._apply_availability(scope, status))
        return {"status": "Accepted"}

    def _selected_connectors(self, evse):
        if evse is None:
            return sorted(self.model.connectors)
        return [(e, c) for e, c in sorted(self.model.connectors)
                if e == evse["id"] and ("connectorId" not in evse or c == evse["connectorId"])]

    async def _trigger_boot(self):
        if self.registration == "Accepted":    # only with the accept_boot_trigger_after_accepted fault
            await self._call_now("BootNotification", self._boot_payload("Triggered"))
        else:
            self._boot_reason = "Triggered"
            self._boot_now.set()

    async def _send_triggered_status(self, connectors):
        for evse_id, connector_id in connectors:
            await self._send("StatusNotification", self._status_payload(evse_id, connector_id), triggered=True)

    async def _send_triggered_meter_values(self, evse_ids):
        for evse_id in evse_ids:
            meter_value = self._meter_value(evse_id, "Trigger", self._measurands("Trigger"))
            if meter_value:
                await self._send("MeterValues", {"evseId": evse_id, "meterValue": [meter_value]}, triggered=True)

    def _on_TriggerMessage(self, request, after):
        message, evse = request["requestedMessage"], request.get("evse")
        if evse is not None and evse["id"] not in self.settings.evses:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
        if message == "BootNotification":
            if self.registration == "Accepted" and not self.faults.accept_boot_trigger_after_accepted:
                return {"status": "Rejected"}         # F06.FR.17
            after(self._trigger_boot)
        elif message == "Heartbeat":
            after(lambda: self._send("Heartbeat", {}, triggered=True))
        elif message == "StatusNotification":
            connectors = self._selected_connectors(evse)
            if not connectors:
                return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownConnectorId"}}
            after(lambda: self._send_triggered_status(connectors))
        elif message == "MeterValues":
            evse_ids = [evse["id"]] if evse else sorted(self.settings.evses)
            after(lambda: self._send_triggered_meter_values(evse_ids))
        elif message == "TransactionEvent":
            txs = [self.transaction(e) for e in ([evse["id"]] if evse else sorted(self.settings.evses))]
            txs = [tx for tx in txs if tx is not None]
            if not txs:
                return {"status": "Rejected", "statusInfo": {"reasonCode": "TxNotFound"}}
            after(lambda: [self._post_tx_event(tx, "Updated", "Trigger", meter_context="Trigger") for tx in txs])
        elif message == "FirmwareStatusNotification":
            payload = {"status": self.firmware_status}
            if self.firmware_status != "Idle" and self.firmware_request_id is not None:
                payload["requestId"] = self.firmware_request_id
            after(lambda: self._send("FirmwareStatusNotification", payload, triggered=True))
        elif message == "LogStatusNotification":
            payload = {"status": self.log_status}
            if self.log_status != "Idle" and self.log_request_id is not None:
                payload["requestId"] = self.log_request_id
            after(lambda: self._send("LogStatusNotification", payload, triggered=True))
        elif message == "SignChargingStationCertificate":
            after(lambda: self.sign_certificate("ChargingStationCertificate", triggered=True))
        elif message == "SignV2GCertificate":
            after(lambda: self.sign_certificate("V2GCertificate", triggered=True))
        else:
            return {"status": "NotImplemented"}
        return {"status": "Accepted"}

    # ------------------------------------------------------------------ firmware (L) and diagnostics (N)

    async def _firmware_update(self, request_id, firmware):
        self.firmware_request_id = request_id
        step = self.settings.lifecycle_step
        try:
            retrieve = datetime.fromisoformat(firmware["retrieveDateTime"].replace("Z", "+00:00"))
            delay = (retrieve - datetime.now(timezone.utc)).total_seconds() * self.settings.time_scale
        except (ValueError, TypeError):
            delay = 0
        statuses = ["Downloading", "Downloaded"]
        if firmware.get("signature"):
            statuses.append("SignatureVerified")
        statuses += ["Installing", "Installed"]
        if delay > 0:
            statuses.insert(0, "DownloadScheduled")
        try:
            for index, status in enumerate(statuses):
                self.firmware_status = status
                await self._send("FirmwareStatusNotification", {"status": status, "requestId": request_id})
                if status == "DownloadScheduled":
                    await asyncio.sleep(delay)
                elif index < len(statuses) - 1:
                    await asyncio.sleep(step)
            await self.security_event("FirmwareUpdated", f"firmware from {firmware['location']}"[:255])
        finally:
            self.firmware_status = "Idle"

    def _on_UpdateFirmware(self, request, after):
        status = "Accepted"
        if self._firmware_task is not None and not self._firmware_task.done():
            self._firmware_task.cancel()
            status = "AcceptedCanceled"

        def start():
            self._firmware_task = self._spawn(self._firmware_update(request["requestId"], request["firmware"]))
        after(start)
        return {"status": status}

    async def _log_upload(self, request_id):
        self.log_request_id = request_id
        try:
            self.log_status = "Uploading"
            await self._send("LogStatusNotification", {"status": "Uploading", "requestId": request_id})
            await asyncio.sleep(self.settings.lifecycle_step)
            self.log_status = "Uploaded"
            await self._send("LogStatusNotification", {"status": "Uploaded", "requestId": request_id})
        finally:
            self.log_status = "Idle"

    def _on_GetLog(self, request, after):
        status = "Accepted"
        if self._log_task is not None and not self._log_task.done():
            self._log_task.cancel()
            status = "AcceptedCanceled"

        def start():
            self._log_task = self._spawn(self._log_upload(request["requestId"]))
        after(start)
        filename = f"{self.station_id}-{request['logType']}-{request['requestId']}.log"
        return {"status": status, "filename": filename[:255]}

    def _on_CustomerInformation(self, request, after):
        if not request["report"] and not request["clear"]:
            return {"status": "Rejected"}
        identifier = (request.get("customerIdentifier") or (request.get("idToken") or {}).get("idToken")
                      or (request.get("customerCertificate") or {}).get("serialNumber"))
        if request["report"] and not identifier:
            return {"status": "Invalid"}
        data = f"no customer data stored for {identifier}" if identifier else "customer data cleared"
        if request["clear"]:
            data += "; cleared"
        payload = {"data": data[:512], "seqNo": 0, "tbc": False, "generatedAt": now_iso(),
                   "requestId": request["requestId"]}
        after(lambda: self._send("NotifyCustomerInformation", payload))
        return {"status": "Accepted"}

    def _on_DataTransfer(self, request, after):
        if request["vendorId"] != self.settings.vendor_id:
            return {"status": "UnknownVendorId"}
        if request.get("messageId") not in (None, "Echo"):
            return {"status": "UnknownMessageId"}
        response = {"status": "Accepted"}
        if "data" in request:
            response["data"] = request["data"]
        return response

    # ------------------------------------------------------------------ certificates (A, M)

    def _issuer_of(self, certificate):
        for installed in self.certificates:
            if installed.certificate.subject == certificate.issuer:
                return installed.certificate
        return None

    def _on_CertificateSigned(self, request, after):
        refused = self.tls.certificate_signed(request, after)    # the chain check (reference_tls)
        if refused:
            return refused
        try:
            chain = x509.load_pem_x509_certificates(request["certificateChain"].encode())
        except ValueError as exc:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificate",
                                                         "additionalInfo": str(exc)[:512]}}
        certificate_type = request.get("certificateType", "ChargingStationCertificate")
        self.station_certificates[certificate_type] = request["certificateChain"]
        if certificate_type == "V2GCertificate":
            leaf = chain[0]
            issuer = chain[1] if len(chain) > 1 else None
            self.certificates.append(InstalledCertificate("V2GCertificateChain", request["certificateChain"], leaf,
                                                          certificate_hash_data(leaf, issuer)))
        return {"status": "Accepted"}

    def _on_InstallCertificate(self, request, after):
        try:
            certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
        except ValueError as exc:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificate",
                                                         "additionalInfo": str(exc)[:512]}}
        hash_data = certificate_hash_data(certificate, self._issuer_of(certificate))
        self.certificates = [c for c in self.certificates if c.hash_data != hash_data]
        self.certificates.append(InstalledCertificate(request["certificateType"], request["certificate"],
                                                      certificate, hash_data))
        return {"status": "Accepted"}

    def _on_GetInstalledCertificateIds(self, request, after):
        wanted = request.get("certificateType")
        chain = [{"certificateType": c.certificate_type, "certificateHashData": c.hash_data}
                 for c in self.certificates if not wanted or c.certificate_type in wanted]
        if not chain:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashDataChain": chain}

    def _on_DeleteCertificate(self, request, after):
        wanted = request["certificateHashData"]
        keys = ("hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber")
        for installed in self.certificates:
            if all(str(installed.hash_data[k]).lower() == str(wanted[k]).lower() for k in keys):
                self.certificates.remove(installed)
                return {"status": "Accepted"}
        return {"status": "NotFound"}
