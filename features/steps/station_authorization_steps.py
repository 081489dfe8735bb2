"""@station features, block C Authorization: the memory state IdTokenCached, configured idTokens presented
at the station (also while the test CSMS is down) and the test CSMS's answer to each (status,
groupIdToken), configuration states "(If implemented)", the Master Pass ending every transaction (or, at a
user interface, those its holder selects). The logic is in support/scenario/station_authorization.py; the
reusable states are in station_states_steps.py."""
from behave import given, step, then, when

from support.scenario import station_authorization as octt

from station_csms_steps import station_session


@given("the station has the {kind} idToken in its authorization cache")
def step_id_token_cached(context, kind):
    """OCTT memory state IdTokenCached: the idToken presented in a session of its own and answered with
    the status of its kind (valid Accepted, invalid Invalid, blocked Blocked, expired Expired), the
    session ended and the EV unplugged.

    Example: Given the station has the blocked idToken in its authorization cache
    """
    octt.id_token_cached(station_session(context), kind)


@given('the station\'s {spec} is "{value}" if implemented')
def step_configuration_if_implemented(context, spec, value):
    """OCTT "Configuration State ... (If implemented)": SetVariables; a station that does not know the
    variable is left as it is, one that refuses the value leaves the case not run.

    Example: Given the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    """
    octt.set_configuration_if_implemented(station_session(context), spec, value)


@step('the test CSMS will answer the {kind} idToken with "{status}"')
def step_answer_token(context, kind, status):
    """From now on the test CSMS gives this configured idToken this idTokenInfo.status in its Authorize
    and TransactionEvent answers (OCTT: "responds with idTokenInfo.status Invalid").

    Example: Given the test CSMS will answer the invalid idToken with "Invalid"
    """
    octt.answer_token_with(station_session(context), kind, status)


@when("the driver presents the {kind} idToken")
def step_present_configured_token(context, kind):
    """Manual action "Present idToken": a configured idToken (valid, second valid, invalid, blocked,
    expired, group, master pass) at the configured EVSE.

    Example: When the driver presents the blocked idToken
    """
    from support.scenario.words import id_token
    session = station_session(context)
    token = id_token(session.config, kind)
    session.act("present_token", token["idToken"], token["type"], session.config.integer("evse_id"))


@then("the station keeps the transaction going for {seconds:g} seconds")
def step_transaction_goes_on(context, seconds):
    """For N protocol seconds the station sends no TransactionEvent that ends, deauthorizes or suspends
    the running transaction (Ended, StopAuthorized, Deauthorized, a chargingState other than Charging).

    Example: Then the station keeps the transaction going for 5 seconds
    """
    octt.expect_transaction_goes_on(station_session(context), seconds)


@given('the test CSMS puts the {kind} idToken in group "{group}"')
def step_token_group(context, kind, group):
    """From now on the test CSMS's idTokenInfo for this configured idToken carries this groupIdToken
    (type Central) in its Authorize and TransactionEvent answers; <NAME> is a configured value (OCTT:
    "idTokenInfo.groupIdToken.idToken <Configured groupIdToken>").

    Example: Given the test CSMS puts the master pass idToken in group "<MASTERPASS_GROUP_ID>"
    """
    octt.put_token_in_group(station_session(context), kind, group)


@when("the driver presents the {kind} idToken while the test CSMS is down for {seconds:g} seconds")
def step_present_offline(context, kind, seconds):
    """OCTT "The OCTT closes the WebSocket connection AND does not accept a reconnect. Manual Action:
    Present idToken. The OCTT will wait N seconds. The OCTT accepts reconnection attempt": the station
    authorizes offline (cache, OfflineTxForUnknownIdEnabled) and queues its TransactionEvents.

    Example: When the driver presents the valid idToken while the test CSMS is down for 5 seconds
    """
    octt.present_while_csms_down(station_session(context), kind, seconds)


@then("the station ends the transaction on {which} with")
def step_every_transaction_ended(context, which):
    """Every transaction the scenario started (one per EVSE, "for all EVSE"), or the one on EVSE n, ends
    with a TransactionEvent Ended that fits the table (OCTT C16: the Master Pass stops them all, or those
    its holder selected at the user interface).

    Example:
        Then the station ends the transaction on every EVSE with
          | field                         | value                             |
          | transactionInfo.stoppedReason | MasterPass                        |
          | idToken.idToken               | (absent) or <MASTERPASS_ID_TOKEN> |
    """
    import re
    from support.scenario.expect import StepError
    from support.scenario.words import field_rows
    match = re.fullmatch(r"every EVSE|EVSE (\d+)", which.strip())
    if match is None:
        raise StepError(f"'{which}': say 'every EVSE' or 'EVSE 1'")
    evse = int(match.group(1)) if match.group(1) else None
    octt.expect_every_transaction_ended(station_session(context), field_rows(context.table), evse)


@given("the station has {a_or_no} user interface")
def step_user_interface(context, a_or_no):
    """OCTT prerequisite "Charging station has a User Interface" (TC_C_47/48_CS: the Master Pass holder
    selects there which transactions to stop), or has none (TC_C_49_CS): the embedded reference station is
    made so; another station is so when station_has_user_interface says it, else the scenario is not run.

    Example: Given the station has a user interface
    """
    from support.scenario.expect import StepError
    from support.scenario.station_states import station_made_as
    if a_or_no not in ("a", "no"):
        raise StepError(f"'the station has {a_or_no} user interface': say 'a' or 'no'")
    station_made_as(station_session(context), "station_has_user_interface", a_or_no == "a",
                    "has a user interface" if a_or_no == "a" else "has no user interface")


@when("the Master Pass holder selects at the user interface to stop {which}")
def step_select_at_user_interface(context, which):
    """OCTT manual action "Select to stop all transactions" or "Select to stop the transaction on EVSE n",
    after the Master Pass was presented (driver actions select_stop_all_transactions,
    select_stop_transaction).

    Example: When the Master Pass holder selects at the user interface to stop the transaction on EVSE 1
    """
    octt.select_at_user_interface(station_session(context), which)
