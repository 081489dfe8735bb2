"""@station features, block E Transactions: the TransactionEvent that ends a transaction, the end of an
authorization by EVConnectionTimeOut, GetTransactionStatus for the scenario's transaction and the
reusable state StartOfflineTransaction. The reusable states EVConnectedPreSession ... EVDisconnected are
the sentences of block C ("the station is brought to state ..."). The logic is in
support/scenario/station_transactions.py."""
from behave import given, then, when

from support.scenario import station_states, station_transactions as checks
from support.scenario.words import field_rows

from station_csms_steps import station_session


@then("the station's TransactionEvent that ends the transaction has")
def step_transaction_end(context):
    """The TransactionEvent with eventType Ended of the scenario's transaction fits the table, whether a
    reusable state already matched it (StopAuthorized with TxStopPoint Authorized) or it comes next.

    Example:
        Then the station's TransactionEvent that ends the transaction has
          | field                         | value          |
          | triggerReason                 | StopAuthorized |
          | transactionInfo.stoppedReason | Local          |
    """
    checks.expect_transaction_end(station_session(context), field_rows(context.table))


@then("the station ends the authorization once EVConnectionTimeOut has passed")
def step_connection_timeout(context):
    """E03.FR.05: with no cable plugged in within TxCtrlr.EVConnectionTimeOut (E10.FR.02: a permanently
    attached cable not back in the EV), the station sends TransactionEvent triggerReason EVConnectTimeout:
    Ended with stoppedReason Timeout when its TxStopPoint contains Authorized, PowerPathClosed or
    EnergyTransfer, else Updated (both read with GetVariables).

    Example: Then the station ends the authorization once EVConnectionTimeOut has passed
    """
    checks.expect_connection_timeout(station_session(context))


@when("the test CSMS requests the status of the station's transaction")
def step_transaction_status(context):
    """GetTransactionStatus with the transactionId of the scenario's transaction (the one of the
    TransactionEvent a step matched last; OCTT: "<Generated transactionId from Before>").

    Example: When the test CSMS requests the status of the station's transaction
    """
    checks.get_transaction_status(station_session(context))


@when("the test CSMS comes back and at once requests the status of {what}")
@when("the test CSMS comes back after {seconds} seconds and at once requests the status of {what}")
def step_back_and_status(context, what, seconds=None):
    """OCTT TC_E_29/31/33_CS: the test CSMS takes the station's reconnection again (after staying down
    this many protocol seconds, a number or a configured value) and sends GetTransactionStatus the moment
    the connection is restored: for "the station's transaction" (the transactionId of the TransactionEvent
    a step matched last) or for "every transaction" (transactionId omitted). The answers to the
    TransactionEvents the station sends from its queue wait until it has answered, so that what is
    queued does not race the request.

    Example: When the test CSMS comes back and at once requests the status of the station's transaction

    Example: When the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds and at once requests the status of every transaction
    """
    wordings = {"the station's transaction": True, "every transaction": False}
    if what.strip() not in wordings:
        from support.scenario.expect import StepError
        raise StepError(f"'{what}': say 'the station's transaction' or 'every transaction' (no transactionId)")
    checks.come_back_and_get_status(station_session(context), wordings[what.strip()], seconds)


@given("the station has started a transaction while offline")
def step_start_offline_transaction(context):
    """OCTT reusable state StartOfflineTransaction: the test CSMS closes the connection and refuses
    reconnections, the driver presents the valid idToken and plugs the EV in at the configured EVSE, then
    the test CSMS accepts the station's next connection attempt.

    Example: Given the station has started a transaction while offline
    """
    checks.start_offline_transaction(station_session(context))


@then("{which} TransactionEvent the station queued while offline has")
def step_offline_queue(context, which):
    """OCTT "All messages" (every) or "One of the messages" (one) of the TransactionEvents the station
    queued while it was offline and delivers once it is connected again (those timestamped between the
    close of its connection and its reconnection), collected until it has sent none for quiet_period.

    Example:
        Then every TransactionEvent the station queued while offline has
          | field   | value |
          | offline | true  |

    Example:
        Then one TransactionEvent the station queued while offline has
          | field     | value |
          | eventType | Ended |
    """
    checks.expect_offline_queue(station_session(context), which.strip(), field_rows(context.table))


@when("the test CSMS comes back after {seconds} seconds")
def step_csms_back_after(context, seconds):
    """OCTT "waits <seconds> before accepting a reconnection attempt": the test CSMS stays down this many
    protocol seconds (a number or a configured value, scaled by station_time_scale), then listens again.

    Example: When the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds
    """
    checks.come_back_after(station_session(context), seconds)


@given('the test CSMS will answer every {action} with CALLERROR "{code}"')
def step_refuse_every(context, action, code):
    """Every message of this action the station sends from now on is answered with a CALLERROR of this
    OCPP-J error code.

    Example: Given the test CSMS will answer every TransactionEvent with CALLERROR "InternalError"
    """
    checks.fail_every(station_session(context), action, code)


@given('the test CSMS will answer the station\'s first {action} with CALLERROR "{code}"')
def step_refuse_first(context, action, code):
    """The station's next message of this action is answered with a CALLERROR of this code; its
    retransmissions and every later message get the usual answers.

    Example: Given the test CSMS will answer the station's first TransactionEvent with CALLERROR "InternalError"
    """
    checks.fail_first(station_session(context), action, code)


@given("the test CSMS will ignore the station's first {action}")
def step_ignore_first(context, action):
    """The station's next message of this action gets no answer at all (it must time out after its
    MessageTimeout); its retransmissions and every later message get the usual answers (OCTT TC_E_42_CS:
    "The tool will ignore the first request and only respond to the second request").

    Example: Given the test CSMS will ignore the station's first TransactionEvent
    """
    checks.fail_first(station_session(context), action)


@then("the station tries the failed TransactionEvent {attempts} times in all")
def step_retries(context, attempts):
    """E13: the first TransactionEvent the test CSMS failed (no answer, or a CALLERROR) is sent this many
    times (a number or a configured value), each retry at least MessageAttemptInterval[TransactionEvent]
    times the transmissions before it after the previous one (plus MessageTimeout[Default] when that got
    no answer; both read with GetVariables), and not once more within a further such interval.

    Example: Then the station tries the failed TransactionEvent <CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT> times in all
    """
    checks.expect_retries(station_session(context), attempts)


# ---------------------------------------------------------------------- EV-side manual actions

@when("the EV suspends the energy transfer")
def step_ev_suspend(context):
    """OCTT manual action "The EV suspends the energy transfer", at the configured EVSE and connector
    (driver action ev_suspend): the EV stops taking energy, the cable stays in.

    Example: When the EV suspends the energy transfer
    """
    station_states.ev_suspend(station_session(context))


@then("the station reports that the EV suspended the energy transfer")
def step_ev_suspension(context):
    """E06.FR.07 (OCTT TC_E_22_CS): the TransactionEvent after the EV's suspension has triggerReason
    ChargingStateChanged and either chargingState EVConnected, eventType Ended and stoppedReason
    StoppedByEV, or chargingState SuspendedEV and eventType Updated.

    Example: Then the station reports that the EV suspended the energy transfer
    """
    station_states.expect_ev_suspension(station_session(context), strict=True)


@when("the cable is disconnected on the EV side at EVSE {evse:d}")
def step_unplug_at_ev(context, evse):
    """OCTT manual action "Disconnect the EV and EVSE on EV side (EVSE loses connection with EV)" at
    connector 1 of the EVSE (driver action unplug_at_ev); the cable stays in the station.

    Example: When the cable is disconnected on the EV side at EVSE 1
    """
    station_session(context).act("unplug_at_ev", evse, 1)


@when("the cable is plugged into the EV again at EVSE {evse:d}")
def step_plug_in_at_ev(context, evse):
    """OCTT manual action "Reconnect the EV and EVSE on EV side" at connector 1 of the EVSE (driver
    action plug_in_at_ev).

    Example: When the cable is plugged into the EV again at EVSE 1
    """
    station_session(context).act("plug_in_at_ev", evse, 1)


@when("the EV is made not ready for the energy transfer at EVSE {evse:d}")
def step_ev_not_ready(context, evse):
    """OCTT manual action "Set the EV to a state in which it is NOT ready for energy transfer", for
    connector 1 of the EVSE (driver action ev_not_ready); the EV is plugged in afterwards.

    Example: When the EV is made not ready for the energy transfer at EVSE 1
    """
    station_session(context).act("ev_not_ready", evse, 1)


@when("the EV drives {way} the parking bay of EVSE {evse:d}")
def step_parking_bay(context, way, evse):
    """OCTT manual action "Drive EV into parking bay" / "Drive EV out of parking bay" at the EVSE (driver
    actions drive_into_parking_bay, drive_out_of_parking_bay): its parking bay sensor sees the EV come or go.

    Example: When the EV drives into the parking bay of EVSE 1
    """
    from support.scenario.expect import StepError
    actions = {"into": "drive_into_parking_bay", "out of": "drive_out_of_parking_bay"}
    if way not in actions:
        raise StepError(f"'the EV drives {way} the parking bay': say 'into' or 'out of'")
    station_session(context).act(actions[way], evse)


@given("the station has {a_or_no} permanently attached cable")
def step_fixed_cable(context, a_or_no):
    """OCTT prerequisite "The Charging Station has a permanently attached cable at the Charging Station
    side" (TC_E_27_CS), or "does NOT have" one (TC_E_24_CS): the embedded reference station is made so;
    another station is so when station_has_fixed_cable says it, else the scenario is not run.

    Example: Given the station has a permanently attached cable
    """
    from support.scenario.expect import StepError
    if a_or_no not in ("a", "no"):
        raise StepError(f"'the station has {a_or_no} permanently attached cable': say 'a' or 'no'")
    station_states.station_made_as(station_session(context), "station_has_fixed_cable", a_or_no == "a",
                                   f"has {a_or_no} permanently attached cable")
