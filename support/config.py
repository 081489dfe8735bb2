"""Settings of a run: behave -D userdata first, then the environment variables the public
OCTT-style suites use, then defaults. Timers have an OCTT value for real products and a
compressed one for the embedded reference targets."""
import os
import tomllib
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    key: str            # behave -D key
    env: str            # environment variable (the public suites' name where one exists)
    default: str
    embedded: str = None  # the value against the embedded targets, when it differs
    help: str = ""
    # Which embedded target the compressed value is for: "csms" (the embedded reference CSMS, no
    # csms_url), "station" (the embedded reference station, station_driver=embedded) or "both"
    # (compressed only when both are embedded: a timer both directions read).
    scope: str = "csms"


SETTINGS = [
    Setting("csms_url", "CSMS_ADDRESS", "", help="WebSocket URL of the CSMS under test; empty = embedded reference CSMS"),
    Setting("trigger_url", "CSMS_TRIGGER_ADDRESS", "", help="base URL of the CSMS trigger API (OCTT manual actions)"),
    Setting("csms_adapter", "CSMS_ADAPTER", "", help="a product adapter instead of the trigger API: citrineos"),
    Setting("csms_adapter_url", "CSMS_ADAPTER_URL", "http://127.0.0.1:8080",
            help="base URL of the product adapter's API (CitrineOS: its REST API)"),
    Setting("citrineos_tenant_id", "CITRINEOS_TENANT_ID", "1", help="CitrineOS tenant of the test stations"),
    Setting("manual_actions", "MANUAL_ACTIONS", "prompt",
            help="without a trigger API or adapter: prompt (ask the operator live; without a terminal, watch "
                 "the wire) or skip (report every scenario that needs a manual action not run at once)"),
    Setting("station_id", "BASIC_AUTH_CP", "CP_1", help="identity of the test station (security profile 1)"),
    Setting("station_id_16", "CP16_SP1", "CP16_1", help="identity of the OCPP 1.6 test station (profile 1)"),
    Setting("station_id_16_sp2", "CP16_SP2", "CP16_SP2",
            help="an OCPP 1.6 station registered with security profile 2 (TLS and Basic auth)"),
    Setting("station_id_16_sp3", "CP16_SP3", "CP16_SP3",
            help="an OCPP 1.6 station registered with security profile 3 (TLS client certificate)"),
    Setting("tls_client_cert_16", "TLS_CLIENT_CERT_16", "",
            help="client certificate of the 1.6 profile 3 station (PEM path); empty = TLS_CLIENT_CERT"),
    Setting("tls_client_key_16", "TLS_CLIENT_KEY_16", ""),
    Setting("csms_tls_url", "CSMS_WSS_ADDRESS", "", help="wss:// URL of the CSMS for security profiles 2 and 3"),
    Setting("sp2_station_id", "SECURITY_PROFILE_2_CP", "CP_SP2", help="a station registered with security profile 2"),
    Setting("sp3_station_id", "SECURITY_PROFILE_3_CP", "CP_SP3", help="a station registered with security profile 3"),
    Setting("tls_ca_cert", "TLS_CA_CERT", "", help="CA that signed the CSMS server certificate (PEM path)"),
    Setting("tls_client_cert", "TLS_CLIENT_CERT", "", help="client certificate of the profile 3 station (PEM path)"),
    Setting("tls_client_key", "TLS_CLIENT_KEY", ""),
    Setting("tls_invalid_client_cert", "TLS_INVALID_CLIENT_CERT", "",
            help="a client certificate the CSMS must refuse (PEM path)"),
    Setting("tls_invalid_client_key", "TLS_INVALID_CLIENT_KEY", ""),
    Setting("tls_expired_client_cert", "TLS_EXPIRED_CLIENT_CERT", "",
            help="an expired client certificate from the CSMS's CA (PEM path)"),
    Setting("tls_expired_client_key", "TLS_EXPIRED_CLIENT_KEY", ""),
    Setting("tls_wrong_cn_client_cert", "TLS_WRONG_CN_CLIENT_CERT", "",
            help="a client certificate from the CSMS's CA whose CN is not the station id (PEM path)"),
    Setting("tls_wrong_cn_client_key", "TLS_WRONG_CN_CLIENT_KEY", ""),
    Setting("csms_root_ca_cert", "CSMS_ROOT_CA_CERT", "",
            help="root the CSMS signs charging station certificates with (PEM path); empty = TLS_CA_CERT"),
    Setting("v2g_root_ca_cert", "V2G_ROOT_CA_CERT", "",
            help="V2G root the CSMS signs V2G certificates under (PEM path); empty = not checked"),
    Setting("ocsp_responder_url", "OCSP_RESPONDER_URL", "",
            help="URL at which the CSMS reaches the suite's OCSP responder; empty = its loopback URL"),
    Setting("password", "BASIC_AUTH_CP_PASSWORD", "0123456789123456", help="its Basic auth password"),
    Setting("new_password", "NEW_BASIC_AUTH_PASSWORD", "9876543210fedcba", help="password the CSMS sets in password-update cases"),
    Setting("evse_id", "CONFIGURED_EVSE_ID", "1"),
    Setting("connector_id", "CONFIGURED_CONNECTOR_ID", "1"),
    Setting("connector_type", "CONFIGURED_CONNECTOR_TYPE", "cType2"),
    Setting("number_of_evses", "CONFIGURED_NUMBER_OF_EVSES", "2",
            help="EVSEs of the test station (EVSE 2 serves the master-pass cases)"),
    Setting("valid_id_token", "VALID_ID_TOKEN", "04A1B2C3D4E501"),
    Setting("valid_id_token_type", "VALID_ID_TOKEN_TYPE", "ISO14443"),
    Setting("valid_id_token_2", "VALID_ID_TOKEN_2", "1A2B3C39"),
    Setting("valid_id_token_type_2", "VALID_ID_TOKEN_TYPE_2", "ISO14443"),
    Setting("invalid_id_token", "INVALID_ID_TOKEN", "0BAD0C02"),
    Setting("invalid_id_token_type", "INVALID_ID_TOKEN_TYPE", "ISO14443"),
    Setting("blocked_id_token", "BLOCKED_ID_TOKEN", "B10CED06"),
    Setting("blocked_id_token_type", "BLOCKED_ID_TOKEN_TYPE", "ISO14443"),
    Setting("expired_id_token", "EXPIRED_ID_TOKEN", "04EE0000DEAD07"),
    Setting("expired_id_token_type", "EXPIRED_ID_TOKEN_TYPE", "ISO14443"),
    Setting("group_id", "GROUP_ID", "GROUP001", help="groupIdToken of the valid tokens"),
    Setting("group_id_token", "GROUP_ID_TOKEN", "04C0FFEE000008", help="a second token of the same group"),
    Setting("group_id_token_type", "GROUP_ID_TOKEN_TYPE", "ISO14443"),
    Setting("masterpass_id_token", "MASTERPASS_ID_TOKEN", "0A57E247"),
    Setting("masterpass_id_token_type", "MASTERPASS_ID_TOKEN_TYPE", "ISO14443"),
    Setting("masterpass_group_id", "MASTERPASS_GROUP_ID", "MASTERGROUP"),
    Setting("emaid_id_token", "EMAID_ID_TOKEN", "DEOCS0C0000001",
            help="eMAID of the EV contract certificate (C07); the CSMS must know it as valid"),
    Setting("emaid_id_token_type", "EMAID_ID_TOKEN_TYPE", "eMAID"),
    Setting("configuration_slot", "CONFIGURED_CONFIGURATION_SLOT", "1"),
    Setting("configuration_slot_2", "CONFIGURED_CONFIGURATION_SLOT_2", "2",
            help="a second network configuration slot of the station under test (OCTT TC_B_45-50_CS: the new "
                 "network connection profile goes into whichever of the two is not in use)"),
    Setting("offline_threshold", "CONFIGURED_OFFLINE_THRESHOLD", "300", "20", scope="station",
            help="a valid OCPPCommCtrlr.OfflineThreshold of the station under test (OCTT TC_B_11_CS, errata 2023-12; "
                 "TC_B_51_CS, TC_B_52_CS: protocol seconds, scaled for the embedded station)"),
    Setting("ev_connection_timeout", "CONFIGURED_EV_CONNECTION_TIMEOUT", "30", "2", scope="station",
            help="TxCtrlr.EVConnectionTimeOut (protocol seconds) the station is given in OCTT TC_E_05_CS and "
                 "TC_E_39_CS; the embedded station runs it scaled by station_time_scale"),
    # OCTT block E offline and retry cases (TC_E_40, 50, 51): protocol seconds, scaled for the embedded station
    # (RetryBackOffWaitMinimum_duration is retry_back_off_wait_minimum below)
    Setting("tx_updated_measurands", "CONFIGURED_TRANSACTION_UPDATED_METERVALUES_MEASURANDS",
            "Energy.Active.Import.Register", help="SampledDataCtrlr.TxUpdatedMeasurands the station is given (TC_E_40_CS)"),
    Setting("tx_updated_interval", "CONFIGURED_TRANSACTION_UPDATED_METERVALUES_INTERVAL", "10", "1", scope="station",
            help="SampledDataCtrlr.TxUpdatedInterval the station is given (TC_E_40_CS, TC_J_09_CS)"),
    Setting("message_attempts_transaction_event", "CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT", "3",
            help="OCPPCommCtrlr.MessageAttempts[TransactionEvent] the station is given (TC_E_41/42/50/51_CS; above 2)"),
    Setting("message_attempt_interval_transaction_event", "CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT_INTERVAL",
            "10", "2", scope="station",
            help="OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] the station is given (TC_E_41/42/50/51_CS)"),
    Setting("ocpp_interface", "CONFIGURED_OCPP_INTERFACE", "Wired0"),
    Setting("security_profile", "CONFIGURED_SECURITY_PROFILE", "1"),
    Setting("ocpp_csms_url", "CONFIGURED_OCPP_CSMS_URL", "",
            help="ocppCsmsUrl of a new network connection profile; empty = the CSMS URL in use"),
    Setting("reset_evse_supported", "RESET_EVSE_SUPPORTED", "true",
            help="the station under test can reset one EVSE (OCTT 'Individual resetting EVSE supported'); false "
                 "for TC_B_28_CS and TC_B_29_CS"),
    Setting("station_has_user_interface", "STATION_HAS_USER_INTERFACE", "false",
            help="the station under test has a user interface at which a Master Pass holder selects the transactions "
                 "to stop (OCTT TC_C_47_CS, TC_C_48_CS; false: TC_C_49_CS)"),
    Setting("station_has_fixed_cable", "STATION_HAS_FIXED_CABLE", "false",
            help="the station under test has a cable permanently attached at the station side (OCTT TC_E_27_CS)"),
    # What the tester prepared at a real station (the embedded reference station is prepared by the suite)
    Setting("station_has_customer_data", "STATION_HAS_CUSTOMER_DATA", "false",
            help="the tester stored data of CONFIGURED_CUSTOMER_IDENTIFIER at the station under test (OCTT TC_N_62_CS "
                 "memory state); false: that case is not run"),
    Setting("station_takes_suite_firmware", "STATION_TAKES_SUITE_FIRMWARE", "false",
            help="the station under test downloads the suite's made-up firmware and trusts its test signing root, as "
                 "the suite's reference station does; false: a firmware update case needs the station's own "
                 "(station_firmware_location, CONFIGURED_SIGNING_CERTIFICATE, CONFIGURED_SIGNATURE), else it is "
                 "not run"),
    Setting("retry_back_off_wait_minimum", "CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM", "30", "10", scope="station",
            help="OCPPCommCtrlr.RetryBackOffWaitMinimum (protocol seconds) the station is given in OCTT TC_B_57_CS, "
                 "TC_E_40_CS and TC_E_44_CS (TC_E_40_CS: how long the test CSMS stays down)"),
    # OCTT blocks J and N and TC_A_23_CS: protocol seconds, scaled for the embedded station
    Setting("aligned_data_interval", "CONFIGURED_CLOCK_ALIGNED_METER_VALUES_INTERVAL", "20", "6", scope="station",
            help="AlignedDataCtrlr.Interval the station is given in OCTT TC_J_01, 02 and 06_CS (<Configured "
                 "clock-aligned Meter Values interval>)"),
    Setting("aligned_data_tx_ended_interval", "CONFIGURED_CLOCK_ALIGNED_TX_ENDED_METER_VALUES_INTERVAL", "10", "4",
            scope="station", help="AlignedDataCtrlr.TxEndedInterval the station is given in OCTT TC_J_03_CS and "
                                  "TC_J_04_CS"),
    Setting("sampled_data_tx_ended_interval", "CONFIGURED_SAMPLED_TX_ENDED_METER_VALUES_INTERVAL", "10", "4",
            scope="station", help="SampledDataCtrlr.TxEndedInterval the station is given in OCTT TC_J_10_CS and "
                                  "TC_J_11_CS"),
    Setting("station_has_shared_card_reader", "STATION_HAS_SHARED_CARD_READER", "false",
            help="the station under test has more than one EVSE and one card reader for them all: an idToken "
                 "presented before the EV is plugged in starts a transaction whose EVSE the station learns at the "
                 "plug-in (OCTT TC_J_08_CS, 'EVSE not known')"),
    Setting("log_retry_interval", "CONFIGURED_RETRY_INTERVAL", "20", "4", scope="station",
            help="retryInterval of the GetLog whose upload fails in OCTT TC_N_26_CS (longer than an upload attempt "
                 "takes, errata 2023-12)"),
    Setting("log_type", "CONFIGURED_LOG_TYPE", "DiagnosticsLog",
            help="logType of the GetLog requests of OCTT TC_N_36_CS (DiagnosticsLog or SecurityLog)"),
    Setting("customer_identifier", "CONFIGURED_CUSTOMER_IDENTIFIER", "OpenChargeAlliance",
            help="a customerIdentifier whose data the station under test holds (the tester stored it at the station "
                 "beforehand, OCTT TC_N_62_CS; the reference station holds OpenChargeAlliance)"),
    Setting("cert_signing_wait_minimum", "CONFIGURED_CERT_SIGNING_WAIT_MINIMUM", "10", "4", scope="station",
            help="SecurityCtrlr.CertSigningWaitMinimum the station is given in OCTT TC_A_23_CS"),
    # ---- station under test (@station features): the suite plays the CSMS
    Setting("sut_station_id", "STATION_UNDER_TEST_ID", "CS001", help="identity of the station under test"),
    Setting("sut_station_id_16", "STATION_UNDER_TEST_ID_16", "CS16_001",
            help="identity of the OCPP 1.6 Charge Point under test (@ocpp16 @station)"),
    Setting("station_driver", "STATION_DRIVER", "embedded",
            help="how the suite makes the station act: embedded (the reference station), sap (simulator UI), "
                 "commands (a shell command per action, -D station_commands=FILE) or manual (an operator)"),
    Setting("station_ui_url", "STATION_UI_URL", "", help="ws:// URL of the SAP simulator's UI server"),
    Setting("station_ui_user", "STATION_UI_USER", ""),
    Setting("station_ui_password", "STATION_UI_PASSWORD", ""),
    Setting("station_commands", "STATION_COMMANDS", "",
            help="station_driver=commands: the TOML file with a shell command per driver action "
                 "(docs/testing-a-station.md)"),
    Setting("station_command_timeout", "STATION_COMMAND_TIMEOUT", "30",
            help="seconds a command of the commands driver may run before it is stopped (the scenario is then "
                 "not run)"),
    Setting("station_operator_timeout", "STATION_OPERATOR_TIMEOUT", "300",
            help="station_driver=manual, in a terminal: seconds to wait for the operator to confirm an action "
                 "at the station with Enter"),
    Setting("station_firmware_location", "STATION_FIRMWARE_LOCATION", "",
            help="the firmware location the test CSMS sends the station under test (UpdateFirmware, 1.6 "
                 "SignedUpdateFirmware: OCTT's <Configured firmware location>); empty: a made-up https:// "
                 "address, which a real station cannot download from"),
    # OCTT block L (features/station/ocpp201/L_firmware_octt.feature): the firmware the station under test is given
    Setting("station_invalid_firmware_location", "CONFIGURED_INVALID_FIRMWARE_LOCATION", "",
            help="OCTT <Configured invalid firmware location> (TC_L_08_CS): a firmware that downloads and verifies "
                 "but whose installation fails (InstallVerificationFailed); empty: a made-up one next to "
                 "station_firmware_location (the case is not run when that one is yours)"),
    Setting("station_invalid_firmware_signing_certificate", "CONFIGURED_INVALID_FIRMWARE_SIGNING_CERTIFICATE", "",
            help="OCTT <Configured invalid firmware signingCertificate>: PEM (or a path to a PEM file) of a trusted "
                 "certificate that signed the invalid firmware; empty: made at run time with the suite's test PKI "
                 "manufacturer root (certs/manufacturer-root-ca.pem)"),
    Setting("station_invalid_firmware_signature", "CONFIGURED_INVALID_FIRMWARE_SIGNATURE", "",
            help="OCTT <Configured invalid firmware signature>: base64 signature of the invalid firmware, a real "
                 "signature that does not verify over the valid firmware (TC_L_06_CS, TC_L_08_CS); empty: made at "
                 "run time"),
    Setting("install_offset_period", "CONFIGURED_INSTALL_OFFSET_PERIOD", "60", "10", scope="station",
            help="OCTT <Configured Install Offset Period>: protocol seconds from now to the installDateTime of "
                 "TC_L_02_CS"),
    Setting("download_offset_period", "CONFIGURED_DOWNLOAD_OFFSET_PERIOD", "60", "10", scope="station",
            help="OCTT <Configured Download Offset Period>: protocol seconds from now to the retrieveDateTime of "
                 "TC_L_03_CS"),
    Setting("station_firmware_update_during_transaction", "STATION_FIRMWARE_UPDATE_DURING_TRANSACTION", "download",
            help="what the station under test does with a firmware update while a transaction is ongoing (OCTT "
                 "prerequisites): nothing (it downloads and installs once the transactions have ended: TC_L_12_CS, "
                 "TC_L_13_CS), download (it installs once they have ended: TC_L_14_CS, TC_L_15_CS) or install (it "
                 "updates at once: TC_L_16_CS); the cases for the other kinds are not run"),
    Setting("station_can_cancel_firmware_update", "STATION_CAN_CANCEL_FIRMWARE_UPDATE", "true",
            help="the station under test can cancel the firmware update under way for a new one (OCTT TC_L_10_CS; "
                 "false: TC_L_11_CS)"),
    Setting("station_upload_location", "STATION_UPLOAD_LOCATION", "",
            help="where the test CSMS asks the station under test to upload diagnostics and logs (1.6 "
                 "GetDiagnostics, GetLog); empty: a made-up https:// address, which a real station cannot "
                 "upload to"),
    Setting("station_connect_wait", "STATION_CONNECT_WAIT", "",
            help="seconds the run waits, before its first scenario, for the station under test to connect to the "
                 "test CSMS (a station that is already on, or starting); 0: no wait. Unset: 120 with the sap "
                 "driver (the simulator connects by itself), else 0 (embedded, commands and manual switch the "
                 "station on in each scenario)"),
    Setting("test_csms_port", "TEST_CSMS_PORT", "0",
            help="port of the suite's test CSMS (0: a free port; unset, with a driver other than embedded: "
                 "9210, so a real station can be pointed at it in advance)"),
    Setting("test_csms_tls_port", "TEST_CSMS_TLS_PORT", "0",
            help="port of the test CSMS's wss:// address for security profiles 2 and 3 (0: a free port)"),
    Setting("test_csms_host", "TEST_CSMS_HOST", "127.0.0.1",
            help="address the test CSMS listens on (127.0.0.1: this machine only; 0.0.0.0 or an interface's address "
                 "for a station on the network)"),
    Setting("station_time_scale", "STATION_TIME_SCALE", "1", "0.05", scope="station",
            help="factor on protocol intervals (heartbeat, boot retry); compressed for the embedded station"),
    Setting("station_timeout", "STATION_TIMEOUT", "30", "5", scope="station",
            help="seconds to wait for the station to send a message or answer one"),
    Setting("station_reboot_timeout", "STATION_REBOOT_TIMEOUT", "120", "5", scope="station",
            help="seconds a (re)boot of the station may take, from a power-on or a Reset to its accepted "
                 "BootNotification and connector statuses (at least station_timeout)"),
    Setting("action_timeout", "CSMS_ACTION_TIMEOUT", "30", "5",
            help="seconds to wait for the CSMS to act after a (manual or triggered) action"),
    Setting("message_timeout", "CONFIGURED_MESSAGE_TIMEOUT", "30", "5", scope="both",
            help="seconds to wait for an answer to a CALL"),
    Setting("quiet_period", "QUIET_PERIOD", "5", "0.3", scope="both",
            help="seconds a step watches for a message that must NOT come"),
    Setting("transaction_duration", "TRANSACTION_DURATION", "5", "0", scope="both"),
    Setting("station_transaction_duration", "TRANSACTION_DURATION", "5", "1", scope="station",
            help="OCTT <Configured Transaction Duration> for a station under test, in protocol seconds (at least 1: "
                 "the station takes it as an integer): AuthCacheCtrlr.LifeTime and the wait of TC_C_46_CS"),
    Setting("connection_timeout", "CONFIGURED_CONNECTION_TIMEOUT", "30", "0.1",
            help="OCPP 1.6 ConnectionTimeOut of the test station: seconds it waits for the cable after an "
                 "authorization or a remote start before its connector is Available again (TC_004_2, TC_011_2)"),
    Setting("reservation_duration", "RESERVATION_DURATION", "60",
            help="seconds from now to the expiryDateTime of a reservation the CSMS is asked to make (H)"),
    Setting("short_reservation_duration", "TRANSACTION_DURATION", "5", "0.5",
            help="seconds to the expiryDateTime of the reservation that expires in TC_H_07 (the public "
                 "suites use TRANSACTION_DURATION); above 0, or the CSMS gets a reservation already expired"),
    Setting("expiry_date_offset", "CONFIGURED_EXPIRY_DATE_OFFSET", "10", "0.5",
            help="seconds from now to the expiryDate of the OCPP 1.6 reservation that expires in TC_047_CSMS"),
    Setting("diagnostics_location", "CONFIGURED_DIAGNOSTICS_LOCATION",
            "ftp://diagnostics.example.com/ocpp-conformance/",
            help="location the Central System sends in GetDiagnostics.req (OCPP 1.6 TC_045_x_CSMS)"),
    Setting("followup_request_wait", "FOLLOWUP_REQUEST_WAIT", "30", "0.2",
            help="seconds a step keeps watching for further parts of a request the CSMS split, once every "
                 "expected item came (TC_N_18; the public suite waits the action timeout)"),
    Setting("clock_aligned_interval", "CLOCK_ALIGNED_METER_VALUES_INTERVAL", "900", "1",
            help="AlignedDataInterval of the test station: seconds between the timestamps of clock-aligned meter values"),
    Setting("sampled_interval", "SAMPLED_METER_VALUES_INTERVAL", "60", "1",
            help="SampledDataTxUpdatedInterval: seconds between the timestamps of sampled meter values"),
    Setting("tx_ended_interval", "TX_ENDED_METER_VALUES_INTERVAL", "60", "1",
            help="Aligned/SampledDataTxEndedInterval: seconds between the meter values in TransactionEvent Ended"),
    Setting("energy_tariff", "ENERGY_TARIFF_PER_KWH", "", "0.25",
            help="price per kWh of the CSMS's energy tariff; empty = unknown, so totalCost is only checked "
                 "to be present and above 0"),
    Setting("firmware_location", "CONFIGURED_FIRMWARE_LOCATION",
            "https://firmware.example.com/ocpp-conformance/firmware-2.0.1.bin",
            help="firmware.location the CSMS sends in UpdateFirmware and PublishFirmware (L)"),
    Setting("signing_certificate", "CONFIGURED_SIGNING_CERTIFICATE", "",
            help="PEM (or a path to a PEM file) of the firmware signing certificate; empty = made at run time"),
    Setting("signature", "CONFIGURED_SIGNATURE", "",
            help="base64 signature of the firmware; empty = made at run time with the made-up signing key"),
    Setting("firmware_checksum", "CONFIGURED_FIRMWARE_CHECKSUM", "",
            help="MD5 (32 hex digits) of the firmware to publish; empty = of the made-up firmware image"),
    Setting("firmware_retries", "CONFIGURED_FIRMWARE_RETRIES", "3"),
    Setting("firmware_retry_interval", "CONFIGURED_FIRMWARE_RETRY_INTERVAL", "60"),
    Setting("firmware_schedule_delay", "FIRMWARE_SCHEDULE_DELAY", "60", "0.4",
            help="seconds ahead the CSMS schedules a firmware download or installation (TC_L_02, TC_L_03)"),
    Setting("display_message_delay", "DISPLAY_MESSAGE_DELAY", "60", "0.4",
            help="seconds ahead a display message starts or ends (TC_O_13, TC_O_14, TC_O_27, TC_O_28)"),
    Setting("charging_rate_unit", "CONFIGURED_CHARGING_RATE_UNIT", "A",
            help="chargingRateUnit of the block K profiles and composite schedules (A or W; a limit of 6 is "
                 "6 A or 6000 W, as OCTT writes it)"),
    Setting("stack_level", "CONFIGURED_STACK_LEVEL", "0", help="stackLevel of the charging profiles in block K"),
    Setting("charging_schedule_duration", "CONFIGURED_CHARGING_SCHEDULE_DURATION", "300",
            help="seconds: duration of a charging schedule and of a composite schedule asked for (K)"),
    Setting("number_phases", "CONFIGURED_NUMBER_PHASES", "3",
            help="numberPhases of the charging schedule periods (3 may be left out, as OCTT allows)"),
    Setting("recurrency_kind", "CONFIGURED_RECURRENCY_KIND", "Daily", help="recurrencyKind of a Recurring profile (K)"),
    Setting("heartbeat_interval_max", "HEARTBEAT_INTERVAL_MAX", "86400",
            help="largest heartbeat interval accepted from a BootNotificationResponse"),
    Setting("local_list_version", "LOCAL_LIST_VERSION", "1",
            help="version of the test station's local authorization list in the block D cases"),
    Setting("vendor_id", "CONFIGURED_VENDOR_ID", "com.example.unknown-vendor",
            help="vendorId of the test station's DataTransfer (TC_P_02); the CSMS must not implement it"),
    Setting("message_id", "CONFIGURED_MESSAGE_ID", "TestMessage",
            help="messageId of that DataTransfer, and of the test CSMS's DataTransfer of vendorId "
                 "org.openchargealliance.octt (TC_P_01_CS); the station must not implement it"),
]
BY_KEY = {s.key: s for s in SETTINGS}


class Config:
    """Every setting's value and where it came from: -D, then the environment, then (station settings
    only) the [settings] table of the commands driver's file, then the default. A timer's compressed
    value applies when the targets of its scope are embedded: `embedded` (no csms_url: the
    reference CSMS) and `station_embedded` (station_driver=embedded: the reference station)."""

    def __init__(self, userdata=None, environ=None):
        userdata = dict(userdata or {})
        environ = os.environ if environ is None else environ
        self.values = {}
        self.sources = {}
        explicit_url = userdata.get("csms_url") or environ.get("CSMS_ADDRESS")
        self.embedded = not explicit_url
        for s in SETTINGS:
            if s.key in userdata and userdata[s.key] != "":
                self.values[s.key], self.sources[s.key] = userdata[s.key], f"-D {s.key}"
            elif environ.get(s.env):
                self.values[s.key], self.sources[s.key] = environ[s.env], f"${s.env}"
        driver = self.values.get("station_driver", BY_KEY["station_driver"].default)
        if driver == "commands" and self.values.get("station_commands"):
            path = self.values["station_commands"]
            for key, value in station_file_settings(path).items():
                if key not in self.values:
                    self.values[key], self.sources[key] = value, f"{path} [settings]"
        self.station_embedded = driver == "embedded"
        compressed = {"csms": self.embedded, "station": self.station_embedded,
                      "both": self.embedded and self.station_embedded}
        for s in SETTINGS:
            if s.key in self.values:
                continue
            if compressed[s.scope] and s.embedded is not None:
                self.values[s.key], self.sources[s.key] = s.embedded, "embedded default"
            else:
                self.values[s.key], self.sources[s.key] = s.default, "default"
        self.values = {s.key: self.values[s.key] for s in SETTINGS}     # in the order of SETTINGS
        self.extra = {k: v for k, v in userdata.items() if k not in BY_KEY}

    def __getattr__(self, key):
        try:
            return self.__dict__["values"][key]
        except KeyError:
            raise AttributeError(key) from None

    def seconds(self, key):
        return float(self.values[key])

    def integer(self, key):
        return int(self.values[key])

    def token(self, kind):
        """(idToken, type) of a named token kind: valid, valid_2, invalid, blocked, expired, group, masterpass."""
        prefix = {"group": "group_id_token", "valid_2": "valid_id_token"}.get(kind, f"{kind}_id_token")
        if kind == "valid_2":
            return self.values["valid_id_token_2"], self.values["valid_id_token_type_2"]
        return self.values[prefix], self.values[f"{prefix}_type"]


# Settings the commands driver's file may not set: which driver and which file are the run's choice.
NOT_IN_STATION_FILE = {"station_driver", "station_commands"}


def read_station_file(path, error=ValueError):
    """The parsed TOML of a commands driver file; `error` (a ValueError) names the file when it is
    missing or malformed. Read once for its [settings] here and once for its [commands] by the driver."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise error(f"station_commands: no such file {path}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error(f"station_commands: cannot read {path}: {exc}") from None


def station_file_settings(path):
    """The [settings] table of a commands driver file ({setting key: value as text}); a missing or
    malformed file or an unknown key is a ValueError that names the file (the run stops at once)."""
    table = read_station_file(path).get("settings", {})
    if not isinstance(table, dict):
        raise ValueError(f"{path}: settings must be a table ([settings])")
    result = {}
    for key, value in table.items():
        if key not in BY_KEY or key in NOT_IN_STATION_FILE:
            hint = ("" if key not in NOT_IN_STATION_FILE
                    else " (choose the driver and its file with -D or the environment)")
            raise ValueError(f"{path}: [settings] has {key!r}, which is not a setting the file can give{hint}; "
                             f"see support/config.py")
        if isinstance(value, bool):
            value = "true" if value else "false"
        if not isinstance(value, (str, int, float)):
            raise ValueError(f"{path}: [settings] {key} must be a string or a number, not {type(value).__name__}")
        result[key] = str(value)
    return result
