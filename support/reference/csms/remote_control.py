"""F Remote Control: remote start and stop, unlock connector, trigger message.

- RequestStartTransaction (F01/F02): only for an idToken the CSMS accepts, with a remoteStartId of
  its own (unique within the CSMS), the token's groupIdToken, and, when asked, a TxProfile charging
  profile (F01.FR.08-.11: purpose TxProfile, no transactionId). The station's answer is kept: a
  transactionId in it (cable plugged in first) links the remote start to that transaction, and so
  does the TransactionEvent whose transactionInfo.remoteStartId names it (F02).
- RequestStopTransaction (F03): for the transaction the CSMS knows is ongoing on the station (or on
  one of its EVSEs), with its real transactionId.
- UnlockConnector (F05): only for a connector the station reported.
- TriggerMessage (F06), any MessageTrigger value: the CSMS expects the message it asked for (and
  lets it through while the station is Pending, B02.FR.02); a Rejected or NotImplemented answer
  withdraws that expectation. The requested messages that arrive are noted as delivered.

Made to act through the trigger API (request-start-transaction, request-stop-transaction,
unlock-connector, trigger-message); requests sent with call/{Action} are watched all the same.
"""
import copy
import itertools
import uuid
from dataclasses import dataclass, field

from ...rpc import schemas
from .core import Faults

Faults.declare({
    "remote_start_token_type": None,      # RequestStartTransaction with this idToken.type instead of the token's
    "trigger_without_evse": False,        # TriggerMessage never names the EVSE it was asked for
    "stop_unknown_transaction": False,    # RequestStopTransaction with a transactionId the station does not have
})

# The station-initiated message each MessageTrigger value asks for.
TRIGGERED_ACTION = {
    "BootNotification": "BootNotification", "LogStatusNotification": "LogStatusNotification",
    "FirmwareStatusNotification": "FirmwareStatusNotification", "Heartbeat": "Heartbeat",
    "MeterValues": "MeterValues", "SignChargingStationCertificate": "SignCertificate",
    "SignV2GCertificate": "SignCertificate", "SignCombinedCertificate": "SignCertificate",
    "StatusNotification": "StatusNotification", "TransactionEvent": "TransactionEvent",
    "PublishFirmwareStatusNotification": "PublishFirmwareStatusNotification",
}


@dataclass
class RemoteStart:
    remote_start_id: int
    id_token: dict
    evse_id: int = None
    charging_profile: dict = None
    status: str = None              # RequestStartTransactionResponse status
    transaction_id: str = None      # from the answer, or from the TransactionEvent naming remoteStartId


@dataclass
class Trigger:
    requested: str                  # MessageTrigger value
    evse: dict = None
    status: str = None              # TriggerMessageResponse status
    delivered: bool = False


@dataclass
class RemoteControlState:
    remote_starts: dict = field(default_factory=dict)   # remoteStartId -> RemoteStart
    stops: list = field(default_factory=list)           # (transactionId, status)
    unlocks: list = field(default_factory=list)         # (evseId, connectorId, status)
    triggers: list = field(default_factory=list)        # Trigger, in order
    problems: list = field(default_factory=list)        # what the station did that the CSMS did not expect


def remote_control_state(station):
    state = station.__dict__.get("remote_control_state")
    if state is None:
        state = station.__dict__["remote_control_state"] = RemoteControlState()
    return state


def _int_field(body, key, required=False):
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{key} must be a whole number 0 or above, not {value!r}")
    return value


class RemoteControl:
    TRIGGER_COMMANDS = {"request-start-transaction": "api_request_start_transaction",
                        "request-stop-transaction": "api_request_stop_transaction",
                        "unlock-connector": "api_unlock_connector"}

    def init_state(self):
        super().init_state()
        self._rc_remote_start_ids = itertools.count(1)
        self._rc_charging_profile_ids = itertools.count(1)

    # ------------------------------------------------------------------ watching what is sent

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        watched = ("RequestStartTransaction", "RequestStopTransaction", "UnlockConnector", "TriggerMessage")
        if station is None or action not in watched:
            return await super().send(station_id, action, payload, timeout)
        state = remote_control_state(station)
        if action == "TriggerMessage":
            return await self._rc_trigger(station, state, payload, timeout)
        if action == "RequestStartTransaction":
            start = state.remote_starts.setdefault(payload["remoteStartId"], RemoteStart(
                payload["remoteStartId"], payload["idToken"], payload.get("evseId"), payload.get("chargingProfile")))
        outcome = await super().send(station_id, action, payload, timeout)
        status = outcome.response.get("status") if outcome.ok else None
        if action == "RequestStartTransaction":
            start.status = status
            if status == "Accepted" and outcome.response.get("transactionId"):
                start.transaction_id = outcome.response["transactionId"]
        elif action == "RequestStopTransaction":
            state.stops.append((payload["transactionId"], status))
        else:
            state.unlocks.append((payload["evseId"], payload["connectorId"], status))
        return outcome

    async def _rc_trigger(self, station, state, payload, timeout):
        if self.faults.trigger_without_evse and "evse" in payload:
            payload = {k: v for k, v in payload.items() if k != "evse"}
        trigger = Trigger(payload["requestedMessage"], payload.get("evse"))
        state.triggers.append(trigger)
        expected = TRIGGERED_ACTION.get(trigger.requested)
        allowed = station.__dict__.setdefault("triggered", set())
        if expected:
            allowed.add(expected)        # let it through while Pending (B02.FR.02); core adds most of them too
        outcome = await super().send(station.station_id, "TriggerMessage", payload, timeout)
        trigger.status = outcome.response.get("status") if outcome.ok else None
        if trigger.status != "Accepted" and expected and not any(
                t.status == "Accepted" and not t.delivered and TRIGGERED_ACTION.get(t.requested) == expected
                for t in state.triggers):
            allowed.discard(expected)    # the station will not send it: nothing to let through
        return outcome

    # ------------------------------------------------------------------ watching what arrives

    async def handler(self, connection, action, payload):
        answer = await super().handler(connection, action, payload)
        station = self.store.stations.get(connection.peer)
        if station is None:
            return answer
        state = remote_control_state(station)
        for trigger in state.triggers:
            if trigger.status == "Accepted" and not trigger.delivered \
                    and TRIGGERED_ACTION.get(trigger.requested) == action:
                trigger.delivered = True
                break
        if action == "TransactionEvent":
            info = payload.get("transactionInfo", {})
            if "remoteStartId" in info:
                start = state.remote_starts.get(info["remoteStartId"])
                if start is None:
                    state.problems.append(f"TransactionEvent names remoteStartId {info['remoteStartId']}, "
                                          f"which this CSMS never sent")
                else:
                    start.transaction_id = info["transactionId"]
        return answer

    # ------------------------------------------------------------------ helpers

    def _rc_ongoing_transactions(self, station_id, evse_id=None):
        return [tx for tx in self.store.transactions.values()
                if tx.station_id == station_id and not tx.ended and (evse_id is None or tx.evse_id == evse_id)]

    def _rc_charging_profile(self, requested):
        """The TxProfile of a remote start: the given one (checked) or a default 16 A profile."""
        if requested is True:
            return {"id": next(self._rc_charging_profile_ids), "stackLevel": 0, "chargingProfilePurpose": "TxProfile",
                    "chargingProfileKind": "Relative", "chargingSchedule": [{
                        "id": 1, "chargingRateUnit": "A",
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}]}]}
        if not isinstance(requested, dict):
            raise ValueError("chargingProfile must be true (a default TxProfile) or a ChargingProfile object")
        if requested.get("chargingProfilePurpose") != "TxProfile":
            raise ValueError("the charging profile of a remote start must have chargingProfilePurpose "
                             "TxProfile (F01.FR.09)")
        if "transactionId" in requested:
            raise ValueError("the charging profile of a remote start cannot name a transactionId: the "
                             "transaction does not exist yet (F01.FR.10)")
        return copy.deepcopy(requested)

    # ------------------------------------------------------------------ trigger API commands

    async def api_request_start_transaction(self, station_id, body, timeout):
        """request-start-transaction: {"idToken": "04A1B2C3D4E501" or {...}, "evseId": 1, "chargingProfile": true}."""
        unknown = set(body) - {"idToken", "evseId", "chargingProfile"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; request-start-transaction takes "
                             f"idToken, evseId and chargingProfile")
        token = body.get("idToken")
        name = token.get("idToken") if isinstance(token, dict) else token
        if not isinstance(name, str) or not name:
            raise ValueError("idToken must be an idToken string or an IdTokenType object")
        record = self.store.token(name)
        if record is None:
            raise LookupError(f"the CSMS knows no idToken {name!r}: it does not start a transaction for it")
        id_token = {"idToken": record.id_token, "type": token.get("type", record.type) if isinstance(token, dict)
                    else record.type}
        info = self.id_token_info(id_token)
        if info["status"] != "Accepted":
            raise LookupError(f"idToken {name!r} is {info['status']}: the CSMS does not start a transaction for it")
        if self.faults.remote_start_token_type:
            id_token["type"] = self.faults.remote_start_token_type
        payload = {"idToken": id_token, "remoteStartId": next(self._rc_remote_start_ids)}
        evse_id = _int_field(body, "evseId")
        if evse_id is not None:
            payload["evseId"] = evse_id
        if "groupIdToken" in info:
            payload["groupIdToken"] = info["groupIdToken"]
        if body.get("chargingProfile") not in (None, False):
            payload["chargingProfile"] = self._rc_charging_profile(body["chargingProfile"])
        problems = [m for _, m in schemas.check("2.0.1", "RequestStartTransaction", payload, True)]
        if problems:
            raise ValueError("; ".join(problems))
        outcome = await self.send(station_id, "RequestStartTransaction", payload, timeout)
        return outcome, {"remoteStartId": payload["remoteStartId"]}

    async def api_request_stop_transaction(self, station_id, body, timeout):
        """request-stop-transaction: {"evseId": 1} or {"transactionId": "..."} or {} (the only one)."""
        unknown = set(body) - {"evseId", "transactionId"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; request-stop-transaction takes "
                             f"evseId or transactionId")
        evse_id = _int_field(body, "evseId")
        ongoing = self._rc_ongoing_transactions(station_id, evse_id)
        if "transactionId" in body:
            ongoing = [tx for tx in ongoing if tx.transaction_id == body["transactionId"]]
        where = f" on EVSE {evse_id}" if evse_id is not None else ""
        if not ongoing:
            raise LookupError(f"the CSMS knows no ongoing transaction of {station_id}{where}"
                              + (f" with transactionId {body['transactionId']!r}" if "transactionId" in body else ""))
        if len(ongoing) > 1:
            raise ValueError(f"{station_id} has {len(ongoing)} ongoing transactions{where}: name the evseId or "
                             f"the transactionId")
        transaction_id = ongoing[0].transaction_id
        if self.faults.stop_unknown_transaction:
            transaction_id = str(uuid.uuid4())
        outcome = await self.send(station_id, "RequestStopTransaction", {"transactionId": transaction_id}, timeout)
        return outcome, {"transactionId": transaction_id}

    async def api_unlock_connector(self, station_id, body, timeout):
        """unlock-connector: {"evseId": 1, "connectorId": 1}, a connector the station reported."""
        unknown = set(body) - {"evseId", "connectorId"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; unlock-connector takes evseId "
                             f"and connectorId")
        evse_id, connector_id = _int_field(body, "evseId", True), _int_field(body, "connectorId", True)
        station = self.store.stations[station_id]
        if (evse_id, connector_id) not in station.connectors:
            known = ", ".join(f"EVSE {e} connector {c}" for e, c in sorted(station.connectors)) or "none"
            raise LookupError(f"{station_id} has not reported EVSE {evse_id} connector {connector_id} "
                              f"(reported: {known})")
        payload = {"evseId": evse_id, "connectorId": connector_id}
        return await self.send(station_id, "UnlockConnector", payload, timeout), {}
