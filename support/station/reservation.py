"""H Reservation on the test station's side: how it answers ReserveNow and CancelReservation,
which connectors its reservations make Reserved, the ReservationStatusUpdate it sends, and the
manual actions that make the CSMS reserve or cancel.

The station keeps the reservations it accepted in `model.reservations` (id -> ReserveNowRequest),
whatever made it accept them (its default answer or a scripted one), through answers.AFTER.
"""
from datetime import datetime, timedelta, timezone

from ..scenario import csms_commands
from .availability import connectors_concerned, last_request, report_connectors

ACCEPTED = "Accepted"


# ---------------------------------------------------------------------- the station's answers

def _evse_ids(model, connector_type=None):
    return sorted({e for (e, _), c in model.connectors.items()
                   if connector_type is None or c.connector_type == connector_type})


def _free(model, evse_id, reservation_id):
    """An EVSE with an Available connector that no other reservation holds."""
    taken = any(r.get("evseId") == evse_id for rid, r in model.reservations.items() if rid != reservation_id)
    return not taken and any(model.connectors[k].status == "Available" for k in connectors_concerned(model, evse_id))


def _reserve_now(model, payload):
    # H01: a specific EVSE is Accepted when it is free; otherwise Occupied, Faulted or Unavailable as
    # its connectors are (Rejected for an EVSE it does not have). Without an EVSE (H01.FR.04/.06), it
    # is Accepted while there are more free EVSEs (of the connectorType) than reservations without one.
    reservation_id, evse_id = payload["id"], payload.get("evseId")
    if evse_id is not None:
        keys = connectors_concerned(model, evse_id)
        if not keys:
            return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
        if _free(model, evse_id, reservation_id):
            return {"status": ACCEPTED}
        statuses = {model.connectors[k].status for k in keys}
        for status in ("Faulted", "Unavailable"):
            if statuses == {status}:
                return {"status": status}
        return {"status": "Occupied"}
    evses = _evse_ids(model, payload.get("connectorType"))
    if not evses:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownConnectorType"}}
    free = [e for e in evses if _free(model, e, reservation_id)]
    floating = [r for rid, r in model.reservations.items() if rid != reservation_id and r.get("evseId") is None]
    return {"status": ACCEPTED if len(free) > len(floating) else "Occupied"}


def _cancel_reservation(model, payload):
    return {"status": ACCEPTED if payload["reservationId"] in model.reservations else "Rejected"}


def _reserved_now(model, payload, response):
    if response.get("status") == ACCEPTED:
        model.reservations[payload["id"]] = payload


def _cancelled(model, payload, response):
    if response.get("status") == ACCEPTED:
        model.reservations.pop(payload["reservationId"], None)


# Default answers (answers.DEFAULTS) and what the station remembers of its answer (answers.AFTER).
ANSWERS = {"ReserveNow": _reserve_now, "CancelReservation": _cancel_reservation}
AFTER = {"ReserveNow": _reserved_now, "CancelReservation": _cancelled}


# ---------------------------------------------------------------------- what the station sends

def reserved_connectors(model):
    """Connectors the reservations make Reserved: those of each reserved EVSE; for reservations
    without an EVSE only once they take up every free EVSE (of their connectorType), H01.FR.09-11."""
    evses = {r["evseId"] for r in model.reservations.values() if r.get("evseId") is not None}
    floating = [r for r in model.reservations.values() if r.get("evseId") is None]
    for connector_type in {r.get("connectorType") for r in floating}:
        candidates = [e for e in _evse_ids(model, connector_type) if e not in evses
                      and any(model.connectors[k].status in ("Available", "Reserved")
                              for k in connectors_concerned(model, e))]
        if len([r for r in floating if r.get("connectorType") in (None, connector_type)]) >= len(candidates):
            evses.update(candidates)
    return [key for key in connectors_concerned(model) if key[0] in evses
            and model.connectors[key].status != "Reserved"]


def report_reserved_connectors(session, station):
    keys = reserved_connectors(station.model)
    if not keys:
        print("(the station's reservations make no connector Reserved: nothing to report)")
    report_connectors(session, station, "Reserved", keys)


def reservation_id(session, station):
    return last_request(session, station, "ReserveNow")["id"]


def send_status_update(session, station, status):
    """ReservationStatusUpdate for the reservation of the CSMS's last ReserveNow; the station forgets it."""
    rid = reservation_id(session, station)
    station.model.reservations.pop(rid, None)
    return session.send("ReservationStatusUpdate", {"reservationId": rid, "reservationUpdateStatus": status}, station)


def wait_for_expiry(session, station):
    """Until the expiryDateTime of the CSMS's last ReserveNow (OCTT: "wait until it expires").
    A wall-clock deadline, not a message: nothing can be awaited in the trace. It is at most the
    configured reservation duration (compressed against the embedded CSMS)."""
    text = last_request(session, station, "ReserveNow")["expiryDateTime"]
    expiry = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if expiry.tzinfo is None:
        expiry = expiry.replace(tzinfo=timezone.utc)
    limit = session.config.seconds("short_reservation_duration") + session.config.seconds("action_timeout")
    remaining = (expiry - datetime.now(timezone.utc)).total_seconds()
    if remaining > limit:
        session.fail(f"the reservation expires at {text}, {remaining:.0f} s from now: more than the "
                     f"{limit:g} s the case allows (short_reservation_duration + action_timeout)")
    if remaining > 0:
        session.trace.wait_for(lambda entry: False, remaining + 0.05, start=len(session.trace.entries))


# ---------------------------------------------------------------------- making the CSMS act
#
# The CSMS chooses the reservation id, computes expiryDateTime and takes the groupIdToken from its
# own token data: the trigger API's reserve-now and cancel-reservation commands. A trigger API
# without them (the public OCTT-style suites only know call/{Action}) gets call/ReserveNow and
# call/CancelReservation with payloads the suite builds, as those suites do.

def _expiry(seconds):
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def describe_reservation(id_token, evse_id=None, connector_type=None, group_id=None):
    where = f"EVSE {evse_id}" if evse_id is not None else \
        f"a connector of type {connector_type}" if connector_type else "an unspecified EVSE"
    group = f" and its groupIdToken {group_id}" if group_id else ""
    return f"make the CSMS reserve {where} for idToken {id_token['idToken']}{group}"


def ask_reserve(session, id_token, evse_id=None, connector_type=None, group_id=None, duration=None):
    """Make the CSMS reserve (ReserveNow) for an idToken: one EVSE, any EVSE, or a connector type;
    with group_id, for the token's group too; expiring `duration` seconds from now."""
    seconds = session.config.seconds("reservation_duration") if duration is None else duration
    body = {"idToken": dict(id_token), "expiresInSeconds": seconds}
    fallback = {"id": session.next_request_id(), "expiryDateTime": _expiry(seconds), "idToken": dict(id_token)}
    if evse_id is not None:
        body["evseId"] = fallback["evseId"] = evse_id
    if connector_type is not None:
        body["connectorType"] = fallback["connectorType"] = connector_type
    if group_id is not None:
        body["groupIdToken"] = True
        fallback["groupIdToken"] = {"idToken": group_id, "type": "Central"}
    return csms_commands.ask(session, describe_reservation(id_token, evse_id, connector_type, group_id),
                             "reserve-now", body, "ReserveNow", fallback)


def ask_reserve_for_every_evse(session, station, id_token):
    """TC_H_14: one reservation without an EVSE per EVSE of the station, one after the other: each
    request must have reached the station (and been answered) before the CSMS is asked again."""
    count = len({e for e, _ in station.model.connectors})
    before = len(station.requests_from_csms("ReserveNow"))
    timeout = session.config.seconds("action_timeout")
    for index in range(count):
        future = ask_reserve(session, id_token)
        arrived = session.trace.wait_until(
            lambda: len(station.requests_from_csms("ReserveNow")) > before + index, timeout)
        if not arrived:
            session.fail(f"asked for reservation {index + 1} of {count}, the CSMS sent no ReserveNowRequest "
                         f"within {timeout:g} s")
        if future is not None:
            response = future.result(timeout + 10)
            if not response.ok:
                session.fail(f"reservation {index + 1} of {count}: the trigger API answered {response.describe()}")
    return count


def reserve_rows(id_token, evse_id=None, connector_type=None, group_id=None):
    """The tool validations of a ReserveNowRequest."""
    rows = [("evseId", "(absent)" if evse_id is None else str(evse_id)),
            ("connectorType", "(absent)" if connector_type is None else connector_type),
            ("idToken.idToken", id_token["idToken"]), ("idToken.type", id_token["type"])]
    if group_id is not None:
        rows += [("groupIdToken", "(present)"), ("groupIdToken.idToken", group_id)]
    return rows


def ask_cancel(session, station):
    """Make the CSMS cancel the reservation of its last ReserveNow: the EVSE (or, without one, the
    reservation) is named, the CSMS finds its reservation id; the fallback names the id it sent."""
    request = last_request(session, station, "ReserveNow")
    body = {"evseId": request["evseId"]} if "evseId" in request else {"reservationId": request["id"]}
    where = f"on EVSE {request['evseId']}" if "evseId" in request else str(request["id"])
    return csms_commands.ask(session, f"make the CSMS cancel the reservation {where}", "cancel-reservation", body,
                             "CancelReservation", {"reservationId": request["id"]})


def check_cancel(session, station):
    """The CSMS sends CancelReservation for the reservation it made (the id of its ReserveNow)."""
    rid = reservation_id(session, station)
    return session.expect_request("CancelReservation", [("reservationId", str(rid))], station=station)
