"""OCPP 1.6 Reservation in the reference CSMS (OCTT TC_046 - TC_053), made to act through the 1.6
trigger API; a request it will not make is refused (the trigger API answers 409 and nothing is
sent).

- Reservations: ReserveNow is sent for an idTag the CSMS accepts, a parentIdTag that is that idTag's
  group, an expiryDate in the future and a connector the station has (0: any connector); whether
  the connector is free is the station's to say (OCTT TC_048_x), so an occupied, faulted or
  unavailable connector is asked all the same. Only an Accepted reservation is held, until its
  expiryDate, a CancelReservation the station accepts (a Rejected one means the station holds no
  such reservation), the connector reported Faulted or Unavailable, or the StartTransaction that
  uses it. A StartTransaction that names a reservation it holds for that connector (or for
  connector 0) and for that idTag or its parentIdTag marks it used; a transaction of another idTag
  on a connector it holds reserved is answered Invalid. A CancelReservation is sent as asked,
  also for a reservationId the CSMS does not hold (OCTT TC_052).
- ChangeAvailability (a Core message, followed here for TC_048_3): the availability per connector
  (0: the Charge Point) as the station accepted it and, from then on, as its StatusNotifications
  report it (Unavailable: Inoperative; a usable status: Operative), so a reboot or a change made
  elsewhere does not leave a stale belief.

Record (trigger API /api/octt/1.6/{station}/reservation-record).
"""
from dataclasses import dataclass, field
from datetime import datetime

from ..core import CsmsCore, Faults, Refused
from .common import iso, now, parse_time, station_record

Faults.declare({
    "reservation_blocks_holder_16": False,       # a reserved connector refuses even the reservation's own idTag
    "reservations_never_expire_16": False,       # a reservation holds after its expiryDate
    "keep_rejected_reservations_16": False,      # a reservation the station did not accept is held as made
    "keep_cancelled_reservations_16": False,     # a cancellation the station accepted is ignored
})


@dataclass(eq=False)
class Reservation16:
    reservation_id: int
    connector_id: int
    id_tag: str
    parent_id_tag: str
    expiry: datetime
    status: str = "Requested"       # ReserveNow.conf status, or NoAnswer
    ended: str = None               # Used, Cancelled, Replaced, Faulted, Unavailable, UnknownToStation
    transaction_id: int = None

    def state(self, never_expire=False):
        if self.ended:
            return self.ended
        if self.status not in ("Requested", "Accepted"):
            return self.status
        if not never_expire and self.expiry <= now():
            return "Expired"
        return self.status

    def active(self, never_expire=False):
        return self.state(never_expire) in ("Requested", "Accepted")

    def fits(self, connector_id, id_tag, parent):
        return self.connector_id in (0, connector_id) and (
            self.id_tag == id_tag or (self.parent_id_tag is not None and self.parent_id_tag == parent))

    def report(self, never_expire=False):
        return {"reservationId": self.reservation_id, "connectorId": self.connector_id, "idTag": self.id_tag,
                "parentIdTag": self.parent_id_tag, "expiryDate": iso(self.expiry), "status": self.status,
                "state": self.state(never_expire), "transactionId": self.transaction_id}


@dataclass
class ReservationRecord16:
    reservations: dict = field(default_factory=dict)    # reservationId -> Reservation16 (the one in force)
    reservation_log: list = field(default_factory=list)  # every Reservation16 sent, in order
    availability: dict = field(default_factory=dict)    # connectorId -> Operative / Inoperative (accepted, reported)
    refused_starts: list = field(default_factory=list)  # StartTransaction answered Invalid for a reservation


def reservation_record16(station):
    return station_record(station, "reservation16", ReservationRecord16)


class Reservations16:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super(); ReserveNow,
    CancelReservation and ChangeAvailability of a 1.6 connection go through its _send16_ methods
    (version.py)."""

    def _known_connectors(self, station):
        return sorted({c for (_, c) in station.connectors if c > 0})

    async def _send16_ReserveNow(self, station_id, station, payload, timeout):
        state = reservation_record16(station)
        rid, connector_id, id_tag = payload["reservationId"], payload["connectorId"], payload["idTag"]
        refuse = f"the Central System does not make reservation {rid} on {station_id}"
        expiry = parse_time(payload["expiryDate"])
        if expiry is None or expiry <= now():
            raise Refused(f"{refuse}: expiryDate {payload['expiryDate']} is not in the future")
        token = self.store.token(id_tag)
        if token is None or token.status != "Accepted":
            raise Refused(f"{refuse}: idTag {id_tag} {'is ' + token.status if token else 'is unknown to it'}")
        parent = payload.get("parentIdTag")
        if parent is not None and parent != token.group_id:
            raise Refused(f"{refuse}: parentIdTag {parent} is not the parent of idTag {id_tag} "
                          f"(its parent: {token.group_id or 'none'})")
        known = self._known_connectors(station)
        if connector_id < 0 or (connector_id > 0 and known and connector_id not in known):
            raise Refused(f"{refuse}: the station reported connector {', '.join(map(str, known))} only, "
                          f"not {connector_id}")
        reservation = Reservation16(rid, connector_id, id_tag, parent, expiry)
        previous = state.reservations.get(rid)
        state.reservations[rid] = reservation
        state.reservation_log.append(reservation)
        try:
            outcome = await CsmsCore.send(self, station_id, "ReserveNow", payload, timeout)
        except BaseException:       # not sent: nothing changed
            state.reservation_log.remove(reservation)
            if previous is None:
                del state.reservations[rid]
            else:
                state.reservations[rid] = previous
            raise
        reservation.status = outcome.response.get("status", "NoAnswer") if outcome.ok else "NoAnswer"
        if reservation.status != "Accepted" and self.faults.keep_rejected_reservations_16:
            reservation.status = "Accepted"
        if reservation.status == "Accepted":
            if previous is not None and previous.ended is None:
                previous.ended = "Replaced"
        elif previous is not None:
            state.reservations[rid] = previous          # the one in force stays
        else:
            del state.reservations[rid]
        return outcome

    async def _send16_CancelReservation(self, station_id, station, payload, timeout):
        state = reservation_record16(station)
        # sent as asked, also for an id the CSMS does not hold (OCTT TC_052_CSMS): the station decides
        reservation = state.reservations.get(payload["reservationId"])
        outcome = await CsmsCore.send(self, station_id, "CancelReservation", payload, timeout)
        status = outcome.response.get("status") if outcome.ok else None
        if reservation is not None and reservation.ended is None:
            if status == "Accepted" and not self.faults.keep_cancelled_reservations_16:
                reservation.ended = "Cancelled"
            elif status == "Rejected" and reservation.active(self.faults.reservations_never_expire_16):
                reservation.ended = "UnknownToStation"  # the station holds no such reservation (5.1)
        return outcome

    async def _send16_ChangeAvailability(self, station_id, station, payload, timeout):
        state = reservation_record16(station)
        outcome = await CsmsCore.send(self, station_id, "ChangeAvailability", payload, timeout)
        if outcome.ok and outcome.response.get("status") == "Accepted":
            if payload["connectorId"] == 0:     # the whole Charge Point: every connector with it
                state.availability.clear()
            state.availability[payload["connectorId"]] = payload["type"]
        # Scheduled: in force once the station reports it (Unavailable after the transaction), below
        return outcome

    @staticmethod
    def _follow_availability16(state, connector_id, status):
        """The availability the CSMS believes follows what the station reports (after a reboot, or a
        change made elsewhere): Unavailable is Inoperative, a status of a usable connector Operative
        (and then the Charge Point as a whole is not Inoperative); Faulted says nothing about it."""
        if status == "Unavailable":
            state.availability[connector_id] = "Inoperative"
        elif status != "Faulted":
            state.availability[connector_id] = "Operative"
            if connector_id != 0 and state.availability.get(0) == "Inoperative":
                state.availability[0] = "Operative"

    def _active_reservations(self, station):
        never = self.faults.reservations_never_expire_16
        return [r for r in reservation_record16(station).reservations.values() if r.active(never)]

    async def on16_StatusNotification(self, station, connection, payload):
        answer = await super().on16_StatusNotification(station, connection, payload)
        status, connector_id = payload["status"], payload["connectorId"]
        self._follow_availability16(reservation_record16(station), connector_id, status)
        if status in ("Faulted", "Unavailable"):
            # 5.13: a reservation ends when its connector (or the Charge Point) is Faulted or Unavailable
            for reservation in self._active_reservations(station):
                if connector_id == 0 or reservation.connector_id == connector_id:
                    reservation.ended = status
        return answer

    async def on16_StartTransaction(self, station, connection, payload):
        answer = await super().on16_StartTransaction(station, connection, payload)
        state = reservation_record16(station)
        connector_id, id_tag = payload["connectorId"], payload["idTag"]
        token = self.store.token(id_tag)
        parent = token.group_id if token else None
        active = self._active_reservations(station)
        used = state.reservations.get(payload.get("reservationId"))
        if used not in active or not used.fits(connector_id, id_tag, parent):
            # without (a fitting) reservationId: the reservation of this connector it fits, if any
            used = next((r for r in active if r.connector_id == connector_id and r.fits(connector_id, id_tag, parent)),
                        None)
        blocking = [r for r in active if r.connector_id == connector_id and not r.fits(connector_id, id_tag, parent)]
        if self.faults.reservation_blocks_holder_16:
            blocking += [r for r in active if r.connector_id in (0, connector_id) and r not in blocking]
            used = None
        if used is not None:
            used.ended, used.transaction_id = "Used", answer["transactionId"]
        elif blocking and answer["idTagInfo"]["status"] == "Accepted":
            # the connector is reserved for another idTag: this one may not charge there (5.13)
            info = {k: v for k, v in answer["idTagInfo"].items() if k != "expiryDate"}
            answer = dict(answer, idTagInfo=dict(info, status="Invalid"))
            state.refused_starts.append({"transactionId": answer["transactionId"], "idTag": id_tag,
                                         "reservationId": blocking[0].reservation_id})
        return answer

    def reservation_report16(self, station_id):
        """The Central System's reservations of a Charge Point (trigger API reservation-record)."""
        state = reservation_record16(self.store.stations[station_id])
        never = self.faults.reservations_never_expire_16
        return {"reservations": [r.report(never) for r in state.reservation_log],
                "refusedStarts": list(state.refused_starts)}
