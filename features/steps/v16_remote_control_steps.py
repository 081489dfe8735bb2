"""OCPP 1.6J Core profile sentences of the @csms features (OCTT TC_003-TC_014, TC_024): the Central
System made to start and stop transactions remotely, the checks of its requests, and the station's
connectors after a boot or a ConnectionTimeOut. Reset, Authorize, StartTransaction, StopTransaction
and StatusNotification use the shared sentences."""
from behave import then, when

from support.station.ocpp16 import core as core16
from support.scenario.words import enum_value, id_token


def _session16(context):
    session = context.session
    if session.version != "1.6":
        raise AssertionError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    return session


@when("the CSMS is asked to start a transaction on connector {connector:d} for the {token} idTag")
@when("the CSMS is asked to start a transaction on the test Charge Point for the {token} idTag")
def step_remote_start16(context, token, connector=None):
    """OCPP 1.6: make the Central System send RemoteStartTransaction for a configured idTag, on a
    connector or (without one) on the connector the station chooses (trigger API
    remote-start-transaction).

    Example: When the CSMS is asked to start a transaction on connector 1 for the valid idTag
    """
    session = _session16(context)
    core16.ask_remote_start(session, id_token(context.settings, token)["idToken"], connector)


@when("the CSMS is asked to stop the transaction on connector {connector:d}")
def step_remote_stop16(context, connector):
    """OCPP 1.6: make the Central System send RemoteStopTransaction for the transaction it started
    on that connector (the transactionId of its StartTransaction.conf; trigger API
    remote-stop-transaction).

    Example: When the CSMS is asked to stop the transaction on connector 1
    """
    core16.ask_remote_stop(_session16(context), connector)


@then("the CSMS requests to stop the transaction on connector {connector:d}")
def step_check_remote_stop16(context, connector):
    """OCPP 1.6: the Central System sends RemoteStopTransaction with the transactionId it gave the
    station's transaction on that connector.

    Example: Then the CSMS requests to stop the transaction on connector 1
    """
    core16.check_remote_stop(_session16(context), connector)


@when('the test Charge Point reports every connector "{status}", connector 0 included')
def step_report_every_connector16(context, status):
    """OCPP 1.6: StatusNotification for connector 0 (the Charge Point) and for every connector, as
    a Charge Point does after its boot; each must be answered with a CALLRESULT.

    Example: When the test Charge Point reports every connector "Available", connector 0 included
    """
    session = _session16(context)
    core16.report_every_connector(session, session.require_connected(),
                                      enum_value("ChargePointStatus", status, "1.6"))


@when("the test Charge Point's ConnectionTimeOut passes without a cable plugged in")
def step_connection_timeout16(context):
    """OCPP 1.6: let the station's ConnectionTimeOut pass (setting connection_timeout) with nothing
    plugged in, as OCTT does before the connector is made Available again.

    Example: When the test Charge Point's ConnectionTimeOut passes without a cable plugged in
    """
    core16.wait_connection_timeout(_session16(context))
