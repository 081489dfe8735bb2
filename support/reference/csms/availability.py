"""G Availability: ChangeAvailability of the whole station, one EVSE or one connector (G03, G04),
and the connector status the CSMS keeps from StatusNotification and NotifyEvent (G01, G05).

What the reference CSMS does:

- It keeps, per station, the last status of every connector, from StatusNotification
  (connectorStatus) and from NotifyEvent (AvailabilityState of a Connector; of an EVSE, or of the
  ChargingStation component, which stand for all their connectors), and the problems a station
  reports with NotifyEvent (e.g. ConnectorPlugRetentionLock.Problem "true", G05).
- ChangeAvailability (sent through the trigger API, OCTT's manual action) is checked before it
  goes out: once the station has reported its connectors, an EVSE or connector it does not have
  is refused (trigger API 409, nothing sent), and so is EVSE 0 (the station is addressed by
  leaving evse out).
- The station's answer decides what the CSMS believes: Accepted puts the new operational status
  in force at once (a change of a wider scope replaces the narrower ones it covers); Scheduled
  (a transaction is ongoing, G03.FR.05 / G04.FR.06) keeps it pending until every connector it
  covers has reported the matching status after the transaction (Unavailable for Inoperative);
  Rejected, a CALLERROR or no answer change nothing.
- Its operational view follows what the station reports, whatever it sent: a connector, EVSE or
  station reported Available, Occupied or Reserved (StatusNotification, NotifyEvent AvailabilityState)
  is Operative, with the EVSE and the station that hold it (after a reboot, an EVSE it set Inoperative
  that reports Available is no longer believed Inoperative); one reported Unavailable is Inoperative.
- An EVSE is usable for a reservation (reservation.py) when it is operative and has a connector
  the station last reported Available.
"""
import copy
from dataclasses import dataclass, field

from .core import Faults, Refused, now_iso

Faults.declare({
    # ChangeAvailability for one connector goes out for its whole EVSE (evse.connectorId dropped),
    # as a CSMS that only knows EVSE-level availability would send it.
    "availability_evse_only": False,
})

INOPERATIVE = "Inoperative"
OPERATIVE = "Operative"
USABLE = ("Available", "Occupied", "Reserved")   # connector statuses of an operative connector


@dataclass
class AvailabilityChange:
    """One ChangeAvailabilityRequest the CSMS sent, and what became of it."""
    operational_status: str
    evse_id: int = None
    connector_id: int = None
    sent: str = field(default_factory=now_iso)
    answer: str = None          # Accepted, Rejected, Scheduled; None: no CALLRESULT
    in_force: bool = False

    @property
    def scope(self):
        return (self.evse_id, self.connector_id)

    def covers(self, evse_id, connector_id=None):
        if self.evse_id is None:
            return True
        if self.evse_id != evse_id:
            return False
        return self.connector_id is None or connector_id is None or self.connector_id == connector_id

    def describe(self):
        if self.evse_id is None:
            where = "the station"
        elif self.connector_id is None:
            where = f"EVSE {self.evse_id}"
        else:
            where = f"connector {self.connector_id} of EVSE {self.evse_id}"
        return f"{where} {self.operational_status}"


@dataclass
class StationAvailability:
    connectors: dict = field(default_factory=dict)     # (evseId, connectorId) -> last reported status
    evses: dict = field(default_factory=dict)          # evseId -> AvailabilityState of the EVSE component
    station_state: str = None                          # AvailabilityState of the ChargingStation component
    operational: dict = field(default_factory=dict)    # (evseId|None, connectorId|None) -> Operative/Inoperative
    scheduled: list = field(default_factory=list)      # AvailabilityChange answered Scheduled, not in force yet
    changes: list = field(default_factory=list)        # every ChangeAvailability sent, in order
    problems: dict = field(default_factory=dict)       # (component, evseId, connectorId, variable) -> actualValue

    def evse_ids(self):
        return sorted({evse for evse, _ in self.connectors})

    def connectors_of(self, evse_id):
        return sorted(key for key in self.connectors if key[0] == evse_id)

    def set_status(self, evse_id, connector_id, status):
        self.connectors[(evse_id, connector_id)] = status
        self.follow_report((evse_id, connector_id), status)
        self._scheduled_in_force()

    def follow_report(self, scope, status):
        """The CSMS's operational view follows what the station reports, for a connector, an EVSE
        ((evseId, None)) or the station ((None, None)): after a reboot, or a change someone else made,
        a usable status means Operative there, Unavailable means Inoperative there. Faulted says
        nothing about it. A change answered Scheduled stays pending until its connectors report it."""
        if status in USABLE:
            # Operative here, so not Inoperative in any scope that holds it (widest first); of the other
            # connectors such a scope held, those that last reported Unavailable stay Inoperative
            for wider in reversed(_scopes_holding(scope)):
                if self.operational.get(wider) != INOPERATIVE:
                    continue
                del self.operational[wider]
                for key, last in self.connectors.items():
                    if key != scope and _inside(key, wider) and last == "Unavailable" \
                            and self.operational_status(*key) == OPERATIVE:
                        self.operational[key] = INOPERATIVE
        elif status == "Unavailable" and self.operational_status(*scope) == OPERATIVE:
            self.operational[scope] = INOPERATIVE

    def operational_status(self, evse_id, connector_id=None):
        """Inoperative when the station, the EVSE or the connector is set Inoperative and in force."""
        for scope in ((None, None), (evse_id, None), (evse_id, connector_id)):
            if self.operational.get(scope) == INOPERATIVE:
                return INOPERATIVE
        return OPERATIVE

    def usable(self, evse_id):
        """Operative, with a connector last reported Available (unknown counts as usable)."""
        if self.operational_status(evse_id) == INOPERATIVE:
            return False
        keys = self.connectors_of(evse_id)
        if not keys:
            return True
        return any(self.connectors[key] == "Available" and self.operational_status(*key) == OPERATIVE
                   for key in keys)

    def put_in_force(self, change):
        change.in_force = True
        # A wider change replaces what was set inside its scope (the station Operative again: all of it).
        for scope in list(self.operational):
            if change.evse_id is None:
                inside = scope != (None, None)
            else:
                inside = change.connector_id is None and scope[0] == change.evse_id and scope[1] is not None
            if inside:
                del self.operational[scope]
        self.operational[change.scope] = change.operational_status
        if change in self.scheduled:
            self.scheduled.remove(change)

    def _scheduled_in_force(self):
        for change in list(self.scheduled):
            keys = [key for key in self.connectors if change.covers(*key)]
            wanted = ("Unavailable",) if change.operational_status == INOPERATIVE else \
                ("Available", "Occupied", "Reserved")
            if keys and all(self.connectors[key] in wanted for key in keys):
                self.put_in_force(change)


def _scopes_holding(scope):
    """The scope itself and the wider ones: a connector's EVSE and the station."""
    evse_id, connector_id = scope
    if evse_id is None:
        return [(None, None)]
    if connector_id is None:
        return [scope, (None, None)]
    return [scope, (evse_id, None), (None, None)]


def _inside(key, scope):
    return scope == (None, None) or (scope[1] is None and key[0] == scope[0]) or key == scope


def availability_state(station):
    """The availability the CSMS keeps for a station record (a fresh record starts afresh)."""
    state = station.__dict__.get("availability_state")
    if state is None:
        state = station.__dict__["availability_state"] = StationAvailability()
    return state


class Availability:
    # ------------------------------------------------------------------ what the station reports

    async def on_StatusNotification(self, station, connection, payload):
        answer = await _parent(self, Availability, "on_StatusNotification", station, connection, payload)
        availability_state(station).set_status(payload["evseId"], payload["connectorId"], payload["connectorStatus"])
        return answer

    async def on_NotifyEvent(self, station, connection, payload):
        answer = await _parent(self, Availability, "on_NotifyEvent", station, connection, payload)
        state = availability_state(station)
        for event in payload["eventData"]:
            component, variable = event["component"], event["variable"]
            evse = component.get("evse") or {}
            evse_id, connector_id = evse.get("id"), evse.get("connectorId")
            value = event["actualValue"]
            if variable["name"] == "AvailabilityState":
                if component["name"] == "ChargingStation":
                    state.station_state = value
                    state.follow_report((None, None), value)
                elif component["name"] == "EVSE" and evse_id is not None:
                    state.evses[evse_id] = value
                    state.follow_report((evse_id, None), value)
                elif component["name"] == "Connector":
                    if evse_id is not None and connector_id is not None:
                        state.set_status(evse_id, connector_id, value)
                    else:
                        # A Connector event without its connector stands for all of them (of the EVSE).
                        for key in list(state.connectors):
                            if evse_id is None or key[0] == evse_id:
                                state.set_status(*key, value)
            elif variable["name"] == "Problem":
                key = (component["name"], evse_id, connector_id, variable["name"])
                if str(value).lower() == "true":
                    state.problems[key] = value
                else:
                    state.problems.pop(key, None)
        return answer

    # ------------------------------------------------------------------ what the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        record = self.store.stations.get(station_id)
        if action != "ChangeAvailability" or record is None:
            return await super().send(station_id, action, payload, timeout)
        state = availability_state(record)
        change = self._check_change(station_id, state, payload)
        if self.faults.availability_evse_only and "connectorId" in payload.get("evse", {}):
            payload = copy.deepcopy(payload)
            del payload["evse"]["connectorId"]
        state.changes.append(change)
        outcome = await super().send(station_id, action, payload, timeout)
        if outcome.ok:
            change.answer = outcome.response.get("status")
            if change.answer == "Accepted":
                state.put_in_force(change)
            elif change.answer == "Scheduled":
                state.scheduled = [c for c in state.scheduled if c.scope != change.scope] + [change]
        return outcome

    def _check_change(self, station_id, state, payload):
        evse = payload.get("evse")
        change = AvailabilityChange(payload["operationalStatus"])
        if evse is None:
            return change
        change.evse_id, change.connector_id = evse["id"], evse.get("connectorId")
        if change.evse_id == 0:
            raise Refused(f"the CSMS does not send ChangeAvailability for EVSE 0 of {station_id}: "
                          f"the whole station is addressed by leaving evse out")
        known = state.evse_ids()
        if known and change.evse_id not in known:
            raise Refused(f"the CSMS does not send ChangeAvailability for EVSE {change.evse_id} of {station_id}: "
                          f"the station reported EVSE {', '.join(map(str, known))} only")
        connectors = [c for _, c in state.connectors_of(change.evse_id)]
        if change.connector_id is not None and connectors and change.connector_id not in connectors:
            raise Refused(f"the CSMS does not send ChangeAvailability for connector {change.connector_id} of "
                          f"EVSE {change.evse_id} of {station_id}: that EVSE reported connector "
                          f"{', '.join(map(str, connectors))} only")
        return change


async def _parent(self, cls, name, station, connection, payload):
    """The next mixin's handler of this action in the MRO, or {} when none has one."""
    parent = getattr(super(cls, self), name, None)
    return await parent(station, connection, payload) if parent else {}
