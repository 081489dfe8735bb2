"""OCTT's reusable states as steps: Booted, EVConnectedPreSession, Authorized, EnergyTransferStarted,
StopAuthorized, EVConnectedPostSession, EVDisconnected."""
from behave import given, when

from support.station import states
from support.scenario.words import id_token, reusable_state


def _enter(context, state, evse=None, token="valid"):
    if context.session.version == "1.6":
        return _enter16(context, state, evse, token)
    reusable_state(state, "2.0.1")
    session = context.session
    station = session.require_connected()
    evse_id = int(evse) if evse is not None else context.settings.integer("evse_id")
    connector_id = context.settings.integer("connector_id")
    token_obj = id_token(context.settings, token)
    if state == "Booted":
        states.booted(session, station)
    elif state == "EVConnectedPreSession":
        states.ev_connected_pre_session(session, station, evse_id, connector_id)
    elif state == "Authorized":
        states.authorized(session, station, evse_id, token_obj, connector_id)
    elif state == "EnergyTransferStarted":
        states.energy_transfer_started(session, station, evse_id, token_obj, connector_id)
    elif state == "EnergyTransferSuspended":
        states.energy_transfer_suspended(session, station, evse_id, token_obj, connector_id)
    elif state == "StopAuthorized":
        states.stop_authorized(session, station, evse_id, token_obj)
    elif state == "EVConnectedPostSession":
        states.ev_connected_post_session(session, station, evse_id)
    elif state == "EVDisconnected":
        states.ev_disconnected(session, station, evse_id, connector_id)
    elif state == "Reserved":
        states.reserved(session, station, evse_id, token_obj)
    elif state == "Unavailable":
        # Without an EVSE the whole station is made Inoperative (TC_G_06: "Charging Station set to Unavailable").
        states.unavailable(session, station, int(evse) if evse is not None else None)
    elif state == "ISO15118SmartCharging":
        states.iso15118_smart_charging(session, station, evse_id)


def _enter16(context, state, connector=None, token="valid"):
    from support.station.ocpp16 import states as states16
    reusable_state(state, "1.6")
    session = context.session
    station = session.require_connected()
    id_tag = id_token(context.settings, token)["idToken"]
    connector_id = int(connector) if connector is not None else context.settings.integer("connector_id")
    if state == "Booted":
        states16.booted(session, station)
    elif state == "Authorized":
        states16.authorized(session, station, id_tag)
    else:
        states16.charging(session, station, connector_id, id_tag)


@given("connector {connector:d} of the test Charge Point is in state {state} with the {token} idTag")
@when("connector {connector:d} of the test Charge Point goes to state {state} with the {token} idTag")
def step_state16_connector_token(context, connector, state, token):
    """OCPP 1.6: bring the test Charge Point into a reusable state (Booted, Authorized, Charging) on
    a connector with a configured idTag.

    Example: Given connector 2 of the test Charge Point is in state Charging with the second valid idTag
    """
    _enter(context, state, connector, token)


@given("the test station is in state {state}")
@when("the test station goes to state {state}")
@given("the test station is in state {state} on EVSE {evse:d}")
@when("the test station goes to state {state} on EVSE {evse:d}")
@given("the test station is in state {state} with the {token} idToken")
@when("the test station goes to state {state} with the {token} idToken")
@given("the test station is in state {state} on EVSE {evse:d} with the {token} idToken")
@when("the test station goes to state {state} on EVSE {evse:d} with the {token} idToken")
def step_state(context, state, evse=None, token="valid"):
    """Bring the test station into an OCTT reusable state (Booted, EVConnectedPreSession, Authorized,
    EnergyTransferStarted, EnergyTransferSuspended, StopAuthorized, EVConnectedPostSession,
    EVDisconnected, Reserved, Unavailable, ISO15118SmartCharging), sending the messages of the
    test-case document and applying its validations; on the configured EVSE unless one is named,
    with the valid idToken (where one is needed) unless another configured one is named. Reserved
    and Unavailable start with a manual action on the CSMS; Unavailable without an EVSE makes the
    whole station Inoperative. ISO15118SmartCharging needs a transaction (Authorized and
    EVConnectedPreSession first).

    Example: Given the test station is in state EnergyTransferStarted on EVSE 2 with the second valid idToken
    """
    _enter(context, state, evse, token)
