"""@ocpp16 @station features: what the suite's test CSMS (the Central System) sends to the OCPP 1.6
Charge Point under test and how it answers it. Sentences shared with 2.0.1 (the CSMS sends {action}
with, the station answers {action} with ...) are in station_csms_steps.py."""
from behave import given, when

from support.csms.ocpp16 import scripted as v16
from support.scenario.expect import StepError
from support.scenario.ocpp16.station_session import session16
from support.scenario.words import enum_value, split_list


def _is_201(context):
    """An OCPP 2.0.1 @station scenario (a sentence shared with 2.0.1 is for it)."""
    session = getattr(context, "session", None)
    return getattr(session, "direction", None) == "station" and session.version != "1.6"


# ---------------------------------------------------------------------- how the CSMS answers

@given('the test CSMS gives parentIdTag "{parent}" in idTagInfo')
def step_parent_id_tag(context, parent):
    """Authorize, StartTransaction and StopTransaction answers carry this parentIdTag (the group of
    every idTag).

    Example: Given the test CSMS gives parentIdTag "PARENT-1" in idTagInfo
    """
    if not 1 <= len(parent) <= v16.ID_TAG_LENGTH:
        raise StepError(f"a parentIdTag has 1 to {v16.ID_TAG_LENGTH} characters, not {len(parent)}")
    session16(context).script.auth_group_id = parent


@given('the test CSMS accepts no idTag but "{id_tags}"')
def step_whitelist16(context, id_tags):
    """Authorization mode allow list: these idTags are Accepted, every other one Invalid (an idTag the
    Central System does not know).

    Example: Given the test CSMS accepts no idTag but "VALID-1, VALID-2"
    """
    script = session16(context).script
    script.auth_mode, script.whitelist = "whitelist", set(split_list(id_tags))


@given('the test CSMS answers the idTags "{id_tags}" with Blocked')
def step_blacklist16(context, id_tags):
    """Authorization mode block list: these idTags are Blocked, every other one Accepted.

    Example: Given the test CSMS answers the idTags "STOLEN-1" with Blocked
    """
    script = session16(context).script
    script.auth_mode, script.blacklist = "blacklist", set(split_list(id_tags))


@given('the test CSMS requires the Basic auth password "{password}"')
def step_require_password(context, password):
    """The test CSMS accepts the Charge Point's connection only with HTTP Basic auth: username its
    identity, this password (others get HTTP 401).

    Example: Given the test CSMS requires the Basic auth password "0123456789abcdef"
    """
    session16(context).script.password = password


# ---------------------------------------------------------------------- reusable states of the tool

@given('the test CSMS has set the configuration key "{key}" to "{value}"')
def step_configured(context, key, value):
    """OCTT "Before: Configuration State": ChangeConfiguration of this key, answered Accepted. A
    Charge Point that does not support an optional key (NotSupported), or refuses the value
    (Rejected, RebootRequired), cannot be brought into the case's state: the scenario is not run. A
    required key (OCPP 1.6 section 9) answered NotSupported fails.

    Example: Given the test CSMS has set the configuration key "MeterValueSampleInterval" to "10"
    """
    session16(context).set_configuration_precondition(key, value)


@given('connector {connector:d} of the Charge Point is reserved for idTag "{id_tag}"')
def step_reserved(context, connector, id_tag):
    """OCTT reusable state Reserved: ReserveNow (Accepted), then StatusNotification Reserved.

    Example: Given connector 1 of the Charge Point is reserved for idTag "RESERVED-1"
    """
    session = session16(context)
    session.reserve(connector, id_tag)
    session.check_command_answer("ReserveNow", [("status", "Accepted")])
    session.expect_status16("Reserved", connector)


@given("connector {connector:d} of the Charge Point is unavailable")
def step_connector_unavailable(context, connector):
    """OCTT reusable state SetConnectorUnavailable: ChangeAvailability Inoperative (Accepted), then
    StatusNotification Unavailable for that connector.

    Example: Given connector 2 of the Charge Point is unavailable
    """
    session = session16(context)
    session.command("ChangeAvailability", v16.build_change_availability16(connector, "Inoperative"))
    session.check_command_answer("ChangeAvailability", [("status", "Accepted")])
    session.expect_status16("Unavailable", connector)


@given("the Charge Point is unavailable")
def step_charge_point_unavailable(context):
    """OCTT reusable state SetChargePointUnavailable: ChangeAvailability Inoperative for connector 0
    (Accepted), then StatusNotification Unavailable for connector 0 and every connector.

    Example: Given the Charge Point is unavailable
    """
    session = session16(context)
    session.command("ChangeAvailability", v16.build_change_availability16(0, "Inoperative"))
    session.check_command_answer("ChangeAvailability", [("status", "Accepted")])
    session.expect_status_with_connector_zero("Unavailable")


# ---------------------------------------------------------------------- commands

@when('the test CSMS sends RemoteStartTransaction for idTag "{id_tag}" on connector {connector:d}')
def step_remote_start(context, id_tag, connector):
    """RemoteStartTransaction with this idTag and connectorId.

    Example: When the test CSMS sends RemoteStartTransaction for idTag "REMOTE-1" on connector 1
    """
    session16(context).command("RemoteStartTransaction", v16.build_remote_start_transaction(id_tag, connector))


@when("the test CSMS sends RemoteStopTransaction for an unknown transaction")
def step_remote_stop_unknown(context):
    """RemoteStopTransaction naming a transactionId the CSMS never gave the Charge Point.

    Example: When the test CSMS sends RemoteStopTransaction for an unknown transaction
    """
    session = session16(context)
    known = [tx.transaction_id for tx in session.csms.transactions(session.station_id).values()]
    session.command("RemoteStopTransaction", v16.build_remote_stop_transaction(max(known, default=0) + 1000))


@when('the test CSMS sends ChangeAvailability "{availability}" for connector {connector:d}')
def step_change_availability(context, availability, connector):
    """ChangeAvailability of a connector (0: the whole Charge Point) to Inoperative or Operative.

    Example: When the test CSMS sends ChangeAvailability "Inoperative" for connector 1
    """
    session = session16(context)
    availability = session.enum_at("ChangeAvailability", "type", availability)
    session.command("ChangeAvailability", v16.build_change_availability16(connector, availability))


@when('the test CSMS sends ChangeConfiguration for "{key}" with value "{value}"')
def step_change_configuration(context, key, value):
    """ChangeConfiguration of one configuration key.

    Example: When the test CSMS sends ChangeConfiguration for "MeterValueSampleInterval" with value "10"
    """
    session16(context).command("ChangeConfiguration", v16.build_change_configuration(key, value))


@when('the test CSMS sends GetConfiguration for "{keys}"')
def step_get_configuration(context, keys):
    """GetConfiguration for these keys (comma-separated).

    Example: When the test CSMS sends GetConfiguration for "SupportedFeatureProfiles, NumberOfConnectors"
    """
    session16(context).command("GetConfiguration", v16.build_get_configuration(split_list(keys)))


@when("the test CSMS sends GetConfiguration for every key")
def step_get_configuration_all(context):
    """GetConfiguration without keys: the Charge Point reports every key it has.

    Example: When the test CSMS sends GetConfiguration for every key
    """
    session16(context).command("GetConfiguration", v16.build_get_configuration())


@when("the test CSMS sends GetConfiguration for as many reported keys as GetConfigurationMaxKeys allows")
def step_get_configuration_max(context):
    """GetConfiguration for the keys of the Charge Point's last full report, as many as its
    GetConfigurationMaxKeys (or all of them, whichever is less) (TC_019_CS step 7).

    Example: When the test CSMS sends GetConfiguration for as many reported keys as GetConfigurationMaxKeys allows
    """
    session = session16(context)
    session.command("GetConfiguration", v16.build_get_configuration(session.keys_up_to_max()))


@when("the test CSMS sends TriggerMessage for {message} on connector {connector:d}")
def step_trigger_connector(context, message, connector):
    """TriggerMessage with this requestedMessage and connectorId.

    Example: When the test CSMS sends TriggerMessage for MeterValues on connector 1
    """
    session = session16(context)
    message = session.enum_at("TriggerMessage", "requestedMessage", message)
    session.command("TriggerMessage", v16.build_trigger_message16(message, connector))


@when("the test CSMS sends ExtendedTriggerMessage for {message}")
def step_extended_trigger(context, message):
    """ExtendedTriggerMessage (security whitepaper) with this requestedMessage, no connectorId.

    Example: When the test CSMS sends ExtendedTriggerMessage for SignChargePointCertificate
    """
    session = session16(context)
    message = session.enum_at("ExtendedTriggerMessage", "requestedMessage", message)
    session.command("ExtendedTriggerMessage", v16.build_extended_trigger_message(message))


@when("the test CSMS sends UnlockConnector for connector {connector:d}")
def step_unlock(context, connector):
    """UnlockConnector for this connectorId.

    Example: When the test CSMS sends UnlockConnector for connector 1
    """
    session16(context).command("UnlockConnector", v16.build_unlock_connector16(connector))


@when('the test CSMS sends ReserveNow for idTag "{id_tag}" on connector {connector:d} expiring in {seconds:g} seconds')
def step_reserve_expiring(context, id_tag, connector, seconds):
    """ReserveNow whose expiryDate is this many protocol seconds away (scaled by station_time_scale).

    Example: When the test CSMS sends ReserveNow for idTag "RESERVED-1" on connector 1 expiring in 20 seconds
    """
    session = session16(context)
    session.reserve(connector, id_tag, expiry=session.protocol_seconds(seconds))


@when('the test CSMS sends ReserveNow for idTag "{id_tag}" with parentIdTag "{parent}" on connector {connector:d}')
def step_reserve_parent(context, id_tag, parent, connector):
    """ReserveNow for an idTag and its parentIdTag (TC_053_CS).

    Example: When the test CSMS sends ReserveNow for idTag "RESERVED-1" with parentIdTag "PARENT-1" on connector 1
    """
    session16(context).reserve(connector, id_tag, parent_id_tag=parent)


@when('the test CSMS sends ReserveNow for idTag "{id_tag}" on connector {connector:d}')
def step_reserve(context, id_tag, connector):
    """ReserveNow of a connector (0: the Charge Point) for an idTag; a new reservationId, expiring
    reservation_duration seconds from now.

    Example: When the test CSMS sends ReserveNow for idTag "RESERVED-1" on connector 1
    """
    session16(context).reserve(connector, id_tag)


@when("the test CSMS sends CancelReservation for the reservation")
def step_cancel_reservation(context):
    """CancelReservation of the reservationId of the CSMS's last ReserveNow.

    Example: When the test CSMS sends CancelReservation for the reservation
    """
    session = session16(context)
    session.command("CancelReservation", v16.build_cancel_reservation16(session.last_reservation_id()))


@when("the test CSMS sends CancelReservation for an unknown reservation")
def step_cancel_unknown(context):
    """CancelReservation of a reservationId the Charge Point was never given.

    Example: When the test CSMS sends CancelReservation for an unknown reservation
    """
    session = session16(context)
    session.command("CancelReservation", v16.build_cancel_reservation16(session.last_reservation_id(0) + 1000))


@when('the test CSMS sends SendLocalList {update_type} version {version:d} with idTags "{id_tags}"')
def step_send_local_list(context, update_type, version, id_tags):
    """SendLocalList of this updateType (Full or Differential) and listVersion; every idTag Accepted.

    Example: When the test CSMS sends SendLocalList Full version 2 with idTags "LOCAL-1, LOCAL-2"
    """
    session = session16(context)
    update_type = session.enum_at("SendLocalList", "updateType", update_type)
    session.command("SendLocalList", v16.build_send_local_list16(split_list(id_tags), version, update_type))


@when("the test CSMS sends SendLocalList {update_type} version {version:d} without a list")
def step_send_local_list_empty(context, update_type, version):
    """SendLocalList with no localAuthorizationList (a Full one empties the list).

    Example: When the test CSMS sends SendLocalList Full version 1 without a list
    """
    session = session16(context)
    update_type = session.enum_at("SendLocalList", "updateType", update_type)
    session.command("SendLocalList", v16.build_send_local_list16((), version, update_type))


@when("the test CSMS sends UpdateFirmware from a location the Charge Point cannot reach")
def step_update_firmware_unreachable(context):
    """UpdateFirmware (retries 0) from an FTP location on a loopback port nothing listens on.

    Example: When the test CSMS sends UpdateFirmware from a location the Charge Point cannot reach
    """
    session = session16(context)
    location = session.unreachable_location("ftp", "download_fail.fwi")
    session.command("UpdateFirmware", v16.build_update_firmware16(location, retries=0))


@when("the test CSMS sends UpdateFirmware with a firmware the Charge Point cannot install")
def step_update_firmware_bad(context):
    """UpdateFirmware of a file the Charge Point does not support (it downloads, then fails to install).

    Example: When the test CSMS sends UpdateFirmware with a firmware the Charge Point cannot install
    """
    session16(context).command("UpdateFirmware", v16.build_update_firmware16(
        "https://firmware.example.com/not-a-firmware-image.txt"))


@when("the test CSMS sends GetDiagnostics to a location the Charge Point cannot reach")
def step_get_diagnostics_unreachable(context):
    """GetDiagnostics (retries 0) to an FTP location on a loopback port nothing listens on.

    Example: When the test CSMS sends GetDiagnostics to a location the Charge Point cannot reach
    """
    session = session16(context)
    session.command("GetDiagnostics", v16.build_get_diagnostics(
        session.unreachable_location("ftp", "files/failedLocation"), retries=0))


@when("the test CSMS sends SignedUpdateFirmware with an invalid signature")
def step_signed_update_invalid(context):
    """SignedUpdateFirmware with the test CSMS's signing certificate and a signature that does not
    verify over the firmware.

    Example: When the test CSMS sends SignedUpdateFirmware with an invalid signature
    """
    session = session16(context)
    location = session.script.v16.firmware_location
    bad = v16.build_signed_update_firmware(location + ".other")["firmware"]["signature"]
    session.command("SignedUpdateFirmware", v16.build_signed_update_firmware(location, signature=bad))


@when("the test CSMS sends InstallCertificate of a {certificate_type}")
def step_install_certificate(context, certificate_type):
    """InstallCertificate of the test CSMS's root certificate as this certificateType
    (CentralSystemRootCertificate or ManufacturerRootCertificate). OCPP 2.0.1: the configured certificate of
    this type (CSMSRootCertificate, ManufacturerRootCertificate, V2GRootCertificate, MORootCertificate; see
    support/scenario/station_certificates.py), OCTT reusable state CertificateInstalled.

    Example: When the test CSMS sends InstallCertificate of a ManufacturerRootCertificate
    """
    if _is_201(context):
        from support.scenario import station_certificates
        return station_certificates.install(context.session, certificate_type)
    session = session16(context)
    certificate_type = session.enum_at("InstallCertificate", "certificateType", certificate_type)
    session.command("InstallCertificate", session.install_certificate_payload(certificate_type))


@when("the test CSMS sends InstallCertificate with an expired {certificate_type}")
def step_install_expired(context, certificate_type):
    """InstallCertificate of a certificate whose validity ended (the Charge Point must refuse it). OCPP 2.0.1
    too (OCTT <Generated Expired Certificate>).

    Example: When the test CSMS sends InstallCertificate with an expired CentralSystemRootCertificate
    """
    if _is_201(context):
        from support.scenario import station_certificates
        return station_certificates.install_expired(context.session, certificate_type)
    session = session16(context)
    certificate_type = session.enum_at("InstallCertificate", "certificateType", certificate_type)
    session.command("InstallCertificate", session.install_certificate_payload(certificate_type, expired=True))


@when("the test CSMS asks for the {log_type} with GetLog")
def step_get_log16(context, log_type):
    """GetLog of this logType (a configured one: <CONFIGURED_LOG_TYPE>) to the configured upload location
    (station_upload_location; OCTT: the configured log location), with a new requestId. OCPP 1.6 (the
    security whitepaper) and 2.0.1.

    Example: When the test CSMS asks for the SecurityLog with GetLog
    """
    from station_csms_steps import station_session
    from support.scenario.expect import substitute
    session = station_session(context)
    session.script.log_type = session.enum_at("GetLog", "logType", substitute(log_type, session.config))
    session.command("GetLog")


@when("the test CSMS sends GetInstalledCertificateIds for {certificate_type}")
def step_installed_ids(context, certificate_type):
    """GetInstalledCertificateIds of one certificateType. OCPP 2.0.1: of one or more ("CSMSRootCertificate
    and ManufacturerRootCertificate").

    Example: When the test CSMS sends GetInstalledCertificateIds for CentralSystemRootCertificate
    """
    if _is_201(context):
        from support.scenario import station_certificates
        return station_certificates.ask_installed(context.session, certificate_type)
    session = session16(context)
    certificate_type = enum_value("CertificateUse", certificate_type, "1.6")   # (a 1.6-only check for the dry run)
    session.command("GetInstalledCertificateIds", v16.build_get_installed_certificate_ids16(certificate_type))


@when("the test CSMS sends DeleteCertificate for the installed certificate")
def step_delete_installed(context):
    """DeleteCertificate with the hash data of the certificate the CSMS installed, calculated by the
    suite with the hashAlgorithm the Charge Point reported. OCPP 2.0.1: the certificateHashData the station
    returned for it in its last GetInstalledCertificateIds answer (M04.FR.07).

    Example: When the test CSMS sends DeleteCertificate for the installed certificate
    """
    if _is_201(context):
        from support.scenario import station_certificates
        return station_certificates.delete_installed(context.session)
    session = session16(context)
    session.command("DeleteCertificate", session.delete_installed_payload())


@when("the test CSMS sends CertificateSigned with a certificate for another key")
def step_certificate_signed_other(context):
    """CertificateSigned with a certificate the test CA made for a key that is not the one of the
    Charge Point's CSR (an invalid ChargePointCertificate).

    Example: When the test CSMS sends CertificateSigned with a certificate for another key
    """
    from support.csms.scripted import build_certificate_signed
    session = session16(context)
    chain = build_certificate_signed(None, None, None)["certificateChain"]
    session.command("CertificateSigned", v16.build_certificate_signed16(chain))


@when("the test CSMS sends SetChargingProfile for connector {connector:d} with")
def step_set_profile(context, connector):
    """SetChargingProfile; the doc string is csChargingProfiles. "(now)", "(now+N)" / "(now-N)" (seconds)
    and "(transactionId)" (of the Charge Point's transaction) are filled in.

    Example:
        When the test CSMS sends SetChargingProfile for connector 1 with
          \"\"\"
          {"chargingProfileId": 1, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
           "chargingProfileKind": "Absolute",
           "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}}
          \"\"\"
    """
    import json
    session = session16(context)
    session.command("SetChargingProfile", {"connectorId": connector,
                                           "csChargingProfiles": json.loads(context.text)})


@when("the test CSMS sends UnlockConnector for an unknown connector")
def step_unlock_unknown(context):
    """UnlockConnector for connector NumberOfConnectors + 1.

    Example: When the test CSMS sends UnlockConnector for an unknown connector
    """
    session = session16(context)
    session.command("UnlockConnector", v16.build_unlock_connector16(len(session.connectors()) + 1))


@when("the test CSMS sends TriggerMessage for {message} on an unknown connector")
def step_trigger_unknown(context, message):
    """TriggerMessage with connectorId NumberOfConnectors + 1 (TC_055_CS).

    Example: When the test CSMS sends TriggerMessage for MeterValues on an unknown connector
    """
    session = session16(context)
    message = session.enum_at("TriggerMessage", "requestedMessage", message)
    session.command("TriggerMessage", v16.build_trigger_message16(message, len(session.connectors()) + 1))


@when('the test CSMS requires the Basic auth password "{password}" from now on')
def step_require_password_now(context, password):
    """From the next connection on, the test CSMS accepts the Charge Point only with this password (the
    connection in use stays).

    Example: When the test CSMS requires the Basic auth password "4F43415F4F4354545F61646D696E5F74657374" from now on
    """
    session16(context).script.password = password


@when("the test CSMS sends GetCompositeSchedule for connector {connector:d} for {duration:d} seconds in {unit}")
def step_composite(context, connector, duration, unit):
    """GetCompositeSchedule of a connector for this duration in A or W.

    Example: When the test CSMS sends GetCompositeSchedule for connector 1 for 300 seconds in A
    """
    session = session16(context)
    unit = session.enum_at("GetCompositeSchedule", "chargingRateUnit", unit)
    session.command("GetCompositeSchedule", v16.build_get_composite_schedule(connector, duration, unit))


@when('the test CSMS sends RemoteStartTransaction for idTag "{id_tag}" on connector {connector:d} with a {purpose} of {limit:g} {unit}')
def step_remote_start_profile(context, id_tag, connector, purpose, limit, unit):
    """RemoteStartTransaction carrying a charging profile of this purpose (Absolute from now, 300 s).

    Example: When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1 with a TxDefaultProfile of 6 A
    """
    session = session16(context)
    purpose = session.enum_at("SetChargingProfile", "csChargingProfiles.chargingProfilePurpose", purpose)
    profile = v16.build_charging_profile(60, purpose, 0, ((0, limit),), unit, 300)
    session.command("RemoteStartTransaction", v16.build_remote_start_transaction(id_tag, connector, profile))
