"""@station features, block F Remote control: a TriggerMessage's messages for every EVSE and the
UpdateFirmware of TC_F_19_CS. Remote start and stop as reusable states are "the station is brought to
state Authorized (remote)" / "StopAuthorized (remote)" (station_states_steps.py). The logic is in
support/scenario/station_remote_control.py."""
from behave import then, when

from support.scenario import station_remote_control as remote
from support.scenario.words import field_rows

from station_csms_steps import station_session


@then("for every EVSE the station sends {action} after answering {command} with")
def step_for_every_evse(context, action, command):
    """F06.FR.11 (OCTT "This step needs to be executed for every EVSE"): after its answer to the test
    CSMS's request (a TriggerMessage without evse) the station sends this message for each EVSE, fitting
    the table: MeterValues with evseId for every configured EVSE (CONFIGURED_NUMBER_OF_EVSES),
    TransactionEvent with evse.id and the transactionId for every EVSE where the scenario's transaction runs.

    Example:
        Then for every EVSE the station sends MeterValues after answering TriggerMessage with
          | field                                 | value   |
          | meterValue[0].sampledValue[0].context | Trigger |
    """
    session = station_session(context)
    remote.expect_for_every_evse(session, session.action(command), session.action(action), field_rows(context.table))


@when("the test CSMS asks the station to update its firmware, with a retrieveDateTime {hours:g} hours ago")
def step_update_firmware(context, hours):
    """UpdateFirmware of the configured firmware (station_firmware_location; signingCertificate and signature
    CONFIGURED_SIGNING_CERTIFICATE, CONFIGURED_SIGNATURE, made up when both are empty), no installDateTime,
    firmware.retrieveDateTime this many hours ago (OCTT TC_F_19_CS: "<Current dateTime - 2 hours>").

    Example: When the test CSMS asks the station to update its firmware, with a retrieveDateTime 2 hours ago
    """
    remote.update_firmware(station_session(context), hours)
