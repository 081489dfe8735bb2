"""One OCPP-J connection: framing, correlation by unique id, one CALL in flight, schema checks.

Both engines use it, on either end of a WebSocket. Every frame in or out goes to the recorder
(the scenario's message trace) before anything else happens to it.
"""
import asyncio
import json
import logging
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed

from . import frames, schemas
from .errors import CallError, error_codes
from ..scenario.trace import RECEIVED, SENT, EVENT

log = logging.getLogger(__name__)


class Subprotocol:
    OCPP201 = "ocpp2.0.1"
    OCPP16 = "ocpp1.6"

    @staticmethod
    def version(subprotocol):
        return {"ocpp2.0.1": "2.0.1", "ocpp1.6": "1.6"}.get(subprotocol)

    @staticmethod
    def for_version(version):
        return "ocpp1.6" if version.startswith("1.6") else "ocpp2.0.1"


@dataclass
class CallOutcome:
    """What became of a CALL: its CALLRESULT payload, its CALLERROR, or nothing before the deadline."""
    action: str
    request: dict
    unique_id: str
    response: dict = None
    error_code: str = None
    error_description: str = ""
    error_details: dict = None
    timed_out: bool = False
    closed: bool = False
    violations: list = field(default_factory=list)

    @property
    def ok(self):
        return self.response is not None

    def describe(self):
        if self.ok:
            return f"{self.action} answered {json.dumps(self.response)}"
        if self.error_code:
            return f"{self.action} answered CALLERROR {self.error_code} ({self.error_description})"
        if self.closed:
            return f"{self.action}: the connection closed before an answer"
        return f"{self.action}: no answer before the deadline"


def _null_recorder(*_args, **_kwargs):
    return None


class OcppConnection:
    """An OCPP-J endpoint on an open WebSocket.

    handler(connection, action, payload) -> response payload (dict); may raise CallError.
    recorder(peer, direction, text, frame=None, violations=()) records each frame.
    """

    def __init__(self, websocket, version, peer, handler=None, recorder=None, validate_outgoing=True):
        self.ws = websocket
        self.version = version
        self.peer = peer
        self.codes = error_codes(version)
        self.handler = handler
        self.recorder = recorder or _null_recorder
        self.validate_outgoing = validate_outgoing
        self._pending = {}            # unique id -> (action, request, future)
        self._call_lock = asyncio.Lock()
        self._peer_open_calls = {}    # unique id -> action: peer CALLs we have not answered yet
        self._handler_tasks = set()
        self._closed = asyncio.Event()
        self.protocol_violations = []
        self.close_code = None
        self._raw_ids = {"-1"}        # ids answers may carry after raw frames ("-1": id unreadable)
        # Deliberate faults of a wrong peer (the reference CSMS sets its Faults here): read with
        # getattr(self.faults, name, False) -- wrong_error_code, close_on_bad_frame,
        # answer_unknown_message_type_16. None: a conformant endpoint.
        self.faults = None

    # ------------------------------------------------------------------ sending

    async def send_text(self, text):
        """Send a raw text frame (negative tests use it for malformed frames)."""
        try:
            data = json.loads(text)
            if isinstance(data, list) and len(data) > 1 and isinstance(data[1], str):
                self._raw_ids.add(data[1])
        except (ValueError, RecursionError):   # RecursionError: a deliberately deeply nested frame
            pass
        self.recorder(self.peer, SENT, text)
        await self.ws.send(text)

    async def _send_frame(self, frame, violations=()):
        text = frame.to_text()
        self.recorder(self.peer, SENT, text, frame, violations)
        await self.ws.send(text)

    async def call(self, action, payload, timeout):
        """Send a CALL and wait for its answer; never more than one of our CALLs in flight."""
        async with self._call_lock:
            frame = frames.call(action, payload)
            outcome = CallOutcome(action, payload, frame.unique_id)
            if self.validate_outgoing:
                outcome.violations = [m for _, m in schemas.check(self.version, action, payload, True)]
            future = asyncio.get_running_loop().create_future()
            self._pending[frame.unique_id] = (action, payload, future)
            try:
                try:
                    await self._send_frame(frame, outcome.violations)
                except ConnectionClosed:
                    outcome.closed = True
                    return outcome
                done = await asyncio.wait_for(asyncio.shield(future), timeout)
            except asyncio.TimeoutError:
                outcome.timed_out = True
                return outcome
            finally:
                self._pending.pop(frame.unique_id, None)
            result, violations = done
            if result is None:
                outcome.closed = True
            elif result.type == frames.CALLRESULT:
                outcome.response = result.payload
            else:
                outcome.error_code = result.error_code
                outcome.error_description = result.error_description
                outcome.error_details = result.error_details
            outcome.violations += violations
            return outcome

    def awaits_answer(self):
        """Whether a CALL of ours is on its way and its answer has not arrived yet."""
        return any(not future.done() for _, _, future in self._pending.values())

    # ------------------------------------------------------------------ receiving

    async def run(self):
        """Read frames until the connection closes."""
        try:
            async for text in self.ws:
                await self._on_text(text)
        except ConnectionClosed:
            pass
        finally:
            self.close_code = getattr(self.ws, "close_code", None)
            for _, _, future in list(self._pending.values()):
                if not future.done():
                    future.set_result((None, []))
            for task in list(self._handler_tasks):
                task.cancel()
            self.recorder(self.peer, EVENT, f"connection closed (code {self.close_code})")
            self._closed.set()

    async def wait_closed(self):
        await self._closed.wait()

    @property
    def is_open(self):
        return not self._closed.is_set()

    async def _on_text(self, text):
        try:
            frame = frames.parse_frame(text)
        except frames.FrameError as exc:
            display = text if isinstance(text, str) else repr(text)
            if exc.kind == "message_type_not_supported" and self.version.startswith("1.6") \
                    and not self._fault("answer_unknown_message_type_16"):
                # OCPP-J 1.6, 4.1.3: a message type number not in the table is ignored (no CALLERROR;
                # OCPP 2.0.1 Part 4, 4.4 answers MessageTypeNotSupported instead).
                self.recorder(self.peer, RECEIVED, display, None,
                              [f"malformed frame: {exc.description}; ignored (OCPP-J 1.6, 4.1.3)"])
                if self._fault("close_on_bad_frame"):
                    await self.close(1002, "bad frame")
                return
            self.recorder(self.peer, RECEIVED, display, None, [f"malformed frame: {exc.description}"])
            await self._reply_bad_frame(exc.unique_id, getattr(self.codes, exc.kind), exc.description)
            return
        if frame.type == frames.CALL:
            await self._on_call(text, frame)
        else:
            self._on_answer(text, frame)

    async def _on_call(self, text, frame):
        violations = []
        if self._peer_open_calls:
            open_ids = ", ".join(f"{a} ({i})" for i, a in self._peer_open_calls.items())
            violations.append(f"one CALL in flight broken: {frame.action} sent while {open_ids} is unanswered")
            self.protocol_violations.append(violations[-1])
        if not schemas.is_known_action(self.version, frame.action):
            self.recorder(self.peer, RECEIVED, text, frame, violations + [f"unknown action {frame.action}"])
            await self._reply_bad_frame(frame.unique_id, self.codes.not_implemented,
                                        f"{frame.action} is not an OCPP {self.version} action")
            return
        problems = schemas.check(self.version, frame.action, frame.payload, True)
        self.recorder(self.peer, RECEIVED, text, frame, violations + [m for _, m in problems])
        if problems:
            kind, message = problems[0]
            await self._reply_bad_frame(frame.unique_id, getattr(self.codes, kind), message)
            return
        self._peer_open_calls[frame.unique_id] = frame.action
        task = asyncio.create_task(self._handle(frame))
        self._handler_tasks.add(task)
        task.add_done_callback(self._handler_tasks.discard)

    async def _handle(self, frame):
        try:
            if self.handler is None:
                raise CallError(self.codes.not_supported, f"{frame.action} is not supported")
            payload = await self.handler(self, frame.action, frame.payload)
        except CallError as exc:
            self._peer_open_calls.pop(frame.unique_id, None)
            await self._reply_error(frame.unique_id, exc.code, exc.description, exc.details)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in a handler must not take the connection down
            log.exception("handler for %s failed", frame.action)
            self._peer_open_calls.pop(frame.unique_id, None)
            await self._reply_error(frame.unique_id, self.codes.internal_error, f"{type(exc).__name__}: {exc}")
            return
        self._peer_open_calls.pop(frame.unique_id, None)
        if payload is None:   # the handler chose not to answer (a peer that never answers)
            return
        violations = []
        if self.validate_outgoing:
            violations = [m for _, m in schemas.check(self.version, frame.action, payload, False)]
        try:
            await self._send_frame(frames.call_result(frame.unique_id, payload), violations)
        except ConnectionClosed:
            pass

    def _on_answer(self, text, frame):
        pending = self._pending.get(frame.unique_id)
        if pending is None and frame.unique_id in self._raw_ids:
            self.recorder(self.peer, RECEIVED, text, frame)   # the answer to a raw frame we sent
            return
        if pending is None:
            self.recorder(self.peer, RECEIVED, text, frame,
                          [f"{frame.kind} for unknown or expired MessageId {frame.unique_id}"])
            return
        action, _request, future = pending
        violations = []
        if frame.type == frames.CALLRESULT:
            violations = [m for _, m in schemas.check(self.version, action, frame.payload, False)]
        elif frame.error_code not in self.codes.all:
            violations = [f"{frame.error_code} is not an OCPP {self.version} RPC error code"]
        self.recorder(self.peer, RECEIVED, text, frame, violations)
        if not future.done():
            future.set_result((frame, violations))

    def _fault(self, name):
        return bool(getattr(self.faults, name, False)) if self.faults is not None else False

    async def _reply_bad_frame(self, unique_id, code, description):
        """Answer a frame that could not be read, or a CALL the RPC layer rejects (unknown action,
        schema violation), with its CALLERROR -- or as a deliberately wrong peer would."""
        if self._fault("wrong_error_code"):
            code = self.codes.generic_error
        await self._reply_error(unique_id, code, description)
        if self._fault("close_on_bad_frame"):
            await self.close(1002, "bad frame")

    async def _reply_error(self, unique_id, code, description, details=None):
        try:
            await self._send_frame(frames.call_error(unique_id, code, description, details))
        except ConnectionClosed:
            pass

    async def close(self, code=1000, reason=""):
        try:
            await self.ws.close(code, reason)
        except Exception:
            pass
