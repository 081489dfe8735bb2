"""The CitrineOS adapter (support/targets/citrineos.py) against a fake of CitrineOS's REST routes.

The fake listens on a free loopback port, records every request, answers a message route as CitrineOS
1.8 does ([{"success": true}]) and then POSTs the station's answer to the request's callbackUrl. Its
switches: `mode` = "answer" (default), "silent" (no callback), "refuse" (HTTP 400 as Fastify answers a
body that breaks the route's schema), "callerror" (CitrineOS's report of a CALLERROR), "not_sent"
(CitrineOS could not send: no connection), "batches" (two messages, two callbacks); `callback_first`
posts the callback before the HTTP answer (CitrineOS may be that fast).
"""
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from support.config import Config
from support.targets.adapter import ActionUnsupported
from support.targets.citrineos import (ROUTES_16, ROUTES_201, CitrineOsAdapter, camel_from_kebab, merge_answers,
                                      route_path)
from support.targets.csms import external
from support.targets.trigger_client import TriggerResponse


class FakeCitrineOs:
    def __init__(self):
        self._server = None
        self.reset()

    def reset(self):
        self.requests = []          # (method, path, query dict, body)
        self.mode = "answer"
        self.callback_first = False
        self.answers = {}           # route path -> the station's answer
        self.boots = {}
        self.passwords = {}

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, status, body):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _request(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                fake.requests.append((self.command, parts.path, query, body))
                return parts.path, query, body

            def do_POST(self):
                path, query, body = self._request()
                if path.startswith("/ocpp/"):
                    return fake.message_route(self, path, query, body)
                if path == "/data/configuration/password":
                    if not body or "stationId" not in body or len(body.get("password") or "") < 16:
                        return self._reply(400, {"statusCode": 400, "code": "FST_ERR_VALIDATION",
                                                 "error": "Bad Request", "message": "body/password must NOT have "
                                                                                    "fewer than 16 characters"})
                    fake.passwords[body["stationId"]] = body["password"]
                    return self._reply(200, {"success": True, "payload": "Updated 1 attributes"})
                self._reply(404, {"message": f"Route POST:{path} not found", "error": "Not Found",
                                  "statusCode": 404})

            def do_PUT(self):
                path, query, body = self._request()
                if path == "/data/configuration/boot" and "stationId" in query:
                    fake.boots[query["stationId"]] = body
                    return self._reply(200, dict(body, stationId=query["stationId"], id=1))
                self._reply(404, {"message": f"Route PUT:{path} not found", "error": "Not Found", "statusCode": 404})

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    @staticmethod
    def post_callback(url, answer):
        request = urllib.request.Request(url, json.dumps(answer).encode(), {"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=2).read()

    def message_route(self, handler, path, query, body):
        if self.mode == "refuse":
            return handler._reply(400, {"statusCode": 400, "code": "FST_ERR_VALIDATION", "error": "Bad Request",
                                        "message": "body must have required property 'type'"})
        if self.mode == "not_sent":
            return handler._reply(200, [{"success": False,
                                         "payload": f"No connection found for identifier: 1:{query['identifier']}"}])
        callback = query.get("callbackUrl")
        answers = [self.answers.get(path, {"status": "Accepted"})]
        if self.mode == "callerror":
            answers = [{"name": "OcppError", "_messageId": "m1", "_errorCode": "NotSupported",
                        "_errorDetails": {"why": "fake"}}]
        elif self.mode == "batches":
            answers = [{"getVariableResult": [{"attributeStatus": "Accepted", "n": 1}]},
                       {"getVariableResult": [{"attributeStatus": "Accepted", "n": 2}]}]
        confirmations = [{"success": True} for _ in answers]
        if self.mode == "silent":
            callback = None

        def send():
            for answer in answers:
                if callback:
                    self.post_callback(callback, answer)

        if self.callback_first:
            send()
        handler._reply(200, confirmations)
        if not self.callback_first:
            threading.Thread(target=send, daemon=True).start()


@pytest.fixture(scope="module")
def fake_server():
    server = FakeCitrineOs().start()
    yield server
    server.stop()


@pytest.fixture
def fake(fake_server):
    fake_server.reset()
    return fake_server


@pytest.fixture
def adapter(fake):
    client = CitrineOsAdapter(fake.url, tenant_id=1, timeout=2)
    yield client
    client.close()


def _messages(fake):
    return [r for r in fake.requests if r[1].startswith("/ocpp/")]


# ---------------------------------------------------------------------------- message routes

def test_call_maps_to_the_module_route_and_returns_the_station_answer(adapter, fake):
    fake.answers["/ocpp/2.0.1/configuration/reset"] = {"status": "Scheduled"}
    response = adapter.call("CP_1", "Reset", {"type": "OnIdle", "evseId": 1})
    assert isinstance(response, TriggerResponse)
    assert response.status_code == 200 and response.ok
    assert response.body == {"status": "Scheduled"}
    method, path, query, body = _messages(fake)[-1]
    assert (method, path, body) == ("POST", "/ocpp/2.0.1/configuration/reset", {"type": "OnIdle", "evseId": 1})
    assert query["identifier"] == "CP_1" and query["tenantId"] == "1"
    assert query["callbackUrl"].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("action, path", [
    ("RequestStartTransaction", "/ocpp/2.0.1/evdriver/requestStartTransaction"),
    ("SendLocalList", "/ocpp/2.0.1/evdriver/sendLocalList"),
    ("GetVariables", "/ocpp/2.0.1/monitoring/getVariables"),
    ("GetBaseReport", "/ocpp/2.0.1/reporting/getBaseReport"),
    ("SetChargingProfile", "/ocpp/2.0.1/smartcharging/setChargingProfile"),
    ("GetTransactionStatus", "/ocpp/2.0.1/transactions/getTransactionStatus"),
    ("InstallCertificate", "/ocpp/2.0.1/certificates/installCertificate"),
    ("GetDisplayMessages", "/ocpp/2.0.1/configuration/getDisplayMessages"),
])
def test_route_table_201(adapter, fake, action, path):
    assert adapter.unsupported("call", "CP_1", action, {}) is None
    response = adapter.call("CP_1", action, {"x": 1})
    assert response.ok
    assert _messages(fake)[-1][1] == path


def test_the_callback_may_come_before_the_http_answer(adapter, fake):
    fake.callback_first = True
    response = adapter.call("CP_1", "ClearCache", {})
    assert response.status_code == 200 and response.body == {"status": "Accepted"}


def test_no_callback_is_a_504_timeout(adapter, fake):
    fake.mode = "silent"
    response = adapter.call("CP_1", "Reset", {"type": "Immediate"}, answer_timeout=0.2)
    assert response.status_code == 504 and response.timed_out and not response.ok
    assert response.body["result"] == "timeout" and "Reset" in response.body["error"]


def test_a_refused_request_keeps_citrineos_status_and_body(adapter, fake):
    fake.mode = "refuse"
    response = adapter.call("CP_1", "Reset", {"typo": "Immediate"})
    assert response.status_code == 400 and not response.ok
    assert response.body["code"] == "FST_ERR_VALIDATION"
    assert "required property 'type'" in response.error


def test_a_message_citrineos_did_not_send_is_500_not_a_csms_decision(adapter, fake):
    fake.mode = "not_sent"
    response = adapter.call("CP_1", "Reset", {"type": "Immediate"}, answer_timeout=5)
    assert response.status_code == 500
    assert "No connection found" in response.error


def test_a_callerror_is_reported_as_callerror(adapter, fake):
    fake.mode = "callerror"
    response = adapter.call("CP_1", "DataTransfer", {"vendorId": "x"})
    assert response.status_code == 200 and not response.ok
    assert response.call_error == {"errorCode": "NotSupported", "errorDescription": "", "errorDetails": {"why": "fake"}}


def test_split_messages_are_merged(adapter, fake):
    fake.mode = "batches"
    response = adapter.get_variables("CP_1", [{"component": {"name": "A"}, "variable": {"name": "B"}}] * 2)
    assert response.ok
    assert [r["n"] for r in response.body["getVariableResult"]] == [1, 2]
    assert response.body["requests"] == 2


def test_trigger_get_set_variables(adapter, fake):
    assert adapter.trigger_message("CP_1", "StatusNotification", {"id": 1, "connectorId": 1}).ok
    assert _messages(fake)[-1][1:4:2] == ("/ocpp/2.0.1/configuration/triggerMessage",
                                          {"requestedMessage": "StatusNotification", "evse": {"id": 1, "connectorId": 1}})
    data = [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]
    fake.answers["/ocpp/2.0.1/monitoring/getVariables"] = {"getVariableResult": [{"attributeStatus": "Accepted"}]}
    response = adapter.get_variables("CP_1", data)
    assert response.body["getVariableResult"] == [{"attributeStatus": "Accepted"}] and response.body["requests"] == 1
    assert _messages(fake)[-1][3] == {"getVariableData": data}
    adapter.set_variables("CP_1", [dict(data[0], attributeValue="10")])
    assert _messages(fake)[-1][1] == "/ocpp/2.0.1/monitoring/setVariables"


# ---------------------------------------------------------------------------- OCPP 1.6

@pytest.mark.parametrize("kebab, path", [
    ("remote-start-transaction", "/ocpp/1.6/evdriver/remoteStartTransaction"),
    ("remote-stop-transaction", "/ocpp/1.6/evdriver/remoteStopTransaction"),
    ("change-configuration", "/ocpp/1.6/configuration/changeConfiguration"),
    ("get-configuration", "/ocpp/1.6/configuration/getConfiguration"),
    ("trigger-message", "/ocpp/1.6/configuration/triggerMessage"),
    ("get-diagnostics", "/ocpp/1.6/reporting/getDiagnostics"),
    ("set-charging-profile", "/ocpp/1.6/smartcharging/setChargingProfile"),
])
def test_route_table_16(adapter, fake, kebab, path):
    assert adapter.unsupported("call16", "CP16_1", kebab, {}) is None
    response = adapter.call16("CP16_1", kebab, {"connectorId": 1})
    assert response.ok
    method, got_path, query, body = _messages(fake)[-1]
    assert got_path == path and query["identifier"] == "CP16_1" and body == {"connectorId": 1}


def test_16_actions_without_a_route(adapter, fake):
    for kebab in ("reserve-now", "cancel-reservation", "send-local-list", "get-local-list-version"):
        reason = adapter.unsupported("call16", "CP16_1", kebab, {})
        assert reason == f"CitrineOS has no route for {camel_from_kebab(kebab)} (OCPP 1.6)"
        with pytest.raises(ActionUnsupported):
            adapter.call16("CP16_1", kebab, {})
    assert _messages(fake) == []


# ---------------------------------------------------------------------------- what it cannot do

def test_unsupported_reasons(adapter, fake):
    assert adapter.unsupported("call", "CP_1", "BootNotification", {}) == "CitrineOS has no route for BootNotification"
    for action in ("GetReport", "GetMonitoringReport", "SetNetworkProfile"):
        assert adapter.unsupported("call", "CP_1", action, {"requestId": 1}).startswith("CitrineOS 1.8's ")
        with pytest.raises(ActionUnsupported):
            adapter.call("CP_1", action, {"requestId": 1})
    assert "no way to set items per message" in adapter.unsupported("set_items_per_message", "CP_1")
    assert adapter.unsupported("set_security_profile", "CP_1", 2)
    assert "Authorization" in adapter.unsupported("create_token", "100000C01", "Blocked", "ISO14443", "GROUP001")
    assert adapter.unsupported("set_pending_boot", "CP_1", True, "Pending", 2)
    assert adapter.unsupported("set_pending_boot", "CP_1", True, "Rejected", 1) is None
    assert adapter.unsupported("update_basic_auth_password", "CP_1") is None
    with pytest.raises(ActionUnsupported) as raised:
        adapter.call("CP_1", "Heartbeat", {})
    assert raised.value.reason == "CitrineOS has no route for Heartbeat"
    assert _messages(fake) == []


def test_create_token_is_unsupported_with_instructions(adapter):
    with pytest.raises(ActionUnsupported) as raised:
        adapter.create_token("100000C06", "Blocked", "ISO14443")
    assert "100000C06" in raised.value.reason and "Blocked" in raised.value.reason
    assert "by hand" in raised.value.reason


def test_engine_commands_and_station_records_are_404(adapter, fake):
    assert adapter.post("/api/octt/2.0.1/CP_1/send-local-list", {}).status_code == 404
    assert adapter.station_record("CP_1", "firmware-record").status_code == 404
    assert adapter.decides == set()
    assert fake.requests == []


# The message routes of a running CitrineOS 1.8.3 (its OpenAPI document), module by module.
ROUTES_183 = {
    "2.0.1/certificates": "certificateSigned deleteCertificate getInstalledCertificateIds installCertificate",
    "2.0.1/configuration": "changeAvailability clearDisplayMessage dataTransfer getDisplayMessages publishFirmware "
                           "reset setDisplayMessage setNetworkProfile triggerMessage unpublishFirmware updateFirmware",
    "2.0.1/evdriver": "cancelReservation clearCache getLocalListVersion requestStartTransaction "
                      "requestStopTransaction reserveNow sendLocalList unlockConnector",
    "2.0.1/monitoring": "clearVariableMonitoring getVariables setMonitoringBase setMonitoringLevel "
                        "setVariableMonitoring setVariables",
    "2.0.1/reporting": "customerInformation getBaseReport getLog getMonitoringReport getReport",
    "2.0.1/smartcharging": "clearChargingProfile clearedChargingLimit getChargingProfiles getCompositeSchedule "
                           "setChargingProfile",
    "2.0.1/transactions": "costUpdated getTransactionStatus",
    "1.6/configuration": "changeAvailability changeConfiguration dataTransfer getConfiguration reset "
                         "triggerMessage updateFirmware",
    "1.6/evdriver": "clearCache remoteStartTransaction remoteStopTransaction unlockConnector",
    "1.6/reporting": "getDiagnostics",
    "1.6/smartcharging": "clearChargingProfile getCompositeSchedule setChargingProfile",
}


def test_route_tables_match_citrineos_183():
    expected = {f"/ocpp/{prefix}/{name}" for prefix, names in ROUTES_183.items() for name in names.split()}
    ours = {route_path("2.0.1", module, action) for action, module in ROUTES_201.items()}
    ours |= {route_path("1.6", module, action) for action, module in ROUTES_16.items()}
    assert ours == expected


def test_merge_answers_keeps_a_single_answer():
    assert merge_answers([{"status": "Accepted"}]) == {"status": "Accepted"}


# ---------------------------------------------------------------------------- data routes

def test_set_pending_boot_on_and_off(adapter, fake):
    response = adapter.set_pending_boot("CP_1", True, "Pending", 1)
    assert response.ok and response.body["nextBootStatus"] == ["Pending"]
    assert fake.boots["CP_1"] == {"status": "Pending", "getBaseReportOnPending": True}
    method, path, query, _ = fake.requests[-1]
    assert (method, path, query) == ("PUT", "/data/configuration/boot", {"stationId": "CP_1", "tenantId": "1"})
    assert adapter.set_pending_boot("CP_1", True, "Rejected").ok
    assert fake.boots["CP_1"] == {"status": "Rejected"}
    response = adapter.set_pending_boot("CP_1", pending=False)
    assert response.ok and response.body["nextBootStatus"] == []
    assert fake.boots["CP_1"] == {"status": "Accepted"}
    assert adapter.set_pending_boot("CP_1", True, "Bogus").status_code == 400
    with pytest.raises(ActionUnsupported):
        adapter.set_pending_boot("CP_1", True, "Pending", 3)


def test_close_restores_a_boot_left_rejected(fake):
    client = CitrineOsAdapter(fake.url, timeout=2)
    client.set_pending_boot("CP_9", True, "Rejected")
    client.close()
    assert fake.boots["CP_9"] == {"status": "Accepted"}


def test_set_basic_auth_password(adapter, fake):
    response = adapter.set_basic_auth_password("CP_1", "0123456789123456")
    assert response.ok
    method, path, query, body = fake.requests[-1]
    assert (method, path, query) == ("POST", "/data/configuration/password", {"tenantId": "1"})
    assert body == {"stationId": "CP_1", "password": "0123456789123456", "setOnCharger": True}
    refused = adapter.set_basic_auth_password("CP_1", "short")
    assert refused.status_code == 400 and "fewer than 16" in refused.error


def test_update_basic_auth_password_stores_it_on_accepted(adapter, fake):
    fake.answers["/ocpp/2.0.1/monitoring/setVariables"] = {"setVariableResult": [
        {"attributeStatus": "Accepted", "component": {"name": "SecurityCtrlr"}, "variable": {"name": "BasicAuthPassword"}}]}
    response = adapter.update_basic_auth_password("CP_1", "abcdefghijklmnop1")
    assert response.ok and response.body["passwordStored"] is True
    assert response.body["result"] == [{"status": "Accepted"}]
    sent = _messages(fake)[-1][3]["setVariableData"][0]
    assert sent["component"] == {"name": "SecurityCtrlr"} and sent["variable"] == {"name": "BasicAuthPassword"}
    assert sent["attributeValue"] == "abcdefghijklmnop1"
    assert fake.passwords["CP_1"] == "abcdefghijklmnop1"


def test_update_basic_auth_password_keeps_the_old_one_on_rejected(adapter, fake):
    fake.answers["/ocpp/2.0.1/monitoring/setVariables"] = {"setVariableResult": [{"attributeStatus": "Rejected"}]}
    response = adapter.update_basic_auth_password("CP_1")
    assert response.status_code == 200 and response.body["passwordStored"] is False
    assert _messages(fake)[-1][3]["setVariableData"][0]["attributeValue"] == "9876543210fedcba"
    assert "CP_1" not in fake.passwords


# ---------------------------------------------------------------------------- prepare and wiring

def _config(fake, **extra):
    userdata = {"csms_url": "ws://127.0.0.1:8081", "csms_adapter": "citrineos", "csms_adapter_url": fake.url,
                "action_timeout": "2"}
    userdata.update(extra)
    return Config(userdata, environ={})


def test_prepare_stores_passwords_and_lists_manual_setup(adapter, fake):
    config = _config(fake)
    notes = adapter.prepare(config)
    for key in ("station_id", "station_id_16"):
        assert fake.passwords[config.values[key]] == config.password
        assert fake.boots[config.values[key]] == {"status": "Accepted"}
    assert config.values["sp2_station_id"] not in fake.passwords     # no wss:// address: no TLS stations
    config.values["csms_tls_url"] = "wss://127.0.0.1:8443"
    adapter.prepare(config)
    assert fake.passwords[config.values["sp3_station_id"]] == config.password
    text = "\n".join(notes)
    assert "stored the Basic auth password" in text
    for kind in ("valid", "valid_2", "group", "invalid", "blocked", "expired", "masterpass"):
        assert config.token(kind)[0] in text
    assert f"{config.token('blocked')[0]} ({config.token('blocked')[1]}, Blocked)" in text
    assert f"group {config.masterpass_group_id}" in text and f"group {config.group_id}" in text
    assert "charging stations" in text


def test_external_builds_the_citrineos_adapter(fake):
    target = external(_config(fake, citrineos_tenant_id="7"))
    try:
        assert isinstance(target.trigger, CitrineOsAdapter)
        assert target.trigger.base_url == fake.url and target.trigger.tenant_id == 7
        assert target.trigger.timeout == 2
        assert "CitrineOS" in target.describe() or target.trigger.describe().startswith("CitrineOS")
    finally:
        target.trigger.close()


def test_external_rejects_an_unknown_adapter(fake):
    with pytest.raises(ValueError) as raised:
        external(_config(fake, csms_adapter="citrinos"))
    assert "did you mean citrineos" in str(raised.value) and "known adapters: citrineos" in str(raised.value)


def test_default_adapter_url():
    config = Config({"csms_url": "ws://127.0.0.1:8081", "csms_adapter": "citrineos"}, environ={})
    target = external(config)
    try:
        assert target.trigger.base_url == "http://127.0.0.1:8080" and target.trigger.tenant_id == 1
    finally:
        target.trigger.close()


def test_callback_host_for_a_citrineos_in_a_container(fake):
    config = _config(fake, citrineos_callback_host="host.docker.internal")
    client = CitrineOsAdapter.from_config(config)
    try:
        _, url, _ = client.receiver.expect()
        assert url.startswith("http://host.docker.internal:") and client.receiver.host == "0.0.0.0"
    finally:
        client.close()
    assert not client.receiver.running
