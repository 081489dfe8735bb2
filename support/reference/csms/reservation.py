"""H Reservation: ReserveNow for a specific EVSE, an unspecified EVSE or a connector type (H01),
CancelReservation (H02), the use of a reservation (H03) and ReservationStatusUpdate (H04).

What the reference CSMS does:

- Every ReserveNowRequest it sends (through the trigger API, OCTT's manual action) is checked
  first; a request it will not make is refused (trigger API 409, nothing sent):
  - expiryDateTime must lie in the future;
  - the idToken must be one it knows as Accepted, and a groupIdToken must be that token's group;
  - a specific EVSE must be one the station has (once it reported its connectors), operative
    (availability.py), with a connector last reported Available, and not reserved under another
    reservation id: the CSMS does not reserve an occupied, faulted, unavailable or reserved EVSE;
  - without an EVSE (any EVSE, or a connectorType), some usable EVSE must be left over once the
    reservations without an EVSE it already holds are counted.
  The same id again replaces that reservation (H01.FR.02).
- The station's answer decides: Accepted makes the reservation active until its expiryDateTime;
  Faulted, Occupied, Rejected, Unavailable, a CALLERROR or no answer leave no reservation.
- CancelReservation is sent only for a reservation it holds (else 409); Accepted ends it.
- ReservationStatusUpdate Expired or Removed ends the reservation it names (the answer is empty,
  for an id it does not know too); a TransactionEvent with reservationId marks it used.
"""
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ...rpc import CallError, error_codes, schemas
from .availability import availability_state
from .core import Faults, Refused, now_iso

Faults.declare({
    "keep_rejected_reservations": False,   # a reservation the station did not accept is kept as made
    "keep_cancelled_reservations": False,  # a cancellation the station accepted is ignored
    "no_reservation_status_update": False,  # ReservationStatusUpdate answered with CALLERROR NotSupported
    "reserve_without_group": False,        # reserve-now leaves groupIdToken out although it was asked for
})

DEFAULT_RESERVATION_SECONDS = 3600

ACCEPTED = "Accepted"
REQUESTED = "Requested"     # sent, no answer yet


def _parse_time(text):
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class Reservation:
    id: int
    id_token: dict
    expiry: datetime
    evse_id: int = None
    connector_type: str = None
    group_id_token: dict = None
    sent: str = field(default_factory=now_iso)
    status: str = REQUESTED     # the station's ReserveNowStatus, or NoAnswer
    ended: str = None           # Cancelled, Expired, Removed, Used, Replaced
    transaction_id: str = None

    @property
    def active(self):
        return self.status in (REQUESTED, ACCEPTED) and self.ended is None \
            and self.expiry > datetime.now(timezone.utc)

    def describe(self):
        where = f"EVSE {self.evse_id}" if self.evse_id is not None else \
            f"a {self.connector_type} connector" if self.connector_type else "an unspecified EVSE"
        return f"reservation {self.id} of {where} for {self.id_token.get('idToken')}"


@dataclass
class StationReservations:
    reservations: dict = field(default_factory=dict)   # id -> Reservation (the last one sent with that id)
    updates: list = field(default_factory=list)        # ReservationStatusUpdate payloads received

    def active(self):
        return [r for r in self.reservations.values() if r.active]


def reservation_state(station):
    state = station.__dict__.get("reservation_state")
    if state is None:
        state = station.__dict__["reservation_state"] = StationReservations()
    return state


class Reservations:
    TRIGGER_COMMANDS = {"reserve-now": "api_reserve_now", "cancel-reservation": "api_cancel_reservation"}

    def init_state(self):
        super().init_state()
        self._reservation_ids = itertools.count(1)
        hooks = getattr(self, "transaction_hooks", None)
        if hooks is not None:
            hooks.append(self._reservation_used)

    # ------------------------------------------------------------------ what the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        record = self.store.stations.get(station_id)
        if record is None or action not in ("ReserveNow", "CancelReservation"):
            return await super().send(station_id, action, payload, timeout)
        state = reservation_state(record)
        if action == "ReserveNow":
            reservation = self._check_reserve(station_id, record, state, payload)
            previous = state.reservations.get(reservation.id)
            state.reservations[reservation.id] = reservation
            try:
                outcome = await super().send(station_id, action, payload, timeout)
            except BaseException:       # not sent (the station is not connected): nothing changed
                if previous is None:
                    del state.reservations[reservation.id]
                else:
                    state.reservations[reservation.id] = previous
                raise
            reservation.status = outcome.response.get("status", "NoAnswer") if outcome.ok else "NoAnswer"
            if reservation.status != ACCEPTED and self.faults.keep_rejected_reservations:
                reservation.status = ACCEPTED
            if reservation.status == ACCEPTED and previous is not None and previous.ended is None:
                previous.ended = "Replaced"
            elif reservation.status != ACCEPTED and previous is not None:
                state.reservations[reservation.id] = previous      # the old one stands
            return outcome
        reservation = state.reservations.get(payload["reservationId"])
        if reservation is None or not reservation.active:
            held = ", ".join(str(r.id) for r in state.active()) or "none"
            raise Refused(f"the CSMS does not cancel reservation {payload['reservationId']} on {station_id}: "
                          f"it holds no such active reservation (active: {held})")
        outcome = await super().send(station_id, action, payload, timeout)
        if outcome.ok and outcome.response.get("status") == ACCEPTED and not self.faults.keep_cancelled_reservations:
            reservation.ended = "Cancelled"
        return outcome

    def _check_reserve(self, station_id, record, state, payload):
        reservation = Reservation(payload["id"], payload["idToken"], _parse_time(payload["expiryDateTime"]),
                                  payload.get("evseId"), payload.get("connectorType"), payload.get("groupIdToken"))
        refuse = f"the CSMS does not make reservation {reservation.id} on {station_id}"
        if reservation.expiry is None or reservation.expiry <= datetime.now(timezone.utc):
            raise Refused(f"{refuse}: expiryDateTime {payload['expiryDateTime']} is not in the future")
        token = self.store.token(reservation.id_token["idToken"])
        if token is None or token.status != ACCEPTED:
            known = f"is {token.status}" if token else "is unknown to it"
            raise Refused(f"{refuse}: idToken {reservation.id_token['idToken']} {known}")
        group = reservation.group_id_token
        if group is not None and group.get("idToken") != token.group_id:
            raise Refused(f"{refuse}: groupIdToken {group.get('idToken')} is not the group of idToken "
                          f"{token.id_token} (its group: {token.group_id or 'none'})")
        availability = availability_state(record)
        others = [r for r in state.active() if r.id != reservation.id]
        evse_id = reservation.evse_id
        if evse_id is not None:
            known = availability.evse_ids()
            if known and evse_id not in known:
                raise Refused(f"{refuse}: the station reported EVSE {', '.join(map(str, known))} only, not {evse_id}")
            if not availability.usable(evse_id):
                statuses = ", ".join(f"connector {c} {availability.connectors[(e, c)]}"
                                     for e, c in availability.connectors_of(evse_id))
                why = "Inoperative" if availability.operational_status(evse_id) == "Inoperative" else statuses
                raise Refused(f"{refuse}: EVSE {evse_id} is not free ({why})")
            holder = next((r for r in others if r.evse_id == evse_id), None)
            if holder is not None:
                raise Refused(f"{refuse}: EVSE {evse_id} is already reserved ({holder.describe()})")
            return reservation
        known = availability.evse_ids()
        if known:
            free = [e for e in known if availability.usable(e) and not any(r.evse_id == e for r in others)]
            floating = [r for r in others if r.evse_id is None]
            if len(free) <= len(floating):
                raise Refused(f"{refuse}: no EVSE is left for it ({len(free)} free EVSE, "
                              f"{len(floating)} reservation(s) without an EVSE already held)")
        return reservation

    # ------------------------------------------------------------------ what the station reports

    async def on_ReservationStatusUpdate(self, station, connection, payload):
        if self.faults.no_reservation_status_update:
            raise CallError(error_codes(connection.version).not_supported,
                            "the reference CSMS was told not to support ReservationStatusUpdate")
        state = reservation_state(station)
        state.updates.append(payload)
        reservation = state.reservations.get(payload["reservationId"])
        if reservation is not None and reservation.ended is None:
            reservation.ended = payload["reservationUpdateStatus"]
        return {}

    def _reservation_used(self, station, tx, payload, answer):
        reservation_id = payload.get("reservationId")
        if reservation_id is None:
            return
        reservation = reservation_state(station).reservations.get(reservation_id)
        if reservation is not None and reservation.ended is None:
            reservation.ended = "Used"
            reservation.transaction_id = payload["transactionInfo"]["transactionId"]

    # ------------------------------------------------------------------ trigger API commands

    async def api_reserve_now(self, station_id, body, timeout):
        """reserve-now: {"idToken": "04A1B2C3D4E501" or {...}, "evseId": 1, "connectorType": "cType2",
        "groupIdToken": true, "expiresInSeconds": 60}; the CSMS chooses the reservation id."""
        allowed = {"idToken", "evseId", "connectorType", "groupIdToken", "expiresInSeconds"}
        unknown = set(body) - allowed
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; reserve-now takes "
                             f"{', '.join(sorted(allowed))}")
        token = body.get("idToken")
        name = token.get("idToken") if isinstance(token, dict) else token
        if not isinstance(name, str) or not name:
            raise ValueError("idToken must be an idToken string or an IdTokenType object")
        record = self.store.token(name)
        if record is None:
            raise LookupError(f"the CSMS knows no idToken {name!r}: it does not reserve for it")
        seconds = body.get("expiresInSeconds", DEFAULT_RESERVATION_SECONDS)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
            raise ValueError(f"expiresInSeconds must be a number above 0, not {seconds!r}")
        expiry = (datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")
        payload = {"id": next(self._reservation_ids), "expiryDateTime": expiry.replace("+00:00", "Z"),
                   "idToken": {"idToken": record.id_token,
                               "type": token.get("type", record.type) if isinstance(token, dict) else record.type}}
        for key in ("evseId", "connectorType"):
            if body.get(key) is not None:
                payload[key] = body[key]
        group = body.get("groupIdToken")
        if group not in (None, False):
            if group is True:
                if not record.group_id:
                    raise LookupError(f"idToken {name!r} belongs to no group: the CSMS has no groupIdToken for it")
                group = {"idToken": record.group_id, "type": "Central"}
            if not self.faults.reserve_without_group:
                payload["groupIdToken"] = group
        problems = [m for _, m in schemas.check("2.0.1", "ReserveNow", payload, True)]
        if problems:
            raise ValueError("; ".join(problems))
        outcome = await self.send(station_id, "ReserveNow", payload, timeout)
        return outcome, {"reservationId": payload["id"], "expiryDateTime": payload["expiryDateTime"]}

    async def api_cancel_reservation(self, station_id, body, timeout):
        """cancel-reservation: {"reservationId": 3} or {"evseId": 1} or {} (the only active one)."""
        unknown = set(body) - {"reservationId", "evseId"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; cancel-reservation takes "
                             f"reservationId or evseId")
        for key in ("reservationId", "evseId"):
            value = body.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"{key} must be a whole number, not {value!r}")
        active = reservation_state(self.store.stations[station_id]).active()
        if body.get("reservationId") is not None:
            active = [r for r in active if r.id == body["reservationId"]]
        if body.get("evseId") is not None:
            active = [r for r in active if r.evse_id == body["evseId"]]
        if not active:
            raise LookupError(f"the CSMS holds no active reservation of {station_id} that matches {body or 'any'}")
        if len(active) > 1:
            raise ValueError(f"{station_id} has {len(active)} active reservations that match: "
                             f"{', '.join(r.describe() for r in active)}; name the reservationId")
        reservation_id = active[0].id
        outcome = await self.send(station_id, "CancelReservation", {"reservationId": reservation_id}, timeout)
        return outcome, {"reservationId": reservation_id}
