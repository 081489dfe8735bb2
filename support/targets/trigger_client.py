"""A synchronous client of a CSMS's trigger API (docs/trigger-api.md), for behave step threads.

Each method posts one request and returns a TriggerResponse whatever its HTTP status: a step
decides what a 4xx or 5xx means for its scenario. Only a trigger API that does not answer at all
raises, with TriggerError (an AssertionError, so behave reports a failed step).
"""
import json
from dataclasses import dataclass, field
from urllib.parse import quote

import requests

from .adapter import CsmsAdapter


class TriggerError(AssertionError):
    """The trigger API could not be reached or did not answer in time."""


@dataclass
class TriggerResponse:
    status_code: int
    body: object                 # the decoded JSON answer, or the raw text when it is not JSON
    method: str = "POST"
    url: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def ok(self):
        """A 2xx answer that is not a CALLERROR from the station, nor a timeout reported with 200
        (the public suites' dialect: HTTP 200 {"result": "timeout"})."""
        return 200 <= self.status_code < 300 and self.call_error is None and not self.timed_out

    @property
    def call_error(self):
        """The station's CALLERROR ({"errorCode", "errorDescription", "errorDetails"}), or None. Some
        trigger APIs flatten it to {"response": "None"} or {"status": "None"} (the code is then only
        in the message trace)."""
        if isinstance(self.body, dict) and isinstance(self.body.get("callError"), dict):
            return self.body["callError"]
        if self.body in ({"response": "None"}, {"status": "None"}):
            return {"errorCode": "(not reported by the trigger API)", "errorDescription": "", "errorDetails": {}}
        return None

    @property
    def error(self):
        """The API's error message of a refused request, or None."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), str):
            return self.body["error"]
        return None

    @property
    def timed_out(self):
        if self.status_code == 504:
            return True
        return isinstance(self.body, dict) and self.body.get("result") in ("timeout", "closed") \
            and not any(k for k in self.body if k not in ("result", "error", "message"))

    @property
    def violations(self):
        """Schema problems the CSMS found in the station's answer (header X-Ocpp-Violations)."""
        text = self.headers.get("X-Ocpp-Violations")
        if not text:
            return []
        try:
            return json.loads(text)
        except ValueError:
            return [text]

    def describe(self):
        body = self.body if isinstance(self.body, str) else json.dumps(self.body, ensure_ascii=False)
        if len(body) > 2000:
            body = body[:2000] + "...(truncated)"
        return f"{self.method} {self.url} -> HTTP {self.status_code}: {body}"


def camel_aliases(body):
    """The body with a camelCase alias beside every snake_case key, and without null values (some
    trigger APIs answer `version_number`, `messages_in_queue`, `status_info: null` where OCPP spells
    versionNumber, messagesInQueue and leaves an absent field out)."""
    from ocpp.charge_point import snake_to_camel_case
    if isinstance(body, list):
        return [camel_aliases(item) for item in body]
    if not isinstance(body, dict):
        return body
    result = {}
    for key, value in body.items():
        if value is None:
            continue
        value = camel_aliases(value)
        result[key] = value
        if isinstance(key, str) and "_" in key.strip("_"):
            result.setdefault(next(iter(snake_to_camel_case({key: 0}))), value)
    return result


class TriggerClient(CsmsAdapter):
    """The trigger API (docs/trigger-api.md) as the adapter that makes the CSMS act."""
    name = "the trigger API"

    def __init__(self, base_url, timeout=30):
        if not base_url:
            raise ValueError("the trigger API needs a base URL, e.g. http://127.0.0.1:8081")
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.session = requests.Session()

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ plumbing

    def request(self, method, path, body=None, data=None, params=None, answer_timeout=None):
        """Send one request to base_url + path; body is sent as JSON, data as raw bytes/text."""
        url = self.base_url + path
        http_timeout = self.timeout
        if answer_timeout is not None:
            params = dict(params or {}, timeout=f"{answer_timeout:g}")
            http_timeout = max(http_timeout, answer_timeout + 5)
        headers = {"Content-Type": "application/json"}
        if body is not None:
            data = json.dumps(body)
        try:
            response = self.session.request(method, url, data=data, params=params, headers=headers,
                                            timeout=http_timeout)
        except requests.Timeout:
            raise TriggerError(f"the trigger API at {self.base_url} did not answer {method} {path} "
                               f"within {http_timeout:g} s") from None
        except requests.RequestException as exc:
            raise TriggerError(f"the trigger API at {self.base_url} did not answer: {exc}") from None
        try:
            decoded = camel_aliases(response.json())
        except ValueError:
            decoded = response.text
        return TriggerResponse(response.status_code, decoded, method, response.url, dict(response.headers))

    def post(self, path, body=None, answer_timeout=None):
        return self.request("POST", path, body if body is not None else {}, answer_timeout=answer_timeout)

    @staticmethod
    def _station_path(station, command):
        return f"/api/octt/2.0.1/{quote(str(station), safe='')}/{command}"

    # ------------------------------------------------------------------ CALLs through the CSMS

    def call(self, station, action, payload=None, answer_timeout=None):
        """Make the CSMS send `action` with `payload` (camelCase); the body is the station's answer."""
        return self.post(self._station_path(station, f"call/{quote(action, safe='')}"), payload or {},
                         answer_timeout)

    def call16(self, station, kebab_action, payload=None, answer_timeout=None):
        """OCPP 1.6: make the CSMS send a CALL (POST /api/octt/1.6/{station}/{kebab-action}, e.g.
        remote-start-transaction); the body is the 1.6 payload, the answer the station's."""
        return self.post(f"/api/octt/1.6/{quote(str(station), safe='')}/{kebab_action}", payload or {},
                         answer_timeout)

    def trigger_message(self, station, requested_message, evse=None, answer_timeout=None):
        """trigger-message; with an EVSE, call/TriggerMessage (some trigger APIs drop `evse` from
        trigger-message, and call/TriggerMessage sends the payload as it is)."""
        body = {"requestedMessage": requested_message}
        if evse is not None:
            body["evse"] = evse
            return self.call(station, "TriggerMessage", body, answer_timeout)
        return self.post(self._station_path(station, "trigger-message"), body, answer_timeout)

    def get_variables(self, station, data):
        """GetVariables in as many messages as the station's ItemsPerMessage needs."""
        return self.post(self._station_path(station, "get-variables"), {"getVariableData": data})

    def set_variables(self, station, data):
        return self.post(self._station_path(station, "set-variables"), {"setVariableData": data})

    def update_basic_auth_password(self, station, password=None, answer_timeout=None):
        body = {} if password is None else {"password": password}
        return self.post(self._station_path(station, "update-basic-auth-password"), body, answer_timeout)

    def station_record(self, station, record):
        """What the CSMS recorded about a station: firmware-record or display-message-record."""
        return self.post(self._station_path(station, record))

    # ------------------------------------------------------------------ CSMS settings

    def set_pending_boot(self, station, pending=True, status="Pending", count=1):
        body = {"pending": pending}
        if pending:
            body.update(status=status, count=count)
        return self.post(self._station_path(station, "set-pending-boot"), body)

    def set_items_per_message(self, station, **limits):
        """limits: get_variables, set_variables, get_report (0 = no limit)."""
        return self.post(self._station_path(station, "set-items-per-message"), limits)

    def set_security_profile(self, station, profile):
        return self.post(self._station_path(station, "set-security-profile"), {"security_profile": profile})

    def set_basic_auth_password(self, station, password):
        return self.post("/api/octt/set-basic-auth-password", {"station_id": station, "password": password})

    def create_token(self, id_token, status, type_=None, group_id=None, cache_expiry=None):
        body = {"token_id": id_token, "status": status}
        if type_ is not None:
            body["type"] = type_
        if group_id is not None:
            body["group_id"] = group_id
        if cache_expiry is not None:
            body["cache_expiry"] = cache_expiry
        return self.post("/api/octt/create-token", body)
