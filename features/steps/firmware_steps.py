"""Block L Firmware management: the CSMS asked to update, publish or unpublish firmware, the
station's firmware and publish statuses, and checks of the CSMS's requests and of what it recorded."""
from behave import then, when

from support.scenario.expect import check_enum
from support.station import firmware
from support.station.ocpp16 import firmware as firmware16
from support.station import states as reusable_states
from support.scenario.words import enum_value

UPDATE_STATES = sorted({"Requested", "Accepted", "Canceled", "Rejected", "InvalidCertificate", "RevokedCertificate",
                        "Downloaded", "DownloadFailed", "Downloading", "DownloadScheduled", "DownloadPaused",
                        "InstallationFailed", "Installing", "Installed", "InstallRebooting", "InstallScheduled",
                        "InstallVerificationFailed", "InvalidSignature", "SignatureVerified"})
PUBLICATION_STATES = sorted({"Requested", "Accepted", "Rejected", "DownloadScheduled", "Downloading", "Downloaded",
                             "Published", "DownloadFailed", "DownloadPaused", "InvalidChecksum", "ChecksumVerified",
                             "PublishFailed", "Unpublished", "NoFirmware", "DownloadOngoing"})


def _statuses(text):
    return [s.strip().strip('"') for s in text.replace('" then "', ",").split(",")]


def _ask(context, description, action, payload):
    context.session.trigger(description, "call", context.settings.station_id, action, payload)


# ---------------------------------------------------------------------- the CSMS is asked

@when("the CSMS is asked to update the firmware of the test station")
def step_update_firmware(context):
    """Make the CSMS send UpdateFirmwareRequest for the configured firmware, signed (signingCertificate
    and signature), with a new requestId, the configured retries and retryInterval, to be retrieved now.
    OCPP 1.6: UpdateFirmware.req with the configured location, to be retrieved now.

    Example: When the CSMS is asked to update the firmware of the test station
    """
    if context.session.version == "1.6":   # UpdateFirmware.req: location and retrieveDate (ocpp16/firmware.py)
        firmware16.ask_update_firmware(context.session)
        return
    payload = firmware.update_firmware_request(context.session)
    _ask(context, "make the CSMS update the firmware (signed)", "UpdateFirmware", payload)


@when("the CSMS is asked to update the firmware of the test station with the installation scheduled in the future")
def step_update_firmware_install_later(context):
    """As above, with firmware.installDateTime FIRMWARE_SCHEDULE_DELAY seconds ahead.

    Example: When the CSMS is asked to update the firmware of the test station with the installation scheduled in the future
    """
    payload = firmware.update_firmware_request(context.session, install_later=True)
    _ask(context, "make the CSMS update the firmware, installing later", "UpdateFirmware", payload)


@when("the CSMS is asked to update the firmware of the test station with the download scheduled in the future")
def step_update_firmware_download_later(context):
    """As above, with firmware.retrieveDateTime FIRMWARE_SCHEDULE_DELAY seconds ahead.

    Example: When the CSMS is asked to update the firmware of the test station with the download scheduled in the future
    """
    payload = firmware.update_firmware_request(context.session, download_later=True)
    _ask(context, "make the CSMS update the firmware, downloading later", "UpdateFirmware", payload)


@when("the CSMS is asked to update the firmware of the test station with an unsigned firmware")
def step_update_firmware_unsigned(context):
    """Make the CSMS send UpdateFirmwareRequest without signingCertificate and signature.

    Example: When the CSMS is asked to update the firmware of the test station with an unsigned firmware
    """
    payload = firmware.update_firmware_request(context.session, signed=False)
    _ask(context, "make the CSMS update the firmware (unsigned)", "UpdateFirmware", payload)


@when("the CSMS is asked to publish the firmware on the test station")
def step_publish_firmware(context):
    """Make the CSMS send PublishFirmwareRequest (a Local Controller publishes the configured firmware
    for the stations behind it): location, MD5 checksum, a new requestId, retries and retryInterval.

    Example: When the CSMS is asked to publish the firmware on the test station
    """
    _ask(context, "make the CSMS publish the firmware", "PublishFirmware",
         firmware.publish_firmware_request(context.session))


@when("the CSMS is asked to withdraw the published firmware from the test station")
def step_unpublish_firmware(context):
    """Make the CSMS send UnpublishFirmwareRequest with the MD5 checksum of the configured firmware.

    Example: When the CSMS is asked to withdraw the published firmware from the test station
    """
    _ask(context, "make the CSMS unpublish the firmware", "UnpublishFirmware",
         firmware.unpublish_firmware_request(context.session))


# ---------------------------------------------------------------------- checks of the CSMS's request

@then("the CSMS's firmware update carries a valid signing certificate and signature")
def step_signed_update(context):
    """The CSMS's last UpdateFirmwareRequest has a PEM X.509 firmware.signingCertificate and a base64
    firmware.signature that verifies over the firmware with it (L01.FR.11); the suite verifies the
    signature when it made the firmware itself.

    Example: Then the CSMS's firmware update carries a valid signing certificate and signature
    """
    firmware.check_signature(context.session)


@then("the CSMS's firmware update schedules the installation in the future")
def step_install_later(context):
    """firmware.installDateTime of the CSMS's last UpdateFirmwareRequest was in the future when it came.

    Example: Then the CSMS's firmware update schedules the installation in the future
    """
    firmware.check_scheduled_in_future(context.session, "installDateTime", "installation")


@then("the CSMS's firmware update schedules the download in the future")
def step_download_later(context):
    """firmware.retrieveDateTime of the CSMS's last UpdateFirmwareRequest was in the future when it came.

    Example: Then the CSMS's firmware update schedules the download in the future
    """
    firmware.check_scheduled_in_future(context.session, "retrieveDateTime", "download")


# ---------------------------------------------------------------------- the station reports

@when('the test station reports the firmware status "{statuses}"')
def step_firmware_status(context, statuses):
    """Send FirmwareStatusNotification for the firmware update the station works on (the last one it
    accepted), one per status, in order; the CSMS must answer each (OCPP 1.6: without requestId).

    Example: When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified"
    """
    session = context.session
    session.require_connected()
    if session.version == "1.6":           # FirmwareStatusNotification.req without requestId (ocpp16/firmware.py)
        for status in _statuses(statuses):
            firmware16.report_firmware_status(session, enum_value("FirmwareStatus", status, "1.6"))
        return
    for status in _statuses(statuses):
        payload = firmware.firmware_status_payload(session, enum_value("FirmwareStatus", status))
        session.send_expecting_answer("FirmwareStatusNotification", payload)


@when('the test station reports the firmware status "{status}" for the first firmware update')
def step_firmware_status_first(context, status):
    """Send FirmwareStatusNotification with the requestId of the first UpdateFirmwareRequest of the
    scenario (a late status of an update the station has since dropped); the CSMS must answer it.

    Example: When the test station reports the firmware status "Downloaded" for the first firmware update
    """
    context.session.require_connected()
    payload = firmware.firmware_status_payload(context.session, enum_value("FirmwareStatus", status), which="first")
    context.session.send_expecting_answer("FirmwareStatusNotification", payload)


@when('the test station reports the publish firmware status "{statuses}"')
def step_publish_status(context, statuses):
    """Send PublishFirmwareStatusNotification for the CSMS's last PublishFirmwareRequest, one per
    status, in order (Published carries the station's download location); the CSMS must answer each.

    Example: When the test station reports the publish firmware status "Downloading" then "Downloaded"
    """
    session = context.session
    session.require_connected()
    for status in _statuses(statuses):
        payload = firmware.publish_status_payload(session, enum_value("PublishFirmwareStatus", status))
        session.send_expecting_answer("PublishFirmwareStatusNotification", payload)


@when("the installation time of the firmware update has come")
def step_install_time(context):
    """Wait until firmware.installDateTime of the update the station works on has passed.

    Example: When the installation time of the firmware update has come
    """
    firmware.wait_for_time(context.session, "installDateTime", "installation")


@when("the download time of the firmware update has come")
def step_download_time(context):
    """Wait until firmware.retrieveDateTime of the update the station works on has passed.

    Example: When the download time of the firmware update has come
    """
    firmware.wait_for_time(context.session, "retrieveDateTime", "download")


@when('the test station reports connector status "{status}" for the connectors without a transaction')
def step_idle_connectors(context, status):
    """Send StatusNotification and NotifyEvent(AvailabilityState) for every connector whose EVSE has no
    ongoing transaction (a station preparing a firmware update, L01.FR.07).

    Example: When the test station reports connector status "Unavailable" for the connectors without a transaction
    """
    session = context.session
    station = session.require_connected()
    status = enum_value("ConnectorStatus", status)
    busy = {evse for evse, tx in station.model.transactions.items() if not tx.ended}
    for evse_id, connector_id in sorted(station.model.connectors):
        if evse_id not in busy:
            reusable_states.report_connector(session, station, evse_id, connector_id, status)


# ---------------------------------------------------------------------- what the CSMS recorded

@then('the CSMS records the firmware update of the test station as "{states}"')
@then('the CSMS records the firmware updates of the test station, one after the other, as "{states}"')
def step_update_states(context, states):
    """The CSMS's record of the firmware updates of this scenario, in the order it sent them: the last
    FirmwareStatus of each, the UpdateFirmwareStatus the station refused it with, or Canceled when the
    station cancelled it for a newer one (trigger API firmware-record; without one, a manual check).
    OCPP 1.6: the last FirmwareStatus of each UpdateFirmware.req, none of them out of order.

    Example: Then the CSMS records the firmware updates of the test station, one after the other, as "Canceled" then "Installed"
    """
    wanted = _statuses(states)
    for state in wanted:
        check_enum(state, UPDATE_STATES, "firmware update state")
    if context.session.version == "1.6":   # trigger API /api/octt/1.6/{station}/firmware-record (ocpp16/firmware.py)
        firmware16.check_firmware_record(context.session, wanted)
        return
    firmware.check_update_states(context.session, wanted)


@then('the CSMS notices the firmware status "{status}" out of order')
def step_out_of_order(context, status):
    """The CSMS answered the notification but flagged this FirmwareStatus as not fitting its record
    (a cancelled or unknown request, a status that cannot follow the one before).

    Example: Then the CSMS notices the firmware status "Downloaded" out of order
    """
    firmware.check_out_of_order(context.session, enum_value("FirmwareStatus", status))


@then("the CSMS finds every firmware status in order")
def step_in_order(context):
    """The CSMS flagged none of the station's firmware or publish statuses as out of order.

    Example: Then the CSMS finds every firmware status in order
    """
    firmware.check_in_order(context.session)


@then('the CSMS records "{state}" as the state of the firmware publication on the test station')
def step_publication_state(context, state):
    """The CSMS's record of the configured firmware on a Local Controller: the last
    PublishFirmwareStatus, or the UnpublishFirmwareStatus of its last UnpublishFirmware.

    Example: Then the CSMS records "Published" as the state of the firmware publication on the test station
    """
    check_enum(state, PUBLICATION_STATES, "firmware publication state")
    firmware.check_publication(context.session, state)


@then("the CSMS records where the test station publishes the firmware")
def step_publication_location(context):
    """The CSMS keeps the location(s) of the station's PublishFirmwareStatusNotification Published.

    Example: Then the CSMS records where the test station publishes the firmware
    """
    firmware.check_published_locations(context.session)


@when('the test station reports the security event "{event_type}"')
def step_security_event(context, event_type):
    """Send SecurityEventNotification with this type (e.g. InvalidFirmwareSignature,
    InvalidFirmwareSigningCertificate) and the current time; the CSMS must answer it.

    Example: When the test station reports the security event "InvalidFirmwareSignature"
    """
    context.session.send_expecting_answer("SecurityEventNotification", firmware.security_event_payload(event_type))
