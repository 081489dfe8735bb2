"""Steps about transactions (OCPP 2.0.1 E and I): the offline queue, the transaction status, the
cost the CSMS tells the station. (Stopping a transaction from the CSMS: remote control steps.)"""
from behave import then, when

from support.station import transactions
from support.scenario.words import enum_value, field_rows


def _evse(context, evse):
    return int(evse) if evse is not None else context.settings.integer("evse_id")


@when("the test station waits for the transaction duration")
def step_wait_duration(context):
    """Let the transaction run for the configured transaction duration, as OCTT does before some
    steps (TRANSACTION_DURATION; 0 against the embedded CSMS).

    Example: When the test station waits for the transaction duration
    """
    transactions.wait_transaction_duration(context.session)


@when("the test station puts a TransactionEvent in its offline queue with")
@when("the test station puts a TransactionEvent on EVSE {evse:d} in its offline queue with")
def step_queue_event(context, evse=None):
    """Build a TransactionEvent as the station would send it (same rows as "the station sends a
    TransactionEvent with"), marked offline, and keep it in the station's queue: the station is
    offline, or the message waits for the CSMS behind others. seqNo counts on.

    Example:
        When the test station puts a TransactionEvent in its offline queue with
          | field         | value              |
          | eventType     | Updated            |
          | triggerReason | MeterValuePeriodic |
          | meterValue    | Sample.Periodic    |
    """
    station = context.session.station
    payload = transactions.event_from_fields(station, context.settings, _evse(context, evse),
                                             dict(field_rows(context.table)), offline=True)
    transactions.queue_event(station, payload)


@when('the test station sends its queued TransactionEvent "{event_type}" first')
def step_send_queued_first(context, event_type):
    """Send the first queued TransactionEvent of this eventType ahead of the others (with the seqNo
    it got when it was queued, so the CSMS sees a gap).

    Example: When the test station sends its queued TransactionEvent "Ended" first
    """
    transactions.send_queued(context.session, context.session.station,
                             enum_value("TransactionEvent", event_type))


@when("the test station sends its queued TransactionEvent messages")
def step_send_queued(context):
    """Send every queued TransactionEvent, oldest first (offline = true).

    Example: When the test station sends its queued TransactionEvent messages
    """
    transactions.send_queued(context.session, context.session.station)


@when("the CSMS is asked for the status of the transaction")
@when("the CSMS is asked for the status of the transaction on EVSE {evse:d}")
def step_ask_status(context, evse=None):
    """Make the CSMS send GetTransactionStatusRequest for the transaction it knows is ongoing on an
    EVSE (the configured one unless given; trigger API get-transaction-status, else call/ with the
    station's transactionId).

    Example: When the CSMS is asked for the status of the transaction
    """
    transactions.ask_status(context.session, _evse(context, evse))


@when("the CSMS is asked whether the test station has queued transaction messages")
def step_ask_queue(context):
    """Make the CSMS send GetTransactionStatusRequest without a transactionId.

    Example: When the CSMS is asked whether the test station has queued transaction messages
    """
    transactions.ask_status(context.session, None)


@then("the CSMS asks the test station for the status of the transaction")
@then("the CSMS asks the test station for the status of the transaction on EVSE {evse:d}")
def step_status_request(context, evse=None):
    """The CSMS sends GetTransactionStatusRequest whose transactionId is the station's transaction on
    the EVSE (within the action timeout).

    Example: Then the CSMS asks the test station for the status of the transaction
    """
    transactions.check_status_request(context.session, context.session.station, _evse(context, evse))


@then("the CSMS asks the test station whether it has queued transaction messages")
def step_queue_request(context):
    """The CSMS sends GetTransactionStatusRequest without a transactionId.

    Example: Then the CSMS asks the test station whether it has queued transaction messages
    """
    transactions.check_status_request(context.session, context.session.station)


@then("the CSMS tells the test station the running cost of the transaction")
def step_running_cost(context):
    """I02: after the station's last TransactionEvent, the CSMS gives the running cost: totalCost in
    its answer, or a CostUpdatedRequest for that transaction. With ENERGY_TARIFF_PER_KWH set, the
    cost must be the metered energy at that price.

    Example: Then the CSMS tells the test station the running cost of the transaction
    """
    transactions.check_running_cost(context.session, context.session.station)


@then("the CSMS answers TransactionEvent with the total cost of the metered energy")
def step_total_cost(context):
    """I03: the answer to the station's TransactionEvent Ended has totalCost: the metered energy at
    the configured price per kWh (ENERGY_TARIFF_PER_KWH), or, without one, above 0.

    Example: Then the CSMS answers TransactionEvent with the total cost of the metered energy
    """
    transactions.check_total_cost(context.session, context.session.station)


@then("the CSMS accepted a TransactionEvent Started with seqNo 0 for each of the {count:d} transactions")
def step_started_at_zero(context, count):
    """Each of the station's transactions began with a TransactionEvent Started of seqNo 0, and the
    CSMS answered every one of them with a valid CALLRESULT (seqNo restarts per transaction).

    Example: Then the CSMS accepted a TransactionEvent Started with seqNo 0 for each of the 2 transactions
    """
    transactions.check_started_at_zero(context.session, context.session.station, count)
