"""Block O (display messages) on the test side.

- The SetDisplayMessage, GetDisplayMessages and ClearDisplayMessage requests the steps ask the CSMS
  to send, built from a | field | value | table in OCPP words.
- How the test station answers them by default: it keeps the messages it accepted (replacing by id),
  answers UnknownTransaction for a transaction it does not have, Unknown for a message it does not
  have, and drops messages whose end time has passed or whose transaction has ended.
- NotifyDisplayMessages pages for the CSMS's last GetDisplayMessages.
- Checks of the CSMS's requests against what it was asked, and of the CSMS's list of the station's
  messages (trigger API display-message-record).
"""
from datetime import timedelta

from ..scenario.expect import StepError
from ..rpc import CALL
from ..scenario.words import enum_value
from .firmware import csms_record, iso, now, parse_time

MESSAGE_FIELDS = ("id", "priority", "state", "format", "content", "language", "startDateTime", "endDateTime",
                  "transactionId")
DEFAULT_CONTENT = "OCPP conformance suite: test message"


# ---------------------------------------------------------------------- what the CSMS is asked to send

def asked(session):
    """The SetDisplayMessage messages the steps asked the CSMS to send in this scenario (id -> message)."""
    return session.__dict__.setdefault("display_messages_asked", {})


def _next_id(session):
    taken = asked(session)
    return max(taken, default=0) + 1


def _time(session, value, field):
    words = value.strip().lower()
    delay = timedelta(seconds=session.config.seconds("display_message_delay"))
    if words == "now":
        return iso(now())
    if words in ("in the future", "soon"):
        return iso(now() + delay)
    if parse_time(value) is None:
        raise StepError(f"{field} '{value}' is not a date-time; write 'now', 'in the future' or an RFC 3339 "
                        f"date-time such as 2030-01-01T00:00:00Z")
    return value


def _transaction_id(session, value):
    words = value.strip().lower()
    if words == "current":
        evse_id = session.config.integer("evse_id")
        tx = session.station.model.transactions.get(evse_id)
        if tx is None or tx.ended:
            raise StepError(f"the test station has no ongoing transaction on EVSE {evse_id} to bind the message to")
        return tx.transaction_id
    if words == "unknown":
        return "UNKNOWN-TX-0000"       # a transaction neither the station nor the CSMS has seen
    return value


def set_display_message_request(session, rows):
    """SetDisplayMessageRequest from | field | value | rows (id, priority, state, format, content,
    language, startDateTime, endDateTime, transactionId); unnamed fields get defaults."""
    fields = dict(rows)
    unknown = set(fields) - set(MESSAGE_FIELDS)
    if unknown:
        raise StepError(f"unknown display message fields {', '.join(sorted(unknown))}; "
                        f"use {', '.join(MESSAGE_FIELDS)}")
    content = {"format": enum_value("MessageFormat", fields.get("format", "UTF8")),
               "content": fields.get("content", DEFAULT_CONTENT)}
    if "language" in fields:
        content["language"] = fields["language"]
    message = {"id": int(fields["id"]) if "id" in fields else _next_id(session),
               "priority": enum_value("MessagePriority", fields.get("priority", "NormalCycle")),
               "message": content}
    if "state" in fields:
        message["state"] = enum_value("MessageState", fields["state"])
    for field in ("startDateTime", "endDateTime"):
        if field in fields:
            message[field] = _time(session, fields[field], field)
    if "transactionId" in fields:
        message["transactionId"] = _transaction_id(session, fields["transactionId"])
    asked(session)[message["id"]] = message
    return {"message": message}


def get_display_messages_request(session, rows=()):
    fields = dict(rows)
    unknown = set(fields) - {"id", "priority", "state"}
    if unknown:
        raise StepError(f"GetDisplayMessages filters are id, priority and state, not {', '.join(sorted(unknown))}")
    payload = {"requestId": session.next_request_id()}
    if "id" in fields:
        payload["id"] = [int(part) for part in fields["id"].replace(" and ", ",").split(",") if part.strip()]
    if "priority" in fields:
        payload["priority"] = enum_value("MessagePriority", fields["priority"])
    if "state" in fields:
        payload["state"] = enum_value("MessageState", fields["state"])
    return payload


def set_on_station(session, rows):
    """Memory state "a display message is configured": the CSMS sets it and the station accepts it."""
    payload = set_display_message_request(session, rows)
    message_id = payload["message"]["id"]
    response = session.trigger_now(f"make the CSMS set display message {message_id}", "call",
                                   session.config.station_id, "SetDisplayMessage", payload)
    session.expect_request("SetDisplayMessage", [("message.id", str(message_id))])
    if response is not None and response.body.get("status") != "Accepted":
        session.fail(f"the station did not accept display message {message_id}: {response.describe()}")
    if message_id not in messages(session.station.model):
        session.fail(f"the test station does not show display message {message_id} after the CSMS set it")


# ---------------------------------------------------------------------- the station's messages

def messages(model):
    """The messages the test station displays (id -> MessageInfo), without those that are over."""
    stored = model.__dict__.setdefault("display_messages", {})
    moment = now()
    ongoing = {tx.transaction_id for tx in model.transactions.values() if not tx.ended}
    for message_id, message in list(stored.items()):
        end = parse_time(message["endDateTime"]) if "endDateTime" in message else None
        if (end is not None and end <= moment) or \
                ("transactionId" in message and message["transactionId"] not in ongoing):
            del stored[message_id]
    return stored


def _matching(model, request):
    found = []
    for message in messages(model).values():
        if request.get("id") and message["id"] not in request["id"]:
            continue
        if request.get("priority") and message.get("priority") != request["priority"]:
            continue
        if request.get("state") and message.get("state") != request["state"]:
            continue
        found.append(message)
    return found


def _set_display_message(model, payload):
    tx_id = payload["message"].get("transactionId")
    if tx_id is not None and tx_id not in {tx.transaction_id for tx in model.transactions.values() if not tx.ended}:
        return {"status": "UnknownTransaction"}
    return {"status": "Accepted"}


def _set_display_message_answered(model, request, response):
    if response.get("status") == "Accepted":
        messages(model)[request["message"]["id"]] = dict(request["message"])


def _clear_display_message_answered(model, request, response):
    if response.get("status") == "Accepted":
        messages(model).pop(request["id"], None)


ANSWERS = {
    "SetDisplayMessage": _set_display_message,
    "GetDisplayMessages": lambda model, payload: {"status": "Accepted" if _matching(model, payload) else "Unknown"},
    "ClearDisplayMessage": lambda model, payload: {"status": "Accepted" if payload["id"] in messages(model)
                                                   else "Unknown"},
}
ANSWERED = {
    "SetDisplayMessage": _set_display_message_answered,
    "ClearDisplayMessage": _clear_display_message_answered,
}


def notify_display_messages_payloads(session, pages=1):
    """NotifyDisplayMessages pages (tbc) with the station's messages that match the CSMS's last
    GetDisplayMessages request."""
    requests = session.station.requests_from_csms("GetDisplayMessages")
    if not requests:
        session.fail("the CSMS has sent no GetDisplayMessages to report on")
    request = requests[-1].frame.payload
    found = _matching(session.station.model, request)
    if not found:
        session.fail(f"the test station has no display message matching {request} to report")
    pages = max(1, min(pages, len(found)))
    size = -(-len(found) // pages)
    chunks = [found[i:i + size] for i in range(0, len(found), size)]
    return [{"requestId": request["requestId"], "tbc": index < len(chunks) - 1, "messageInfo": chunk}
            for index, chunk in enumerate(chunks)]


def notify_display_messages(session, pages=1):
    for payload in notify_display_messages_payloads(session, pages):
        session.send_expecting_answer("NotifyDisplayMessages", payload)


# ---------------------------------------------------------------------- checks of the CSMS's requests

def _last_set_message(session):
    entries = session.station.requests_from_csms("SetDisplayMessage")
    payload = entries[-1].frame.payload if entries else session.expect_request("SetDisplayMessage")
    return payload["message"]


def check_as_asked(session, field, what):
    """A field of the CSMS's last SetDisplayMessage is the one it was asked to send (a time compared
    as a time, so 12:00:00Z equals 12:00:00.000+00:00)."""
    message = _last_set_message(session)
    wanted = asked(session).get(message["id"], {}).get(field)
    if wanted is None:
        raise StepError(f"the CSMS was not asked for a display message {message['id']} with a {field}")
    actual = message.get(field)
    same = actual == wanted
    if field.endswith("DateTime"):
        same = actual is not None and parse_time(actual) == parse_time(wanted)
    if not same:
        session.fail(f"the CSMS's SetDisplayMessage has message.{field} {actual!r}; it was asked for "
                     f"{what} {wanted!r}")


# ---------------------------------------------------------------------- what the CSMS recorded

def _display_record(session, description):
    return csms_record(session, "display-message-record", description)


def check_listed(session, message_id, rows=()):
    record = _display_record(session, f"the CSMS lists display message {message_id} for the station")
    if record is None:
        return
    found = [m for m in record["messages"] if m.get("id") == message_id]
    if not found:
        session.fail(f"the CSMS does not list display message {message_id} for the station\n  its record: {record}")
    problems = []
    for path, expected in rows:
        node = found[0]
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        expected = expected.strip('"')
        if (expected == "(absent)" and node is not None) or (expected != "(absent)" and str(node) != expected):
            problems.append(f"{path} is {node!r}, expected {expected}")
    if problems:
        session.fail(f"the CSMS lists display message {message_id} as {found[0]}\n  " + "\n  ".join(problems))


def check_not_listed(session, message_id):
    record = _display_record(session, f"the CSMS no longer lists display message {message_id} for the station")
    if record is None:
        return
    found = [m for m in record["messages"] if m.get("id") == message_id]
    if found:
        session.fail(f"the CSMS still lists display message {message_id} for the station: {found[0]}\n"
                     f"  its record: {record}")


def check_not_listed_after_end(session, message_id):
    """Once the end time the CSMS gave display message N has passed, the CSMS no longer lists it."""
    entries = [e for e in session.station.requests_from_csms("SetDisplayMessage")
               if e.frame.payload["message"]["id"] == message_id]
    end = parse_time(entries[-1].frame.payload["message"].get("endDateTime")) if entries else None
    if end is None:
        session.fail(f"the CSMS gave display message {message_id} no endDateTime")
    remaining = (end - now()).total_seconds()
    limit = session.config.seconds("display_message_delay") + session.config.seconds("action_timeout")
    if remaining > limit:
        session.fail(f"display message {message_id} ends in {remaining:.0f} s; the suite waits at most {limit:g} s "
                     f"(DISPLAY_MESSAGE_DELAY + CSMS_ACTION_TIMEOUT)")
    session.trace.wait_until(lambda: now() > end, max(remaining, 0) + 0.05)
    check_not_listed(session, message_id)


def check_report_recorded(session):
    """The CSMS put together the station's NotifyDisplayMessages for its last GetDisplayMessages."""
    requests = session.station.requests_from_csms("GetDisplayMessages")
    if not requests:
        session.fail("the CSMS has sent no GetDisplayMessages")
    request_id = requests[-1].frame.payload["requestId"]
    sent = [m["id"] for e in session.trace.entries
            if e.peer == session.station.station_id and e.frame is not None and e.frame.type == CALL
            and e.frame.action == "NotifyDisplayMessages"
            and e.frame.payload.get("requestId") == request_id for m in e.frame.payload.get("messageInfo", [])]
    record = _display_record(session, f"the CSMS shows the display messages {sent} the station reported")
    if record is None:
        return
    found = [r for r in record["requests"] if r["requestId"] == request_id]
    if not found or not found[0]["complete"] or sorted(found[0]["messageIds"]) != sorted(sent):
        session.fail(f"the CSMS's record of GetDisplayMessages {request_id} is {found[0] if found else '(none)'}; "
                     f"the station reported messages {sent} in its NotifyDisplayMessages")
    missing = [i for i in sent if i not in {m["id"] for m in record["messages"]}]
    if missing:
        session.fail(f"the CSMS does not list the display messages {missing} the station reported")

