"""The trigger API of the reference CSMS, driven through TriggerClient against a fake station."""
import asyncio

import pytest
import requests

from fake_station import WireStation
from support.reference.csms import ReferenceCsms
from support.csms.trigger_api import TriggerApi
from support.runtime import Runtime
from support.targets.trigger_client import TriggerClient, TriggerError

STATION = "CP_T1"
PASSWORD = "0123456789123456"
WAIT = 30


def default_answer(action, payload):
    if action == "GetVariables":
        return {"getVariableResult": [{"attributeStatus": "Accepted", "attributeValue": "1",
                                       "component": d["component"], "variable": d["variable"]}
                                      for d in payload["getVariableData"]]}
    if action == "SetVariables":
        return {"setVariableResult": [{"attributeStatus": "Accepted", "component": d["component"],
                                       "variable": d["variable"]} for d in payload["setVariableData"]]}
    return {"status": "Accepted"}


def FakeStation(url, station_id, password):
    """A minimal OCPP 2.0.1 station (tests/fake_station.py) answering GetVariables and SetVariables too."""
    return WireStation(url, station_id, password, default_answer=default_answer, id_prefix="st-")


BOOT = {"reason": "PowerUp", "chargingStation": {"model": "T", "vendorName": "V"}}


class Env:
    def __init__(self):
        self.rt = Runtime()
        self.csms = ReferenceCsms()
        self.csms.store.add_station(STATION, PASSWORD)
        self.rt.run(self.csms.start(), WAIT)
        self.api = self.rt.run(TriggerApi(self.csms).start(), WAIT)
        self.client = TriggerClient(self.api.url, timeout=WAIT)
        self.stations = []

    def station(self, station_id=STATION, password=PASSWORD):
        station = self.rt.run(FakeStation(self.csms.url, station_id, password).connect(), WAIT)
        self.stations.append(station)
        return station

    def station_call(self, station, action, payload):
        return self.rt.run(station.call(action, payload), WAIT)

    def close(self):
        self.client.close()
        for station in self.stations:
            self.rt.run(station.close(), WAIT)
        self.rt.run(self.api.stop(), WAIT)
        self.rt.run(self.csms.stop(), WAIT)
        self.rt.stop()


@pytest.fixture
def env():
    e = Env()
    try:
        yield e
    finally:
        e.close()


@pytest.fixture
def station(env):
    return env.station()


# ---------------------------------------------------------------- success paths

def test_call_reset_returns_station_answer(env, station):
    station.answers["Reset"] = {"status": "Scheduled"}
    response = env.client.call(STATION, "Reset", {"type": "OnIdle", "evseId": 1})
    assert response.status_code == 200, response.describe()
    assert response.ok
    assert response.body == {"status": "Scheduled"}
    assert station.received == [("Reset", {"type": "OnIdle", "evseId": 1})]


def test_call_error_is_reported(env, station):
    station.answers["Reset"] = ("error", "NotSupported", "no reset here", {"why": "test"})
    response = env.client.call(STATION, "Reset", {"type": "Immediate"})
    assert response.status_code == 200
    assert not response.ok
    assert response.call_error == {"errorCode": "NotSupported", "errorDescription": "no reset here",
                                   "errorDetails": {"why": "test"}}


def test_batched_get_and_set_variables(env, station):
    limits = env.client.set_items_per_message(STATION, get_variables=4, set_variables=4)
    assert limits.ok, limits.describe()
    items = [{"component": {"name": "C"}, "variable": {"name": f"V{i}"}} for i in range(5)]
    response = env.client.get_variables(STATION, items)
    assert response.ok, response.describe()
    assert response.body["requests"] == 2
    assert [r["variable"]["name"] for r in response.body["getVariableResult"]] == [f"V{i}" for i in range(5)]
    assert [len(p["getVariableData"]) for a, p in station.received] == [4, 1]

    station.received.clear()
    set_items = [dict(item, attributeValue="x") for item in items]
    response = env.client.set_variables(STATION, set_items)
    assert response.ok, response.describe()
    assert response.body["requests"] == 2 and len(response.body["setVariableResult"]) == 5
    assert [(a, len(p["setVariableData"])) for a, p in station.received] == [("SetVariables", 4),
                                                                            ("SetVariables", 1)]


def test_set_pending_boot_then_accepted(env, station):
    assert env.client.set_pending_boot(STATION, True).ok
    first = env.station_call(station, "BootNotification", BOOT)
    assert first[2]["status"] == "Pending"
    second = env.station_call(station, "BootNotification", BOOT)
    assert second[2]["status"] == "Accepted"


def test_set_pending_boot_rejected_count_and_clear(env, station):
    response = env.client.set_pending_boot(STATION, True, status="Rejected", count=2)
    assert response.body["nextBootStatus"] == ["Rejected", "Rejected"]
    assert env.station_call(station, "BootNotification", BOOT)[2]["status"] == "Rejected"
    assert env.client.set_pending_boot(STATION, False).ok
    assert env.csms.store.stations[STATION].next_boot_status == []
    assert env.station_call(station, "BootNotification", BOOT)[2]["status"] == "Accepted"


def test_create_token_then_authorize(env, station):
    response = env.client.create_token("TAG42", "Blocked", group_id="G1")
    assert response.ok, response.describe()
    assert env.station_call(station, "BootNotification", BOOT)[2]["status"] == "Accepted"
    answer = env.station_call(station, "Authorize", {"idToken": {"idToken": "TAG42", "type": "ISO14443"}})
    assert answer[2]["idTokenInfo"]["status"] == "Blocked"
    assert answer[2]["idTokenInfo"]["groupIdToken"]["idToken"] == "G1"


def test_trigger_message(env, station):
    response = env.client.trigger_message(STATION, "StatusNotification", evse={"id": 1, "connectorId": 1})
    assert response.ok and response.body == {"status": "Accepted"}
    assert station.received == [("TriggerMessage", {"requestedMessage": "StatusNotification",
                                                    "evse": {"id": 1, "connectorId": 1}})]


def test_security_profile_and_passwords(env, station):
    assert env.client.set_security_profile(STATION, 2).ok
    assert env.csms.store.stations[STATION].security_profile == 2
    response = env.client.update_basic_auth_password(STATION)
    assert response.ok, response.describe()
    assert response.body["passwordStored"] is True
    assert response.body["result"] == [{"status": "Accepted"}]
    assert station.received[0][1]["setVariableData"][0]["attributeValue"] == "9876543210fedcba"
    assert env.csms.store.stations[STATION].password == "9876543210fedcba"

    station.answers["SetVariables"] = {"setVariableResult": [{"attributeStatus": "Rejected",
                                                              "component": {"name": "SecurityCtrlr"},
                                                              "variable": {"name": "BasicAuthPassword"}}]}
    response = env.client.update_basic_auth_password(STATION, "abcdefabcdefabcdef")
    assert response.body["passwordStored"] is False
    assert env.csms.store.stations[STATION].password == "9876543210fedcba"

    created = env.client.set_basic_auth_password("CP_NEW", "pw-new-0123456789")
    assert created.ok and created.body["created"] is True
    assert env.csms.store.stations["CP_NEW"].password == "pw-new-0123456789"
    updated = env.client.set_basic_auth_password(STATION, "another-password-1")
    assert updated.body["created"] is False
    record = env.csms.store.stations[STATION]
    assert (record.password, record.security_profile) == ("another-password-1", 2)


def test_items_per_message_stored_and_validated(env):
    assert env.client.set_items_per_message(STATION, get_variables=3, get_report=7).ok
    assert env.csms.store.stations[STATION].items_per_message == {"get_variables": 3, "get_report": 7}
    assert env.csms.items_per_message(STATION, "get_variables") == 3
    assert env.client.set_items_per_message(STATION, get_variables=-1).status_code == 400
    assert env.client.set_items_per_message(STATION, get_variables="4").status_code == 400
    bad = env.client.set_items_per_message(STATION, get_variable=4)
    assert bad.status_code == 400 and "get_variables" in bad.error


# ---------------------------------------------------------------- refused requests

def test_unknown_action(env, station):
    response = env.client.call(STATION, "Rest", {"type": "Immediate"})
    assert response.status_code == 400
    assert "Rest" in response.error and "did you mean Reset" in response.error
    assert station.received == []


def test_schema_invalid_payload(env, station):
    response = env.client.call(STATION, "Reset", {"type": "Now"})
    assert response.status_code == 400
    assert response.body["problems"] and "type" in response.error
    assert station.received == []


def test_unknown_station_and_not_connected(env):
    unknown = env.client.call("NOPE", "Reset", {"type": "Immediate"})
    assert unknown.status_code == 404 and "NOPE" in unknown.error
    assert env.client.set_pending_boot("NOPE").status_code == 404
    offline = env.client.call(STATION, "Reset", {"type": "Immediate"})
    assert offline.status_code == 409 and "not connected" in offline.error
    assert env.client.get_variables(STATION, [{"component": {"name": "C"},
                                               "variable": {"name": "V"}}]).status_code == 409


def test_bad_bodies(env):
    base = env.api.url + f"/api/octt/2.0.1/{STATION}/set-pending-boot"
    response = requests.post(base, data="{not json", timeout=WAIT)
    assert response.status_code == 400 and "not valid JSON" in response.json()["error"]
    response = requests.post(base, data="[1, 2]", timeout=WAIT)
    assert response.status_code == 400 and "JSON object" in response.json()["error"]
    assert env.client.set_pending_boot(STATION, pending="yes").status_code == 400
    assert env.client.set_pending_boot(STATION, status="Pendng").status_code == 400
    assert env.client.set_security_profile(STATION, 4).status_code == 400
    assert env.client.post("/api/octt/set-basic-auth-password", {"station_id": "X"}).status_code == 400
    assert env.client.trigger_message(STATION, "Bogus").status_code == 400
    assert env.client.post(f"/api/octt/2.0.1/{STATION}/trigger-message", {}).status_code == 400


def test_misspelled_token_status(env):
    response = env.client.create_token("TAG1", "Blocekd")
    assert response.status_code == 400
    assert "did you mean Blocked" in response.error
    assert env.client.create_token("TAG1", "Accepted", type_="ISO1443").status_code == 400
    assert env.client.post("/api/octt/create-token", {"status": "Accepted"}).status_code == 400
    assert "TAG1" not in env.csms.store.tokens


def test_unknown_paths_methods_and_versions(env):
    for path in ("/nothing", "/api/octt/2.0.1/CP_T1/set-pending", "/api/octt/9.9/CP_T1/call/Reset",
                 "/api/octt/2.0.1/CP_T1", "/api/octt/whatever"):
        response = env.client.post(path)
        assert response.status_code == 404, (path, response.describe())
        assert response.error
    assert "set-pending-boot" in env.client.post("/api/octt/2.0.1/CP_T1/set-pending").error
    get = env.client.request("GET", f"/api/octt/2.0.1/{STATION}/call/Reset")
    assert get.status_code == 405 and get.error and get.headers.get("Allow") == "POST"
    v16 = env.client.post(f"/api/octt/1.6/{STATION}/remote-start-transaction")
    assert v16.status_code == 400 and "1.6" in v16.error          # the 1.6 payload needs idTag
    unknown16 = env.client.post(f"/api/octt/1.6/{STATION}/remote-strat-transaction", {"idTag": "X"})
    assert unknown16.status_code == 404 and "remote-start-transaction" in unknown16.error
    bad_timeout = env.client.request("POST", f"/api/octt/2.0.1/{STATION}/call/Reset", {"type": "Immediate"},
                                     params={"timeout": "soon"})
    assert bad_timeout.status_code == 400


def test_station_that_never_answers(env, station):
    station.answers["Reset"] = None
    response = env.client.call(STATION, "Reset", {"type": "Immediate"}, answer_timeout=0.3)
    assert response.status_code == 504 and response.timed_out
    assert response.body["result"] == "timeout"
    station.answers["Reset"] = {"status": "Accepted"}
    assert env.client.call(STATION, "Reset", {"type": "Immediate"}).ok


def test_connection_closed_before_answer(env, station):
    def hang_up(action, payload):
        asyncio.get_running_loop().create_task(station.ws.close())
    station.answers["Reset"] = hang_up
    response = env.client.call(STATION, "Reset", {"type": "Immediate"})
    assert response.status_code == 502 and response.body["result"] == "closed", response.describe()


def test_timeout_only_where_an_answer_is_awaited(env):
    response = env.client.request("POST", f"/api/octt/2.0.1/{STATION}/set-pending-boot", {},
                                  params={"timeout": "1"})
    assert response.status_code == 400 and "timeout" in response.error


def test_unreachable_api_raises_trigger_error(env):
    url = env.api.url
    env.rt.run(env.api.stop(), WAIT)
    with pytest.raises(TriggerError, match="did not answer"):
        TriggerClient(url, timeout=2).call(STATION, "Reset", {"type": "Immediate"})
