"""G Availability: the CSMS is asked to change the availability of the station, an EVSE or a
connector (ChangeAvailability), and the station reports the state of its connectors."""
from behave import when

from support.station import availability
from support.scenario.words import enum_value


def _status(words):
    return enum_value("OperationalStatus", words.strip('"'))


@when("the CSMS is asked to change the availability of connector {connector:d} of EVSE {evse:d} to {status}")
def step_change_connector(context, connector, evse, status):
    """Make the CSMS send ChangeAvailability for one connector (evse.id and evse.connectorId).

    Example: When the CSMS is asked to change the availability of connector 1 of EVSE 1 to Inoperative
    """
    availability.ask_change_availability(context.session, _status(status), evse, connector)


@when("the CSMS is asked to change the availability of EVSE {evse:d} to {status}")
def step_change_evse(context, evse, status):
    """Make the CSMS send ChangeAvailability for one EVSE (evse.id, no connectorId).

    Example: When the CSMS is asked to change the availability of EVSE 1 to Operative
    """
    availability.ask_change_availability(context.session, _status(status), evse)


@when("the CSMS is asked to change the availability of the test station to {status}")
def step_change_station(context, status):
    """Make the CSMS send ChangeAvailability for the whole charging station (no evse).

    Example: When the CSMS is asked to change the availability of the test station to Inoperative
    """
    availability.ask_change_availability(context.session, _status(status))


@when('the test station reports connector status "{status}" for all connectors')
def step_report_all(context, status):
    """Send StatusNotification and NotifyEvent(AvailabilityState) for every connector of the
    station, in order; each must be answered with a CALLRESULT.

    Example: When the test station reports connector status "Unavailable" for all connectors
    """
    session = context.session
    availability.report_all_connectors(session, session.require_connected(), enum_value("ConnectorStatus", status))


@when('the test station sends StatusNotification "{status}" for every connector without a transaction')
def step_status_idle_connectors(context, status):
    """Send only a StatusNotification for every connector of an EVSE that has no ongoing
    transaction (OCTT: "all unoccupied connectors"); the answers are checked by a later step.

    Example: When the test station sends StatusNotification "Unavailable" for every connector without a transaction
    """
    session = context.session
    availability.status_of_connectors_without_transaction(session, session.require_connected(),
                                                           enum_value("ConnectorStatus", status))


@when('the test station sends NotifyEvent "{value}" for {component}.{variable} of the connector')
def step_problem_event(context, value, component, variable):
    """Send a NotifyEvent (trigger Delta) of a component of the configured EVSE and connector,
    such as a connector lock that has a problem (G05).

    Example: When the test station sends NotifyEvent "true" for ConnectorPlugRetentionLock.Problem of the connector
    """
    session = context.session
    availability.send_problem_event(session, session.require_connected(), context.settings.integer("evse_id"),
                                    context.settings.integer("connector_id"), component, variable, value)
