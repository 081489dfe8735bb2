"""@station features, block E Transactions: the TransactionEvent that ends a transaction, the end of an
authorization by EVConnectionTimeOut, GetTransactionStatus for the scenario's transaction and the
reusable state StartOfflineTransaction. The reusable states EVConnectedPreSession ... EVDisconnected are
the sentences of block C ("the station is brought to state ..."). The logic is in
support/scenario/station_transactions.py."""
from behave import given, then, when

from support.scenario import station_transactions as checks
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
    """E03.FR.05: with no cable plugged in within TxCtrlr.EVConnectionTimeOut, the station sends
    TransactionEvent triggerReason EVConnectTimeout: Ended with stoppedReason Timeout when its TxStopPoint
    contains Authorized, PowerPathClosed or EnergyTransfer, else Updated (both read with GetVariables).

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


@then("the station tries the failed TransactionEvent {attempts} times in all")
def step_retries(context, attempts):
    """E13: the first TransactionEvent the test CSMS failed (no answer, or a CALLERROR) is sent this many
    times (a number or a configured value), each retry at least MessageAttemptInterval[TransactionEvent]
    times the transmissions before it after the previous one (plus MessageTimeout[Default] when that got
    no answer; both read with GetVariables), and not once more within a further such interval.

    Example: Then the station tries the failed TransactionEvent <CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT> times in all
    """
    checks.expect_retries(station_session(context), attempts)
