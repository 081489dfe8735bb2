"""OCPP 1.6 Reservation on the test station (Central System under test: OCTT TC_046 - TC_053): the
reservations it holds, how it answers ReserveNow and CancelReservation (ocpp16.answers.DEFAULTS16) and
what it keeps of its answer (ocpp16.answers.AFTER16), the reservationId a transaction uses; making the
Central System reserve or cancel; the checks of its requests and of its reservation-record."""
from datetime import datetime, timezone

from .common import ask, ask_connected, csms_record, now16, parse_time

ACCEPTED = "Accepted"


def reservations(model):
    """The reservations the station accepted: reservationId -> ReserveNow.req payload."""
    return model.__dict__.setdefault("reservations16", {})


def _active(model):
    now = datetime.now(timezone.utc)
    held = reservations(model)
    for rid in [rid for rid, r in held.items() if (parse_time(r["expiryDate"]) or now) <= now]:
        del held[rid]           # an expired reservation ends on the station
    return held


def _configuration_key(model, key):
    from .answers import configuration
    value = configuration(model).get(key)
    return value[0] if value else None


def _reserve_now(model, payload):
    # 5.13: Accepted when the connector (any one for connectorId 0) is free; Occupied when it is in
    # use or reserved under another reservationId; Faulted / Unavailable as the connector is;
    # Rejected for connector 0 without ReserveConnectorZeroSupported, or a connector it lacks.
    statuses = getattr(model, "connector_status16", {})
    connector, rid = payload["connectorId"], payload["reservationId"]
    others = {k: r for k, r in _active(model).items() if k != rid}
    whole = statuses.get(0)
    if whole in ("Faulted", "Unavailable"):
        return {"status": whole}
    if connector == 0:
        if (_configuration_key(model, "ReserveConnectorZeroSupported") or "").lower() != "true":
            return {"status": "Rejected"}
        taken = {r["connectorId"] for r in others.values()}
        free = [c for c, s in statuses.items() if c > 0 and s == "Available" and c not in taken]
        floating = [r for r in others.values() if r["connectorId"] == 0]
        return {"status": ACCEPTED if len(free) > len(floating) else "Occupied"}
    if connector not in statuses or connector < 0:
        return {"status": "Rejected"}
    if any(r["connectorId"] == connector for r in others.values()):
        return {"status": "Occupied"}
    status = statuses[connector]
    if status in ("Faulted", "Unavailable"):
        return {"status": status}
    own = rid in reservations(model) and status == "Reserved"     # the same id again replaces it
    return {"status": ACCEPTED if status == "Available" or own else "Occupied"}


def _reserved_now(model, payload, response):
    if response.get("status") == ACCEPTED:
        reservations(model)[payload["reservationId"]] = dict(payload)


def _cancel_reservation(model, payload):
    return {"status": ACCEPTED if payload["reservationId"] in _active(model) else "Rejected"}


def _cancelled(model, payload, response):
    if response.get("status") == ACCEPTED:
        reservations(model).pop(payload["reservationId"], None)


ANSWERS16 = {
    "ReserveNow": _reserve_now,
    "CancelReservation": _cancel_reservation,
}
AFTER16 = {
    "ReserveNow": _reserved_now,
    "CancelReservation": _cancelled,
}


def reservation_for(station, connector_id, id_tag):
    """The reservationId a conformant station puts in StartTransaction.req (5.13): that of an
    unexpired reservation of this connector (or of connector 0) whose idTag is this one, or whose
    parentIdTag is the parent the Central System gave this idTag in its last Authorize.conf. The
    reservation ends with the transaction; None when no reservation fits."""
    parent = None
    outcome = station.last_outcome("Authorize")
    if outcome is not None and outcome.ok and outcome.request.get("idTag") == id_tag:
        parent = (outcome.response.get("idTagInfo") or {}).get("parentIdTag")
    held = _active(station.model)
    for rid, r in sorted(held.items(), key=lambda item: item[1]["connectorId"] == 0):
        if r["connectorId"] not in (0, connector_id):
            continue
        if r["idTag"] == id_tag or (r.get("parentIdTag") and r.get("parentIdTag") == parent):
            del held[rid]
            return rid
    return None


# ---------------------------------------------------------------------- making the Central System act

def _reservation_ids(session, station):
    sent = [e.frame.payload.get("reservationId") for e in station.requests_from_csms("ReserveNow")]
    return [rid for rid in sent if isinstance(rid, int)] + list(reservations(station.model))


def ask_reserve(session, connector_id, kind, with_parent=False, seconds=None):
    """ReserveNow.req for a connector (0: any connector of the Charge Point) and a configured idTag,
    with a reservationId not used before in the scenario, expiring `seconds` from now (the configured
    reservation duration by default); with_parent adds the idTag's group as parentIdTag."""
    station = session.require_connected()
    config = session.config
    seconds = config.seconds("reservation_duration") if seconds is None else seconds
    id_tag, _ = config.token(kind)
    payload = {"connectorId": connector_id, "expiryDate": now16(seconds), "idTag": id_tag,
               "reservationId": max(_reservation_ids(session, station), default=0) + 1}
    if with_parent:
        payload["parentIdTag"] = config.group_id
    session.__dict__["reserve16_asked_at"] = datetime.now(timezone.utc)
    where = f"connector {connector_id}" if connector_id else "the Charge Point (connector 0)"
    parent = f" and parentIdTag {payload['parentIdTag']}" if with_parent else ""
    return ask(session, f"make the Central System reserve {where} for idTag {id_tag}{parent} until "
                        f"{payload['expiryDate']} (reservation {payload['reservationId']})", "ReserveNow", payload)


def last_reservation(session):
    """The Central System's last ReserveNow.req to the station."""
    sent = session.station.requests_from_csms("ReserveNow")
    if not sent:
        session.fail("the Central System has sent no ReserveNow in this scenario")
    return sent[-1].frame.payload


def check_expiry_offset(session, seconds):
    """The last ReserveNow.req expires `seconds` after the Central System was asked (2 s tolerance)."""
    asked = session.__dict__.get("reserve16_asked_at")
    payload = last_reservation(session)
    expiry = parse_time(payload["expiryDate"])
    if asked is None or expiry is None:
        session.fail(f"cannot compare the expiryDate {payload['expiryDate']!r} with the time of the request")
    offset = (expiry - asked).total_seconds()
    if abs(offset - seconds) > 2:
        session.fail(f"the reservation expires {offset:.1f} s after the Central System was asked to reserve, "
                     f"expected the configured expiry date offset of {seconds:g} s (expiryDate "
                     f"{payload['expiryDate']})")


def wait_for_expiry(session):
    """Until the expiryDate of the last ReserveNow.req has passed: a wall-clock deadline (nothing can
    be awaited in the trace), at most the configured offset plus the action timeout."""
    payload = last_reservation(session)
    expiry = parse_time(payload["expiryDate"])
    limit = session.config.seconds("expiry_date_offset") + session.config.seconds("action_timeout")
    remaining = (expiry - datetime.now(timezone.utc)).total_seconds() if expiry else limit + 1
    if remaining > limit:
        session.fail(f"the reservation expires at {payload['expiryDate']}, {remaining:.0f} s from now: more "
                     f"than the {limit:g} s the case allows (expiry_date_offset + action_timeout)")
    if remaining > 0:
        session.trace.wait_for(lambda entry: False, remaining + 0.05, start=len(session.trace.entries))
    _active(session.station.model)       # the station ends the reservation


def ask_cancel(session):
    """CancelReservation.req for the reservation of the Central System's last ReserveNow.req."""
    rid = last_reservation(session)["reservationId"]
    return ask_connected(session, f"make the Central System cancel reservation {rid}", "CancelReservation",
                         {"reservationId": rid})


def ask_cancel_unknown(session):
    """CancelReservation.req for a reservationId the station does not hold (TC_052_CSMS)."""
    station = session.require_connected()
    rid = max(_reservation_ids(session, station), default=0) + 1
    session.__dict__["cancel16_unknown"] = rid
    return ask(session, f"make the Central System cancel reservation {rid}, which the station does not hold",
               "CancelReservation", {"reservationId": rid})


def check_cancel(session, same=True):
    """The Central System sends CancelReservation.req for the reservationId of its last ReserveNow.req
    (same=False: for another reservationId)."""
    rid = last_reservation(session)["reservationId"]
    payload = session.expect_request("CancelReservation")
    if same and payload["reservationId"] != rid:
        session.fail(f"the Central System cancelled reservation {payload['reservationId']}, not the reservation "
                     f"{rid} it made")
    if not same and payload["reservationId"] == rid:
        session.fail(f"the Central System cancelled reservation {rid}, the one the station holds; the case "
                     f"wants a reservationId the station does not know")
    return payload


def check_transaction_used_reservation(session, connector_id):
    """The station's StartTransaction.req on the connector carried the reservationId of the Central
    System's last ReserveNow.req, and the Central System accepted it."""
    rid = last_reservation(session)["reservationId"]
    station = session.station
    started = [o for o in station.outcomes if o.action == "StartTransaction"
               and o.request.get("connectorId") == connector_id]
    if not started:
        session.fail(f"the station started no transaction on connector {connector_id} in this scenario")
    outcome = started[-1]
    if outcome.request.get("reservationId") != rid:
        session.fail(f"the transaction on connector {connector_id} did not use reservation {rid} "
                     f"(StartTransaction.req {outcome.request}); the Central System's answers decide whether "
                     f"the station may use it (the idTag, or its parentIdTag from Authorize.conf)")
    session.check_answer("StartTransaction", [("idTagInfo.status", ACCEPTED)], outcome=outcome)


# ---------------------------------------------------------------------- what the Central System recorded

def check_reservation_record(session, state):
    """The Central System's reservation of its last ReserveNow.req is in this state (Accepted: in force;
    Used, Cancelled, Expired, Faulted, Occupied, Rejected, Unavailable, ...)."""
    rid = last_reservation(session)["reservationId"]
    record = csms_record(session, "reservation-record", f"reservation {rid} is {state}")
    if record is None:
        return
    found = [r for r in record.get("reservations", []) if r.get("reservationId") == rid]
    actual = found[-1].get("state") if found else "(none)"
    if actual != state:
        session.fail(f"the CSMS records reservation {rid} as {actual}, expected {state}\n  its record: {record}")
