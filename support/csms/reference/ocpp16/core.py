"""OCPP 1.6 Core profile in the reference CSMS, beyond the version layer of ocpp16.py: the charging
session as the Central System follows it (OCTT TC_003-TC_014, TC_024).

- Authorization cache (TC_007): StartTransaction is judged on the idTag itself, from the CSMS's
  own records, whether or not the station sent Authorize for it first (a station may start with an
  idTag from its Authorization Cache or Local List); the CSMS remembers which idTags each station
  authorized.
- Remote start (TC_010, TC_011_x): the CSMS sends RemoteStartTransaction only for an idTag it
  accepts (else the trigger API answers 409 and nothing is sent); an Accepted remote start stays
  pending until a StartTransaction with its idTag (on its connector, when it named one) takes it
  up, or until the connector it was waiting on returns from Preparing to Available without a
  transaction: the station's ConnectionTimeOut expired (TC_004_2, TC_011_2), and the remote start
  with it.
- Remote stop (TC_012): the CSMS records what it asked to stop and whether it knew that
  transaction as running on the station; the StopTransaction that follows ends the request.
- Reset (TC_013, TC_014): the CSMS records the Reset it sent and the station's answer; the
  BootNotification after an Accepted Reset completes it (the station rebooted).
- Connector status (TC_024): every StatusNotification is recorded with its errorCode (a
  ConnectorLockFailure on a Faulted connector is a report the CSMS takes, not a protocol error).

All state is kept per station record, so each scenario (seeded afresh) starts clean.
"""
from dataclasses import dataclass, field

from ...rpc import CallError
from .core import Faults, Refused

Faults.declare({
    "reset_type_16": False,               # Reset.req with the other type than asked for (Hard <-> Soft)
    "pending_after_reset_16": False,      # the BootNotification after an accepted Reset is answered Pending
    "remote_stop_wrong_id_16": False,     # RemoteStopTransaction.req for transactionId + 1 (a mixed-up id)
    "remote_start_no_connector_16": False,  # RemoteStartTransaction.req without the connectorId asked for
    "authorize_before_start_16": False,   # StartTransaction of an idTag the station did not Authorize first: Invalid
    "reject_connector_error_16": False,   # StatusNotification with an errorCode other than NoError: CALLERROR
})

CORE16_ACTIONS = ("RemoteStartTransaction", "RemoteStopTransaction", "Reset")


@dataclass
class RemoteStart16:
    id_tag: str
    connector_id: int = None        # as asked; set by the connector that goes Preparing when it was not
    status: str = None              # RemoteStartTransaction.conf status
    transaction_id: int = None      # the transaction that took it up
    expired: bool = False           # the connector went back to Available first (ConnectionTimeOut)

    @property
    def pending(self):
        return self.status == "Accepted" and self.transaction_id is None and not self.expired


@dataclass
class RemoteStop16:
    transaction_id: int
    known: bool                     # a transaction the CSMS had running on that station
    status: str = None              # RemoteStopTransaction.conf status
    stopped: bool = False           # the StopTransaction of that transaction arrived


@dataclass
class Reset16:
    type: str
    status: str = None              # Reset.conf status
    rebooted: bool = False          # a BootNotification followed the Accepted Reset


@dataclass
class Core16State:
    authorized: dict = field(default_factory=dict)      # idTag -> idTagInfo.status of its last Authorize
    connectors: dict = field(default_factory=dict)      # connectorId -> (status, errorCode)
    remote_starts: list = field(default_factory=list)   # RemoteStart16, in order
    remote_stops: list = field(default_factory=list)    # RemoteStop16, in order
    resets: list = field(default_factory=list)          # Reset16, in order
    timeouts: list = field(default_factory=list)        # connectors that went Preparing -> Available, no transaction


def core16_state(station):
    """The 1.6 Core state of a station record (made on first use)."""
    state = station.__dict__.get("core16_state")
    if state is None:
        state = station.__dict__["core16_state"] = Core16State()
    return state


class Ocpp16Core:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super()."""

    # ------------------------------------------------------------------ CSMS -> station

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        connection = self.connection(station_id)
        if station is None or action not in CORE16_ACTIONS or connection is None or connection.version != "1.6":
            return await super().send(station_id, action, payload, timeout)
        state = core16_state(station)
        payload = dict(payload)
        if action == "RemoteStartTransaction":
            return await self._remote_start16(station, state, payload, timeout)
        if action == "RemoteStopTransaction":
            return await self._remote_stop16(station, state, payload, timeout)
        return await self._reset16(station, state, payload, timeout)

    async def _remote_start16(self, station, state, payload, timeout):
        info = self.id_tag_info(payload["idTag"], station.station_id)
        if info["status"] != "Accepted":
            raise Refused(f"idTag {payload['idTag']!r} is {info['status']} for this Central System: it does "
                          f"not start a transaction for it")
        if self.faults.remote_start_no_connector_16:
            payload.pop("connectorId", None)
        start = RemoteStart16(payload["idTag"], payload.get("connectorId"))
        state.remote_starts.append(start)
        outcome = await super().send(station.station_id, "RemoteStartTransaction", payload, timeout)
        start.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    async def _remote_stop16(self, station, state, payload, timeout):
        if self.faults.remote_stop_wrong_id_16:
            payload["transactionId"] += 1
        tx = self.transactions16.get(payload["transactionId"])
        known = tx is not None and tx.station_id == station.station_id and tx.stopped is None
        stop = RemoteStop16(payload["transactionId"], known)
        state.remote_stops.append(stop)
        outcome = await super().send(station.station_id, "RemoteStopTransaction", payload, timeout)
        stop.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    async def _reset16(self, station, state, payload, timeout):
        if self.faults.reset_type_16:
            payload["type"] = {"Hard": "Soft", "Soft": "Hard"}.get(payload["type"], payload["type"])
        reset = Reset16(payload["type"])
        state.resets.append(reset)
        outcome = await super().send(station.station_id, "Reset", payload, timeout)
        reset.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    # ------------------------------------------------------------------ station -> CSMS

    async def on16_BootNotification(self, station, connection, payload):
        answer = await super().on16_BootNotification(station, connection, payload)
        state = core16_state(station)
        waiting = [r for r in state.resets if r.status == "Accepted" and not r.rebooted]
        if waiting:
            for reset in waiting:
                reset.rebooted = True
            # the station rebooted: what it reported of its connectors before no longer holds
            state.connectors.clear()
            if self.faults.pending_after_reset_16 and answer["status"] == "Accepted":
                answer["status"] = station.registration = "Pending"
        return answer

    async def on16_Authorize(self, station, connection, payload):
        answer = await super().on16_Authorize(station, connection, payload)
        core16_state(station).authorized[payload["idTag"]] = answer["idTagInfo"]["status"]
        return answer

    async def on16_StartTransaction(self, station, connection, payload):
        state = core16_state(station)
        id_tag, connector_id = payload["idTag"], payload["connectorId"]
        answer = await super().on16_StartTransaction(station, connection, payload)
        if self.faults.authorize_before_start_16 and id_tag not in state.authorized \
                and not any(s.id_tag == id_tag and s.pending for s in state.remote_starts):
            answer["idTagInfo"] = {"status": "Invalid"}
        for start in state.remote_starts:
            if start.pending and start.id_tag == id_tag and start.connector_id in (None, connector_id):
                start.connector_id, start.transaction_id = connector_id, answer["transactionId"]
                break
        return answer

    async def on16_StopTransaction(self, station, connection, payload):
        answer = await super().on16_StopTransaction(station, connection, payload)
        for stop in core16_state(station).remote_stops:
            if stop.transaction_id == payload["transactionId"]:
                stop.stopped = True
        return answer

    async def on16_StatusNotification(self, station, connection, payload):
        connector_id, status = payload["connectorId"], payload["status"]
        error_code = payload["errorCode"]
        if self.faults.reject_connector_error_16 and error_code != "NoError":
            raise CallError(connection.codes.generic_error,
                            f"connector {connector_id} reports error {error_code}, which this Central System "
                            f"does not handle")
        state = core16_state(station)
        previous = state.connectors.get(connector_id, (None, None))[0]
        answer = await super().on16_StatusNotification(station, connection, payload)
        state.connectors[connector_id] = (status, error_code)
        if status == "Preparing":
            for start in state.remote_starts:
                if start.pending and start.connector_id is None:
                    start.connector_id = connector_id       # the connector the driver chose
        if status == "Available" and previous == "Preparing" and not self._running16(station, connector_id):
            # ConnectionTimeOut: no cable (or no transaction) in time; a pending remote start lapses
            state.timeouts.append(connector_id)
            for start in state.remote_starts:
                if start.pending and start.connector_id == connector_id:
                    start.expired = True
        return answer

    def _running16(self, station, connector_id):
        return any(t.station_id == station.station_id and t.connector_id == connector_id and t.stopped is None
                   for t in self.transactions16.values())

    # ------------------------------------------------------------------ what the CSMS recorded

    def core16_report(self, station_id):
        """The CSMS's view of a 1.6 station's sessions (for tests and the playground)."""
        state = core16_state(self.store.stations[station_id])
        return {"authorized": dict(state.authorized),
                "connectors": {c: {"status": s, "errorCode": e} for c, (s, e) in state.connectors.items()},
                "remoteStarts": [vars(s).copy() for s in state.remote_starts],
                "remoteStops": [vars(s).copy() for s in state.remote_stops],
                "resets": [vars(r).copy() for r in state.resets],
                "connectionTimeouts": list(state.timeouts)}
