"""Parsing and building OCPP-J frames: [2,id,action,payload] / [3,id,payload] / [4,id,code,desc,details]."""
import json
import math
import uuid
from dataclasses import dataclass, field

CALL, CALLRESULT, CALLERROR = 2, 3, 4
MAX_ID_LENGTH = 36


def dumps(data):
    """Compact JSON that can always be sent as a UTF-8 text frame.

    A peer may put a lone surrogate escape ("\\ud800") in a string: valid JSON, but Python reads it
    into a str that UTF-8 cannot encode, so an answer echoing it (its MessageId, a schema message
    quoting the value) would fail in the WebSocket send and drop the connection. Such text is
    written with \\u escapes instead, as the peer sent it."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, separators=(",", ":"))
    return text


@dataclass
class Frame:
    type: int
    unique_id: str
    action: str = None
    payload: dict = field(default_factory=dict)
    error_code: str = None
    error_description: str = ""
    error_details: dict = field(default_factory=dict)

    def to_list(self):
        if self.type == CALL:
            return [CALL, self.unique_id, self.action, self.payload]
        if self.type == CALLRESULT:
            return [CALLRESULT, self.unique_id, self.payload]
        return [CALLERROR, self.unique_id, self.error_code, self.error_description, self.error_details]

    def to_text(self):
        return dumps(self.to_list())

    @property
    def kind(self):
        return {CALL: "CALL", CALLRESULT: "CALLRESULT", CALLERROR: "CALLERROR"}[self.type]


class FrameError(Exception):
    """A frame that is not a valid OCPP-J message; carries the CALLERROR to answer it with."""

    def __init__(self, kind, description, unique_id="-1"):
        super().__init__(description)
        self.kind = kind            # attribute name on ErrorCodes: rpc_framework_error, ...
        self.description = description
        self.unique_id = unique_id  # "-1" when the id could not be read (Part 4, 4.2.3)


def new_id():
    return str(uuid.uuid4())


def call(action, payload, unique_id=None):
    return Frame(CALL, unique_id or new_id(), action, payload)


def call_result(unique_id, payload):
    return Frame(CALLRESULT, unique_id, payload=payload)


def call_error(unique_id, code, description="", details=None):
    return Frame(CALLERROR, unique_id, error_code=code, error_description=description[:255],
                 error_details=details or {})


def _not_json(constant):
    raise ValueError(f"{constant} is not a JSON value")


def _finite(literal):
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError(f"the number {literal[:40]} is out of range")
    return number


def loads(text):
    """json.loads of strict JSON (RFC 8259): no NaN / Infinity / -Infinity, which Python's reader
    takes by default, and no number that only reads as infinity (1e400); either would be read as a
    value the peer never sent validly, and could be sent on as invalid JSON."""
    return json.loads(text, parse_constant=_not_json, parse_float=_finite)


def parse_frame(text):
    """Parse one WebSocket text message into a Frame, or raise FrameError saying why not."""
    if isinstance(text, bytes):
        raise FrameError("rpc_framework_error", "binary WebSocket message; OCPP-J uses text frames")
    try:
        data = loads(text)
    except ValueError as exc:
        raise FrameError("rpc_framework_error", f"not valid JSON: {exc}") from None
    except RecursionError:
        # JSON nested deeper than the parser's recursion limit: as unreadable as invalid JSON.
        raise FrameError("rpc_framework_error", "JSON nested too deeply to be read") from None
    if not isinstance(data, list) or not data:
        raise FrameError("rpc_framework_error", "an OCPP-J message is a non-empty JSON array")
    message_type = data[0]
    unique_id = data[1] if len(data) > 1 and isinstance(data[1], str) else None
    reply_id = unique_id if unique_id is not None and len(unique_id) <= MAX_ID_LENGTH else "-1"
    if not isinstance(message_type, int) or isinstance(message_type, bool):
        raise FrameError("rpc_framework_error", "MessageTypeId is not an integer", reply_id)
    if message_type not in (CALL, CALLRESULT, CALLERROR):
        raise FrameError("message_type_not_supported",
                         f"MessageTypeId {message_type} is not CALL, CALLRESULT or CALLERROR", reply_id)
    if unique_id is None:
        raise FrameError("rpc_framework_error", "MessageId is missing or not a string")
    if len(unique_id) > MAX_ID_LENGTH:
        raise FrameError("rpc_framework_error", f"MessageId longer than {MAX_ID_LENGTH} characters")
    if message_type == CALL:
        if len(data) != 4 or not isinstance(data[2], str):
            raise FrameError("rpc_framework_error", "a CALL is [2, MessageId, Action, Payload]", unique_id)
        if not isinstance(data[3], dict):
            raise FrameError("format_violation", "the CALL payload is not a JSON object", unique_id)
        return Frame(CALL, unique_id, data[2], data[3])
    if message_type == CALLRESULT:
        if len(data) != 3 or not isinstance(data[2], dict):
            raise FrameError("rpc_framework_error", "a CALLRESULT is [3, MessageId, Payload]", unique_id)
        return Frame(CALLRESULT, unique_id, payload=data[2])
    if len(data) != 5 or not isinstance(data[2], str) or not isinstance(data[3], str) \
            or not isinstance(data[4], dict):
        raise FrameError("rpc_framework_error",
                         "a CALLERROR is [4, MessageId, errorCode, errorDescription, errorDetails]", unique_id)
    return Frame(CALLERROR, unique_id, error_code=data[2], error_description=data[3], error_details=data[4])
