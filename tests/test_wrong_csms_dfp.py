"""Blocks D (local list), F (remote control) and P (data transfer): the scenarios fail against a CSMS
that gets them wrong (the reference CSMS with one fault on), and the reference CSMS's own decisions
(list versions, remoteStartIds, the transaction to stop, vendor extensions) behave as documented."""
import pytest

from behave_runner import mutation_test, run_behave, temp_features
from test_trigger_api import BOOT, STATION, Env

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("full_list_without_id_token_info", "TC_D_01_CSMS", "has no idTokenInfo"),
    ("local_list_stale_version", "TC_D_02_CSMS", "versionNumber is 1, expected > 1"),
    ("local_list_stale_version", "TC_D_03_CSMS", "versionNumber is 1, expected > 1"),
    ("remote_start_token_type=Central", "TC_F_01_CSMS", 'idToken.type is "Central", expected ISO14443'),
    ("remote_start_token_type=Central", "TC_F_03_CSMS", 'idToken.type is "Central", expected ISO14443'),
    ("trigger_without_evse", "TC_F_11_CSMS", "evse.id is absent, expected 1"),
    ("trigger_without_evse", "TC_F_23_CSMS", "evse.id is absent, expected 1"),
    ("data_transfer_accepted", "TC_P_02_CSMS",
     'status is "Accepted", expected UnknownVendorId or UnknownMessageId or Rejected'),
    ("reject_custom_data", "TC_P_03_CSMS", "StatusNotification answered CALLERROR FormatViolation"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults")


def test_same_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and (@blockD or @blockF or @blockP)")
    assert code == 0, output
    assert len(verdicts) == 23 and set(verdicts.values()) == {"passed"}, verdicts


REMOTE_STOP = """@ocpp201 @csms
Feature: remote stop probe
  Scenario: PROBE remote stop of the ongoing transaction
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    When the CSMS is asked to stop the transaction on EVSE 1
    Then the CSMS requests to stop the transaction on EVSE 1
    And the CSMS reports the test station's answer to RequestStopTransaction with status "Accepted"
"""


def test_remote_stop_names_the_real_transaction():
    folder = temp_features(REMOTE_STOP)
    code, output, verdicts = run_behave(features=folder)
    assert code == 0, output
    code, output, verdicts = run_behave("-D csms_faults=stop_unknown_transaction", features=folder)
    assert code != 0, output
    assert "the CSMS asked to stop transaction '" in output and "; the transaction on EVSE 1 is '" in output, output


# ---------------------------------------------------------------------- the reference CSMS's decisions

@pytest.fixture
def env():
    e = Env()
    try:
        yield e
    finally:
        e.close()


@pytest.fixture
def station(env):
    s = env.station()
    env.station_call(s, "BootNotification", BOOT)
    return s


def _post(env, command, body):
    return env.client.post(f"/api/octt/2.0.1/{STATION}/{command}", body)


def test_local_list_versions_follow_the_station(env, station):
    env.csms.store.add_token("T1", "ISO14443", "Accepted", "G1")
    env.csms.store.add_token("T2", "ISO14443", "Blocked")
    station.answers["GetLocalListVersion"] = {"versionNumber": 3}
    response = _post(env, "send-local-list", {"updateType": "Full"})
    assert response.ok and response.body == {"status": "Accepted", "versionNumber": 4}, response.describe()
    sent = [p for a, p in station.received if a == "SendLocalList"][0]
    assert [e["idToken"]["idToken"] for e in sent["localAuthorizationList"]] == ["T1", "T2"]
    assert sent["localAuthorizationList"][1]["idTokenInfo"] == {"status": "Blocked"}
    # The accepted version is known now: the next update needs no GetLocalListVersion.
    response = _post(env, "send-local-list", {"updateType": "Differential", "remove": ["T2"]})
    assert response.ok and response.body["versionNumber"] == 5, response.describe()
    assert [a for a, _ in station.received] == ["GetLocalListVersion", "SendLocalList", "SendLocalList"]
    assert station.received[-1][1]["localAuthorizationList"] == [{"idToken": {"idToken": "T2", "type": "ISO14443"}}]


def test_version_mismatch_is_retried_once_with_the_version_asked_again(env, station):
    env.csms.store.add_token("T1", "ISO14443", "Accepted")
    versions, statuses = iter([3, 7]), iter(["VersionMismatch", "Accepted"])
    station.answers["GetLocalListVersion"] = lambda action, payload: {"versionNumber": next(versions)}
    station.answers["SendLocalList"] = lambda action, payload: {"status": next(statuses)}
    response = _post(env, "send-local-list", {"updateType": "Differential", "idTokens": ["T1"]})
    assert response.ok and response.body == {"status": "Accepted", "versionNumber": 8}, response.describe()
    assert [(a, p.get("versionNumber")) for a, p in station.received] == [
        ("GetLocalListVersion", None), ("SendLocalList", 4), ("GetLocalListVersion", None), ("SendLocalList", 8)]


@pytest.mark.parametrize("body,status,words", [
    ({"updateType": "Differential"}, 400, "needs idTokens to add or update, or remove"),
    ({"updateType": "Partial"}, 400, "updateType must be Full or Differential"),
    ({"updateType": "Full", "idTokens": ["NOPE"]}, 409, "knows no idToken 'NOPE'"),
    ({"updateType": "Full", "idTokenz": []}, 400, "unknown field(s) idTokenz"),
])
def test_send_local_list_refusals(env, station, body, status, words):
    response = _post(env, "send-local-list", body)
    assert response.status_code == status and words in response.error, response.describe()
    assert not [a for a, _ in station.received if a == "SendLocalList"]


def test_remote_start_ids_and_refusals(env, station):
    env.csms.store.add_token("T1", "ISO14443", "Accepted", "G1")
    env.csms.store.add_token("T2", "ISO14443", "Blocked")
    first = _post(env, "request-start-transaction", {"idToken": "T1", "evseId": 1})
    second = _post(env, "request-start-transaction", {"idToken": "T1", "chargingProfile": True})
    assert first.ok and second.ok, (first.describe(), second.describe())
    assert first.body["remoteStartId"] != second.body["remoteStartId"]
    requests = [p for a, p in station.received if a == "RequestStartTransaction"]
    assert requests[0]["groupIdToken"] == {"idToken": "G1", "type": "Central"}
    assert requests[1]["chargingProfile"]["chargingProfilePurpose"] == "TxProfile"
    assert "transactionId" not in requests[1]["chargingProfile"]
    blocked = _post(env, "request-start-transaction", {"idToken": "T2"})
    assert blocked.status_code == 409 and "is Blocked" in blocked.error, blocked.describe()
    wrong_profile = _post(env, "request-start-transaction", {"idToken": "T1", "chargingProfile": {
        "id": 1, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
        "chargingSchedule": []}})
    assert wrong_profile.status_code == 400 and "TxProfile" in wrong_profile.error, wrong_profile.describe()
    assert len([a for a, _ in station.received if a == "RequestStartTransaction"]) == 2


def test_remote_stop_and_unlock_need_what_the_station_reported(env, station):
    assert _post(env, "request-stop-transaction", {"evseId": 1}).status_code == 409
    assert _post(env, "unlock-connector", {"evseId": 1, "connectorId": 1}).status_code == 409
    env.station_call(station, "StatusNotification", {"timestamp": "2024-01-01T00:00:00Z", "connectorStatus":
                                                     "Occupied", "evseId": 1, "connectorId": 1})
    env.station_call(station, "TransactionEvent", {
        "eventType": "Started", "timestamp": "2024-01-01T00:00:00Z", "triggerReason": "CablePluggedIn",
        "seqNo": 0, "transactionInfo": {"transactionId": "TX-1"}, "evse": {"id": 1, "connectorId": 1}})
    stop = _post(env, "request-stop-transaction", {"evseId": 1})
    assert stop.ok and stop.body["transactionId"] == "TX-1", stop.describe()
    assert station.received[-1] == ("RequestStopTransaction", {"transactionId": "TX-1"})
    unlock = _post(env, "unlock-connector", {"evseId": 1, "connectorId": 1})
    assert unlock.ok, unlock.describe()
    assert station.received[-1] == ("UnlockConnector", {"evseId": 1, "connectorId": 1})


@pytest.mark.parametrize("payload,answer", [
    ({"vendorId": "com.example.other", "messageId": "Echo"}, {"status": "UnknownVendorId"}),
    ({"vendorId": "org.ocpp-conformance-suite.reference-csms", "messageId": "Nope"}, {"status": "UnknownMessageId"}),
    ({"vendorId": "org.ocpp-conformance-suite.reference-csms"}, {"status": "UnknownMessageId"}),
    ({"vendorId": "org.ocpp-conformance-suite.reference-csms", "messageId": "StationNote", "data": 5},
     {"status": "Rejected"}),
    ({"vendorId": "org.ocpp-conformance-suite.reference-csms", "messageId": "StationNote", "data": "hi"},
     {"status": "Accepted", "data": {"notes": 1}}),
    ({"vendorId": "org.ocpp-conformance-suite.reference-csms", "messageId": "Echo", "data": {"a": [1]}},
     {"status": "Accepted", "data": {"a": [1]}}),
])
def test_data_transfer_statuses(env, station, payload, answer):
    frame = env.station_call(station, "DataTransfer", payload)
    assert frame[0] == 3 and frame[2] == answer, frame


def test_a_trigger_api_without_the_command_gets_call_action():
    """Against a trigger API with only call/{Action} (the public suites'), the suite sends the
    payload it built itself."""
    from support.scenario.csms_commands import _command_or_call
    from support.targets.trigger_client import TriggerResponse

    class PublicOnly:
        def __init__(self):
            self.calls = []

        def post(self, path, body):
            self.calls.append(("post", path, body))
            return TriggerResponse(404, {"error": "unknown command"})

        def call(self, station, action, payload):
            self.calls.append(("call", action, payload))
            return TriggerResponse(200, {"status": "Accepted"})

    client = PublicOnly()
    response = _command_or_call(client, "CP 1", "unlock-connector", {"evseId": 1, "connectorId": 1},
                                "UnlockConnector", {"evseId": 1, "connectorId": 1})
    assert response.ok
    assert client.calls == [("post", "/api/octt/2.0.1/CP%201/unlock-connector", {"evseId": 1, "connectorId": 1}),
                            ("call", "UnlockConnector", {"evseId": 1, "connectorId": 1})]
