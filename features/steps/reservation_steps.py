"""H Reservation: the CSMS is asked to reserve an EVSE (a specific one, any one, or one with a
connector type) or to cancel a reservation; the station reports its reserved connectors and the
end of a reservation (ReservationStatusUpdate)."""
from behave import then, when

from support.scenario.expect import substitute
from support.station import reservation
from support.station.ocpp16 import reservation as reservation16
from support.scenario.words import enum_value, field_rows, id_token


def _reserve(context, token, **kwargs):
    reservation.ask_reserve(context.session, id_token(context.settings, token), **kwargs)


@when("the CSMS is asked to reserve EVSE {evse:d} for the {token} idToken")
def step_reserve_evse(context, evse, token):
    """Make the CSMS send ReserveNow for one EVSE (evseId), expiring after the configured
    reservation duration.

    Example: When the CSMS is asked to reserve EVSE 1 for the valid idToken
    """
    _reserve(context, token, evse_id=evse)


@when("the CSMS is asked to reserve EVSE {evse:d} for the {token} idToken and its groupIdToken")
def step_reserve_evse_group(context, evse, token):
    """Make the CSMS reserve one EVSE for an idToken and its group (groupIdToken: the configured
    GROUP_ID), so that any token of the group may use the reservation.

    Example: When the CSMS is asked to reserve EVSE 1 for the valid idToken and its groupIdToken
    """
    _reserve(context, token, evse_id=evse, group_id=context.settings.group_id)


@when("the CSMS is asked to reserve EVSE {evse:d} for the {token} idToken for the configured transaction duration")
def step_reserve_evse_short(context, evse, token):
    """Make the CSMS reserve one EVSE with an expiryDateTime of now + the configured transaction
    duration (short_reservation_duration; TC_H_07 lets it expire).

    Example: When the CSMS is asked to reserve EVSE 1 for the valid idToken for the configured transaction duration
    """
    _reserve(context, token, evse_id=evse, duration=context.settings.seconds("short_reservation_duration"))


@when("the CSMS is asked to reserve an unspecified EVSE for the {token} idToken")
def step_reserve_any(context, token):
    """Make the CSMS send ReserveNow without evseId and without connectorType.

    Example: When the CSMS is asked to reserve an unspecified EVSE for the valid idToken
    """
    _reserve(context, token)


@when("the CSMS is asked to reserve an unspecified EVSE for the {token} idToken once for every EVSE")
def step_reserve_any_every_evse(context, token):
    """Make the CSMS reserve an unspecified EVSE as many times as the station has EVSEs, one request
    after the other (each must have reached the station before the next manual action).

    Example: When the CSMS is asked to reserve an unspecified EVSE for the valid idToken once for every EVSE
    """
    session = context.session
    reservation.ask_reserve_for_every_evse(session, session.require_connected(), id_token(context.settings, token))


@when('the CSMS is asked to reserve a connector of type "{connector_type}" for the {token} idToken')
def step_reserve_type(context, connector_type, token):
    """Make the CSMS send ReserveNow with a connectorType and without evseId; <CONFIGURED_CONNECTOR_TYPE>
    stands for the configured type.

    Example: When the CSMS is asked to reserve a connector of type "<CONFIGURED_CONNECTOR_TYPE>" for the valid idToken
    """
    _reserve(context, token, connector_type=enum_value("Connector", substitute(connector_type, context.settings)))


@when("the CSMS is asked to cancel the reservation")
def step_cancel(context):
    """Make the CSMS send CancelReservation for the reservation of its last ReserveNow (OCPP 1.6: its
    reservationId, through /api/octt/1.6/{station}/cancel-reservation).

    Example: When the CSMS is asked to cancel the reservation
    """
    if context.session.version == "1.6":   # CancelReservation.req for its last ReserveNow.req (ocpp16/reservation.py)
        reservation16.ask_cancel(context.session)
        return
    session = context.session
    reservation.ask_cancel(session, session.require_connected())


@then("the CSMS has sent one ReserveNow per EVSE, each with")
def step_reserve_per_evse(context):
    """The CSMS sent as many ReserveNow requests as the station has EVSEs, and every row of the
    table holds for each of them.

    Example:
        Then the CSMS has sent one ReserveNow per EVSE, each with
          | field         | value    |
          | evseId        | (absent) |
          | connectorType | (absent) |
    """
    session = context.session
    rows = field_rows(context.table)
    for _ in range(len({evse for evse, _ in session.station.model.connectors})):
        session.expect_request("ReserveNow", rows)


@then("the CSMS cancels the reservation it made")
def step_cancels(context):
    """The CSMS sends CancelReservation whose reservationId is the id of its ReserveNow (OCPP 1.6: its
    reservationId).

    Example: Then the CSMS cancels the reservation it made
    """
    if context.session.version == "1.6":   # the reservationId of its last ReserveNow.req (ocpp16/reservation.py)
        reservation16.check_cancel(context.session)
        return
    session = context.session
    reservation.check_cancel(session, session.station)


@when("the test station reports its reserved connectors")
def step_report_reserved(context):
    """Report Reserved (StatusNotification, NotifyEvent) for the connectors the station's accepted
    reservations make Reserved: those of a reserved EVSE, and, for reservations without an EVSE,
    every free EVSE once there are as many such reservations as free EVSEs. Nothing to report
    sends nothing.

    Example: When the test station reports its reserved connectors
    """
    session = context.session
    reservation.report_reserved_connectors(session, session.require_connected())


@when('the test station sends ReservationStatusUpdate "{status}" for the reservation')
def step_status_update(context, status):
    """Send ReservationStatusUpdate (Expired or Removed) for the reservation of the CSMS's last
    ReserveNow; the station forgets that reservation. The answer is checked by a later step.

    Example: When the test station sends ReservationStatusUpdate "Expired" for the reservation
    """
    session = context.session
    reservation.send_status_update(session, session.require_connected(), enum_value("ReservationUpdateStatus", status))


@when("the expiryDateTime of the reservation has passed")
def step_expiry(context):
    """Wait until the expiryDateTime of the CSMS's last ReserveNow (at most the configured short
    reservation duration and the action timeout).

    Example: When the expiryDateTime of the reservation has passed
    """
    session = context.session
    reservation.wait_for_expiry(session, session.station)
