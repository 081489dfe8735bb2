"""E Transactions: TransactionEvent Started/Updated/Ended, tracked per transactionId.

What the reference CSMS does with a TransactionEventRequest (OCPP 2.0.1 E01-E14):

- One TransactionRecord per transactionId (support/csms/store.py). Events of a transaction it has
  not seen start (started offline, or its Started got lost) are accepted and tracked from there.
- seqNo counts per transaction. Edition 2 recommends 0 at the start of every transaction, so a
  new transaction may start at 0 again (E01.FR.07, TC_E_53). A seqNo it already has is the same
  message again: it gets the same answer and nothing is applied twice.
- The state of the transaction (chargingState, evse) follows seqNo order, not arrival order, so
  queued offline messages (offline = true) that arrive late do not roll it back.
- idToken: the answer carries idTokenInfo from the token store (authorization.py). The first
  token authorizes the transaction; a token with StopAuthorized (or on Ended) is its stop token.
- Ended: the transaction ends, with stoppedReason (Local when omitted, the spec's default), and
  the answer carries totalCost (tariff.py, I03). When seqNos between its first and its last event
  are missing, the CSMS asks GetTransactionStatus for that transaction, once (E14, TC_E_31), to
  learn whether the station still has them queued.
- meterValue: checked and stored (meter_values.py); an Updated event with an energy reading of an
  ongoing transaction makes the CSMS send CostUpdated with the running cost (I02).
- Every GetTransactionStatus answer, whoever asked (the gap check or the trigger API), is stored
  on the transaction: ongoing_at_station and messages_in_queue.

Other blocks can follow transactions through `self.transaction_hooks`, callables
(station, tx, payload, answer) run after each new event (append to it in their init_state).
"""
import asyncio
import copy

from ...rpc import CallError
from ...csms.store import TransactionRecord
from .core import Faults

Faults.declare({
    "seq_no_per_station": False,        # seqNo must grow across transactions (CALLERROR on a restart at 0)
    "trust_transaction_tokens": False,  # idTokenInfo Accepted for any idToken in a TransactionEvent
    "no_gap_check": False,              # no GetTransactionStatus when seqNos of an ended transaction are missing
    "drop_transaction_id_token_info": False,  # no idTokenInfo in the answer although the event had an idToken
})

STOP_TRIGGERS = {"StopAuthorized", "RemoteStop", "Deauthorized"}


class Transactions:
    # Trigger API command (docs/trigger-api.md): GetTransactionStatus for the transaction the CSMS
    # knows is ongoing on an EVSE, for a named transaction, or without a transactionId.
    TRIGGER_COMMANDS = {"get-transaction-status": "api_get_transaction_status"}

    def init_state(self):
        super().init_state()
        self.transaction_hooks = []
        self._last_seq_no = {}            # station_id -> last seqNo (only for the seq_no_per_station fault)

    async def on_TransactionEvent(self, station, connection, payload):
        info = payload["transactionInfo"]
        tx_id = info["transactionId"]
        seq_no = payload["seqNo"]
        tx = self.store.transactions.get(tx_id)
        if tx is not None and seq_no in tx.answers:
            return copy.deepcopy(tx.answers[seq_no])          # the same message again
        self._check_seq_no_fault(station, connection, seq_no)
        if tx is None:
            tx = TransactionRecord(tx_id, station.station_id, started=payload["timestamp"])
        readings = []
        if payload.get("meterValue"):
            # Checked before anything is stored: a CALLERROR leaves no trace.
            evse_id = payload.get("evse", {}).get("id", tx.evse_id)
            readings = self.take_meter_values(station, connection, evse_id or 0, payload["meterValue"], tx)
        self.store.transactions[tx_id] = tx
        self._apply(tx, payload)
        answer = {}
        if "idToken" in payload:
            id_info = self._transaction_token(tx, payload)
            if not self.faults.drop_transaction_id_token_info:
                answer["idTokenInfo"] = id_info
        if payload["eventType"] == "Ended":
            cost = self.final_cost(tx)
            if cost is not None:
                answer["totalCost"] = cost
        for hook in self.transaction_hooks:
            hook(station, tx, payload, answer)
        tx.answers[seq_no] = copy.deepcopy(answer)
        self.running_cost_update(station, connection, tx, payload, readings)
        self._check_complete(station, connection, tx)
        return answer

    # ------------------------------------------------------------------ the record

    def _apply(self, tx, payload):
        info = payload["transactionInfo"]
        seq_no = payload["seqNo"]
        newest = tx.last_seq_no is None or seq_no > tx.last_seq_no
        tx.events.append(payload)
        tx.seq_nos.add(seq_no)
        if payload.get("offline"):
            tx.offline_events += 1
        if payload["eventType"] == "Started":
            tx.started_seq_no = seq_no
            tx.started = payload["timestamp"]
        if "evse" in payload and (tx.evse_id is None or newest):
            if tx.evse_id is None:
                self._supersede(tx, payload["evse"]["id"], payload["timestamp"])
            tx.evse_id = payload["evse"]["id"]
            tx.connector_id = payload["evse"].get("connectorId", tx.connector_id)
        if newest:
            tx.last_seq_no = seq_no
            if "chargingState" in info:
                tx.charging_state = info["chargingState"]
        if payload["eventType"] == "Ended":
            tx.ended = payload["timestamp"]
            tx.stopped_reason = info.get("stoppedReason", "Local")
            if "chargingState" in info:
                tx.charging_state = info["chargingState"]

    def _supersede(self, tx, evse_id, timestamp):
        """An EVSE runs one transaction at a time: a transaction the CSMS still believes ongoing on
        the EVSE where another one starts is over (its Ended message, if any, may still come)."""
        for other in self.store.transactions.values():
            if other is not tx and other.station_id == tx.station_id and other.evse_id == evse_id and not other.ended:
                other.ended = timestamp

    def _transaction_token(self, tx, payload):
        """idTokenInfo of the event's idToken; remember who authorized and who stopped."""
        id_token = payload["idToken"]
        id_info = self.id_token_info(id_token)
        if self.faults.trust_transaction_tokens:
            id_info = dict(id_info, status="Accepted")
        stopping = payload["triggerReason"] in STOP_TRIGGERS or payload["eventType"] == "Ended"
        if tx.id_token is None and not stopping:
            tx.id_token = id_token["idToken"]
            if "groupIdToken" in id_info:
                tx.group_id = id_info["groupIdToken"]["idToken"]
        elif stopping:
            tx.stop_id_token = id_token["idToken"]
        return id_info

    def _check_seq_no_fault(self, station, connection, seq_no):
        if not self.faults.seq_no_per_station:
            return
        last = self._last_seq_no.get(station.station_id)
        if last is not None and seq_no <= last:
            raise CallError(connection.codes.property_violation,
                            f"seqNo {seq_no} is not above the last seqNo {last} of this station")
        self._last_seq_no[station.station_id] = seq_no

    # ------------------------------------------------------------------ missing messages (E14)

    def missing_seq_nos(self, tx):
        """seqNos between the first (the Started event's, else the lowest) and the highest not received."""
        if not tx.seq_nos:
            return []
        first = min(tx.seq_nos) if tx.started_seq_no is None else min(tx.started_seq_no, min(tx.seq_nos))
        return [n for n in range(first, max(tx.seq_nos) + 1) if n not in tx.seq_nos]

    def _check_complete(self, station, connection, tx):
        if tx.stopped_reason is None:
            return               # no Ended event yet (a superseded transaction has none)
        tx.missing_seq_nos = self.missing_seq_nos(tx)
        if tx.missing_seq_nos and not tx.status_requested and not self.faults.no_gap_check:
            tx.status_requested = True
            self._spawn(self._ask_transaction_status(station.station_id, connection, tx.transaction_id))

    async def _ask_transaction_status(self, station_id, connection, transaction_id):
        await asyncio.sleep(0)   # after the TransactionEventResponse
        if self.connection(station_id) is not connection:
            return
        try:
            await self.send(station_id, "GetTransactionStatus", {"transactionId": transaction_id})
        except LookupError:
            pass

    async def send(self, station_id, action, payload, timeout=None):
        outcome = await super().send(station_id, action, payload, timeout)
        if action == "GetTransactionStatus" and outcome.ok:
            self.transaction_status_answered(station_id, payload, outcome.response)
        return outcome

    def transaction_status_answered(self, station_id, request, response):
        """Store what the station said about a transaction (or about its queue as a whole)."""
        tx = self.store.transactions.get(request.get("transactionId") or "")
        targets = [tx] if tx is not None else [
            t for t in self.store.transactions.values() if t.station_id == station_id and not t.ended]
        for target in targets:
            target.messages_in_queue = response.get("messagesInQueue")
            if tx is not None and "ongoingIndicator" in response:
                target.ongoing_at_station = response["ongoingIndicator"]

    def ongoing_transactions(self, station_id, evse_id=None):
        """Transactions of a station the CSMS believes ongoing (optionally on one EVSE), oldest first."""
        return [tx for tx in self.store.transactions.values()
                if tx.station_id == station_id and not tx.ended and (evse_id is None or tx.evse_id == evse_id)]

    async def api_get_transaction_status(self, station_id, body, timeout):
        """get-transaction-status: {"evseId": 1} (the CSMS names its ongoing transaction on that EVSE),
        {"transactionId": "..."}, or {} (no transactionId: is anything queued at all?)."""
        unknown = set(body) - {"evseId", "transactionId"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; get-transaction-status takes "
                             f"evseId or transactionId, or nothing")
        if "transactionId" in body and "evseId" in body:
            raise ValueError("give evseId or transactionId, not both")
        payload = {}
        if "transactionId" in body:
            if not isinstance(body["transactionId"], str) or not 0 < len(body["transactionId"]) <= 36:
                raise ValueError("transactionId must be a string of 1 to 36 characters")
            payload["transactionId"] = body["transactionId"]
        elif "evseId" in body:
            evse_id = body["evseId"]
            if not isinstance(evse_id, int) or isinstance(evse_id, bool) or evse_id < 1:
                raise ValueError(f"evseId must be an integer of 1 or more, not {evse_id!r}")
            ongoing = self.ongoing_transactions(station_id, evse_id)
            if not ongoing:
                raise LookupError(f"the CSMS knows no ongoing transaction of {station_id} on EVSE {evse_id}")
            payload["transactionId"] = ongoing[-1].transaction_id
        outcome = await self.send(station_id, "GetTransactionStatus", payload, timeout)
        return outcome, dict(payload)
