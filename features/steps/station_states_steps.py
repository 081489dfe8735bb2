"""@station features, every block: the station side of OCTT's reusable states (Booted, EVConnectedPreSession,
Authorized, EnergyTransferStarted, ...), a case's prerequisite variable and the wait of <Configured
Transaction Duration>. The logic is in support/scenario/station_states.py."""
from behave import given, step, when

from support.scenario import station_states as states

from station_csms_steps import station_session


@step("the station is brought to state {state}")
def step_station_state(context, state):
    """OCTT reusable state of the station under test (Given, or When as a step of the case), reached
    through its driver and the test CSMS at the configured EVSE and connector, with the document's tool
    validations: Booted, EVConnectedPreSession, Authorized (the valid idToken unless another is named;
    "from its authorization cache": without an Authorize; "(remote)": Main B, RequestStartTransaction, "with a
    TxProfile" in it, OCTT TC_K_38_CS), EnergyTransferStarted, StopAuthorized (another idToken named: one of
    the transaction's group, with its Authorize unless from the cache; "(remote)": RequestStopTransaction),
    EnergyTransferSuspended (2023-12 errata: the EV suspends after <Configured Transaction Duration>),
    EVConnectedPostSession, EVDisconnected, Unavailable (ChangeAvailability Inoperative of the whole station,
    "for the configured EVSE" or "for the configured connector"; Accepted, the connectors of it Unavailable and
    no other). "on EVSE n": at that EVSE's connector 1, a transaction of its
    own; left out when the station has fewer EVSEs (CONFIGURED_NUMBER_OF_EVSES; OCTT "for EVSE 2 if the
    Charging Station has more than one EVSE").

    Example: Given the station is brought to state Authorized with the invalid idToken

    Example: Given the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken

    Example: When the station is brought to state Authorized with the valid idToken from its authorization cache

    Example: Given the station is brought to state Unavailable for the configured EVSE

    Example: When the station is brought to state Authorized (remote)
    """
    states.go_to_state(station_session(context), state)


@given('the station implements {spec} with value "{value}"')
def step_prerequisite_variable(context, spec, value):
    """OCTT prerequisite "<variable> is implemented with value <value>", read with GetVariables; a station
    without it or with another value is not one the case is for: the scenario is not run.

    Example: Given the station implements AuthCacheCtrlr.Available with value "true"
    """
    states.require_variable(station_session(context), spec, value)


@when("the transaction duration has passed")
def step_transaction_duration(context):
    """OCTT "Wait for <Configured Transaction Duration> seconds": station_transaction_duration protocol
    seconds (TRANSACTION_DURATION, at least 1) pass.

    Example: When the transaction duration has passed
    """
    states.wait_transaction_duration(station_session(context))
