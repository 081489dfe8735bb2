"""@station features, block G Availability: the connector statuses the station under test reports for a
ChangeAvailability of the configured EVSE or connector (OCTT TC_G_xx_CS). The reusable state Unavailable is
"the station is brought to state Unavailable ..." (station_states_steps.py), the command "the test CSMS sends
ChangeAvailability ..." is in station_csms_steps.py. The logic is in support/scenario/station_availability.py."""
from behave import then

from support.scenario import station_availability as availability

from station_csms_steps import station_session


@then('the station sends StatusNotification "{status}" for the configured {component:w}')
def step_status_of_component(context, status, component):
    """The station reports this connector status for every connector of the configured EVSE
    (CONFIGURED_EVSE_ID), or for the configured connector (CONFIGURED_CONNECTOR_ID).

    Example: Then the station sends StatusNotification "Available" for the configured EVSE
    """
    availability.expect_statuses(station_session(context), status, component)


@then('the station sends StatusNotification "{status}" for the configured {component:w} if the transaction has ended')
def step_status_once_ended(context, status, component):
    """After a ChangeAvailability the station answered Scheduled (OCTT TC_G_11/14/17_CS steps 4, 7, 10, 13,
    "only executed if the previous step ended the transaction"): once the transaction at the configured EVSE
    has ended, the station reports this status for every connector of the configured EVSE, or for the
    configured connector; while it goes on, it has not reported it yet (G03.FR.05, G04.FR.06). Once reported,
    a later such step checks nothing more.

    Example: Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended
    """
    availability.expect_status_once_ended(station_session(context), status, component)


@then('the station sends StatusNotification "{status}" for the EVSEs that have no transaction')
def step_status_without_transaction(context, status):
    """After a ChangeAvailability of the whole station during a transaction (OCTT TC_G_14_CS step 3): the
    station reports this status for the connectors of every EVSE without a transaction (the EVSEs with one
    wait for its end, G04.FR.06).

    Example: Then the station sends StatusNotification "Unavailable" for the EVSEs that have no transaction
    """
    availability.expect_status_without_transaction(station_session(context), status)
