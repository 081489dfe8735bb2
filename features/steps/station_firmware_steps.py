"""@station features, block L Firmware management: the UpdateFirmware of the configured firmware, the
firmware statuses and the installation of the OCTT secure firmware update cases (TC_L_xx_CS), and what the
station is for the cases whose prerequisite it is. The logic is in support/scenario/station_firmware.py."""
from behave import given, then, when

from support.scenario import station_firmware as fw
from support.scenario.words import field_rows, split_list

from station_csms_steps import station_session


@given("the station {can_or_cannot} cancel a firmware update under way")
def step_can_cancel(context, can_or_cannot):
    """OCTT prerequisite of TC_L_10_CS ("able to cancel an ongoing firmware update") and TC_L_11_CS ("NOT
    able"): the embedded reference station is made so; another station runs the case only when
    station_can_cancel_firmware_update says it is so, else the scenario is not run.

    Example: Given the station cannot cancel a firmware update under way
    """
    fw.station_can_cancel(station_session(context), can_or_cannot)


@given("the station {what} a firmware while a transaction is ongoing")
def step_during_transaction(context, what):
    """OCTT prerequisite of TC_L_12..16_CS, one of: "neither downloads nor installs" (unable to download and
    install firmware while there is an ongoing transaction), "downloads but does not install" (unable to
    install), "downloads and installs" (able to update its firmware while a transaction is ongoing). The
    embedded reference station is made so; another station runs the case only when
    station_firmware_update_during_transaction says it is so, else the scenario is not run.

    Example: Given the station downloads but does not install a firmware while a transaction is ongoing
    """
    fw.station_during_transaction(station_session(context), what)


@when("the test CSMS requests a secure update to the configured firmware")
@when("the test CSMS requests a secure update to the configured firmware with these fields changed")
def step_update_firmware(context):
    """OCTT step 1 of the L cases: UpdateFirmware with a new requestId, firmware.location
    <STATION_FIRMWARE_LOCATION>, signingCertificate <CONFIGURED_SIGNING_CERTIFICATE>, signature
    <CONFIGURED_SIGNATURE> (made up when not configured), installDateTime and retrieveDateTime 2 hours ago.
    A table sets fields instead: "(N hours ago)", "(in <CONFIGURED_INSTALL_OFFSET_PERIOD> seconds)", the
    invalid firmware <CONFIGURED_INVALID_FIRMWARE_LOCATION>, <CONFIGURED_INVALID_FIRMWARE_SIGNING_CERTIFICATE>,
    <CONFIGURED_INVALID_FIRMWARE_SIGNATURE>, "(a generated invalid certificate)" (TC_L_05_CS), "(absent)".

    Example: When the test CSMS requests a secure update to the configured firmware

    Example:
        When the test CSMS requests a secure update to the configured firmware with these fields changed
          | field             | value                                        |
          | firmware.location | <STATION_FIRMWARE_LOCATION>_does_not_exist   |
    """
    fw.update_firmware(station_session(context), field_rows(context.table) if context.table else ())


@then("the station sends FirmwareStatusNotification for the UpdateFirmware request: {statuses}")
def step_statuses(context, statuses):
    """After its answer to the last UpdateFirmware the station reports these statuses with its requestId, in
    this order and nothing else in between; "(optional)" after a status: it may be left out (OCTT "This
    step is optional"). (Without optional statuses: "the station sends FirmwareStatusNotification ... in
    that order for the UpdateFirmware request".)

    Example: Then the station sends FirmwareStatusNotification for the UpdateFirmware request: "Downloading" (optional), "DownloadFailed"
    """
    session = station_session(context)
    fw.expect_statuses(session, fw.parse_statuses(session, statuses))


@then("the station did not start {doing} before the {field} of the UpdateFirmware request")
def step_not_before(context, doing, field):
    """The station's first Downloading ("downloading", retrieveDateTime) or Installing / InstallRebooting
    ("installing", installDateTime) for the last UpdateFirmware came no sooner than that time (OCTT: "The
    Charging Station will start installing the firmware after the set installDateTime is reached").

    Example: Then the station did not start installing before the installDateTime of the UpdateFirmware request
    """
    fw.check_not_before(station_session(context), doing, field)


@then("the station installs the firmware of the UpdateFirmware request and reports {finals}")
def step_installs(context, finals):
    """OCTT steps after SignatureVerified (errata 2023-12): connectors Unavailable (optional), reusable
    states RebootBeforeFirmwareInstallation / RebootBeforeFirmwareActivation (each optional; a reboot's
    BootNotification has reason FirmwareUpdate), Installing, the reconnection, connectors set Unavailable
    reported Available again, and this final status (`"A" or "B"`: either) for the request.

    Example: Then the station installs the firmware of the UpdateFirmware request and reports "Installed"
    """
    fw.expect_installation(station_session(context), split_list(finals.replace(" or ", ",")))


@then("the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "
      "{finals}")
def step_installs_after_transactions(context, finals):
    """As above, for a station that cannot install a firmware during a transaction (TC_L_12..15_CS):
    InstallScheduled may come first, and no installation status comes while a transaction is ongoing
    (L01.FR.06).

    Example: Then the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "Installed"
    """
    fw.expect_installation(station_session(context), split_list(finals.replace(" or ", ",")), after_transactions=True)


@then("the station does not start {doing} the firmware while a transaction is ongoing")
def step_waits_for_transactions(context, doing):
    """For a station that cannot download ("downloading") or install ("installing") a firmware during a
    transaction: no FirmwareStatusNotification of that for the UpdateFirmware request so far, nor for
    quiet_period, while the scenario's transaction goes on (L01.FR.06).

    Example: Then the station does not start installing the firmware while a transaction is ongoing
    """
    fw.check_waits_for_transactions(station_session(context), doing)


@then('the station sends StatusNotification "{status}" for the connectors of the EVSEs without a transaction')
def step_free_connectors(context, status):
    """L01.FR.07 (OCTT TC_L_13/15_CS "notifies the CSMS about the current state of its Available
    connector(s)"): every connector of an EVSE where no transaction of the scenario runs reports this
    status.

    Example: Then the station sends StatusNotification "Unavailable" for the connectors of the EVSEs without a transaction
    """
    fw.expect_unavailable_free_connectors(station_session(context), status)


@then("the station reports nothing more on the canceled UpdateFirmware request")
def step_canceled_silent(context):
    """L01.FR.24 (OCTT TC_L_10_CS step 6): once it answered the new UpdateFirmware, no FirmwareStatusNotification
    of the station carries the requestId of the update it canceled.

    Example: Then the station reports nothing more on the canceled UpdateFirmware request
    """
    fw.check_canceled_request_silent(station_session(context))
