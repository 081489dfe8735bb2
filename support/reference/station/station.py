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
import math
import random
import time
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from urllib.parse import urlparse

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


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
TRANSFER_PORTS = {"ftp": 21, "ftps": 990, "http": 80, "https": 443, "sftp": 22}


def _iso_at(epoch):
    """RFC 3339 (UTC, milliseconds) of a moment in seconds since the epoch."""
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clock_boundary(now, interval):
    """J01: the first moment after `now` on a multiple of the clock-aligned interval since midnight (UTC)."""
    midnight = math.floor(now / 86400) * 86400
    return midnight + (math.floor((now - midnight) / interval) + 1) * interval


# ====================================================================== configuration

def compressed_backoff(scale, base=(1, 2, 4, 4)):
    """Reconnection backoff waits for a compressed station clock: the protocol waits times the scale,
    but the first at least 0.3 s, the rest in the same ratios (and no longer than the third: the
    embedded station does not wait long once the CSMS is back). Shorter waits would drown in the
    scheduling delays of a busy machine, and B04's check of a growing backoff would judge those."""
    factor = max(scale, 0.3 / base[0])
    return tuple(b * factor for b in base)


def signature_verifies(certificate, signature_b64, image):
    """Whether a base64 signature over the image verifies with the certificate's key (ECDSA or RSA PKCS#1
    v1.5, SHA-256): a firmware's signature (2.0.1 L01, 1.6 SignedUpdateFirmware)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import padding
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key = certificate.public_key()
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, image, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, image, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


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
    transfer_time: float = 5.0              # seconds a firmware download or a log upload lasts (Downloading, Uploading:
                                            # long enough for a TriggerMessage to find it going, OCTT TC_F_16/19_CS)
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
    additional_root_certificate_check: bool = False   # M05 (AS-2): SecurityCtrlr.AdditionalRootCertificateCheck
    user_interface: bool = False            # C16.FR.01: a Master Pass holder selects at the station's user interface
                                            # which transactions to stop (without one, C16.FR.02: all stop at once)
    fixed_cable: bool = False               # E10.FR.02: the cable is permanently attached at the station side
    firmware_during_transaction: str = "download"   # L01.FR.06 (OCTT TC_L_12..16_CS): what a firmware update does while
                                            # a transaction is ongoing (or an EV is plugged in): "nothing" (download and
                                            # installation wait until it is over), "download" (the installation waits)
                                            # or "install" (the update goes on: activated without a reboot)
    firmware_update_cancel: bool = True     # L01.FR.24: a new UpdateFirmware cancels the update under way
                                            # (AcceptedCanceled, TC_L_10_CS); False: Rejected (L01.FR.27, TC_L_11_CS)
    shared_card_reader: bool = False        # E01/J02 (TC_J_08): one card reader for every EVSE: an idToken presented
                                            # before the EV is plugged in starts a transaction whose EVSE the station
                                            # learns at the plug-in (with more than one EVSE)
    customer_identifiers: tuple = ("OpenChargeAlliance",)   # N09/N10: customers whose data the station holds (entered
                                            # at the station beforehand: OCTT TC_N_62_CS's memory state)


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
    # OCTT block F (features/station/ocpp201/F_remote_control_octt.feature) and TC_K_38_CS
    remote_start_without_transaction_id: bool = False   # F01 (TC_F_01, Authorized remote step 2): a remote start on an
                                                     # EVSE whose transaction runs is answered without its transactionId
    skip_authorize_remote_start: bool = False   # F01.FR.01: AuthorizeRemoteStart true, yet a remote start without Authorize
    authorize_remote_start_always: bool = False   # F01.FR.02: AuthorizeRemoteStart false, yet Authorize before the start
    reject_remote_start_with_profile: bool = False   # F01.FR.12 (TC_K_38): without smart charging, a remote start with
                                                     # a chargingProfile is Rejected instead of the profile ignored
    unlock_during_transaction: bool = False     # F05.FR.02: UnlockConnector during a transaction answered Unlocked
    unlock_failed_without_cable: bool = False   # F05.FR.04/06: UnlockConnector without a transaction (no cable in)
                                                 # answered UnlockFailed
    unlock_unknown_connector_failed: bool = False   # F05.FR.03: an unknown connector answered UnlockFailed
    wrong_trigger_meter_context: bool = False   # F06.FR.06: triggered MeterValues have context Sample.Periodic
    # OCTT block L (features/station/ocpp201/L_firmware_octt.feature)
    no_signature_verified: bool = False         # L01 (TC_L_01 step 7): no SignatureVerified once the signature verified
    ignore_install_date_time: bool = False      # L01 (TC_L_02): installs at once, an installDateTime in the future or not
    ignore_retrieve_date_time: bool = False     # L01 (TC_L_03): downloads at once, a retrieveDateTime in the future or not
    accept_untrusted_signing_certificate: bool = False   # L01.FR.02 (TC_L_05): takes a signing certificate no trusted
                                                         # manufacturer root issued
    ignore_firmware_signature: bool = False     # L01.FR.03 (TC_L_06): the signature is not checked (SignatureVerified)
    silent_download_failure: bool = False       # L01 (TC_L_07): a failed download is not reported (no DownloadFailed)
    no_install_verification: bool = False       # L01 (TC_L_08): a corrupt firmware image installed, reported Installed
    keep_canceled_firmware_update: bool = False   # L01.FR.24 (TC_L_10): answers AcceptedCanceled, but the update under
                                                  # way goes on
    accept_firmware_update_while_busy: bool = False   # L01.FR.27 (TC_L_11): cannot cancel the update under way, yet
                                                      # answers a new one Accepted
    download_during_transaction: bool = False   # L01.FR.06 (TC_L_12): a station that cannot download a firmware during
                                                # a transaction downloads anyway
    no_unavailable_pending_firmware: bool = False   # L01.FR.07 (TC_L_13): the free EVSEs stay Available while a
                                                    # firmware update waits for the transactions
    install_during_transaction: bool = False    # L01.FR.06 (TC_L_14): a station that cannot install during a transaction
                                                # installs anyway
    available_pending_firmware: bool = False    # L01.FR.07 (TC_L_15): an EVSE freed while a firmware update waits
                                                # reports Available
    no_reconnect_after_firmware_update: bool = False   # TC_L_16 step 11: the new firmware runs on the old connection
    accept_unsigned_firmware: bool = False      # TC_L_18: an UpdateFirmware without signingCertificate and signature
                                                # is Accepted
    trigger_first_evse_only: bool = False       # F06.FR.11: TriggerMessage without evse (MeterValues, TransactionEvent)
                                                 # answered for the first EVSE only
    wrong_trigger_transaction_reason: bool = False   # F06.FR.07: a triggered TransactionEvent has triggerReason
                                                     # MeterValuePeriodic
    transfer_status_trigger_never_idle: bool = False   # F06.FR.15/16: with no upload or firmware update running, a
                                                       # triggered Log/FirmwareStatusNotification says Uploaded/Installed
    transfer_status_trigger_always_idle: bool = False  # F06.FR.14, L01.FR.26: while uploading or downloading, a
                                                       # triggered Log/FirmwareStatusNotification says Idle
    reject_trigger_with_irrelevant_evse: bool = False  # F06.FR.03: an evse with a message that has none (FirmwareStatus-
                                                       # Notification) makes the TriggerMessage Rejected
    no_triggered_heartbeat: bool = False        # F06.FR.04/10: TriggerMessage(Heartbeat) Accepted, no Heartbeat follows
    reject_specific_status_trigger: bool = False   # F06.FR.02: TriggerMessage(StatusNotification) for an EVSE and
                                                   # connector Rejected
    stale_triggered_status: bool = False        # F06.FR.02: a triggered StatusNotification says Available whatever
                                                 # the connector's status
    reject_unimplemented_trigger: bool = False  # F06.FR.08: a requestedMessage it does not implement answered Rejected
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
    reject_unsupported_report_base: bool = False   # B07.FR.02: SummaryInventory, not supported, Rejected (not NotSupported)
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
    # OCTT block B, migrating to another network connection profile (B10; TC_B_45-50_CS)
    ignore_network_configuration_priority: bool = False   # B10 (TC_B_45): NetworkConfigurationPriority Accepted, yet
                                                           # the station keeps connecting with the slot it used
    no_network_profile_fallback: bool = False   # B10 (TC_B_46, TC_B_49): after NetworkProfileConnectionAttempts failed
                                                 # attempts the station keeps trying the same slot
    profile_round_without_backoff: bool = False   # B10.FR.07/C-47 (TC_B_49): every slot failed, it starts over at
                                                   # once instead of after its reconnection back-off
    fallback_root_for_any_profile: bool = False   # M05 (TC_B_47): the old CSMS root kept as fallback verifies the
                                                   # CSMS of a new network connection profile too
    installed_csms_root_untrusted: bool = False   # A00/M05 (TC_B_50): an installed CSMSRootCertificate is not used to
                                                   # verify the CSMS's server certificate
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
    no_fixed_cable_connection_timeout: bool = False         # E10.FR.02 (TC_E_27): with a fixed cable, a suspended
                                                             # transaction whose EV stays disconnected waits forever
    # OCTT blocks C and E, the parking bay sensor and the Master Pass user interface
    no_start_on_ev_detected: bool = False       # E01.FR.01 (TC_E_12): TxStartPoint ParkingBayOccupancy, yet an EV that
                                                 # drives into the parking bay starts no transaction
    keep_transaction_on_ev_departed: bool = False   # E06.FR.01 (TC_E_19): TxStopPoint ParkingBayOccupancy, yet the EV
                                                     # leaving the parking bay does not end the transaction
    master_pass_ui_stops_one: bool = False      # C16.FR.01 (TC_C_47): "stop all transactions" selected at the user
                                                 # interface stops only the one on the lowest EVSE
    master_pass_ui_stops_all: bool = False      # C16.FR.01 (TC_C_48): one transaction selected at the user interface,
                                                 # every transaction stops
    # OCTT blocks G and P (features/station/ocpp201/G_availability_octt.feature, P_data_transfer_octt.feature)
    no_occupied_status: bool = False            # G01.FR.01 (TC_G_01): a cable plugged in is not reported (no
                                                 # StatusNotification Occupied)
    no_available_status_on_unplug: bool = False  # G01.FR.01 (TC_G_02): a cable taken out is not reported (no
                                                  # StatusNotification Available)
    availability_scope_ignored: bool = False    # G03.FR.01/06 (TC_G_03, TC_G_07): ChangeAvailability Inoperative of one
                                                 # EVSE or connector makes the whole station Unavailable
    silent_availability_change: bool = False    # G03.FR.04/G04.FR.05 (TC_G_05): a changed availability is applied
                                                 # without StatusNotification of the connectors
    operative_ignored: bool = False             # G03.FR.07/G04.FR.08 (TC_G_04, TC_G_06, TC_G_08): ChangeAvailability
                                                 # Operative answered Accepted, the connectors stay Unavailable
    reject_unchanged_availability: bool = False  # G03.FR.03/G04.FR.04 (TC_G_09/10/12/13/15/16): a ChangeAvailability to
                                                  # the state the component is already in answered Rejected
    inoperative_at_once_during_transaction: bool = False   # G03.FR.05 (TC_G_11): ChangeAvailability Inoperative of
                                                            # an EVSE in a transaction answered Accepted, not Scheduled
    scheduled_availability_forgotten: bool = False   # G03.FR.05/G04.FR.06 (TC_G_14, TC_G_17): answered Scheduled
                                                      # during a transaction, never applied
    accept_unknown_data_transfer: bool = False  # P01.FR.05/06 (TC_P_01): a DataTransfer of an unknown vendorId or
                                                 # messageId answered Accepted
    reject_custom_data: bool = False            # CustomDataType (TC_P_03): a CSMS request that carries customData is
                                                 # answered with CALLERROR FormatViolation
    # OCTT blocks J, N and TC_A_23 (J_meter_values_octt.feature, N_diagnostics_octt.feature, A_security_tls.feature)
    clock_aligned_off_the_clock: bool = False   # J01 (TC_J_01): clock-aligned readings half an interval off the
                                                 # multiples of AlignedDataCtrlr.Interval
    no_clock_aligned_during_transaction: bool = False   # J01 (TC_J_02): no clock-aligned readings of an EVSE whose
                                                         # transaction runs (neither TransactionEvent nor MeterValues)
    ignore_send_during_idle: bool = False       # J01 (TC_J_06): clock-aligned readings while a transaction runs, though
                                                 # AlignedDataCtrlr.SendDuringIdle is true
    no_tx_ended_readings: bool = False          # J01/J02 (TC_J_03, TC_J_10): the Ended event lacks the readings of
                                                 # AlignedDataCtrlr / SampledDataCtrlr.TxEndedInterval
    unsigned_tx_ended_readings: bool = False    # J01.FR.21/J02.FR.21 (TC_J_04, TC_J_11): those readings unsigned though
                                                 # SignReadings is true
    no_begin_reading_when_evse_known: bool = False   # E01/J02 (TC_J_08): the event that first names the EVSE of a
                                                      # transaction started without it lacks the Transaction.Begin reading
    no_log_filename: bool = False               # N01 (TC_N_25): GetLogResponse without filename
    log_status_without_request_id: bool = False  # N01 (TC_N_35): LogStatusNotification without the GetLog's requestId
    no_log_upload_retries: bool = False         # N01.FR.10 (TC_N_26): a failed upload is not tried again (retries)
    no_log_cancel_notification: bool = False    # N01.FR.12 (TC_N_36): the upload a second GetLog cancels is not reported
                                                 # AcceptedCanceled
    no_customer_data: bool = False              # N09.FR.05 (TC_N_27, TC_N_30): the report of a customer it holds data of
                                                 # has empty data
    no_notify_without_customer_data: bool = False   # N09.FR.06/N10.FR.04 (TC_N_28, TC_N_31): no NotifyCustomerInformation
                                                     # when it holds nothing of the customer
    no_notify_on_clear_only: bool = False       # N10.FR.06 (TC_N_32): no NotifyCustomerInformation after a clear
                                                 # without report
    customer_data_not_cleared: bool = False     # N10.FR.01 (TC_N_62): clear true answered Accepted, the data kept
    no_cert_signing_retry: bool = False         # A02.FR.17 (TC_A_23): no new SignCertificate when no CertificateSigned
                                                 # came within CertSigningWaitMinimum
    # OCTT block M, certificate management (features/station/ocpp201/M_certificates_octt.feature)
    install_accepted_not_stored: bool = False   # M05.FR.02 (TC_M_01): InstallCertificate Accepted, nothing installed
    reject_manufacturer_root: bool = False      # M05.FR.01/02 (TC_M_02): a ManufacturerRootCertificate is Rejected
    accept_expired_certificate: bool = False    # M05.FR.07 (TC_M_07): an expired certificate is installed (Accepted)
    no_additional_root_check: bool = False      # M05.FR.10 (TC_M_09): AdditionalRootCertificateCheck true, yet a new
                                                 # CSMS root not signed by the old one is installed
    keep_fallback_root: bool = False            # M05.FR.13 (TC_M_30): the old CSMS root stays after the station connected
                                                 # using the new one
    no_fallback_root: bool = False              # M05.FR.14 (TC_M_31): the old CSMS root kept as fallback is never used
                                                 # to verify the CSMS
    lists_one_certificate_per_type: bool = False   # M03.FR.04 (TC_M_12): GetInstalledCertificateIds gives the hash
                                                    # data of the first installed certificate of each type only
    hash_algorithm_mislabelled: bool = False    # M03.FR.04 (TC_M_13): hash data calculated with SHA256, but named SHA384
    single_certificate_type_filter: bool = False   # M03.FR.04 (TC_M_17): of several certificateTypes asked, only the
                                                    # first is listed
    no_certificates_without_type: bool = False  # M03 (TC_M_18): certificateType omitted is answered NotFound
    certificate_type_filter_ignored: bool = False   # M03.FR.02 (TC_M_19): certificates of every type are listed
    delete_not_applied: bool = False            # M04.FR.02 (TC_M_20): DeleteCertificate Accepted, the certificate kept
    delete_unknown_accepted: bool = False       # M04.FR.04 (TC_M_22): DeleteCertificate of an unknown certificate Accepted
    delete_charging_station_certificate: bool = False   # M04.FR.06 (TC_M_23): its ChargingStationCertificate is
                                                         # deleted (Accepted)

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


def _carries_custom_data(value):
    """Whether a payload has a customData object anywhere (the reject_custom_data fault)."""
    if isinstance(value, dict):
        return "customData" in value or any(_carries_custom_data(v) for v in value.values())
    return isinstance(value, list) and any(_carries_custom_data(v) for v in value)


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
    evse_known: bool = True             # E01 (shared card reader): False until the EV is plugged in
    ended_readings: list = field(default_factory=list)   # J01/J02: the TxEndedInterval readings for the Ended event
    ended_task: object = None           # takes those readings


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
        self._bay_occupied = set()          # evseIds whose parking bay sensor sees an EV (E01/E06 ParkingBayOccupancy)
        self._master_pass_at_ui = None      # the Master Pass idToken whose holder is selecting at the UI (C16.FR.01)
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
        self._firmware_hold = None          # L01.FR.07: evseIds held Unavailable while a firmware update waits
        self._log_task = None
        self._cert_signing_tasks = {}       # certificateType -> the task resending SignCertificate (A02.FR.17)
        self._certificates_received = collections.Counter()   # certificateType -> CertificateSigned requests
        self.customer_identifiers = set(self.settings.customer_identifiers)   # N09/N10 customer data

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
        dm.add("ChargingStation", "AllowNewSessionsPendingFirmwareUpdate", "false", data_type="boolean")   # L01.FR.07
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
        dm.add("OCPPCommCtrlr", "ActiveNetworkProfile", getter=lambda: str(self.tls.slot_in_use),
               data_type="integer", **ro)
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
        dm.add("OCPPCommCtrlr", "PublicKeyWithSignedMeterValue", "EveryMeterValue", data_type="OptionList",
               values_list="Never,EveryMeterValue")
        dm.add("SecurityCtrlr", "SecurityProfile", str(s.security_profile), data_type="integer", **ro)
        dm.add("SecurityCtrlr", "AdditionalRootCertificateCheck",
               getter=lambda: str(self.settings.additional_root_certificate_check).lower(), data_type="boolean", **ro)
        dm.add("SecurityCtrlr", "Identity", self.station_id, **ro)
        dm.add("SecurityCtrlr", "OrganizationName", s.organization_name)
        dm.add("SecurityCtrlr", "CertSigningWaitMinimum", "60", data_type="integer", unit="s")
        dm.add("SecurityCtrlr", "CertSigningRepeatTimes", "3", data_type="integer")
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
        dm.add("AlignedDataCtrlr", "Enabled", "true", data_type="boolean")
        dm.add("AlignedDataCtrlr", "Interval", "0", data_type="integer", unit="s")
        dm.add("AlignedDataCtrlr", "Measurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("AlignedDataCtrlr", "TxEndedInterval", "0", data_type="integer", unit="s")
        dm.add("AlignedDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register", data_type="MemberList",
               values_list=ALL_MEASURANDS)
        dm.add("AlignedDataCtrlr", "SendDuringIdle", "false", data_type="boolean")
        dm.add("AlignedDataCtrlr", "SignReadings", "false", data_type="boolean")
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
        if isinstance(self.device_model, DeviceModel):
            self._spawn(self._aligned_loop())       # J01 (the 1.6 Charge Point has its own)

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
                # B10: the next network connection profile after NetworkProfileConnectionAttempts (at once)
                attempt_failed = getattr(self.tls, "attempt_failed", None)
                immediate = bool(attempt_failed and attempt_failed())
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
        if hasattr(self.tls, "connected_with"):
            self.tls.connected_with(url, websocket)     # B10, M05
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

    def _any_transaction(self):
        """Whether a transaction runs at any EVSE of the station."""
        return any(self.transaction(e) is not None for e in self.settings.evses)

    def _scopes(self, evse_id, connector_id):
        return (("station",), ("evse", evse_id), ("connector", evse_id, connector_id))

    def _operative(self, evse_id, connector_id=None):
        if self._firmware_hold is not None and (evse_id in self._firmware_hold
                                                or not self.faults.available_pending_firmware):
            return False            # L01.FR.07: held Unavailable while a firmware update waits
        if connector_id is None:
            return ("station",) not in self._inoperative and ("evse", evse_id) not in self._inoperative
        return not any(scope in self._inoperative for scope in self._scopes(evse_id, connector_id))

    def _status_of(self, evse_id, connector_id):
        tx = self.transaction(evse_id)
        plugged = (evse_id, connector_id) in self._plugged
        if plugged and self.settings.fixed_cable and (evse_id, connector_id) in self._ev_side_off:
            plugged = False         # a fixed cable out of the EV: the connector is free (E10, TC_E_26/27 step 3)
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

    def _apply_availability(self, scope, operational_status, only_idle=False):
        """G03/G04: the scope's availability changes and its connectors report their status; `only_idle`: only
        those of EVSEs without a transaction (the others report once it has ended)."""
        if operational_status == "Inoperative":
            self._inoperative.add(scope)
        elif not self.faults.operative_ignored:
            self._inoperative.discard(scope)
        for evse_id, connector_id in sorted(self.model.connectors):
            if self.faults.silent_availability_change or only_idle and self.transaction(evse_id) is not None:
                continue
            if scope in self._scopes(evse_id, connector_id):
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

    def _meter_value(self, evse_id, context, measurands, timestamp=None, sign=None):
        """A MeterValueType of the EVSE's meter now (stamped `timestamp`, the sampling moment, when given); the
        energy reading signed when `sign`, by default when the controller of the context says so (J01.FR.21:
        AlignedDataCtrlr.SignReadings for Sample.Clock, J02.FR.21: SampledDataCtrlr.SignReadings otherwise)."""
        self._advance_meter(evse_id)
        power = self._power(evse_id)
        readings = {"Energy.Active.Import.Register": round(self._energy[evse_id], 3),
                    "Power.Active.Import": power,
                    "Current.Import": round(power / self.settings.voltage, 2),
                    "Voltage": self.settings.voltage}
        sampled = [{"value": readings[m], "context": context, "measurand": m,
                    "unitOfMeasure": {"unit": MEASURAND_UNITS[m]}} for m in measurands if m in readings]
        if sign is None:
            controller = "AlignedDataCtrlr" if context == "Sample.Clock" else "SampledDataCtrlr"
            sign = self._flag(controller, "SignReadings") and not (
                self.faults.unsigned_begin_reading and context == "Transaction.Begin")
        if sign:
            for value in sampled:
                if value["measurand"] == "Energy.Active.Import.Register":
                    value["signedMeterValue"] = self._signed_reading(value["value"], context)
        return {"timestamp": timestamp or now_iso(), "sampledValue": sampled} if sampled else None

    def _signed_reading(self, wh, context):
        """SignedMeterValueType of an energy reading (SampledDataCtrlr.SignReadings): an OCMF document signed
        with the meter's ECDSA P-256 key, its public key (DER, Base64) beside it."""
        from ...station.metering import signed_meter_value
        if getattr(self, "_meter_key", None) is None:
            self._meter_key = ec.generate_private_key(ec.SECP256R1())
        value = signed_meter_value(self.station_id, datetime.now(timezone.utc), wh, context, key=self._meter_key,
                                   issuer="ocpp-conformance-suite reference station")
        never = isinstance(self.device_model, DeviceModel) and self.device_model.find(
            {"name": "OCPPCommCtrlr"}, {"name": "PublicKeyWithSignedMeterValue"}) is not None and \
            self.device_model.value("OCPPCommCtrlr", "PublicKeyWithSignedMeterValue") == "Never"
        if never:
            value["publicKey"] = ""
        return value

    def _measurands(self, context):
        if context == "Sample.Clock":
            return self._member_list("AlignedDataCtrlr", "Measurands")
        variable = {"Transaction.Begin": "TxStartedMeasurands", "Transaction.End": "TxEndedMeasurands"}.get(
            context, "TxUpdatedMeasurands")
        return self._member_list("SampledDataCtrlr", variable)

    def _member_list(self, component, variable):
        return [m.strip() for m in self.device_model.value(component, variable).split(",") if m.strip()]

    async def _meter_loop(self, tx):
        """J02: TransactionEvent Updated (MeterValuePeriodic) every SampledDataCtrlr.TxUpdatedInterval from the
        start of the transaction, each reading stamped with the moment it is due."""
        base, interval, count = None, None, 0
        while not tx.ended:
            current = self._protocol_seconds("SampledDataCtrlr", "TxUpdatedInterval")
            if current <= 0 or self.faults.missing_meter_values or \
                    not self._flag("SampledDataCtrlr", "Enabled"):
                base = None
                await self._changed.wait()
                continue
            if base is None or current != interval:
                base, interval, count = time.time(), current, 0
            count += 1
            due = base + count * interval
            await asyncio.sleep(max(0.0, due - time.time()))
            if self.faults.no_meter_values_while_offline and not self.connected:
                continue
            if not tx.ended:
                self._post_tx_event(tx, "Updated", "MeterValuePeriodic", meter_context="Sample.Periodic",
                                    meter_timestamp=_iso_at(due))

    async def _aligned_loop(self):
        """J01: clock-aligned meter values at every multiple of AlignedDataCtrlr.Interval (scaled) since the epoch:
        MeterValues (Sample.Clock) of an EVSE without a transaction, TransactionEvent MeterValueClock of one with;
        none at all while a transaction runs when AlignedDataCtrlr.SendDuringIdle is true."""
        last = None
        while True:
            interval = self._protocol_seconds("AlignedDataCtrlr", "Interval")
            if interval <= 0 or not self._flag("AlignedDataCtrlr", "Enabled"):
                last = None
                await self._changed.wait()
                continue
            boundary = clock_boundary(time.time(), interval)
            if last is not None and last[0] == interval and boundary <= last[1] + interval / 2:
                boundary = last[1] + interval      # woken a little early: not the same moment twice
            moment = boundary + (interval / 2 if self.faults.clock_aligned_off_the_clock else 0)
            await asyncio.sleep(max(0.0, moment - time.time()))
            if self._protocol_seconds("AlignedDataCtrlr", "Interval") != interval:
                continue            # changed meanwhile: the new interval's clock
            last = (interval, boundary)
            self._aligned_round(_iso_at(moment))

    def _aligned_round(self, stamp):
        running = [e for e in self.settings.evses if self.transaction(e) is not None]
        if running and self._flag("AlignedDataCtrlr", "SendDuringIdle") and not self.faults.ignore_send_during_idle:
            return
        for evse_id in sorted(self.settings.evses):
            tx = self.transaction(evse_id)
            if tx is not None:
                if not self.faults.no_clock_aligned_during_transaction:
                    self._post_tx_event(tx, "Updated", "MeterValueClock", meter_context="Sample.Clock",
                                        meter_timestamp=stamp)
                continue
            reading = self._meter_value(evse_id, "Sample.Clock", self._measurands("Sample.Clock"), timestamp=stamp)
            if reading:
                self._post("MeterValues", {"evseId": evse_id, "meterValue": [reading]})

    async def _tx_ended_sampling(self, tx):
        """J01/J02: the readings of AlignedDataCtrlr.TxEndedInterval (at the clock's multiples, Sample.Clock) and of
        SampledDataCtrlr.TxEndedInterval (from the start of the transaction, Sample.Periodic), with their
        TxEndedMeasurands, kept for the TransactionEvent that ends the transaction."""
        start = time.time()
        due = {}        # context -> (interval, epoch of its next reading)
        while not tx.ended:
            intervals = {"Sample.Clock": ("AlignedDataCtrlr", self._protocol_seconds("AlignedDataCtrlr", "TxEndedInterval")),
                         "Sample.Periodic": ("SampledDataCtrlr",
                                             self._protocol_seconds("SampledDataCtrlr", "TxEndedInterval"))}
            now = time.time()
            for context, (controller, interval) in intervals.items():
                if interval <= 0 or not self._flag(controller, "Enabled"):
                    due.pop(context, None)
                elif context not in due or due[context][0] != interval:
                    due[context] = (interval, clock_boundary(now, interval) if context == "Sample.Clock"
                                    else start + (math.floor((now - start) / interval) + 1) * interval)
            if not due:
                await self._changed.wait()
                continue
            moment = min(when for _, when in due.values())
            await asyncio.sleep(max(0.0, moment - time.time()))
            if tx.ended:
                return
            for context, (interval, when) in list(due.items()):
                if when > moment + 1e-6:
                    continue
                controller = intervals[context][0]
                reading = self._meter_value(tx.evse_id, context, self._member_list(controller, "TxEndedMeasurands"),
                                            timestamp=_iso_at(when),
                                            sign=False if self.faults.unsigned_tx_ended_readings else None)
                if reading:
                    tx.ended_readings.append(reading)
                due[context] = (interval, when + interval)

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
                       meter_context=None, remote_start_id=None, include_evse=False, meter_timestamp=None,
                       earlier_readings=()):
        info = {"transactionId": tx.transaction_id}
        if tx.charging_state:
            info["chargingState"] = tx.charging_state
        if stopped_reason:
            info["stoppedReason"] = stopped_reason
        if remote_start_id is not None and not self.faults.no_remote_start_id:
            info["remoteStartId"] = remote_start_id
        payload = {"eventType": event_type, "timestamp": now_iso(), "triggerReason": trigger_reason,
                   "seqNo": self._next_seq_no(tx), "transactionInfo": info}
        if (event_type == "Started" and not self.faults.no_evse_in_first_event and tx.evse_known) or include_evse:
            payload["evse"] = {"id": tx.evse_id, "connectorId": tx.connector_id}
        if id_token and not (self.faults.no_id_token_after_authorization and trigger_reason == "Authorized"):
            payload["idToken"] = id_token
        if meter_context and not self.faults.missing_meter_values:
            meter_value = self._meter_value(tx.evse_id, meter_context, self._measurands(meter_context),
                                            timestamp=meter_timestamp)
            readings = list(earlier_readings) + ([meter_value] if meter_value else [])
            if readings:
                payload["meterValue"] = readings
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
        # E01 (a card reader for every EVSE): authorized before any cable is in, the transaction has no EVSE yet;
        # its Transaction.Begin readings go in the event that first names the EVSE (plug_in)
        if self.settings.shared_card_reader and len(self.settings.evses) > 1 and trigger_reason == "Authorized" \
                and not any((evse_id, c) in self._plugged for c in self._connectors_of(evse_id)):
            tx.evse_known = False
        self._post_tx_event(tx, "Started", trigger_reason, id_token=id_token,
                            meter_context="Transaction.Begin" if tx.evse_known else None,
                            remote_start_id=remote_start_id)
        self._energy_transfer(tx)
        if (evse_id, connector_id) not in self._plugged and id_token is not None:
            self._arm_ev_connection_timeout(evse_id)
        tx.meter_task = self._spawn(self._meter_loop(tx))
        tx.ended_task = self._spawn(self._tx_ended_sampling(tx))
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
            or ("PowerPathClosed" in points and plugged and id_token) \
            or ("ParkingBayOccupancy" in points and evse_id in self._bay_occupied)
        at_energy_transfer = not early and "EnergyTransfer" in points and plugged and id_token
        # E01 (S4): the meter's signed data, read once the EV is connected and authorized, starts the transaction
        data_signed = not early and not at_energy_transfer and "DataSigned" in points and plugged and id_token
        if early or at_energy_transfer or data_signed:
            self._pending_auth.pop(evse_id, None)
            connector_id = plugged[0] if plugged else self._connectors_of(evse_id)[0]
            if remote_start_id is not None:
                # F02.FR.01 (OCTT general rule): the first event after a remote start is its RemoteStart event,
                # also when the transaction starts later, at the cable
                trigger_reason = "RemoteStart"
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
        if any(self._ev_linked(evse_id, c) for c in self._connectors_of(evse_id)):
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
        # J01/J02: the TxEndedInterval readings, then the Transaction.End one
        earlier = [] if self.faults.no_tx_ended_readings else tx.ended_readings
        self._post_tx_event(tx, "Ended", trigger_reason, id_token=id_token, stopped_reason=stopped_reason,
                            meter_context="Transaction.End", earlier_readings=earlier)
        tx.ended = True
        for task in (tx.meter_task, tx.ended_task):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        self._pending_auth.pop(tx.evse_id, None)
        self._disarm_ev_connection_timeout(tx.evse_id)
        self._after_transaction(tx.evse_id, report_status)
        self._state_changed()

    def _after_transaction(self, evse_id, report_status):
        """What waited for the transaction to end: scheduled availability and resets, the connector status."""
        reported = set()
        for scope, status in list(self._scheduled_availability):
            if scope == ("station",) and self._any_transaction():
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
                # a cable still in: reported only when its status changed (Unavailable once an Inoperative waited)
                if key not in reported and (key not in self._plugged
                                            or self._status_of(*key) != self.model.connector(*key).status):
                    self._post_status(evse_id, connector_id)
        if evse_id in self._scheduled_resets:
            self._scheduled_resets.discard(evse_id)
            self._spawn(self._reset_evse(evse_id))
        if 0 in self._scheduled_resets and (self.faults.reset_when_first_idle
                                            or not self._any_transaction()):
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
        self._bay_occupied.add(evse_id)     # an EV whose cable is in stands in the bay: nothing more to detect
        self._disarm_ev_connection_timeout(evse_id)
        if not self.faults.no_occupied_status:
            self._post_status(evse_id, connector_id)
        tx = self.transaction(evse_id)
        if tx is not None:
            tx.connector_id = connector_id
            tx.charging_state = self._before_energy_transfer(tx)
            begin = None
            if not tx.evse_known:       # E01/J02: the EVSE is known now, with the Transaction.Begin readings
                tx.evse_known = True
                begin = None if self.faults.no_begin_reading_when_evse_known else "Transaction.Begin"
            self._post_tx_event(tx, "Updated", "CablePluggedIn", include_evse=True, meter_context=begin)
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
        tx = self.transaction(evse_id)
        # E06: TxStopPoint ParkingBayOccupancy alone ends the transaction when the EV leaves the bay, not here
        cable_points = CABLE_POINTS - {"ParkingBayOccupancy"}
        ends = tx is not None and tx.connector_id == connector_id and bool(self._points("TxStopPoint") & cable_points) \
            and not self.faults.keep_transaction_on_unplug
        # G03.FR.05/G04.FR.06: an Inoperative that waited for this transaction reports Unavailable once it has ended
        waited = ends and any(status == "Inoperative" and scope in self._scopes(evse_id, connector_id)
                              for scope, status in self._scheduled_availability)
        if not (was_off and self.settings.fixed_cable) and not self.faults.no_available_status_on_unplug \
                and not waited:
            self._post_status(evse_id, connector_id)        # (a fixed cable out of the EV is Available already)
        if tx is not None and tx.connector_id == connector_id:
            if ends:
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
        (E09.FR.03); false suspends it (E10.FR.01). Each time a TransactionEvent EVCommunicationLost, Idle.
        A cable fixed to the station (settings.fixed_cable) leaves the connector Available, and a suspended
        transaction whose EV is not back within TxCtrlr.EVConnectionTimeOut is deauthorized (E10.FR.02)."""
        key = self._ev_side_key(evse_id, connector_id, "disconnect on the EV side")
        if key in self._ev_side_off:
            return
        self._advance_meter(evse_id)
        self._ev_side_off.add(key)
        self._ev_not_ready.discard(key)         # a reconnected EV is a new link
        tx = self.transaction(evse_id)
        if tx is None or tx.connector_id != connector_id or tx.ended or self.faults.silent_ev_side_disconnect:
            self._fixed_cable_freed(evse_id, connector_id)
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
            if self.settings.fixed_cable and tx.authorized and not self.faults.no_fixed_cable_connection_timeout:
                self._arm_ev_connection_timeout(evse_id)    # E10.FR.02: the EV has EVConnectionTimeOut to return
        self._fixed_cable_freed(evse_id, connector_id)
        self._state_changed()

    def _fixed_cable_freed(self, evse_id, connector_id):
        """A cable fixed to the station that comes out of the EV leaves the connector free: StatusNotification
        Available (E10; OCTT TC_E_26/27_CS step 3). A detachable cable stays in the station, Occupied."""
        if self.settings.fixed_cable:
            self._post_status(evse_id, connector_id)

    async def plug_in_at_ev(self, evse_id=1, connector_id=1):
        """The cable goes back into the EV (E10.FR.03): a suspended transaction reports CablePluggedIn
        (EVConnected), then its energy transfer (ChargingStateChanged, Charging)."""
        key = self._ev_side_key(evse_id, connector_id, "reconnect on the EV side")
        if key not in self._ev_side_off:
            return
        self._advance_meter(evse_id)
        self._ev_side_off.discard(key)
        if self.settings.fixed_cable:           # the fixed cable is in an EV again: Occupied, no timeout
            self._disarm_ev_connection_timeout(evse_id)
            self._post_status(evse_id, connector_id)
        tx = self.transaction(evse_id)
        if tx is not None and tx.connector_id == connector_id and not tx.ended:
            tx.charging_state = self._before_energy_transfer(tx)
            self._post_tx_event(tx, "Updated", "CablePluggedIn", include_evse=True)
            if not self.faults.no_energy_after_ev_side_reconnect:
                self._energy_transfer(tx)
        elif tx is None:
            self._maybe_start(evse_id, "CablePluggedIn")
        self._state_changed()

    # ------------------------------------------------------------------ parking bay sensor (E01, E06)

    def _check_evse(self, evse_id):
        if evse_id not in self.settings.evses:
            raise StationError(f"the reference station has no EVSE {evse_id}")

    async def drive_into_parking_bay(self, evse_id=1):
        """An EV drives into the parking bay of the EVSE and its sensor sees it: with TxStartPoint
        ParkingBayOccupancy a transaction starts (E01.FR.01: Started, triggerReason EVDetected). A cable
        plugged in counts as an EV in the bay too."""
        self._check_evse(evse_id)
        if evse_id in self._bay_occupied:
            return
        self._bay_occupied.add(evse_id)
        if not self.faults.no_start_on_ev_detected:
            self._maybe_start(evse_id, "EVDetected")
        self._state_changed()

    async def drive_out_of_parking_bay(self, evse_id=1):
        """The EV leaves the parking bay of the EVSE: with TxStopPoint ParkingBayOccupancy its transaction
        ends (E06.FR.01: Ended, triggerReason EVDeparted, stoppedReason Local)."""
        self._check_evse(evse_id)
        self._bay_occupied.discard(evse_id)
        tx = self.transaction(evse_id)
        if tx is not None and "ParkingBayOccupancy" in self._points("TxStopPoint") \
                and not self.faults.keep_transaction_on_ev_departed:
            self._end_transaction(tx, "EVDeparted", "Local")
        self._state_changed()

    # ------------------------------------------------------------------ Master Pass user interface (C16)

    def _master_pass_holder(self, what):
        if not self.settings.user_interface:
            raise StationError(f"the reference station has no user interface to {what} at (it is one with "
                               f"--user-interface)")
        token = self._master_pass_at_ui
        if token is None:
            raise StationError(f"no Master Pass was presented at the user interface: there is nothing to {what}")
        self._master_pass_at_ui = None
        return token

    async def select_stop_all_transactions(self):
        """At the user interface, the Master Pass holder selects to stop every transaction (C16.FR.01)."""
        token = self._master_pass_holder("stop all transactions")
        evse_ids = [e for e in sorted(self.settings.evses) if self.transaction(e) is not None]
        if self.faults.master_pass_ui_stops_one:
            evse_ids = evse_ids[:1]
        self._master_pass_end(token, evse_ids)

    async def select_stop_transaction(self, evse_id=1):
        """At the user interface, the Master Pass holder selects to stop the transaction on one EVSE (C16.FR.01)."""
        self._check_evse(evse_id)
        if self.transaction(evse_id) is None:
            raise StationError(f"no transaction runs on EVSE {evse_id} to select at the user interface")
        token = self._master_pass_holder(f"stop the transaction on EVSE {evse_id}")
        evse_ids = sorted(self.settings.evses) if self.faults.master_pass_ui_stops_all else [evse_id]
        self._master_pass_end(token, evse_ids)

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
        (triggerReason StopAuthorized, stoppedReason MasterPass). One with a user interface
        (settings.user_interface) lets the holder select there which (C16.FR.01: select_stop_all_transactions,
        select_stop_transaction)."""
        if self.faults.master_pass_ignored:
            return
        if self.settings.user_interface:
            self._master_pass_at_ui = token
            return
        self._master_pass_end(token, sorted(self.settings.evses))

    def _master_pass_end(self, token, evse_ids):
        for evse_id in evse_ids:
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
            authorize = self._flag("AuthCtrlr", "AuthorizeRemoteStart")     # F01.FR.01, F01.FR.02
            if self.faults.skip_authorize_remote_start or self.faults.authorize_remote_start_always:
                authorize = self.faults.authorize_remote_start_always
            if authorize:
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
            if hasattr(self.tls, "rebooted"):
                self.tls.rebooted()     # B10: the first network connection profile of NetworkConfigurationPriority
            self._reconnect_now = True
            if self.connection is not None:
                await self.connection.close()
            self._wake.set()
        finally:
            self._rebooting = False

    # ================================================================== on-demand messages

    def _make_csr(self, certificate_type, key=None):
        key = key or ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, self.station_id),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                             self.device_model.value("SecurityCtrlr", "OrganizationName"))])
        csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
        self.csr_keys[certificate_type] = key
        return csr.public_bytes(serialization.Encoding.PEM).decode()

    async def sign_certificate(self, certificate_type="ChargingStationCertificate", triggered=False):
        """A02/A03: SignCertificate with a fresh CSR (EC P-256, CN = station identity). Once the CSMS accepted it,
        A02.FR.17/18: without a CertificateSigned within SecurityCtrlr.CertSigningWaitMinimum a new CSR of the
        same key goes out, the wait doubling each time, at most CertSigningRepeatTimes times."""
        payload = {"csr": self._make_csr(certificate_type), "certificateType": certificate_type}
        received = self._certificates_received[certificate_type]
        outcome = await self._send("SignCertificate", payload, triggered=triggered)
        if outcome.ok and (outcome.response or {}).get("status") == "Accepted":
            old = self._cert_signing_tasks.pop(certificate_type, None)
            if old is not None and old is not asyncio.current_task():
                old.cancel()
            self._cert_signing_tasks[certificate_type] = self._spawn(
                self._repeat_sign_certificate(certificate_type, received))
        return outcome

    async def _repeat_sign_certificate(self, certificate_type, received):
        attempt = 0
        while not self.faults.no_cert_signing_retry:
            try:
                repeats = int(self.device_model.value("SecurityCtrlr", "CertSigningRepeatTimes"))
            except (KeyError, ValueError):
                return
            if attempt >= repeats:
                return
            wait = self._protocol_seconds("SecurityCtrlr", "CertSigningWaitMinimum") * 2 ** attempt
            if await self.wait_until(lambda: self._certificates_received[certificate_type] != received, wait):
                return
            attempt += 1
            key = self.csr_keys.get(certificate_type)
            outcome = await self._send("SignCertificate", {"csr": self._make_csr(certificate_type, key),
                                                           "certificateType": certificate_type})
            if not (outcome.ok and (outcome.response or {}).get("status") == "Accepted"):
                return

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
        if self.faults.reject_custom_data and _carries_custom_data(payload):
            raise CallError(self.codes.format_violation, "customData is not allowed")
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
        if report_base not in self.REPORT_BASES:
            if self.faults.reject_unsupported_report_base:
                return {"status": "Rejected"}
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
        if self._any_transaction() and not immediate \
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
        if "chargingProfile" in request and self.faults.reject_remote_start_with_profile:
            return {"status": "Rejected"}
        # F01.FR.12: without smart charging the station ignores a chargingProfile in the request
        response = {"status": "Accepted"}
        tx = self.transaction(evse_id)
        if tx is not None and not self.faults.remote_start_without_transaction_id:
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
        # E14.FR.04/05: a message still to be delivered, the one on the wire too: it leaves the queue when the
        # CSMS has answered it (OCTT TC_E_31_CS: the only queued message, the Ended event, may be on its way);
        # answered, it is delivered, even if the queue has not yet let it go
        connection = self.connection
        answered = connection is None or not connection.awaits_answer()
        queued = any(item.action == "TransactionEvent" and not (item is self._in_flight and answered) and
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
        if key not in self.model.connectors:       # F05.FR.03
            return {"status": "UnlockFailed" if self.faults.unlock_unknown_connector_failed else "UnknownConnector"}
        tx = self.transaction(key[0])
        if tx is not None and tx.authorized and not self.faults.unlock_during_transaction:
            return {"status": "OngoingAuthorizedTransaction"}      # F05.FR.02
        if tx is None and key not in self._plugged and self.faults.unlock_failed_without_cable:
            return {"status": "UnlockFailed"}
        return {"status": "Unlocked"}

    def _on_CostUpdated(self, request, after):
        return {}

    # ------------------------------------------------------------------ availability (G) and triggers (F06)

    def _on_ChangeAvailability(self, request, after):
        status = request["operationalStatus"]
        evse = request.get("evse")
        if evse is None:
            scope = ("station",)
            busy = self._any_transaction()
        else:
            evse_id, connector_id = evse["id"], evse.get("connectorId")
            if evse_id not in self.settings.evses or (
                    connector_id is not None and (evse_id, connector_id) not in self.model.connectors):
                return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
            scope = ("evse", evse_id) if connector_id is None else ("connector", evse_id, connector_id)
            busy = self.transaction(evse_id) is not None
        if self.faults.availability_scope_ignored and status == "Inoperative":
            scope, busy = ("station",), self._any_transaction()
        if self.faults.reject_unchanged_availability and (scope in self._inoperative) == (status == "Inoperative"):
            return {"status": "Rejected"}
        if busy and status == "Inoperative":
            if self.faults.inoperative_at_once_during_transaction:
                after(lambda: self._apply_availability(scope, status))
                return {"status": "Accepted"}
            if not self.faults.scheduled_availability_forgotten:
                self._scheduled_availability.append((scope, status))    # G03.FR.05/G04.FR.06: once it has ended
                if scope == ("station",):
                    # G04.FR.06 (OCTT TC_G_14 step 3): the EVSEs without a transaction are Unavailable at once
                    after(lambda: self._apply_availability(scope, status, only_idle=True))
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
            payload = self._status_payload(evse_id, connector_id)
            if self.faults.stale_triggered_status:
                payload["connectorStatus"] = "Available"
            await self._send("StatusNotification", payload, triggered=True)

    async def _send_triggered_meter_values(self, evse_ids):
        context = "Sample.Periodic" if self.faults.wrong_trigger_meter_context else "Trigger"     # F06.FR.06
        for evse_id in evse_ids:
            meter_value = self._meter_value(evse_id, context, self._measurands("Trigger"))
            if meter_value:
                await self._send("MeterValues", {"evseId": evse_id, "meterValue": [meter_value]}, triggered=True)

    def _triggered_evses(self, evse):
        """F06.FR.02/11: the EVSE of the request, else every EVSE."""
        if evse:
            return [evse["id"]]
        evse_ids = sorted(self.settings.evses)
        return evse_ids[:1] if self.faults.trigger_first_evse_only else evse_ids

    def _transfer_status(self, status, request_id, final):
        """F06.FR.14/15/16: a triggered Log/FirmwareStatusNotification reports the transfer going on, else Idle."""
        if self.faults.transfer_status_trigger_always_idle:
            status = "Idle"
        elif self.faults.transfer_status_trigger_never_idle and status == "Idle":
            status = final
        payload = {"status": status}
        if status != "Idle" and request_id is not None:
            payload["requestId"] = request_id
        return payload

    def _on_TriggerMessage(self, request, after):
        message, evse = request["requestedMessage"], request.get("evse")
        # F06.FR.03: an evse for a message that is not about one (BootNotification, Heartbeat, the status of a
        # transfer) is ignored
        per_evse = message in ("MeterValues", "TransactionEvent", "StatusNotification")
        if evse is not None and not per_evse and self.faults.reject_trigger_with_irrelevant_evse:
            return {"status": "Rejected"}
        if evse is not None and per_evse and evse["id"] not in self.settings.evses:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
        if message == "BootNotification":
            if self.registration == "Accepted" and not self.faults.accept_boot_trigger_after_accepted:
                return {"status": "Rejected"}         # F06.FR.17
            after(self._trigger_boot)
        elif message == "Heartbeat":
            if not self.faults.no_triggered_heartbeat:
                after(lambda: self._send("Heartbeat", {}, triggered=True))
        elif message == "StatusNotification":
            if evse is not None and "connectorId" in evse and self.faults.reject_specific_status_trigger:
                return {"status": "Rejected"}
            connectors = self._selected_connectors(evse)
            if not connectors:
                return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownConnectorId"}}
            after(lambda: self._send_triggered_status(connectors))
        elif message == "MeterValues":
            evse_ids = self._triggered_evses(evse)
            after(lambda: self._send_triggered_meter_values(evse_ids))
        elif message == "TransactionEvent":
            txs = [self.transaction(e) for e in self._triggered_evses(evse)]
            txs = [tx for tx in txs if tx is not None]
            if not txs:
                return {"status": "Rejected", "statusInfo": {"reasonCode": "TxNotFound"}}
            reason = "MeterValuePeriodic" if self.faults.wrong_trigger_transaction_reason else "Trigger"   # F06.FR.07
            after(lambda: [self._post_tx_event(tx, "Updated", reason, meter_context="Trigger", include_evse=True)
                           for tx in txs])
        elif message == "FirmwareStatusNotification":
            payload = self._transfer_status(self.firmware_status, self.firmware_request_id, "Installed")
            after(lambda: self._send("FirmwareStatusNotification", payload, triggered=True))
        elif message == "LogStatusNotification":
            payload = self._transfer_status(self.log_status, self.log_request_id, "Uploaded")
            after(lambda: self._send("LogStatusNotification", payload, triggered=True))
        elif message == "SignChargingStationCertificate":
            after(lambda: self.sign_certificate("ChargingStationCertificate", triggered=True))
        elif message == "SignV2GCertificate":
            after(lambda: self.sign_certificate("V2GCertificate", triggered=True))
        else:       # F06.FR.08
            return {"status": "Rejected" if self.faults.reject_unimplemented_trigger else "NotImplemented"}
        return {"status": "Accepted"}

    # ------------------------------------------------------------------ firmware (L) and diagnostics (N)

    # L01 Secure firmware update. The station does not go out to the network: a location on a loopback host
    # is really connected to (a refused connection fails the download), and what a location holds is what
    # support/station/firmware.py made_up_firmware says (a *.bin file the suite's firmware image, *-corrupt.bin
    # one that verifies but does not install, any other name nothing). It trusts the firmware signing
    # certificates the manufacturer root of the suite's test PKI issued (certs/manufacturer-root-ca.pem, its
    # built-in root) or an installed ManufacturerRootCertificate issued. Without a transaction it reboots to
    # activate the new firmware (InstallRebooting, BootNotification FirmwareUpdate); with one (it may then update,
    # settings.firmware_during_transaction "install") it activates it at once and reconnects.

    def _firmware_roots(self):
        """The manufacturer roots a firmware signing certificate must come from (L01.FR.02)."""
        roots = [c.certificate for c in self.certificates if c.certificate_type == "ManufacturerRootCertificate"]
        if getattr(self, "_builtin_manufacturer_root", None) is None:
            from ...pki.store import TestPki
            self._builtin_manufacturer_root = TestPki().manufacturer_root.certificate
        return roots + [self._builtin_manufacturer_root]

    def _signing_certificate_problem(self, pem):
        """Why the station does not trust a firmware signing certificate (L01.FR.02), or None."""
        from cryptography.exceptions import InvalidSignature
        try:
            certificate = x509.load_pem_x509_certificate(pem.encode())
        except ValueError:
            return "the signing certificate is not a PEM X.509 certificate"
        moment = datetime.now(timezone.utc)
        if not certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc:
            return "the signing certificate is not valid now"
        for root in self._firmware_roots():
            try:
                certificate.verify_directly_issued_by(root)
                return None
            except (ValueError, TypeError, InvalidSignature):
                continue
        return "the signing certificate was not issued by a manufacturer root the station trusts"

    @staticmethod
    def _firmware_signature_ok(firmware, image):
        """Whether firmware.signature (base64) over the image verifies with the signing certificate's key."""
        try:
            certificate = x509.load_pem_x509_certificate(firmware["signingCertificate"].encode())
        except (KeyError, ValueError, TypeError):
            return False
        return signature_verifies(certificate, firmware.get("signature"), image)

    def _wall_seconds_until(self, text):
        """Wall-clock seconds (scaled) until a dateTime of the CSMS; 0 when it is absent or past."""
        try:
            moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except (ValueError, TypeError):
            return 0.0
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds() * self.settings.time_scale)

    def _firmware_must_wait(self):
        """A transaction is ongoing, or an EV driver is still at an EVSE (the cable in): a station that cannot
        update its firmware meanwhile waits until all that is over (L01.FR.06)."""
        return self._any_transaction() or bool(self._plugged)

    def _hold_for_firmware(self):
        """L01.FR.07: while a firmware update waits for the transactions to end, with
        ChargingStation.AllowNewSessionsPendingFirmwareUpdate false, the EVSEs not in use are Unavailable, and so
        is one that becomes free, until the firmware is installed."""
        allowed = self._flag("ChargingStation", "AllowNewSessionsPendingFirmwareUpdate")
        if allowed or self.faults.no_unavailable_pending_firmware:
            return
        self._firmware_hold = {e for e in self.settings.evses if self.transaction(e) is None}
        self._report_changed_statuses()

    def _release_firmware_hold(self, report=True):
        if self._firmware_hold is None:
            return
        self._firmware_hold = None
        if report:
            self._report_changed_statuses()

    def _report_changed_statuses(self):
        for evse_id, connector_id in sorted(self.model.connectors):
            if self._status_of(evse_id, connector_id) != self.model.connector(evse_id, connector_id).status:
                self._post_status(evse_id, connector_id)
        self._state_changed()

    async def _firmware_status(self, status, request_id):
        self.firmware_status = status
        await self._send("FirmwareStatusNotification", {"status": status, "requestId": request_id})

    async def _download_firmware(self, request, report):
        """L01: Downloading, then the image (None when the download failed), tried 1 + retries times,
        retryInterval (protocol seconds) apart."""
        location = request["firmware"]["location"]
        retries = max(0, request.get("retries") or 0)
        for attempt in range(retries + 1):
            if attempt:
                await asyncio.sleep(max(0, request.get("retryInterval") or 0) * self.settings.time_scale)
            else:
                await report("Downloading")
            await asyncio.sleep(self.settings.transfer_time)
            if await self._location_reachable(location):
                from ...station.firmware import made_up_firmware
                image = made_up_firmware(location)
                if image is not None:
                    return image
        return None

    async def _reconnected(self, boots=None):
        """Wait (a while) until the station is connected and Accepted again; after a reboot, booted anew."""
        def ready():
            return self.accepted and not self._boot_required and (boots is None or self.boot_count > boots)
        await self.wait_until(ready, self.settings.connect_timeout + 2 * self.settings.call_timeout)

    async def _firmware_update(self, request):
        """L01: (DownloadScheduled,) Downloading, Downloaded, SignatureVerified (InvalidSignature), (InstallScheduled,)
        Installing, InstallRebooting and a reboot (or, with a transaction ongoing, a reconnection), Installed and the
        security event FirmwareUpdated."""
        from ...station.firmware import FIRMWARE_IMAGE
        request_id, firmware = request["requestId"], request["firmware"]
        self.firmware_request_id = request_id
        step = self.settings.lifecycle_step
        during = self.settings.firmware_during_transaction

        async def report(status):
            await self._firmware_status(status, request_id)
        try:
            delay = 0.0 if self.faults.ignore_retrieve_date_time else self._wall_seconds_until(
                firmware.get("retrieveDateTime"))
            wait = during == "nothing" and self._firmware_must_wait() and not self.faults.download_during_transaction
            if delay > 0 or wait:
                await report("DownloadScheduled")
                if wait:
                    self._hold_for_firmware()
                await asyncio.sleep(delay)
                if during == "nothing" and not self.faults.download_during_transaction:
                    await self.wait_until(lambda: not self._firmware_must_wait(), 86400)
            image = await self._download_firmware(request, report)
            if image is None:
                if not self.faults.silent_download_failure:
                    await report("DownloadFailed")
                return
            await report("Downloaded")
            await asyncio.sleep(step)
            if not self._firmware_signature_ok(firmware, image) and not self.faults.ignore_firmware_signature:
                await report("InvalidSignature")                                  # L01.FR.03
                await self.security_event("InvalidFirmwareSignature", f"firmware from {firmware['location']}")
                return
            if not self.faults.no_signature_verified:
                await report("SignatureVerified")
            await asyncio.sleep(step)
            delay = 0.0 if self.faults.ignore_install_date_time else self._wall_seconds_until(
                firmware.get("installDateTime"))
            wait = during != "install" and self._firmware_must_wait() and not self.faults.install_during_transaction
            if delay > 0 or wait:
                await report("InstallScheduled")
                if wait and self._firmware_hold is None:
                    self._hold_for_firmware()
                await asyncio.sleep(delay)
                if wait:
                    await self.wait_until(lambda: not self._firmware_must_wait(), 86400)
            await report("Installing")
            await asyncio.sleep(step)
            if image != FIRMWARE_IMAGE and not self.faults.no_install_verification:
                await report("InstallVerificationFailed")
                return
            if self._any_transaction():
                # activated at once; a new connection re-establishes the protocol version handshake
                if not self.faults.no_reconnect_after_firmware_update:
                    await self.reconnect()
                    await self._reconnected()
            else:
                await report("InstallRebooting")
                self._release_firmware_hold(report=False)   # the boot reports every connector
                boots = self.boot_count
                await self._reboot("FirmwareUpdate")
                await self._reconnected(boots)
            await report("Installed")
            await self.security_event("FirmwareUpdated", f"firmware from {firmware['location']}")
        finally:
            if self.firmware_request_id == request_id:
                self.firmware_status = "Idle"
                self._release_firmware_hold()

    def _on_UpdateFirmware(self, request, after):
        firmware = request["firmware"]
        if not (firmware.get("signingCertificate") and firmware.get("signature")) \
                and not self.faults.accept_unsigned_firmware:
            # a station that updates its firmware securely takes no firmware without them (OCTT TC_L_18_CS)
            return {"status": "Rejected"}
        problem = firmware.get("signingCertificate") and self._signing_certificate_problem(firmware["signingCertificate"])
        if problem and not self.faults.accept_untrusted_signing_certificate:
            after(lambda: self.security_event("InvalidFirmwareSigningCertificate", problem))      # L01.FR.02
            return {"status": "InvalidCertificate"}
        status = "Accepted"
        if self._firmware_task is not None and not self._firmware_task.done():
            if not self.settings.firmware_update_cancel:
                if not self.faults.accept_firmware_update_while_busy:
                    return {"status": "Rejected"}           # L01.FR.27: it cannot cancel the update under way
            else:
                if not self.faults.keep_canceled_firmware_update:
                    self._firmware_task.cancel()            # L01.FR.24
                status = "AcceptedCanceled"

        def start():
            self._firmware_task = self._spawn(self._firmware_update(request))
        after(start)
        return {"status": status}

    def _log_status(self, status, request_id):
        payload = {"status": status}
        if not self.faults.log_status_without_request_id:
            payload["requestId"] = request_id
        return payload

    async def _location_reachable(self, location):
        """Whether a file transfer to this location works. The station does not go out to the network: a
        location on a loopback host is really connected to (a refused connection fails the transfer), any
        other counts as reachable, when its scheme is one of OCPPCommCtrlr.FileTransferProtocols."""
        try:
            url = urlparse(location)
            port = url.port
        except ValueError:
            return False
        scheme = (url.scheme or "").lower()
        if scheme.upper() not in {p.upper() for p in self._member_list("OCPPCommCtrlr", "FileTransferProtocols")}:
            return False
        if url.hostname not in LOOPBACK_HOSTS:
            return True
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(url.hostname, port or TRANSFER_PORTS.get(scheme, 80)), 1.0)
        except (OSError, asyncio.TimeoutError, ValueError):
            return False
        writer.close()
        return True

    async def _log_upload(self, request):
        """N01: Uploading, then Uploaded once the upload is done; a location the station cannot reach is
        UploadFailure, tried again `retries` times, retryInterval (protocol seconds) apart (N01.FR.10)."""
        request_id, location = request["requestId"], request["log"]["remoteLocation"]
        retries = 0 if self.faults.no_log_upload_retries else max(0, request.get("retries") or 0)
        interval = max(0, request.get("retryInterval") or 0) * self.settings.time_scale
        self.log_request_id = request_id
        try:
            for attempt in range(retries + 1):
                if attempt:
                    await asyncio.sleep(interval)
                self.log_status = "Uploading"
                await self._send("LogStatusNotification", self._log_status("Uploading", request_id))
                if await self._location_reachable(location):
                    await asyncio.sleep(self.settings.transfer_time)
                    self.log_status = "Uploaded"
                    await self._send("LogStatusNotification", self._log_status("Uploaded", request_id))
                    return
                self.log_status = "UploadFailure"
                await self._send("LogStatusNotification", self._log_status("UploadFailure", request_id))
        finally:
            self.log_status = "Idle"

    def _on_GetLog(self, request, after):
        status = "Accepted"
        if self._log_task is not None and not self._log_task.done():
            # N01.FR.12: the upload under way is cancelled and reported AcceptedCanceled
            self._log_task.cancel()
            status = "AcceptedCanceled"
            canceled = self.log_request_id
            if not self.faults.no_log_cancel_notification:
                after(lambda: self._send("LogStatusNotification", self._log_status("AcceptedCanceled", canceled)))

        def start():
            self._log_task = self._spawn(self._log_upload(request))
        after(start)
        if self.faults.no_log_filename:
            return {"status": status}
        filename = f"{self.station_id}-{request['logType']}-{request['requestId']}.log"
        return {"status": status, "filename": filename[:255]}

    def _customer_transactions(self, token):
        return [tx for tx in self.model.transactions.values()
                if tx.id_token and self._cache_key(tx.id_token) == self._cache_key(token)]

    def _customer_data(self, request):
        """N09: what the station holds of the customer: the idToken in its Authorization Cache and the
        transactions it authorized, or a customerIdentifier entered at the station (one text per item)."""
        found = []
        token = request.get("idToken")
        if token:
            cached = self.auth_cache.get(self._cache_key(token))
            if cached is not None:
                found.append(f"idToken {token['idToken']} ({token['type']}) in the authorization cache, status "
                             f"{(cached.get('info') or {}).get('status')}")
            found += [f"transaction {tx.transaction_id} on EVSE {tx.evse_id} authorized by idToken {token['idToken']}"
                      for tx in self._customer_transactions(token)]
        identifier = request.get("customerIdentifier")
        if identifier and identifier in self.customer_identifiers:
            found.append(f"customer {identifier}: data entered at the station")
        return found

    def _clear_customer(self, request):
        """N10.FR.01: the customer's data goes (the local authorization list keeps its entries)."""
        token = request.get("idToken")
        if token:
            self.auth_cache.pop(self._cache_key(token), None)
            for tx in self._customer_transactions(token):
                if tx.ended:
                    tx.id_token = None
        self.customer_identifiers.discard(request.get("customerIdentifier"))

    def _on_CustomerInformation(self, request, after):
        if not request["report"] and not request["clear"]:
            return {"status": "Rejected"}
        identifier = (request.get("customerIdentifier") or (request.get("idToken") or {}).get("idToken")
                      or (request.get("customerCertificate") or {}).get("serialNumber"))
        if request["report"] and not identifier:
            return {"status": "Invalid"}
        found = self._customer_data(request)
        if request["clear"] and not self.faults.customer_data_not_cleared:
            self._clear_customer(request)
        if request["report"]:
            # N09.FR.05/06: the data found, empty when the station holds nothing of the customer
            data = "" if self.faults.no_customer_data else "; ".join(found)
            if not found and self.faults.no_notify_without_customer_data:
                return {"status": "Accepted"}
        else:
            if self.faults.no_notify_on_clear_only:
                return {"status": "Accepted"}
            data = f"customer data of {identifier} cleared" if identifier else "customer data cleared"
        payload = {"data": data[:512], "seqNo": 0, "tbc": False, "generatedAt": now_iso(),
                   "requestId": request["requestId"]}
        after(lambda: self._send("NotifyCustomerInformation", payload))
        return {"status": "Accepted"}

    def _on_DataTransfer(self, request, after):
        if self.faults.accept_unknown_data_transfer:
            return {"status": "Accepted"}
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
        provisioned = self.tls.provisioned_root()
        for installed in self.certificates + ([provisioned] if provisioned else []):
            if installed.certificate.subject == certificate.issuer:
                return installed.certificate
        return None

    def _on_CertificateSigned(self, request, after):
        self._certificates_received[request.get("certificateType", "ChargingStationCertificate")] += 1   # A02.FR.17
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
        now = datetime.now(timezone.utc)
        if not self.faults.accept_expired_certificate and not (
                certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificate",     # M05.FR.07
                                                         "additionalInfo": "the certificate is not valid now"}}
        if self.faults.reject_manufacturer_root and request["certificateType"] == "ManufacturerRootCertificate":
            return {"status": "Rejected"}
        refused, issuer = self.tls.install_root(request["certificateType"], certificate)   # M05, AS-2
        if refused:
            return refused
        if self.faults.install_accepted_not_stored:
            return {"status": "Accepted"}
        hash_data = certificate_hash_data(certificate, issuer or self._issuer_of(certificate))
        self.certificates = [c for c in self.certificates if c.hash_data != hash_data]
        self.certificates.append(InstalledCertificate(request["certificateType"], request["certificate"],
                                                      certificate, hash_data))
        return {"status": "Accepted"}

    def _on_GetInstalledCertificateIds(self, request, after):
        """M03: the hash data of each installed certificate of the asked types (every type when omitted):
        the CSMS root it was provisioned with, those installed since, the old CSMS root kept as fallback."""
        faults = self.faults
        wanted = request.get("certificateType")
        if wanted and faults.single_certificate_type_filter:
            wanted = wanted[:1]
        if not wanted and faults.no_certificates_without_type:
            return {"status": "NotFound"}
        provisioned = self.tls.provisioned_root()
        chain, seen = [], set()
        for c in ([provisioned] if provisioned else []) + self.certificates + self.tls.listed_fallback():
            key = (c.certificate_type, tuple(sorted(c.hash_data.items())))
            if key in seen or (wanted and c.certificate_type not in wanted and not faults.certificate_type_filter_ignored):
                continue
            if faults.lists_one_certificate_per_type and any(k[0] == c.certificate_type for k in seen):
                continue
            seen.add(key)
            hash_data = dict(c.hash_data)
            if faults.hash_algorithm_mislabelled:
                hash_data["hashAlgorithm"] = "SHA384"
            chain.append({"certificateType": c.certificate_type, "certificateHashData": hash_data})
        if not chain:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashDataChain": chain}

    def _on_DeleteCertificate(self, request, after):
        """M04: an installed certificate with this hash data is deleted (the provisioned CSMS root too); the
        ChargingStationCertificate is not one of them (M04.FR.06): NotFound."""
        wanted = request["certificateHashData"]
        keys = ("hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber")

        def same(hash_data):
            return all(str(hash_data[k]).lower() == str(wanted[k]).lower() for k in keys)
        faults = self.faults
        found = [c for c in self.certificates if same(c.hash_data)]
        provisioned = self.tls.provisioned_root()
        provisioned = provisioned if provisioned is not None and same(provisioned.hash_data) else None
        if found or provisioned:
            if not faults.delete_not_applied:
                self.certificates = [c for c in self.certificates if c not in found]
                if provisioned:
                    self.tls.provisioned_root_replaced = True     # no longer trusted
            return {"status": "Accepted"}
        station_chain = self.station_certificates.get("ChargingStationCertificate")
        if faults.delete_charging_station_certificate and station_chain:
            chain = x509.load_pem_x509_certificates(station_chain.encode())
            if same(certificate_hash_data(chain[0], chain[1] if len(chain) > 1 else self._issuer_of(chain[0]))):
                del self.station_certificates["ChargingStationCertificate"]
                self.tls.signed.pop("ChargingStationCertificate", None)
                return {"status": "Accepted"}
        return {"status": "Accepted" if faults.delete_unknown_accepted else "NotFound"}
