"""O Display messages: the messages the CSMS set on each station (SetDisplayMessage, replaced by id),
what the station refused (NotSupportedPriority, NotSupportedState, NotSupportedMessageFormat,
Rejected, UnknownTransaction), ClearDisplayMessage, and GetDisplayMessages answered by
NotifyDisplayMessages pages (tbc) that the CSMS puts together per requestId.

A message is on the station from the Accepted answer until it is cleared, its endDateTime has
passed, or the transaction it belongs to has ended (O02). The trigger API shows the list
(`display-message-record`), as an operator would see it in a CSMS.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .core import Faults, now_iso
from .firmware import parse_time

Faults.declare({
    "display_keeps_expired": False,              # messages stay listed after their endDateTime
    "display_ignores_refusal": False,            # a message the station refused is listed as set
    "display_keeps_transaction_messages": False,  # transaction messages stay listed after the transaction
    "display_ignores_reports": False,            # NotifyDisplayMessages is answered but not put together
})


@dataclass
class DisplayEntry:
    message: dict              # MessageInfoType as the CSMS sent it (or the station reported it)
    set_at: str
    source: str = "SetDisplayMessage"

    @property
    def id(self):
        return self.message["id"]


@dataclass
class MessagesRequest:
    request_id: int
    filters: dict
    answer: str = None
    pages: list = field(default_factory=list)   # messageInfo lists, one per NotifyDisplayMessages
    complete: bool = False

    @property
    def messages(self):
        return [m for page in self.pages for m in page]

    def report(self):
        return {"requestId": self.request_id, "filters": self.filters, "answer": self.answer,
                "pages": len(self.pages), "complete": self.complete,
                "messageIds": [m.get("id") for m in self.messages]}


@dataclass
class DisplayRecord:
    messages: dict = field(default_factory=dict)    # id -> DisplayEntry
    refused: list = field(default_factory=list)     # {"id", "status", "message"}
    cleared: list = field(default_factory=list)     # {"id", "status"}
    requests: dict = field(default_factory=dict)    # requestId -> MessagesRequest
    anomalies: list = field(default_factory=list)

    def note(self, what, message):
        self.anomalies.append({"at": now_iso(), "problem": what, "message": message})


def _answer_of(outcome):
    if outcome.ok:
        return outcome.response.get("status")
    if outcome.error_code:
        return f"CALLERROR {outcome.error_code}"
    return "no answer"


def _matches(message, filters):
    if filters.get("id") and message.get("id") not in filters["id"]:
        return False
    if filters.get("priority") and message.get("priority") != filters["priority"]:
        return False
    if filters.get("state") and message.get("state") != filters["state"]:
        return False
    return True


class DisplayMessages:
    """Mixin of the reference CSMS for block O."""

    def display_of(self, station):
        if station.display is None:
            station.display = DisplayRecord()
        return station.display

    def _gone(self, entry, now):
        """Why a message is no longer on the station (its end time, its transaction), or None."""
        message = entry.message
        end = parse_time(message.get("endDateTime"))
        if end is not None and end <= now and not self.faults.display_keeps_expired:
            return "ended"
        tx_id = message.get("transactionId")
        if tx_id is not None and not self.faults.display_keeps_transaction_messages:
            tx = self.store.transactions.get(tx_id)
            if tx is not None and tx.ended:
                return "transaction ended"
        return None

    def display_report(self, station_id):
        """The CSMS's list of the display messages on a station (trigger API display-message-record)."""
        record = self.display_of(self.store.stations[station_id])
        now = datetime.now(timezone.utc)
        for message_id, entry in list(record.messages.items()):
            reason = self._gone(entry, now)
            if reason:
                del record.messages[message_id]
                record.cleared.append({"id": message_id, "status": reason})
        messages = []
        for entry in sorted(record.messages.values(), key=lambda e: e.id):
            start = parse_time(entry.message.get("startDateTime"))
            messages.append({**entry.message, "shown": start is None or start <= now, "setAt": entry.set_at,
                             "source": entry.source})
        return {"messages": messages, "refused": list(record.refused), "cleared": list(record.cleared),
                "requests": [r.report() for r in record.requests.values()], "anomalies": list(record.anomalies)}

    # ------------------------------------------------------------------ what the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        hook = {"SetDisplayMessage": self._set_display_message_sent,
                "GetDisplayMessages": self._get_display_messages_sent,
                "ClearDisplayMessage": self._clear_display_message_sent}.get(action)
        station = self.store.stations.get(station_id)
        if hook is None or station is None:
            return await super().send(station_id, action, payload, timeout)
        answered = hook(self.display_of(station), payload)
        outcome = await super().send(station_id, action, payload, timeout)
        answered(outcome)
        return outcome

    def _set_display_message_sent(self, record, payload):
        message = payload["message"]

        def answered(outcome):
            status = _answer_of(outcome)
            if status == "Accepted" or self.faults.display_ignores_refusal:
                # O06: a message with the id of an existing one replaces it, all fields included.
                record.messages[message["id"]] = DisplayEntry(dict(message), now_iso())
            else:
                record.refused.append({"id": message["id"], "status": status, "message": dict(message)})
        return answered

    def _get_display_messages_sent(self, record, payload):
        filters = {k: payload[k] for k in ("id", "priority", "state") if k in payload}
        request = record.requests[payload["requestId"]] = MessagesRequest(payload["requestId"], filters)

        def answered(outcome):
            request.answer = _answer_of(outcome)
            if request.answer == "Unknown":
                # The station has no message that matches: those the CSMS listed are not there.
                request.complete = True
                self._reconcile(record, request)
        return answered

    def _clear_display_message_sent(self, record, payload):
        def answered(outcome):
            status = _answer_of(outcome)
            if status in ("Accepted", "Unknown"):
                # Unknown: the station does not have it (any more); either way it is not displayed.
                record.messages.pop(payload["id"], None)
            record.cleared.append({"id": payload["id"], "status": status})
        return answered

    # ------------------------------------------------------------------ what the station reports

    async def on_NotifyDisplayMessages(self, station, connection, payload):
        record = self.display_of(station)
        if self.faults.display_ignores_reports:
            return {}
        request = record.requests.get(payload["requestId"])
        if request is None:
            record.note(f"NotifyDisplayMessages for request {payload['requestId']}, which the CSMS never sent",
                        payload)
            return {}
        if request.complete:
            record.note(f"NotifyDisplayMessages for request {request.request_id} after its last page", payload)
            return {}
        page = payload.get("messageInfo", [])
        for message in page:
            if not _matches(message, request.filters):
                record.note(f"display message {message.get('id')} does not match the filter of request "
                            f"{request.request_id}", payload)
        request.pages.append(page)
        if not payload.get("tbc", False):
            request.complete = True
            self._reconcile(record, request)
        return {}

    def _reconcile(self, record, request):
        """After a whole report the station's word is the truth for the messages the request covered."""
        reported = {m["id"]: m for m in request.messages if "id" in m}
        for message_id, entry in list(record.messages.items()):
            if _matches(entry.message, request.filters) and message_id not in reported:
                del record.messages[message_id]
                record.cleared.append({"id": message_id, "status": f"not reported in request {request.request_id}"})
        for message_id, message in reported.items():
            known = record.messages.get(message_id)
            if known is None or known.message != message:
                record.messages[message_id] = DisplayEntry(dict(message), now_iso(), "NotifyDisplayMessages")
