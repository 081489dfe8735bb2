"""OCPP 1.6 feature profiles of the @csms features: the Central System made to manage the local
authorization list, to update the firmware, to get the diagnostics and to reserve connectors
(through the 1.6 trigger API), the station's notifications, and checks of what the Central System
sent and recorded. Sentences shared with 2.0.1 (the version of the local list, the firmware
statuses, cancelling the reservation) branch to support/station/ocpp16/ (local_auth_list, firmware, reservation) in 1.6 scenarios."""
from behave import given, then, when

from support.station.ocpp16 import common as common16, firmware as firmware16, local_auth_list
from support.station.ocpp16 import reservation as reservation16
from support.scenario.words import enum_value, token_kind


def _session16(context):
    session = context.session
    if session.version != "1.6":
        raise AssertionError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    session.require_connected()
    return session


def _statuses(text):
    return [s.strip().strip('"') for s in text.replace('" then "', ",").split(",")]


# ---------------------------------------------------------------------- Local Auth List Management

@given("the test Charge Point does not support a local authorization list")
def step_no_local_list_support(context):
    """OCPP 1.6: the test station has no Local Auth List Management: it answers GetLocalListVersion
    with listVersion -1 and SendLocalList with NotSupported.

    Example: Given the test Charge Point does not support a local authorization list
    """
    local_auth_list.install_local_list(_session16(context), 0, supported=False)


@given("the CSMS has sent the test Charge Point local authorization list version {version:d} with the {token} idTag")
def step_local_list_from_csms(context, version, token):
    """OCPP 1.6 memory state: the CSMS sends a full local authorization list of this version with the
    idTag (SendLocalList.req through the trigger API) and the station accepts it.

    Example: Given the CSMS has sent the test Charge Point local authorization list version 1 with the valid idTag
    """
    local_auth_list.given_local_list_from_csms(_session16(context), version, token_kind(token))


@when("the CSMS is asked to send a full local authorization list with the {token} idTag")
def step_full_local_list(context, token):
    """OCPP 1.6: make the CSMS send SendLocalList.req, updateType Full, with the idTag and the idTagInfo
    the CSMS holds for it, as version one above the station's list.

    Example: When the CSMS is asked to send a full local authorization list with the valid idTag
    """
    local_auth_list.ask_local_list(_session16(context), "Full", [token_kind(token)])


@when("the CSMS is asked to add the {token} idTag to the local authorization list")
def step_differential_local_list(context, token):
    """OCPP 1.6: make the CSMS send SendLocalList.req, updateType Differential, adding the idTag (with
    its idTagInfo), as version one above the station's list.

    Example: When the CSMS is asked to add the second valid idTag to the local authorization list
    """
    local_auth_list.ask_local_list(_session16(context), "Differential", [token_kind(token)])


@then("each idTag in the local authorization list the CSMS sent is unique and has an idTagInfo")
def step_local_list_entries(context):
    """OCPP 1.6: the CSMS's last SendLocalList.req has entries, no idTag twice and an idTagInfo in
    every entry.

    Example: Then each idTag in the local authorization list the CSMS sent is unique and has an idTagInfo
    """
    local_auth_list.check_list_entries(_session16(context))


@then("the CSMS records the local authorization list of the test Charge Point as version {version:d}")
def step_local_list_record(context, version):
    """OCPP 1.6: the CSMS's view of the station's local list (trigger API local-list-record) has this
    version (0: no list); without such a record, a manual check.

    Example: Then the CSMS records the local authorization list of the test Charge Point as version 2
    """
    local_auth_list.check_local_list_record(_session16(context), version)


@then("the CSMS records that the test Charge Point does not support a local authorization list")
def step_local_list_unsupported_record(context):
    """OCPP 1.6: the CSMS's view of the station's local list (trigger API local-list-record) is
    version -1, no local list support; without such a record, a manual check.

    Example: Then the CSMS records that the test Charge Point does not support a local authorization list
    """
    local_auth_list.check_local_list_record(_session16(context), -1)


# ---------------------------------------------------------------------- diagnostics

@when("the CSMS is asked to get the diagnostics of the test Charge Point")
def step_get_diagnostics(context):
    """OCPP 1.6: make the CSMS send GetDiagnostics.req with the configured upload location
    (CONFIGURED_DIAGNOSTICS_LOCATION).

    Example: When the CSMS is asked to get the diagnostics of the test Charge Point
    """
    firmware16.ask_get_diagnostics(_session16(context))


@when('the test Charge Point reports the diagnostics status "{statuses}"')
def step_diagnostics_status(context, statuses):
    """OCPP 1.6: send DiagnosticsStatusNotification.req, one per status, in order; the CSMS must answer
    each with a CALLRESULT.

    Example: When the test Charge Point reports the diagnostics status "Uploading" then "Uploaded"
    """
    session = _session16(context)
    for status in _statuses(statuses):
        firmware16.report_diagnostics_status(session, enum_value("DiagnosticsStatus", status, "1.6"))


@then('the CSMS records the diagnostics upload of the test Charge Point as "{state}"')
def step_diagnostics_record(context, state):
    """OCPP 1.6: the CSMS's record of its last GetDiagnostics (trigger API diagnostics-record): the
    configured location, the fileName the station answered, and the last DiagnosticsStatus; without
    such a record, a manual check.

    Example: Then the CSMS records the diagnostics upload of the test Charge Point as "Uploaded"
    """
    firmware16.check_diagnostics_record(_session16(context), enum_value("DiagnosticsStatus", state, "1.6"))


# ---------------------------------------------------------------------- Reservation

@when("the CSMS is asked to reserve connector {connector:d} for the {token} idTag")
def step_reserve(context, connector, token):
    """OCPP 1.6: make the CSMS send ReserveNow.req for a connector (0: any connector of the Charge
    Point) and a configured idTag, with a new reservationId, expiring after the configured
    reservation duration.

    Example: When the CSMS is asked to reserve connector 1 for the valid idTag
    """
    reservation16.ask_reserve(_session16(context), connector, token_kind(token))


@when("the CSMS is asked to reserve connector {connector:d} for the {token} idTag and its parentIdTag")
def step_reserve_parent(context, connector, token):
    """OCPP 1.6: as above, with the idTag's group (GROUP_ID) as parentIdTag, so that any idTag of the
    group may use the reservation.

    Example: When the CSMS is asked to reserve connector 1 for the valid idTag and its parentIdTag
    """
    reservation16.ask_reserve(_session16(context), connector, token_kind(token), with_parent=True)


@when("the CSMS is asked to reserve connector {connector:d} for the {token} idTag until the configured expiry date offset")
def step_reserve_short(context, connector, token):
    """OCPP 1.6: as above, with an expiryDate of now plus the configured expiry date offset
    (CONFIGURED_EXPIRY_DATE_OFFSET; TC_047 lets it expire).

    Example: When the CSMS is asked to reserve connector 1 for the valid idTag until the configured expiry date offset
    """
    session = _session16(context)
    reservation16.ask_reserve(session, connector, token_kind(token),
                             seconds=session.config.seconds("expiry_date_offset"))


@then("the CSMS's reservation expires the configured expiry date offset after it was asked")
def step_check_expiry(context):
    """OCPP 1.6: the expiryDate of the CSMS's last ReserveNow.req is the time it was asked plus the
    configured expiry date offset (within 2 seconds).

    Example: Then the CSMS's reservation expires the configured expiry date offset after it was asked
    """
    session = _session16(context)
    reservation16.check_expiry_offset(session, session.config.seconds("expiry_date_offset"))


@when("the reservation's expiryDate has passed")
def step_expired(context):
    """OCPP 1.6: wait until the expiryDate of the CSMS's last ReserveNow.req (at most the expiry date
    offset and the action timeout); the station's reservation ends.

    Example: When the reservation's expiryDate has passed
    """
    reservation16.wait_for_expiry(_session16(context))


@when("the CSMS is asked to cancel a reservation the test Charge Point does not hold")
def step_cancel_unknown(context):
    """OCPP 1.6: make the CSMS send CancelReservation.req for a reservationId that no reservation of
    the scenario has (OCTT TC_052: the station rejects it).

    Example: When the CSMS is asked to cancel a reservation the test Charge Point does not hold
    """
    reservation16.ask_cancel_unknown(_session16(context))


@then("the CSMS cancels a reservation other than the one it made")
def step_cancels_other(context):
    """OCPP 1.6: the CSMS sends CancelReservation.req whose reservationId is not that of its last
    ReserveNow.req.

    Example: Then the CSMS cancels a reservation other than the one it made
    """
    reservation16.check_cancel(_session16(context), same=False)


@then("the transaction on connector {connector:d} used the CSMS's reservation")
def step_used_reservation(context, connector):
    """OCPP 1.6: the station's StartTransaction.req on the connector carried the reservationId of the
    CSMS's last ReserveNow.req, and the CSMS answered it Accepted.

    Example: Then the transaction on connector 1 used the CSMS's reservation
    """
    reservation16.check_transaction_used_reservation(_session16(context), connector)


@then('the CSMS records the reservation as "{state}"')
def step_reservation_record(context, state):
    """OCPP 1.6: the CSMS's record (trigger API reservation-record) of the reservation of its last
    ReserveNow.req: Accepted (in force), Used, Cancelled, Expired, or the station's refusal
    (Faulted, Occupied, Rejected, Unavailable); without such a record, a manual check.

    Example: Then the CSMS records the reservation as "Used"
    """
    allowed = ("Accepted", "Used", "Cancelled", "Expired", "Replaced", "Faulted", "Occupied", "Rejected",
               "Unavailable", "UnknownToStation", "NoAnswer")
    from support.scenario.expect import check_enum
    check_enum(state, allowed, "reservation state")
    reservation16.check_reservation_record(_session16(context), state)


@when("the CSMS is asked to change the availability of connector {connector:d} of the test Charge Point to {availability}")
def step_change_availability16(context, connector, availability):
    """OCPP 1.6: make the CSMS send ChangeAvailability.req for a connector (0: the whole Charge Point)
    with an AvailabilityType (Inoperative, Operative).

    Example: When the CSMS is asked to change the availability of connector 1 of the test Charge Point to Inoperative
    """
    session = _session16(context)
    availability = enum_value("AvailabilityType", availability.strip('"'), "1.6")
    common16.ask_connected(session, f"make the Central System make connector {connector} {availability}",
                     "ChangeAvailability", {"connectorId": connector, "type": availability})
