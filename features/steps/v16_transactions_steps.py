"""OCPP 1.6J sentences of the @csms features: connectors, idTags, StartTransaction and
StopTransaction with the CSMS's transactionId. Shared sentences (boots, Authorize, answers,
reusable states) work in both versions."""
from behave import when

from support.scenario.words import enum_value, id_token


def _station16(context):
    session = context.session
    if session.version != "1.6":
        raise AssertionError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    return session, session.require_connected()


@when('the test Charge Point reports connector {connector:d} "{status}"')
@when('the test Charge Point reports connector {connector:d} "{status}" with error code "{error_code}"')
def step_status16(context, connector, status, error_code="NoError"):
    """OCPP 1.6: StatusNotification for a connector (0 is the whole Charge Point).

    Example: When the test Charge Point reports connector 1 "Preparing"
    """
    session, station = _station16(context)
    status = enum_value("ChargePointStatus", status, "1.6")
    error_code = enum_value("ChargePointErrorCode", error_code, "1.6")
    session.send("StatusNotification", station.status_notification16(connector, status, error_code))


@when("the test Charge Point starts a transaction on connector {connector:d} with the {token} idTag")
def step_start16(context, connector, token):
    """OCPP 1.6: StartTransaction with a configured idTag; the CSMS's transactionId is remembered.

    Example: When the test Charge Point starts a transaction on connector 1 with the valid idTag
    """
    session, station = _station16(context)
    id_tag = id_token(context.settings, token)["idToken"]
    outcome = session.send("StartTransaction", station.start_transaction16(connector, id_tag))
    station.started16(connector, outcome.response)


@when('the test Charge Point stops the transaction on connector {connector:d} with reason "{reason}"')
@when('the test Charge Point stops the transaction on connector {connector:d} with reason "{reason}" and the {token} idTag')
def step_stop16(context, connector, reason, token=None):
    """OCPP 1.6: StopTransaction of the connector's transaction (meterStop, timestamp), with a
    Reason and optionally the idTag that stopped it.

    Example: When the test Charge Point stops the transaction on connector 1 with reason "Local" and the valid idTag
    """
    session, station = _station16(context)
    reason = enum_value("Reason", reason, "1.6")
    id_tag = id_token(context.settings, token)["idToken"] if token else None
    session.send("StopTransaction", station.stop_transaction16(connector, reason, id_tag))


@when("the test Charge Point sends meter values for connector {connector:d}")
def step_meter_values16(context, connector):
    """OCPP 1.6: MeterValues with an energy register reading (and the transactionId while charging).

    Example: When the test Charge Point sends meter values for connector 1
    """
    session, station = _station16(context)
    session.send("MeterValues", station.meter_values16(connector))
