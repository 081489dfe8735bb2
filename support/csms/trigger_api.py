"""The trigger API: an HTTP front door through which a test makes the CSMS act.

OCTT calls these "manual actions on the CSMS": send a CALL to a station, make the next boot
Pending, create an idToken, change a station's password. The paths and bodies follow the
trigger API of the public OCTT-style suites (POST /api/octt/2.0.1/{station}/...), so a suite
written against those works against the reference CSMS unchanged. See docs/trigger-api.md.

Every answer is JSON. A request the API cannot carry out gets a 4xx with {"error": "..."} that
says what to change; a 5xx means the station did not answer (504), the connection closed (502),
or, as a last resort, a bug here (500).
"""
import difflib
import json
import logging
import math
import re
from datetime import datetime
from urllib.parse import unquote

from aiohttp import web

from ..rpc import CALLERROR, schemas

log = logging.getLogger(__name__)

OCPP201 = "2.0.1"
OCPP16 = "1.6"
MAX_TIMEOUT = 600.0

AUTHORIZATION_STATUSES = ("Accepted", "Blocked", "ConcurrentTx", "Expired", "Invalid", "NoCredit",
                          "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown")
ID_TOKEN_TYPES = ("Central", "eMAID", "ISO14443", "ISO15693", "KeyCode", "Local", "MacAddress",
                  "NoAuthorization")
PENDING_BOOT_STATUSES = ("Pending", "Rejected")
ITEMS_PER_MESSAGE_KEYS = ("get_variables", "set_variables", "get_report")

STATION_COMMANDS = ("call/{Action}", "set-pending-boot", "set-items-per-message", "get-variables",
                    "set-variables", "trigger-message", "set-security-profile", "update-basic-auth-password",
                    "firmware-record", "display-message-record")
GLOBAL_COMMANDS = ("set-basic-auth-password", "create-token")


class ApiError(Exception):
    """A request the API refuses; becomes an HTTP answer with {"error": message, **extra}."""

    def __init__(self, status, message, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        self.extra = extra


def kebab(action):
    """RemoteStartTransaction -> remote-start-transaction."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", action).lower()


def action_from_kebab(text):
    """remote-start-transaction -> RemoteStartTransaction."""
    return "".join(part[:1].upper() + part[1:] for part in text.split("-"))


def _suggest(word, choices):
    """' (did you mean X?)' for a near miss, compared without regard to case; '' otherwise."""
    if not isinstance(word, str):
        return ""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f" (did you mean {lowered[word.lower()]}?)"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]}?)" if close else ""


def _type_name(value):
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _json_response(status, body, headers=None):
    return web.json_response(body, status=status, headers=headers,
                             dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


class TriggerApi:
    """The trigger API of a CSMS engine (the reference CSMS), served with aiohttp on the running loop.

    The engine provides: store (stations, tokens), send(station_id, action, payload, timeout),
    send_batched(...), items_per_message(station_id, kind), connection(station_id), call_timeout
    and, optionally, trace (to report a CALLERROR's errorDetails).
    """

    def __init__(self, csms, host="127.0.0.1", port=0, new_password="9876543210fedcba"):
        self.csms = csms
        self.host = host
        self.port = port
        self.new_password = new_password
        self._runner = None

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    async def start(self):
        app = web.Application(client_max_size=4 * 2 ** 20)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self):
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # ------------------------------------------------------------------ routing

    async def _dispatch(self, request):
        try:
            return await self._route(request)
        except ApiError as exc:
            return _json_response(exc.status, {"error": exc.message, **exc.extra}, exc.headers)
        except web.HTTPException as exc:   # e.g. a body over the size limit
            return _json_response(exc.status, {"error": exc.reason or exc.text or "bad request"})
        except Exception as exc:  # a bug here: say so rather than drop the connection
            log.exception("trigger API failed on %s %s", request.method, request.path)
            return _json_response(500, {"error": f"internal error in the trigger API: {type(exc).__name__}: {exc}"})

    async def _route(self, request):
        segments = [unquote(s) for s in request.raw_path.split("?", 1)[0].split("/")[1:]]
        if segments and segments[-1] == "":
            segments.pop()          # tolerate a trailing slash
        if segments[:2] != ["api", "octt"] or len(segments) < 3:
            raise ApiError(404, f"unknown path {request.path}: trigger API paths start with /api/octt/ "
                                f"(/api/octt/2.0.1/{{station}}/{{command}}, /api/octt/set-basic-auth-password, "
                                f"/api/octt/create-token)")
        if request.method != "POST":
            raise ApiError(405, f"{request.method} is not allowed: every trigger API endpoint takes POST "
                                f"with a JSON body", headers={"Allow": "POST"})
        rest = segments[2:]
        if len(rest) == 1:
            command = rest[0]
            if command == "set-basic-auth-password":
                return await self.set_basic_auth_password(await self._body(request))
            if command == "create-token":
                return await self.create_token(await self._body(request))
            if command in (OCPP201, OCPP16):
                raise ApiError(404, f"path {request.path} lacks the station and command: "
                                    f"use /api/octt/{command}/{{station}}/{{command}}")
            raise ApiError(404, f"unknown endpoint /api/octt/{command}{_suggest(command, GLOBAL_COMMANDS)}: "
                                f"the global endpoints are {', '.join(GLOBAL_COMMANDS)}")
        version = rest[0]
        if version == OCPP16:
            return await self._route16(request, rest)
        if version != OCPP201:
            raise ApiError(404, f"unsupported OCPP version {version!r} in the path: use 2.0.1 "
                                f"(/api/octt/2.0.1/{{station}}/{{command}})")
        if len(rest) < 3 or not rest[1]:
            raise ApiError(404, f"path {request.path} lacks the command: "
                                f"use /api/octt/2.0.1/{{station}}/{{command}}")
        station_id, command = rest[1], "/".join(rest[2:])
        if rest[2] == "call":
            if len(rest) != 4 or not rest[3]:
                raise ApiError(404, "use /api/octt/2.0.1/{station}/call/{Action}, e.g. .../call/Reset")
            return await self.call(station_id, rest[3], await self._body(request), self._timeout(request))
        handlers = {
            "set-pending-boot": self.set_pending_boot,
            "set-items-per-message": self.set_items_per_message,
            "get-variables": self.get_variables,
            "set-variables": self.set_variables,
            "trigger-message": self.trigger_message,
            "set-security-profile": self.set_security_profile,
            "update-basic-auth-password": self.update_basic_auth_password,
            "firmware-record": self.firmware_record,
            "display-message-record": self.display_message_record,
        }
        if self.csms.faults.forward_only:
            # a trigger API that only forwards (the public suites' dialect): no command in which the
            # CSMS decides, no record of what it stored
            handlers = {k: v for k, v in handlers.items() if not k.endswith("-record")}
        handler = handlers.get(command)
        if handler is None and command in self._engine_commands() and not self.csms.faults.forward_only:
            return await self._engine_command(station_id, command, await self._body(request),
                                              self._timeout(request))
        if handler is None:
            known = list(handlers) + list(self._engine_commands())
            listed = STATION_COMMANDS + tuple(self._engine_commands())
            raise ApiError(404, f"unknown command {command!r}{_suggest(command, known)}: "
                                f"the station commands are {', '.join(listed)}")
        body = await self._body(request)
        if command in ("trigger-message", "update-basic-auth-password"):
            return await handler(station_id, body, self._timeout(request))
        if "timeout" in request.query:
            raise ApiError(400, f"{command} takes no timeout: only call/{{Action}}, trigger-message and "
                                f"update-basic-auth-password wait for one answer; get-variables and "
                                f"set-variables use the CSMS's own deadline for each message")
        return await handler(station_id, body)

    # ------------------------------------------------------------------ OCPP 1.6

    async def _route16(self, request, rest):
        """/api/octt/1.6/{station}/{kebab-action}: the body is the OCPP 1.6 payload of that CALL
        (remote-start-transaction -> RemoteStartTransaction), as the public 1.6 suites use it."""
        if len(rest) != 3 or not rest[1] or not rest[2]:
            raise ApiError(404, f"path {request.path}: use /api/octt/1.6/{{station}}/{{kebab-action}}, "
                                f"e.g. /api/octt/1.6/CP16_1/remote-start-transaction")
        station_id, command = rest[1], rest[2]
        if self.csms.faults.forward_only and (command.endswith("-record")
                                              or command in self._engine_commands("TRIGGER_COMMANDS16")):
            raise ApiError(404, f"unknown command {command!r} (this trigger API only forwards)")
        if command.endswith("-record"):
            # what the CSMS recorded about a 1.6 station (nothing is sent): {name}-record is the
            # engine's {name}_report16(station_id), e.g. configuration-record, transaction-record
            method = command[:-len("-record")].replace("-", "_") + "_report16"
            return await self._record(station_id, await self._body(request), command, method)
        if command in self._engine_commands("TRIGGER_COMMANDS16"):
            # a 1.6 command of the CSMS engine that is no OCPP action name (the CSMS decides the payload)
            return await self._engine_command(station_id, command, await self._body(request),
                                              self._timeout(request), "TRIGGER_COMMANDS16")
        known = schemas.actions(OCPP16)
        action = action_from_kebab(command)
        if command == "call" or action not in known:
            kebabs = sorted(kebab(a) for a in known)
            raise ApiError(404, f"unknown OCPP 1.6 action {command!r}{_suggest(command, kebabs)}: "
                                f"use the kebab-case name of a 1.6 action, e.g. reset, remote-start-transaction")
        payload = await self._body(request)
        problems = [m for _, m in schemas.check(OCPP16, action, payload, True)]
        if problems:
            raise ApiError(400, f"the payload does not match the OCPP 1.6 {action}.req schema: "
                                f"{'; '.join(problems)}", problems=problems)
        self._connected(station_id)
        connection = self.csms.connection(station_id)
        if connection is not None and connection.version != OCPP16:
            raise ApiError(409, f"charging station {station_id!r} is connected with OCPP {connection.version}, "
                                f"not 1.6")
        timeout = self._timeout(request)
        outcome = await self._send(station_id, action, payload, timeout)
        return self._answer(station_id, outcome, timeout)

    # ------------------------------------------------------------------ commands of the CSMS engine

    def _engine_commands(self, attribute="TRIGGER_COMMANDS"):
        """Commands the CSMS engine adds: each class of the engine may map command names to coroutine
        methods in TRIGGER_COMMANDS (e.g. {"send-local-list": "api_send_local_list"}); OCPP 1.6
        commands (/api/octt/1.6/{station}/{command}) are in TRIGGER_COMMANDS16."""
        commands = {}
        for cls in reversed(type(self.csms).__mro__):
            commands.update(vars(cls).get(attribute, {}))
        return commands

    async def _engine_command(self, station_id, command, body, timeout, attribute="TRIGGER_COMMANDS"):
        """Run an engine command: method(station_id, body, timeout) -> (CallOutcome, extra fields).
        It raises ValueError for a body it cannot use (400) and LookupError when the CSMS's state does
        not allow the request (409). The answer is the station's, with the extra fields added."""
        self._connected(station_id)
        method = getattr(self.csms, self._engine_commands(attribute)[command])
        try:
            outcome, extra = await method(station_id, body, timeout)
        except ValueError as exc:
            raise ApiError(400, f"{command}: {exc}") from None
        except KeyError:
            raise                       # a bug, not a refusal: the API answers 500
        except LookupError as exc:
            raise ApiError(409, f"{command}: {str(exc).strip(chr(34) + chr(39))}") from None
        failure = self._outcome_failure(station_id, outcome, timeout)
        if failure:
            raise ApiError(failure.status, failure.message, **{**extra, **failure.extra})
        headers = {"X-Ocpp-Violations": json.dumps(outcome.violations)} if outcome.violations else {}
        answer = outcome.response if outcome.ok else {"callError": self._call_error(outcome)}
        return _json_response(200, {**extra, **answer}, headers)

    # ------------------------------------------------------------------ request parts

    @staticmethod
    async def _body(request):
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ApiError(400, "the request body is not UTF-8 text; send a JSON object") from None
        except ValueError as exc:
            raise ApiError(400, f"the request body is not valid JSON: {exc}") from None
        if not isinstance(body, dict):
            raise ApiError(400, f"the request body must be a JSON object, not {_type_name(body)}")
        return body

    def _timeout(self, request):
        text = request.query.get("timeout")
        if text is None:
            return float(getattr(self.csms, "call_timeout", 10))
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (0 < value <= MAX_TIMEOUT):
            raise ApiError(400, f"timeout={text!r}: give the seconds to wait for the station's answer, "
                                f"a number above 0 and at most {MAX_TIMEOUT:g}")
        return value

    def _station(self, station_id):
        record = self.csms.store.stations.get(station_id)
        if record is None:
            known = sorted(self.csms.store.stations)
            hint = _suggest(station_id, known)
            raise ApiError(404, f"unknown charging station {station_id!r}{hint}; register it first with "
                                f"POST /api/octt/set-basic-auth-password",
                           known_stations=known)
        return record

    def _connected(self, station_id):
        self._station(station_id)
        connection = self.csms.connection(station_id)
        if connection is None or not connection.is_open:
            raise ApiError(409, f"charging station {station_id!r} is not connected to the CSMS")
        return connection

    @staticmethod
    def _reject_unknown_keys(body, allowed, what):
        unknown = [k for k in body if k not in allowed]
        if unknown:
            hints = "".join(_suggest(k, allowed) for k in unknown[:1])
            raise ApiError(400, f"unknown field(s) {', '.join(map(repr, unknown))} in the {what} body{hints}; "
                                f"allowed: {', '.join(allowed)}")

    @staticmethod
    def _check_payload(action, payload):
        problems = [m for _, m in schemas.check(OCPP201, action, payload, True)]
        if problems:
            raise ApiError(400, f"the payload does not match the OCPP 2.0.1 {action}Request schema: "
                                f"{'; '.join(problems)}", problems=problems)

    # ------------------------------------------------------------------ sending CALLs

    async def _send(self, station_id, action, payload, timeout):
        try:
            return await self.csms.send(station_id, action, payload, timeout)
        except LookupError as exc:     # the station went away between the check and the send
            raise ApiError(409, str(exc).strip("'\"")) from None

    def _error_details(self, outcome):
        details = getattr(outcome, "error_details", None)
        if details is not None:
            return details
        trace = getattr(self.csms, "trace", None)
        for entry in reversed(getattr(trace, "entries", [])[-500:]):
            frame = entry.frame
            if frame is not None and frame.type == CALLERROR and frame.unique_id == outcome.unique_id:
                return frame.error_details
        return {}

    def _outcome_failure(self, station_id, outcome, timeout):
        """The ApiError for an outcome with no answer, or None when the station answered."""
        if outcome.timed_out:
            shown = f"{timeout:g} s" if timeout else "the deadline"
            return ApiError(504, f"charging station {station_id!r} did not answer {outcome.action} within {shown}",
                            result="timeout")
        if outcome.closed:
            return ApiError(502, f"the connection to charging station {station_id!r} closed before it "
                                 f"answered {outcome.action}", result="closed")
        return None

    def _call_error(self, outcome):
        return {"errorCode": outcome.error_code, "errorDescription": outcome.error_description,
                "errorDetails": self._error_details(outcome)}

    def _answer(self, station_id, outcome, timeout):
        failure = self._outcome_failure(station_id, outcome, timeout)
        if failure:
            raise failure
        headers = {}
        if outcome.violations:
            headers["X-Ocpp-Violations"] = json.dumps(outcome.violations)
        if outcome.ok:
            return _json_response(200, outcome.response, headers)
        return _json_response(200, {"callError": self._call_error(outcome)}, headers)

    async def call(self, station_id, action, payload, timeout):
        known = schemas.actions(OCPP201)
        if action not in known:
            raise ApiError(400, f"unknown OCPP 2.0.1 action {action!r}{_suggest(action, known)}")
        self._check_payload(action, payload)
        self._connected(station_id)
        outcome = await self._send(station_id, action, payload, timeout)
        return self._answer(station_id, outcome, timeout)

    async def trigger_message(self, station_id, body, timeout):
        if "requestedMessage" not in body:
            raise ApiError(400, "the trigger-message body needs requestedMessage, e.g. "
                                "{\"requestedMessage\": \"StatusNotification\"}")
        self._check_payload("TriggerMessage", body)
        self._connected(station_id)
        outcome = await self._send(station_id, "TriggerMessage", body, timeout)
        return self._answer(station_id, outcome, timeout)

    async def _batched(self, station_id, body, action, items_key, result_key, kind):
        self._reject_unknown_keys(body, (items_key,), action)
        items = body.get(items_key)
        if items is None:
            raise ApiError(400, f"the body needs {items_key}: a list of items for {action}Request")
        if not isinstance(items, list) or not items:
            raise ApiError(400, f"{items_key} must be a non-empty list, not {_type_name(items)}")
        self._check_payload(action, {items_key: items})
        self._connected(station_id)
        limit = self.csms.items_per_message(station_id, kind)
        try:
            results, outcomes = await self.csms.send_batched(station_id, action, items_key, items, limit)
        except LookupError as exc:
            raise ApiError(409, str(exc).strip("'\"")) from None
        answer = {result_key: results, "requests": len(outcomes)}
        errors = [self._call_error(o) for o in outcomes if o.error_code]
        if errors:
            answer["callErrors"] = errors
        for outcome in outcomes:
            failure = self._outcome_failure(station_id, outcome, None)
            if failure:
                raise ApiError(failure.status, failure.message, **failure.extra, **answer)
        return _json_response(200, answer)

    async def get_variables(self, station_id, body):
        return await self._batched(station_id, body, "GetVariables", "getVariableData", "getVariableResult",
                                   "get_variables")

    async def set_variables(self, station_id, body):
        return await self._batched(station_id, body, "SetVariables", "setVariableData", "setVariableResult",
                                   "set_variables")

    async def update_basic_auth_password(self, station_id, body, timeout):
        self._reject_unknown_keys(body, ("password",), "update-basic-auth-password")
        password = body.get("password", self.new_password)
        if not isinstance(password, str) or not password:
            raise ApiError(400, f"password must be a non-empty string, not {_type_name(password)}")
        payload = {"setVariableData": [{"component": {"name": "SecurityCtrlr"},
                                        "variable": {"name": "BasicAuthPassword"},
                                        "attributeValue": password}]}
        self._check_payload("SetVariables", payload)
        record = self._station(station_id)
        self._connected(station_id)
        engine = getattr(self.csms, "update_basic_auth_password", None)
        if engine is not None:
            # The CSMS decides what the station's answer means for the password (reference/security.py).
            try:
                outcome, _ = await engine(station_id, password, timeout)
            except LookupError as exc:
                raise ApiError(409, str(exc).strip("'\"")) from None
        else:
            outcome = await self._send(station_id, "SetVariables", payload, timeout)
        failure = self._outcome_failure(station_id, outcome, timeout)
        if failure:
            raise failure
        if not outcome.ok:
            return _json_response(200, {"callError": self._call_error(outcome), "passwordStored": False})
        results = outcome.response.get("setVariableResult") or []
        statuses = [r.get("attributeStatus") for r in results if isinstance(r, dict)]
        if engine is not None:
            stored = record.password == password
        else:
            stored = statuses == ["Accepted"]
            if stored:
                record.password = password
        return _json_response(200, {"setVariableResult": results, "passwordStored": stored,
                                    # the public suites read the statuses from "result"
                                    "result": [{"status": s} for s in statuses]})

    # ------------------------------------------------------------------ CSMS settings

    async def set_pending_boot(self, station_id, body):
        self._reject_unknown_keys(body, ("pending", "status", "count"), "set-pending-boot")
        pending = body.get("pending", True)
        if not isinstance(pending, bool):
            raise ApiError(400, f"pending must be true or false, not {_type_name(pending)}")
        status = body.get("status", "Pending")
        if status not in PENDING_BOOT_STATUSES:
            raise ApiError(400, f"status {status!r} is not Pending or Rejected"
                                f"{_suggest(status, PENDING_BOOT_STATUSES)}")
        count = body.get("count", 1)
        if not _is_int(count) or not 1 <= count <= 1000:
            raise ApiError(400, f"count must be an integer from 1 to 1000, not {count!r}")
        record = self._station(station_id)
        if self.csms.faults.pending_boot_until_cleared:
            # the public suites' dialect: Pending for every boot until {"pending": false}; no count, no status
            record.next_boot_status = ["Pending"] * 1000 if pending else []
            return _json_response(200, {"ok": True})
        record.next_boot_status = [status] * count if pending else []
        return _json_response(200, {"ok": True, "nextBootStatus": list(record.next_boot_status)})

    async def set_items_per_message(self, station_id, body):
        self._reject_unknown_keys(body, ITEMS_PER_MESSAGE_KEYS, "set-items-per-message")
        for key, value in body.items():
            if not _is_int(value) or value < 0:
                raise ApiError(400, f"{key} must be an integer 0 or above (0 = no limit), not {value!r}")
        record = self._station(station_id)
        # Like the public suites, each call replaces the previous limits.
        record.items_per_message = dict(body)
        return _json_response(200, {"ok": True, "itemsPerMessage": dict(record.items_per_message)})

    # ------------------------------------------------------------------ what the CSMS recorded (L, O)

    async def _record(self, station_id, body, command, method):
        """The CSMS's own view of a station, as an operator reads it in the CSMS (nothing is sent)."""
        self._reject_unknown_keys(body, (), command)
        self._station(station_id)
        report = getattr(self.csms, method, None)
        if report is None:
            raise ApiError(404, f"unknown command {command!r}: this CSMS keeps no such record")
        return _json_response(200, report(station_id))

    async def firmware_record(self, station_id, body):
        return await self._record(station_id, body, "firmware-record", "firmware_report")

    async def display_message_record(self, station_id, body):
        return await self._record(station_id, body, "display-message-record", "display_report")

    async def set_security_profile(self, station_id, body):
        self._reject_unknown_keys(body, ("security_profile",), "set-security-profile")
        profile = body.get("security_profile")
        if profile is None:
            raise ApiError(400, "the body needs security_profile: 1, 2 or 3")
        if not _is_int(profile) or profile not in (1, 2, 3):
            raise ApiError(400, f"security_profile must be the integer 1, 2 or 3, not {profile!r}")
        record = self._station(station_id)
        record.security_profile = profile
        return _json_response(200, {"ok": True, "securityProfile": profile})

    async def set_basic_auth_password(self, body):
        self._reject_unknown_keys(body, ("station_id", "password"), "set-basic-auth-password")
        station_id, password = body.get("station_id"), body.get("password")
        if not isinstance(station_id, str) or not station_id.strip():
            raise ApiError(400, "the body needs station_id, a non-empty string")
        if "/" in station_id:
            raise ApiError(400, "station_id cannot contain '/': it is the last segment of the station's URL")
        if not isinstance(password, str):
            raise ApiError(400, f"the body needs password, a string (got {_type_name(password)})")
        existing = self.csms.store.stations.get(station_id)
        profile = existing.security_profile if existing else 1
        self.csms.store.add_station(station_id, password, profile)
        return _json_response(200, {"ok": True, "created": existing is None})

    async def create_token(self, body):
        allowed = ("token_id", "idToken", "status", "type", "group_id", "cache_expiry")
        self._reject_unknown_keys(body, allowed, "create-token")
        if "token_id" in body and "idToken" in body and body["token_id"] != body["idToken"]:
            raise ApiError(400, "give token_id or idToken, not two different values")
        id_token = body.get("token_id", body.get("idToken"))
        if not isinstance(id_token, str) or not id_token:
            raise ApiError(400, "the body needs token_id (or idToken), a non-empty string")
        if len(id_token) > 36:
            raise ApiError(400, f"token_id is {len(id_token)} characters; OCPP 2.0.1 allows at most 36")
        status = body.get("status")
        if status is None:
            raise ApiError(400, f"the body needs status, one of {', '.join(AUTHORIZATION_STATUSES)}")
        if status not in AUTHORIZATION_STATUSES:
            raise ApiError(400, f"status {status!r} is not an AuthorizationStatusEnumType value"
                                f"{_suggest(status, AUTHORIZATION_STATUSES)}; allowed: "
                                f"{', '.join(AUTHORIZATION_STATUSES)}")
        type_ = body.get("type", "ISO14443")
        if type_ not in ID_TOKEN_TYPES:
            raise ApiError(400, f"type {type_!r} is not an IdTokenEnumType value{_suggest(type_, ID_TOKEN_TYPES)}; "
                                f"allowed: {', '.join(ID_TOKEN_TYPES)}")
        group_id = body.get("group_id")
        if group_id is not None and (not isinstance(group_id, str) or not group_id or len(group_id) > 36):
            raise ApiError(400, "group_id must be a string of 1 to 36 characters")
        cache_expiry = body.get("cache_expiry")
        if cache_expiry is not None:
            if not isinstance(cache_expiry, str):
                raise ApiError(400, f"cache_expiry must be an RFC 3339 date-time string, not {_type_name(cache_expiry)}")
            try:
                parsed = datetime.fromisoformat(cache_expiry.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is None or parsed.tzinfo is None:
                raise ApiError(400, f"cache_expiry {cache_expiry!r} is not an RFC 3339 date-time with a "
                                    f"time zone, e.g. 2030-01-01T00:00:00Z")
        self.csms.store.add_token(id_token, type_, status, group_id, cache_expiry)
        return _json_response(200, {"ok": True, "idToken": id_token, "type": type_, "status": status})
