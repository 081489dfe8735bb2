"""OCPP 1.6 Core profile, the charging session (TC_003-TC_014, TC_024): each scenario fails against a
Central System that gets its case wrong (the reference CSMS with one fault on, -D csms_faults=...)
and passes against the reference CSMS; what the reference CSMS refuses to send; and the session
state it keeps (remote starts, ConnectionTimeOut, resets), driven directly."""
import asyncio

import pytest

from behave_runner import mutation_test, run_behave, temp_features

CASES = ("TC_003_CSMS", "TC_004_1_CSMS", "TC_004_2_CSMS", "TC_005_1_CSMS", "TC_007_CSMS", "TC_010_CSMS",
         "TC_011_1_CSMS", "TC_011_2_CSMS", "TC_012_CSMS", "TC_013_CSMS", "TC_014_CSMS", "TC_024_CSMS")

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("reset_type_16", "TC_013_CSMS", 'type is "Soft", expected Hard'),
    ("reset_type_16", "TC_014_CSMS", 'type is "Hard", expected Soft'),
    ("pending_after_reset_16", "TC_013_CSMS", 'status is "Pending", expected Accepted'),
    ("pending_after_reset_16", "TC_014_CSMS", 'status is "Pending", expected Accepted'),
    ("remote_stop_wrong_id_16", "TC_012_CSMS", "the Central System asked to stop transaction"),
    ("remote_start_no_connector_16", "TC_010_CSMS", "connectorId is absent, expected 1"),
    ("remote_start_no_connector_16", "TC_011_1_CSMS", "connectorId is absent, expected 1"),
    ("authorize_before_start_16", "TC_007_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("reject_connector_error_16", "TC_024_CSMS", "StatusNotification answered CALLERROR GenericError"),
    # the issue's own example (fault of reference/ocpp16/version.py): a CSMS accepting an expired idTag
    ("accept_expired_16", "TC_023_2_CSMS", 'idTagInfo.status is "Accepted", expected Expired'),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_faults_that_concern_other_cases_leave_the_group_green():
    """A fault is specific: the cases it does not concern still pass with it."""
    code, output, verdicts = run_behave("-D csms_faults=authorize_before_start_16",
                                        "--tags=" + ",".join(f"@{c}" for c in CASES if c != "TC_007_CSMS"))
    assert code == 0, output
    assert len(verdicts) == len(CASES) - 1 and set(verdicts.values()) == {"passed"}, verdicts


def test_the_group_passes_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=" + ",".join(f"@{c}" for c in CASES))
    assert code == 0, output
    assert len(verdicts) == len(CASES) and set(verdicts.values()) == {"passed"}, verdicts


PROBES = """@ocpp16 @csms @probe16core
Feature: what the reference Central System refuses to send (OCPP 1.6)

  Background:
    Given the test station is in state Booted

  Scenario: no remote start for a blocked idTag
    When the CSMS is asked to start a transaction on connector 1 for the blocked idTag
    Then the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"

  Scenario: no remote start for an idTag the Central System does not know
    When the CSMS is asked to start a transaction on the test Charge Point for the invalid idTag
    Then the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"
"""

REFUSALS = [
    ("no remote start for a blocked idTag", "idTag 'B10CED06' is Blocked for this Central System"),
    ("no remote start for an idTag the Central System does not know", "idTag '0BAD0C02' is Invalid"),
]


@pytest.fixture(scope="module")
def probe_run():
    return run_behave("--tags=@probe16core", "-D action_timeout=1", features=temp_features(PROBES))


@pytest.mark.parametrize("name,words", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_the_reference_csms_refuses(probe_run, name, words):
    code, output, verdicts = probe_run
    assert verdicts.get(name) == "failed", verdicts
    assert words in output, output
    assert "HTTP 409" in output, output


# ---------------------------------------------------------------------- the state the CSMS keeps

STATION, PASSWORD, TAG, BLOCKED = "CP16_T1", "0123456789123456", "04A1B2C3D4E501", "B10CED06"


async def _session(faults=None):
    from support.reference.csms import Faults, ReferenceCsms
    from support.station.ocpp16.test_station import TestStation16
    from support.scenario.trace import MessageTrace

    csms = ReferenceCsms(faults=Faults(**(faults or {})), call_timeout=5)
    csms.store.add_station(STATION, PASSWORD)
    csms.store.add_token(TAG, "ISO14443", "Accepted", "GROUP001")
    csms.store.add_token(BLOCKED, "ISO14443", "Blocked")
    await csms.start()
    station = TestStation16(STATION, PASSWORD, csms.url, MessageTrace("core sessions"), number_of_evses=2)
    assert (await station.connect()).accepted
    assert (await station.send("BootNotification", station.boot_payload(), 5)).response["status"] == "Accepted"
    return csms, station


async def _status(station, connector_id, status):
    outcome = await station.send("StatusNotification", station.status_notification16(connector_id, status), 5)
    assert outcome.ok and outcome.response == {}, outcome.describe()


def test_a_remote_start_lapses_when_the_connection_times_out():
    async def scenario():
        csms, station = await _session()
        try:
            outcome = await csms.send(STATION, "RemoteStartTransaction", {"idTag": TAG}, 5)
            assert outcome.response == {"status": "Accepted"}
            await _status(station, 1, "Preparing")
            report = csms.core16_report(STATION)
            assert report["remoteStarts"][0]["connector_id"] == 1          # the connector the driver chose
            assert report["remoteStarts"][0]["expired"] is False
            await _status(station, 1, "Available")                          # ConnectionTimeOut
            report = csms.core16_report(STATION)
            assert report["remoteStarts"][0]["expired"] is True
            assert report["connectionTimeouts"] == [1]
            # a later transaction with that idTag is not taken for the lapsed remote start
            await _status(station, 1, "Preparing")
            start = await station.send("StartTransaction", station.start_transaction16(1, TAG), 5)
            assert start.response["idTagInfo"]["status"] == "Accepted"
            assert csms.core16_report(STATION)["remoteStarts"][0]["transaction_id"] is None
        finally:
            await station.disconnect()
            await csms.stop()
    asyncio.run(scenario())


def test_a_remote_start_is_taken_up_by_the_transaction_of_its_idtag():
    async def scenario():
        csms, station = await _session()
        try:
            await csms.send(STATION, "RemoteStartTransaction", {"idTag": TAG, "connectorId": 2}, 5)
            await _status(station, 2, "Preparing")
            start = await station.send("StartTransaction", station.start_transaction16(2, TAG), 5)
            remote = csms.core16_report(STATION)["remoteStarts"][0]
            assert remote["transaction_id"] == start.response["transactionId"]
            assert remote["connector_id"] == 2 and remote["status"] == "Accepted"
            station.started16(2, start.response)
            stop = await csms.send(STATION, "RemoteStopTransaction",
                                   {"transactionId": start.response["transactionId"]}, 5)
            assert stop.response == {"status": "Accepted"}                  # the test station's default answer
            unknown = await csms.send(STATION, "RemoteStopTransaction", {"transactionId": 999999}, 5)
            assert unknown.response == {"status": "Rejected"}
            await station.send("StopTransaction", station.stop_transaction16(2, "Remote"), 5)
            stops = csms.core16_report(STATION)["remoteStops"]
            assert [(s["known"], s["status"], s["stopped"]) for s in stops] == [
                (True, "Accepted", True), (False, "Rejected", False)]
        finally:
            await station.disconnect()
            await csms.stop()
    asyncio.run(scenario())


def test_a_remote_start_for_a_blocked_idtag_is_not_sent():
    async def scenario():
        from support.reference.csms.core import Refused
        csms, station = await _session()
        try:
            with pytest.raises(Refused, match="Blocked"):
                await csms.send(STATION, "RemoteStartTransaction", {"idTag": BLOCKED}, 5)
            assert csms.core16_report(STATION)["remoteStarts"] == []
            assert not station.requests_from_csms("RemoteStartTransaction")
        finally:
            await station.disconnect()
            await csms.stop()
    asyncio.run(scenario())


def test_the_boot_after_an_accepted_reset_completes_it():
    async def scenario():
        csms, station = await _session()
        try:
            await _status(station, 1, "Faulted")
            outcome = await csms.send(STATION, "Reset", {"type": "Hard"}, 5)
            assert outcome.response == {"status": "Accepted"}
            assert csms.core16_report(STATION)["resets"] == [{"type": "Hard", "status": "Accepted", "rebooted": False}]
            assert (await station.connect()).accepted
            boot = await station.send("BootNotification", station.boot_payload(), 5)
            assert boot.response["status"] == "Accepted"
            report = csms.core16_report(STATION)
            assert report["resets"][0]["rebooted"] is True
            assert report["connectors"] == {}             # what it reported before the reboot no longer holds
        finally:
            await station.disconnect()
            await csms.stop()
    asyncio.run(scenario())
