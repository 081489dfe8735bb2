"""The CSMS adapter for CitrineOS (1.8.x): OCTT's manual actions through CitrineOS's own REST API.

CitrineOS sends an OCPP request when asked with
    POST {base}/ocpp/{1.6|2.0.1}/{module}/{action}?identifier=STATION&tenantId=T&callbackUrl=URL
and a JSON body that is the request payload, as the caller wrote it. Its HTTP answer only says
whether the message went out (a list of {"success": bool, "payload": ...}, one per message sent);
the station's answer is POSTed later to callbackUrl: the CALLRESULT payload, or, for a CALLERROR,
CitrineOS's error object ({"name": "OcppError", "_errorCode": ..., "_errorDetails": ...}). This
adapter runs a small HTTP receiver on the loopback interface for those callbacks and answers each
request as the trigger API does (TriggerResponse: 200 with the station's answer, {"callError": ...}
for a CALLERROR, 504 {"result": "timeout"} when no answer came, CitrineOS's own status and body when
it refused).

Data routes used: POST /data/configuration/password (a station's Basic auth password, stored only:
setOnCharger true) and PUT /data/configuration/boot (the status of the station's next boot).
CitrineOS 1.8 has no REST route for charging stations or idTokens (authorizations); prepare() says
what to create by hand.

The route tables below were read from the CitrineOS 1.8.3 sources (the @AsMessageEndpoint methods of
each module's MessageApi, prefixed with the module's endpointPrefix) and checked against the route
list of a running 1.8.3 server.
"""
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import requests

from .adapter import ActionUnsupported, CsmsAdapter
from .trigger_client import TriggerError, TriggerResponse

# OCPP 2.0.1 action -> CitrineOS module (the route is /ocpp/2.0.1/{module}/{lowerCamelAction}).
ROUTES_201 = {
    # Certificates
    "CertificateSigned": "certificates",
    "DeleteCertificate": "certificates",
    "GetInstalledCertificateIds": "certificates",
    "InstallCertificate": "certificates",
    # Configuration (provisioning, availability, firmware, display messages, data transfer)
    "ChangeAvailability": "configuration",
    "ClearDisplayMessage": "configuration",
    "DataTransfer": "configuration",
    "GetDisplayMessages": "configuration",
    "PublishFirmware": "configuration",
    "Reset": "configuration",
    "SetDisplayMessage": "configuration",
    "SetNetworkProfile": "configuration",
    "TriggerMessage": "configuration",
    "UnpublishFirmware": "configuration",
    "UpdateFirmware": "configuration",
    # EVDriver (authorization, remote control, reservations, local list)
    "CancelReservation": "evdriver",
    "ClearCache": "evdriver",
    "GetLocalListVersion": "evdriver",
    "RequestStartTransaction": "evdriver",
    "RequestStopTransaction": "evdriver",
    "ReserveNow": "evdriver",
    "SendLocalList": "evdriver",
    "UnlockConnector": "evdriver",
    # Monitoring (device model variables and monitors)
    "ClearVariableMonitoring": "monitoring",
    "GetVariables": "monitoring",
    "SetMonitoringBase": "monitoring",
    "SetMonitoringLevel": "monitoring",
    "SetVariableMonitoring": "monitoring",
    "SetVariables": "monitoring",
    # Reporting
    "CustomerInformation": "reporting",
    "GetBaseReport": "reporting",
    "GetLog": "reporting",
    "GetMonitoringReport": "reporting",
    "GetReport": "reporting",
    # SmartCharging (ClearedChargingLimit is a station's message, but CitrineOS has a route for it)
    "ClearChargingProfile": "smartcharging",
    "ClearedChargingLimit": "smartcharging",
    "GetChargingProfiles": "smartcharging",
    "GetCompositeSchedule": "smartcharging",
    "SetChargingProfile": "smartcharging",
    # Transactions
    "CostUpdated": "transactions",
    "GetTransactionStatus": "transactions",
}

# OCPP 1.6 action -> CitrineOS module (the route is /ocpp/1.6/{module}/{lowerCamelAction}).
ROUTES_16 = {
    "ChangeAvailability": "configuration",
    "ChangeConfiguration": "configuration",
    "DataTransfer": "configuration",
    "GetConfiguration": "configuration",
    "Reset": "configuration",
    "TriggerMessage": "configuration",
    "UpdateFirmware": "configuration",
    "ClearCache": "evdriver",
    "RemoteStartTransaction": "evdriver",
    "RemoteStopTransaction": "evdriver",
    "UnlockConnector": "evdriver",
    "GetDiagnostics": "reporting",
    "ClearChargingProfile": "smartcharging",
    "GetCompositeSchedule": "smartcharging",
    "SetChargingProfile": "smartcharging",
}

# Routes that exist in CitrineOS 1.8.3 but cannot deliver the request (seen on a running 1.8.3 server
# and in its sources), so the scenario is reported "not run" instead of failing on CitrineOS's bug.
BROKEN_201 = {
    "GetReport": "CitrineOS 1.8's getReport route does not send GetReport (HTTP 500: without componentVariable "
                 "its handler fails, with componentVariable its answer breaks its own schema and nothing reaches "
                 "the station)",
    "GetMonitoringReport": "CitrineOS 1.8's getMonitoringReport route does not send GetMonitoringReport (HTTP 500, "
                           "as its getReport route)",
    "SetNetworkProfile": "CitrineOS 1.8's setNetworkProfile route does not send SetNetworkProfile (HTTP 500: its "
                         "handler takes the tenant id for its extra query parameters)",
}

TOKEN_KINDS = (("valid", "Accepted", "group"), ("valid_2", "Accepted", "group"), ("group", "Accepted", "group"),
               ("invalid", "Invalid", None), ("blocked", "Blocked", None), ("expired", "Expired", None),
               ("masterpass", "Accepted", "masterpass"))


def camel_from_kebab(name):
    """remote-start-transaction -> RemoteStartTransaction (a CamelCase name stays as it is)."""
    name = str(name)
    if "-" not in name:
        return name[:1].upper() + name[1:]
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def route_path(version, module, action):
    return f"/ocpp/{version}/{module}/{action[:1].lower()}{action[1:]}"


def _call_error(answer):
    """CitrineOS's report of a station's CALLERROR as the suite's {"errorCode", ...}, or None."""
    if isinstance(answer, list) and len(answer) >= 4 and answer[0] == 4:     # a raw [4, id, code, text, details]
        return {"errorCode": answer[2], "errorDescription": answer[3],
                "errorDetails": answer[4] if len(answer) > 4 else {}}
    if not isinstance(answer, dict):
        return None
    if "_errorCode" in answer or answer.get("name") == "OcppError":
        return {"errorCode": answer.get("_errorCode") or answer.get("errorCode") or "GenericError",
                "errorDescription": answer.get("message") or answer.get("errorDescription") or "",
                "errorDetails": answer.get("_errorDetails") or answer.get("errorDetails") or {}}
    if "errorCode" in answer and "errorDescription" in answer and len(answer) <= 4:
        return {"errorCode": answer["errorCode"], "errorDescription": answer["errorDescription"],
                "errorDetails": answer.get("errorDetails") or {}}
    return None


def merge_answers(answers):
    """The station's answers to the messages of one request as one body: a single answer as it is;
    several (CitrineOS split the request) with their lists joined; a CALLERROR as {"callError": ...}."""
    errors = [e for e in (_call_error(a) for a in answers) if e is not None]
    if errors:
        body = {"callError": errors[0]}
        if len(answers) > 1:
            body["answers"] = answers
        return body
    if len(answers) == 1:
        return answers[0] if isinstance(answers[0], dict) else {"answer": answers[0]}
    merged = {}
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        for key, value in answer.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            else:
                merged.setdefault(key, value)
    return merged


class _Waiter:
    """The callbacks of one request."""

    def __init__(self):
        self.answers = []
        self.condition = threading.Condition()

    def add(self, answer):
        with self.condition:
            self.answers.append(answer)
            self.condition.notify_all()

    def wait(self, count, timeout):
        """The answers once `count` have come, or those that came before the deadline."""
        deadline = time.monotonic() + max(0.0, timeout)
        with self.condition:
            while len(self.answers) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.condition.wait(remaining)
            return list(self.answers)


class CallbackReceiver:
    """A tiny HTTP server on the loopback interface collecting CitrineOS's callbacks, one path per request."""

    def __init__(self, host="127.0.0.1", port=0, advertised_host=None):
        self.host = host
        self.port = port
        self.advertised_host = advertised_host or host
        self._waiters = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self._stopping = threading.Event()

    @property
    def running(self):
        return self._server is not None

    def start(self):
        with self._lock:
            if self._server is not None:
                return self
            receiver = self

            class Handler(BaseHTTPRequestHandler):
                def do_POST(self):
                    length = int(self.headers.get("Content-Length") or 0)
                    raw = self.rfile.read(length) if length else b""
                    try:
                        answer = json.loads(raw.decode("utf-8")) if raw else {}
                    except ValueError:
                        answer = {"unparsed": raw.decode("utf-8", "replace")}
                    waiter = receiver._waiters.get(self.path.rstrip("/").rsplit("/", 1)[-1])
                    self.send_response(200 if waiter is not None else 404)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                    if waiter is not None:
                        waiter.add(answer)

                def log_message(self, *args):
                    pass

            server = ThreadingHTTPServer((self.host, self.port), Handler)
            server.daemon_threads = True
            server.timeout = None           # handle_request waits for the next connection, however long
            self._server = server
            self.port = server.server_address[1]
            self._stopping = threading.Event()
            self._thread = threading.Thread(target=self._serve, args=(server, self._stopping),
                                            name="citrineos-callbacks", daemon=True)
            self._thread.start()
        return self

    @staticmethod
    def _serve(server, stopping):
        while not stopping.is_set():
            server.handle_request()

    def stop(self):
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        self._stopping.set()
        try:    # a connection wakes the serving thread, which then sees it must stop
            host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
            socket.create_connection((host, self.port), timeout=2).close()
        except OSError:
            pass
        thread.join(5)
        server.server_close()

    def expect(self):
        """(key, url, waiter) of a new request's callback."""
        self.start()
        key = secrets.token_hex(8)
        waiter = _Waiter()
        self._waiters[key] = waiter
        return key, f"http://{self.advertised_host}:{self.port}/callback/{key}", waiter

    def forget(self, key):
        self._waiters.pop(key, None)


class CitrineOsAdapter(CsmsAdapter):
    """Makes CitrineOS act through its REST API (message routes with a callback, configuration data routes)."""
    # CitrineOS 1.8 binds a station's message queue some 10-50 ms after the handshake and drops a request
    # sent before (while its REST answer says it was sent); and it holds a station's incoming-CALL lock
    # for maxCallLengthSeconds (30 s) after a CALL it did not answer, across connections.
    settle_after_connect = 0.5
    call_lock_seconds = 30
    name = "CitrineOS"
    decides = set()      # CitrineOS forwards the payloads the caller builds; it decides nothing itself

    def __init__(self, base_url="http://127.0.0.1:8080", tenant_id=1, timeout=30, new_password="9876543210fedcba",
                 callback_host="127.0.0.1", callback_advertised_host=None):
        if not base_url:
            raise ValueError("the CitrineOS adapter needs CitrineOS's REST base URL, e.g. http://127.0.0.1:8080")
        self.base_url = base_url.rstrip("/")
        self.tenant_id = int(tenant_id)
        self.timeout = float(timeout)
        self.new_password = new_password
        self.session = requests.Session()
        if callback_advertised_host and callback_advertised_host not in ("127.0.0.1", "localhost", "::1"):
            callback_host = "0.0.0.0"      # CitrineOS runs elsewhere (a container): listen where it can reach
        self.receiver = CallbackReceiver(callback_host, advertised_host=callback_advertised_host)
        self._boot_changed = set()      # stations whose next boot this adapter made Pending/Rejected

    @classmethod
    def from_config(cls, config):
        values = config.values
        extra = getattr(config, "extra", {}) or {}
        return cls(values.get("csms_adapter_url") or "http://127.0.0.1:8080",
                   values.get("citrineos_tenant_id") or 1,
                   timeout=float(values.get("action_timeout") or 30),
                   new_password=values.get("new_password") or "9876543210fedcba",
                   callback_advertised_host=extra.get("citrineos_callback_host") or None)

    def describe(self):
        return f"CitrineOS at {self.base_url} (tenant {self.tenant_id}, REST adapter)"

    def close(self):
        for station in sorted(self._boot_changed):
            try:
                self._put_boot(station, {"status": "Accepted"})
            except TriggerError:
                pass
        self._boot_changed.clear()
        self.receiver.stop()
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ what it cannot do

    def unsupported(self, method, *args, **kwargs):
        reason = super().unsupported(method, *args, **kwargs)
        if reason:
            return reason
        if method == "call":
            action = args[1] if len(args) > 1 else kwargs.get("action")
            payload = args[2] if len(args) > 2 else kwargs.get("payload")
            return self._call_unsupported(action, payload)
        if method == "call16":
            action = camel_from_kebab(args[1] if len(args) > 1 else kwargs.get("kebab_action"))
            if action not in ROUTES_16:
                return f"CitrineOS has no route for {action} (OCPP 1.6)"
            return None
        if method == "create_token":
            return self._token_reason(*args, **kwargs)
        if method == "set_pending_boot":
            return self._boot_reason(*args[1:], **kwargs)
        return None

    @staticmethod
    def _call_unsupported(action, payload=None):
        if action not in ROUTES_201:
            return f"CitrineOS has no route for {action}"
        return BROKEN_201.get(action)

    def _token_reason(self, id_token=None, status=None, type_=None, group_id=None, cache_expiry=None, **_):
        what = f"idToken {id_token}" if id_token else "an idToken"
        details = ", ".join(filter(None, [f"type {type_}" if type_ else "", f"status {status}" if status else "",
                                          f"groupIdToken {group_id}" if group_id else "",
                                          f"cacheExpiryDateTime {cache_expiry}" if cache_expiry else ""]))
        return (f"CitrineOS has no REST route to create {what}" + (f" ({details})" if details else "")
                + f": create it by hand as an Authorization of tenant {self.tenant_id} (Operator UI, the Hasura "
                  f"GraphQL API or SQL; see docs/targets/citrineos.md)")

    @staticmethod
    def _boot_reason(pending=True, status="Pending", count=1, **_):
        if pending and status == "Pending" and int(count or 1) > 1:
            return (f"CitrineOS answers Pending until its own boot configuration ends; it cannot be told to "
                    f"answer {count} boots in a row with Pending")
        return None

    # ------------------------------------------------------------------ plumbing

    def _http(self, method, path, params=None, body=None, timeout=None):
        url = self.base_url + path
        try:
            response = self.session.request(method, url, params=params,
                                            data=None if body is None else json.dumps(body),
                                            headers={"Content-Type": "application/json"},
                                            timeout=timeout or max(self.timeout, 5.0))
        except requests.Timeout:
            raise TriggerError(f"CitrineOS at {self.base_url} did not answer {method} {path} in time") from None
        except requests.RequestException as exc:
            raise TriggerError(f"CitrineOS at {self.base_url} did not answer: {exc}") from None
        try:
            decoded = response.json() if response.content else None
        except ValueError:
            decoded = response.text
        return response, decoded

    @staticmethod
    def _refusal(status, body, what):
        """CitrineOS's own error answer, with an "error" string saying what it refused."""
        result = dict(body) if isinstance(body, dict) else {"answer": body}
        message = result.get("message") or result.get("error") or result.get("payload") or body
        result["error"] = f"CitrineOS refused to {what} (HTTP {status}): {message}"
        return result

    def _send(self, version, action, payload, station, answer_timeout=None, *, with_count=False):
        routes = ROUTES_201 if version == "2.0.1" else ROUTES_16
        module = routes.get(action)
        if module is None:
            suffix = "" if version == "2.0.1" else " (OCPP 1.6)"
            raise ActionUnsupported(f"CitrineOS has no route for {action}{suffix}")
        path = route_path(version, module, action)
        wait = self.timeout if answer_timeout is None else float(answer_timeout)
        key, callback_url, waiter = self.receiver.expect()
        params = {"identifier": str(station), "tenantId": str(self.tenant_id), "callbackUrl": callback_url}
        shown = f"{self.base_url}{path}?identifier={quote(str(station), safe='')}&tenantId={self.tenant_id}"
        try:
            response, decoded = self._http("POST", path, params, payload or {})
            if not 200 <= response.status_code < 300:
                return TriggerResponse(response.status_code,
                                       self._refusal(response.status_code, decoded, f"send {action}"), "POST", shown)
            confirmations = decoded if isinstance(decoded, list) else [decoded]
            expected = self._messages_sent(confirmations)
            if expected == 0:
                reasons = [c.get("payload") for c in confirmations if isinstance(c, dict)]
                # CitrineOS's REST layer refused to send (its own checks, or it lost the station): not an
                # OCPP answer of the CSMS, so a scenario that needed the message is not run (500, never 409)
                return TriggerResponse(500, {"result": "not sent", "error": f"CitrineOS did not send {action} to {station}: "
                                                      + "; ".join(str(r) for r in reasons if r is not None),
                                             "confirmations": decoded}, "POST", shown)
            answers = waiter.wait(expected, wait)
        finally:
            self.receiver.forget(key)
        if len(answers) < expected:
            body = {"result": "timeout",
                    "error": f"CitrineOS sent {action} to {station} but reported no answer of the station "
                             f"within {wait:g} s ({len(answers)} of {expected} answers)"}
            if answers:
                body["answers"] = answers
            return TriggerResponse(504, body, "POST", shown)
        body = merge_answers(answers)
        if with_count and "callError" not in body:
            body["requests"] = len(answers)
        return TriggerResponse(200, body, "POST", shown)

    @staticmethod
    def _messages_sent(confirmations):
        """How many messages CitrineOS says it sent (each one brings a callback)."""
        sent = 0
        for confirmation in confirmations:
            if not isinstance(confirmation, dict) or not confirmation.get("success"):
                continue
            batches = confirmation.get("payload")
            if isinstance(batches, list) and batches and all(isinstance(b, dict) and "success" in b for b in batches):
                sent += sum(1 for b in batches if b.get("success"))
            else:
                sent += 1
        return sent

    # ------------------------------------------------------------------ CALLs through CitrineOS

    def call(self, station, action, payload=None, answer_timeout=None):
        reason = self._call_unsupported(action, payload)
        if reason:
            raise ActionUnsupported(reason)
        return self._send("2.0.1", action, payload, station, answer_timeout)

    def call16(self, station, kebab_action, payload=None, answer_timeout=None):
        return self._send("1.6", camel_from_kebab(kebab_action), payload, station, answer_timeout)

    def trigger_message(self, station, requested_message, evse=None, answer_timeout=None):
        body = {"requestedMessage": requested_message}
        if evse is not None:
            body["evse"] = evse
        return self._send("2.0.1", "TriggerMessage", body, station, answer_timeout)

    def get_variables(self, station, data):
        return self._send("2.0.1", "GetVariables", {"getVariableData": data}, station, with_count=True)

    def set_variables(self, station, data):
        return self._send("2.0.1", "SetVariables", {"setVariableData": data}, station, with_count=True)

    def update_basic_auth_password(self, station, password=None, answer_timeout=None):
        """SetVariables SecurityCtrlr.BasicAuthPassword; on Accepted (or RebootRequired) the password is
        stored in CitrineOS, so the station's next connection must use it."""
        password = self.new_password if password is None else password
        data = [{"component": {"name": "SecurityCtrlr"}, "variable": {"name": "BasicAuthPassword"},
                 "attributeType": "Actual", "attributeValue": password}]
        response = self._send("2.0.1", "SetVariables", {"setVariableData": data}, station, answer_timeout)
        body = dict(response.body) if isinstance(response.body, dict) else {"answer": response.body}
        results = body.get("setVariableResult") or []
        accepted = response.status_code == 200 and response.call_error is None and bool(results) and all(
            r.get("attributeStatus") in ("Accepted", "RebootRequired") for r in results if isinstance(r, dict))
        body["passwordStored"] = False
        if results:
            body["result"] = [{"status": r.get("attributeStatus")} for r in results if isinstance(r, dict)]
        if accepted:
            stored = self.set_basic_auth_password(station, password)
            if not stored.ok:
                body["error"] = f"the station accepted the password but CitrineOS did not store it: {stored.describe()}"
                return TriggerResponse(stored.status_code, body, response.method, response.url)
            body["passwordStored"] = True
        return TriggerResponse(response.status_code, body, response.method, response.url)

    # ------------------------------------------------------------------ CitrineOS settings

    def set_basic_auth_password(self, station, password):
        """Store a station's Basic auth password in CitrineOS (nothing is sent to the station)."""
        path = "/data/configuration/password"
        response, decoded = self._http("POST", path, {"tenantId": str(self.tenant_id)},
                                       {"stationId": str(station), "password": password, "setOnCharger": True})
        url = f"{self.base_url}{path}?tenantId={self.tenant_id}"
        if not 200 <= response.status_code < 300:
            return TriggerResponse(response.status_code,
                                   self._refusal(response.status_code, decoded, f"store the password of {station}"),
                                   "POST", url)
        if isinstance(decoded, dict) and decoded.get("success") is False:
            return TriggerResponse(400, self._refusal(400, decoded, f"store the password of {station}"), "POST", url)
        return TriggerResponse(200, {"ok": True, "stationId": str(station), "citrineos": decoded}, "POST", url)

    def _put_boot(self, station, boot):
        path = "/data/configuration/boot"
        response, decoded = self._http("PUT", path, {"stationId": str(station), "tenantId": str(self.tenant_id)}, boot)
        url = f"{self.base_url}{path}?stationId={quote(str(station), safe='')}&tenantId={self.tenant_id}"
        return response, decoded, url

    def set_pending_boot(self, station, pending=True, status="Pending", count=1):
        """Make the station's next boot Pending or Rejected (pending=False: Accepted again). CitrineOS keeps
        this per station: Pending turns into Accepted once CitrineOS has read the station's base report
        (autoAccept); Rejected stays until this is called with pending=False (or the adapter closes)."""
        if status not in ("Pending", "Rejected"):
            return TriggerResponse(400, {"error": f"status {status!r} is not Pending or Rejected"}, "PUT",
                                   f"{self.base_url}/data/configuration/boot")
        reason = self._boot_reason(pending, status, count)
        if reason:
            raise ActionUnsupported(reason)
        if not pending:
            boot = {"status": "Accepted"}
        elif status == "Pending":
            # without getBaseReportOnPending CitrineOS's autoAccept turns a Pending boot into Accepted
            boot = {"status": "Pending", "getBaseReportOnPending": True}
        else:
            boot = {"status": "Rejected"}
        response, decoded, url = self._put_boot(station, boot)
        if not 200 <= response.status_code < 300:
            return TriggerResponse(response.status_code,
                                   self._refusal(response.status_code, decoded, f"set the boot status of {station}"),
                                   "PUT", url)
        if pending:
            self._boot_changed.add(str(station))
        else:
            self._boot_changed.discard(str(station))
        return TriggerResponse(200, {"ok": True, "nextBootStatus": [status] * int(count) if pending else [],
                                     "citrineos": decoded}, "PUT", url)

    def create_token(self, id_token, status, type_=None, group_id=None, cache_expiry=None):
        raise ActionUnsupported(self._token_reason(id_token, status, type_, group_id, cache_expiry))

    # ------------------------------------------------------------------ before the first scenario

    def prepare(self, config):
        notes = []
        values = config.values
        password = values.get("password")
        stations = []
        keys = ["station_id", "station_id_16"]
        if values.get("csms_tls_url"):     # the security profile 2 and 3 stations only with a wss:// address
            keys += ["sp2_station_id", "sp3_station_id", "station_id_16_sp2", "station_id_16_sp3"]
        for key in keys:
            station = values.get(key)
            if station and station not in stations:
                stations.append(station)
        stored, failed = [], []
        for station in stations:
            try:
                response = self.set_basic_auth_password(station, password)
            except TriggerError as exc:
                failed.append(f"{station}: {exc}")
                continue
            (stored if response.ok else failed).append(station if response.ok else
                                                        f"{station}: {response.describe()}")
            try:
                self._put_boot(station, {"status": "Accepted"})    # a Pending/Rejected left over by an earlier run
            except TriggerError:
                pass
        if stored:
            notes.append(f"CitrineOS: stored the Basic auth password of {', '.join(stored)} and set their next "
                         f"boot to Accepted (tenant {self.tenant_id})")
        for problem in failed:
            notes.append(f"CitrineOS: could not store a station's password: {problem}")
        notes.append(f"CitrineOS has no REST route for charging stations: on a websocket server with "
                     f"allowUnknownChargingStations false (the security profile 1 ports) create the stations "
                     f"{', '.join(stations)} by hand in tenant {self.tenant_id}")
        tokens = []
        for kind, status, group in TOKEN_KINDS:
            try:
                id_token, type_ = config.token(kind)
            except KeyError:
                continue
            group_id = {"group": values.get("group_id"), "masterpass": values.get("masterpass_group_id")}.get(group)
            tokens.append(f"{id_token} ({type_}, {status}" + (f", group {group_id})" if group_id else ")"))
        if tokens:
            notes.append("CitrineOS has no REST route for idTokens: create these Authorizations by hand "
                         f"(tenant {self.tenant_id}; a group is an Authorization of its own that the tokens point "
                         "to with groupAuthorizationId): " + "; ".join(tokens))
        return notes
