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
