"""OCPP 1.6J sentences of the @csms features for Remote Trigger, Smart Charging, ClearCache,
DataTransfer and the security extensions (OCTT TC_054 - TC_088). Sentences that already exist for
2.0.1 (install a certificate, update the Basic auth password, trigger a message, ...) work in 1.6
scenarios too; these are the ones 1.6 needs on top."""
from behave import then, when

from support.station.ocpp16 import core as core16, remote_trigger, security as security16, smart_charging
from support.scenario.words import enum_value, field_rows, id_token


# ---------------------------------------------------------------------- Remote Trigger

@when("the CSMS is asked to trigger a {message} message for connector {connector:d} of the test Charge Point")
def step_trigger16(context, message, connector):
    """OCPP 1.6: make the Central System send TriggerMessage for a MessageTrigger with a connectorId
    (trigger API trigger-message).

    Example: When the CSMS is asked to trigger a StatusNotification message for connector 1 of the test Charge Point
    """
    remote_trigger.ask_trigger(context.session, enum_value("MessageTrigger", message, "1.6"), connector)


@when("the CSMS is asked to trigger a {message} message for a connector the test Charge Point does not have")
def step_trigger_missing16(context, message):
    """OCPP 1.6: make the Central System send TriggerMessage for connector NumberOfConnectors + 1,
    which the test station does not have (TC_055).

    Example: When the CSMS is asked to trigger a MeterValues message for a connector the test Charge Point does not have
    """
    session = context.session
    remote_trigger.ask_trigger(session, enum_value("MessageTrigger", message, "1.6"), remote_trigger.missing_connector(session))


@then("the CSMS asks the test Charge Point to trigger {message} for the connector it does not have")
def step_check_trigger_missing16(context, message):
    """OCPP 1.6: the Central System sends TriggerMessage with this requestedMessage and connectorId
    NumberOfConnectors + 1.

    Example: Then the CSMS asks the test Charge Point to trigger MeterValues for the connector it does not have
    """
    remote_trigger.check_trigger_for_missing_connector(context.session, enum_value("MessageTrigger", message, "1.6"))


@when('the test Charge Point sends the triggered {action} "{status}"')
def step_send_triggered16(context, action, status):
    """OCPP 1.6: send DiagnosticsStatusNotification or FirmwareStatusNotification with this status, as
    the Charge Point does when the CSMS triggered it; the CSMS must answer with a CALLRESULT.

    Example: When the test Charge Point sends the triggered DiagnosticsStatusNotification "Idle"
    """
    remote_trigger.send_triggered(context.session, action, status)


# ---------------------------------------------------------------------- Smart Charging

@when("the CSMS is asked to set a {purpose} of kind {kind} with limit {limit:g} on connector {connector:d} of the test Charge Point")
@when("the CSMS is asked to set a {purpose} of kind {kind} with limit {limit:g} on connector {connector:d} at the configured stack level + {offset:d}")
def step_set_profile16(context, kind, purpose, limit, connector, offset=0):
    """OCPP 1.6: make the Central System send SetChargingProfile with a profile made from the
    configured values (stack level, rate unit, duration, phases): an Absolute one starts now and is
    valid for the duration; a TxProfile names the station's transaction on the connector. The limit
    is written as OCTT writes it: 6 is 6 A, or 6000 W with chargingRateUnit W.

    Example: When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on connector 1 of the test Charge Point
    Example: When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 7 on connector 1 at the configured stack level + 1
    """
    kind = enum_value("ChargingProfileKindType", kind, "1.6")
    purpose = enum_value("ChargingProfilePurposeType", purpose, "1.6")
    smart_charging.ask_set_profile(context.session, kind, purpose, limit, connector, offset)


@then("the CSMS sets a charging profile on connector {connector:d} with")
def step_check_profile16(context, connector):
    """OCPP 1.6: the Central System sends SetChargingProfile for the connector; its csChargingProfiles
    follows the 1.6 rules and every row holds. Rows name csChargingProfiles fields directly
    (stackLevel), chargingSchedule.X, and period.X (the first period). Values may also be `now`,
    `now + duration`, `(the transaction)`, `(configured number of phases)` (or absent when it is 3)
    and `(configured stack level + 1)`.

    Example:
        Then the CSMS sets a charging profile on connector 1 with
          | field                  | value                    |
          | chargingProfilePurpose | TxDefaultProfile         |
          | stackLevel             | <CONFIGURED_STACK_LEVEL> |
          | period.limit           | 6 or 6000                |
    """
    smart_charging.check_profile_request(context.session, "SetChargingProfile", connector, field_rows(context.table))


@when("the CSMS is asked to start a transaction on connector {connector:d} for the {token} idTag with a TxProfile of kind {kind} and limit {limit:g}")
def step_remote_start_profile16(context, connector, token, kind, limit):
    """OCPP 1.6: make the Central System send RemoteStartTransaction with a TxProfile (without
    transactionId: the transaction does not exist yet) made from the configured values.

    Example: When the CSMS is asked to start a transaction on connector 1 for the valid idTag with a TxProfile of kind Relative and limit 6
    """
    kind = enum_value("ChargingProfileKindType", kind, "1.6")
    smart_charging.ask_remote_start_with_profile(context.session, connector, id_token(context.settings, token)["idToken"],
                                      kind, limit)


@then("the CSMS asks the test Charge Point to start a transaction on connector {connector:d} with a charging profile with")
def step_check_remote_start_profile16(context, connector):
    """OCPP 1.6: the Central System sends RemoteStartTransaction for the connector with a chargingProfile
    that follows the 1.6 rules; rows as for SetChargingProfile, plus fields of the request (idTag).

    Example:
        Then the CSMS asks the test Charge Point to start a transaction on connector 1 with a charging profile with
          | field                  | value            |
          | idTag                  | <VALID_ID_TOKEN> |
          | chargingProfilePurpose | TxProfile        |
          | transactionId          | (absent)         |
    """
    smart_charging.check_profile_request(context.session, "RemoteStartTransaction", connector, field_rows(context.table))


@when("the CSMS is asked to clear the first charging profile of the scenario by its id")
def step_clear_first16(context):
    """OCPP 1.6: make the Central System send ClearChargingProfile with the id of the first profile it
    was asked to set in this scenario.

    Example: When the CSMS is asked to clear the first charging profile of the scenario by its id
    """
    smart_charging.ask_clear_first_by_id(context.session)


@when("the CSMS is asked to clear the {purpose} profiles of connector {connector:d} of the test Charge Point at the configured stack level + {offset:d}")
def step_clear_criteria16(context, purpose, connector, offset):
    """OCPP 1.6: make the Central System send ClearChargingProfile by criteria: connectorId,
    chargingProfilePurpose and stackLevel (the configured one plus an offset), without id.

    Example: When the CSMS is asked to clear the TxDefaultProfile profiles of connector 1 of the test Charge Point at the configured stack level + 1
    """
    purpose = enum_value("ChargingProfilePurposeType", purpose, "1.6")
    smart_charging.ask_clear_by_criteria(context.session, purpose, connector, offset)


@when("the CSMS is asked to clear every charging profile of the test Charge Point")
def step_clear_all16(context):
    """OCPP 1.6: make the Central System send ClearChargingProfile without any field (every profile).

    Example: When the CSMS is asked to clear every charging profile of the test Charge Point
    """
    smart_charging.ask_clear_all(context.session)


@then("the CSMS clears charging profiles with")
def step_check_clear16(context):
    """OCPP 1.6: the Central System sends ClearChargingProfile and every row holds. Values may also be
    `(the first profile's id)` and `(configured stack level + 1)`.

    Example:
        Then the CSMS clears charging profiles with
          | field                  | value                    |
          | id                     | (the first profile's id) |
          | connectorId            | (absent)                 |
    """
    smart_charging.check_clear_request(context.session, field_rows(context.table))


@then("the number of charging profiles the CSMS records on the test Charge Point is {count:d}")
def step_profile_count16(context, count=1):
    """OCPP 1.6: the Central System's record of the profiles installed on the Charge Point (trigger
    API charging-profiles-record) holds this many; without such a record it is a manual check.

    Example: Then the number of charging profiles the CSMS records on the test Charge Point is 0
    """
    smart_charging.check_profile_count(context.session, count)


@when("the CSMS is asked for the composite schedule of connector {connector:d} of the test Charge Point")
def step_composite16(context, connector):
    """OCPP 1.6: make the Central System send GetCompositeSchedule for the connector with the configured
    duration and chargingRateUnit.

    Example: When the CSMS is asked for the composite schedule of connector 1 of the test Charge Point
    """
    smart_charging.ask_composite(context.session, connector)


@then("the CSMS records the composite schedule the test Charge Point reported for connector {connector:d}")
def step_composite_recorded16(context, connector):
    """OCPP 1.6: the Central System keeps the chargingSchedule of the station's GetCompositeSchedule.conf
    (trigger API charging-profiles-record); without such a record it is a manual check.

    Example: Then the CSMS records the composite schedule the test Charge Point reported for connector 1
    """
    smart_charging.check_composite_recorded(context.session, connector)


# ---------------------------------------------------------------------- DataTransfer

@then("the CSMS refuses the DataTransfer of the unknown vendor, or accepts it with a warning")
def step_data_transfer16(context):
    """The CSMS answers the station's DataTransfer of a vendor it does not implement with Rejected,
    UnknownMessageId or UnknownVendorId; Accepted passes with a printed warning (TC_064_CSMS).

    Example: Then the CSMS refuses the DataTransfer of the unknown vendor, or accepts it with a warning
    """
    core16.check_data_transfer_refused(context.session)


# ---------------------------------------------------------------------- security

@then("the AuthorizationKey the CSMS set is 16 to 20 bytes in hexadecimal")
def step_authorization_key16(context):
    """OCPP 1.6 security: the value of the Central System's ChangeConfiguration AuthorizationKey is 32
    to 40 hexadecimal digits (A00.FR.205).

    Example: Then the AuthorizationKey the CSMS set is 16 to 20 bytes in hexadecimal
    """
    security16.check_authorization_key(context.session)


@when("the CSMS is asked to upgrade the test Charge Point to security profile {profile:d}")
def step_upgrade_profile16(context, profile):
    """OCPP 1.6 security: make the Central System send ChangeConfiguration SecurityProfile with a higher
    profile (trigger API upgrade-security-profile, else change-configuration). What the scenario
    changed is put back in the CSMS at its end.

    Example: When the CSMS is asked to upgrade the test Charge Point to security profile 2
    """
    security16.ask_security_profile(context.session, profile)


@then("the CSMS deletes the {certificate_type} it installed by its hash data")
def step_check_delete16(context, certificate_type):
    """OCPP 1.6 security: the Central System sends DeleteCertificate whose certificateHashData is the
    station's own calculation, in its hashAlgorithm, of the certificate the CSMS installed.

    Example: Then the CSMS deletes the CentralSystemRootCertificate it installed by its hash data
    """
    security16.check_delete_request(context.session, enum_value("CertificateUse", certificate_type, "1.6"))


@then('the CSMS records the security event "{event_type}" of the test Charge Point')
def step_security_event16(context, event_type):
    """OCPP 1.6 security: the Central System keeps the station's SecurityEventNotification (trigger API
    security-events-record); without such a record it is a manual check.

    Example: Then the CSMS records the security event "InvalidCentralSystemCertificate" of the test Charge Point
    """
    security16.check_security_event(context.session, event_type)


@then('the CSMS records the upload of the test Charge Point\'s {log_type} as "{status}"')
def step_log_record16(context, log_type, status):
    """OCPP 1.6 security: the Central System's record of its GetLog request of this scenario (trigger
    API log-record) ends in this UploadLogStatus; without such a record it is a manual check.

    Example: Then the CSMS records the upload of the test Charge Point's SecurityLog as "Uploaded"
    """
    security16.check_log_record(context.session, enum_value("Log", log_type, "1.6"),
                         enum_value("UploadLogStatus", status, "1.6"))


@when("the CSMS is asked to update the firmware of the test Charge Point securely")
def step_signed_update16(context):
    """OCPP 1.6 security: make the Central System send SignedUpdateFirmware with the configured firmware
    location, signing certificate and signature (CONFIGURED_FIRMWARE_LOCATION, _SIGNING_CERTIFICATE,
    _SIGNATURE; made up when left empty).

    Example: When the CSMS is asked to update the firmware of the test Charge Point securely
    """
    security16.ask_signed_update(context.session)


@when("the CSMS is asked to update the firmware of the test Charge Point securely with an invalid signature")
def step_signed_update_invalid16(context):
    """OCPP 1.6 security: make the Central System send SignedUpdateFirmware with the configured firmware
    and a signature that does not verify (TC_081).

    Example: When the CSMS is asked to update the firmware of the test Charge Point securely with an invalid signature
    """
    security16.ask_signed_update(context.session, invalid_signature=True)


@then("the CSMS requests a secure firmware update with the configured firmware")
def step_check_signed_update16(context):
    """OCPP 1.6 security: the Central System sends SignedUpdateFirmware with the configured firmware
    location, signing certificate and signature.

    Example: Then the CSMS requests a secure firmware update with the configured firmware
    """
    security16.check_signed_update_request(context.session)


@then("the CSMS requests a secure firmware update with the configured firmware and an invalid signature")
def step_check_signed_update_invalid16(context):
    """OCPP 1.6 security: the Central System sends SignedUpdateFirmware with the configured firmware
    location and signing certificate, and a signature other than the configured (valid) one.

    Example: Then the CSMS requests a secure firmware update with the configured firmware and an invalid signature
    """
    security16.check_signed_update_request(context.session, invalid_signature=True)


@when('the test Charge Point reports the signed firmware status "{statuses}"')
def step_signed_status16(context, statuses):
    """OCPP 1.6 security: send SignedFirmwareStatusNotification with these statuses in turn ("A" then
    "B"), with the requestId of the CSMS's SignedUpdateFirmware; each must be answered.

    Example: When the test Charge Point reports the signed firmware status "Downloading" then "Downloaded"
    """
    names = [s.strip().strip('"') for s in statuses.replace('" then "', ",").split(",")]
    security16.send_signed_firmware_statuses(context.session, names)


@then('the CSMS records the signed firmware update of the test Charge Point as "{state}"')
def step_signed_record16(context, state):
    """OCPP 1.6 security: the Central System's record of the signed firmware update of this scenario
    (trigger API signed-firmware-record) ends in this status, with no status noted out of order;
    without such a record it is a manual check.

    Example: Then the CSMS records the signed firmware update of the test Charge Point as "Installed"
    """
    security16.check_signed_firmware_record(context.session, enum_value("FirmwareStatus", state))
