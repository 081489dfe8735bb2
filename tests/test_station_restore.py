"""What a scenario changed at a real station goes back (support/targets/station_restore.py).

The test CSMS sends the changes a scenario makes to the reference station (both OCPP versions): a
variable / configuration key, availability, a charging profile. The ledger reads the old values
first, and its restore puts the station back: read again, the values are the old ones, and the
station reports its connector Available. A change the station refused, or the scenario undid
itself, is not sent back.
"""
import asyncio

from support.csms.scripted import TestCsms
from support.reference.station.station import ReferenceStation, ReferenceStationSettings
from support.reference.station.ocpp16 import ReferenceStation16
from support.targets.station_restore import UNCLEARED_CACHES, ChangeLedger
from support.rpc import CALL
from support.scenario.trace import EVENT, RECEIVED

WAIT = 20


def with_station(version, body):
    async def main():
        csms = TestCsms()
        notes, calls = [], []

        def listen(peer, direction, text, frame=None, violations=()):
            if direction == EVENT:
                notes.append(text)
            elif direction == RECEIVED and frame is not None and frame.type == CALL:
                calls.append((frame.action, frame.payload))
        csms.add_listener(listen)
        csms.calls = calls
        await csms.start()
        station_id = "RESTORE_1"
        settings = ReferenceStationSettings(time_scale=0.05, call_timeout=5)
        cls = ReferenceStation16 if version == "1.6" else ReferenceStation
        station = cls(station_id, csms.url, None, settings=settings) if version != "1.6" else \
            cls(station_id, csms.url, None, version="1.6", settings=settings)
        await station.power_on()
        csms.station_object = station
        try:
            assert await csms.wait_ready(station_id, WAIT)
            ledger = ChangeLedger(csms, station_id, version)
            csms.watch(station_id, ledger)
            return await body(csms, station_id, ledger, notes)
        finally:
            csms.watch(station_id, None)
            await station.power_off()
            await csms.stop()
    return asyncio.run(asyncio.wait_for(main(), 3 * WAIT))


def variable(name, component="OCPPCommCtrlr", value=None):
    item = {"component": {"name": component}, "variable": {"name": name}}
    if value is not None:
        item["attributeValue"] = value
    return item


def test_a_variable_and_the_availability_go_back_ocpp201():
    async def body(csms, station_id, ledger, notes):
        read = await csms.send(station_id, "GetVariables", {"getVariableData": [variable("HeartbeatInterval")]})
        original = read.response["getVariableResult"][0]["attributeValue"]
        changed = await csms.send(station_id, "SetVariables",
                                  {"setVariableData": [variable("HeartbeatInterval", value="17")]})
        assert changed.response["setVariableResult"][0]["attributeStatus"] == "Accepted"
        refused = await csms.send(station_id, "SetVariables",
                                  {"setVariableData": [variable("NoSuchVariable", value="1")]})
        assert refused.response["setVariableResult"][0]["attributeStatus"] != "Accepted"
        off = await csms.send(station_id, "ChangeAvailability",
                              {"operationalStatus": "Inoperative", "evse": {"id": 1}})
        assert off.response["status"] == "Accepted"
        assert [what for what, _, _ in ledger.undo] == ["variables", "availability of EVSE 1"]
        assert await ledger.restore() == []
        read = await csms.send(station_id, "GetVariables", {"getVariableData": [variable("HeartbeatInterval")]})
        assert read.response["getVariableResult"][0]["attributeValue"] == original != "17"
        assert await last_status(csms, lambda p: p["evseId"] == 1, "connectorStatus") == "Available"
        assert any("not part of the scenario" in n for n in notes), notes
    with_station("2.0.1", body)


def test_a_configuration_key_goes_back_and_an_availability_the_scenario_undid_is_left_ocpp16():
    async def body(csms, station_id, ledger, notes):
        read = await csms.send(station_id, "GetConfiguration", {"key": ["HeartbeatInterval"]})
        original = read.response["configurationKey"][0]["value"]
        changed = await csms.send(station_id, "ChangeConfiguration", {"key": "HeartbeatInterval", "value": "17"})
        assert changed.response["status"] == "Accepted"
        await csms.send(station_id, "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"})
        await csms.send(station_id, "ChangeAvailability", {"connectorId": 1, "type": "Operative"})
        off = await csms.send(station_id, "ChangeAvailability", {"connectorId": 0, "type": "Inoperative"})
        assert off.response["status"] == "Accepted"
        assert [what for what, _, _ in ledger.undo] == ["configuration key HeartbeatInterval",
                                                         "availability of the Charge Point"]
        assert await ledger.restore() == []
        read = await csms.send(station_id, "GetConfiguration", {"key": ["HeartbeatInterval"]})
        assert read.response["configurationKey"][0]["value"] == original != "17"
        assert await last_status(csms, lambda p: p["connectorId"] == 1, "status") == "Available"
    with_station("1.6", body)


async def last_status(csms, which, field, wanted="Available"):
    """The status the station reported last for a connector, once it is `wanted` (or at the deadline)."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        statuses = [p[field] for a, p in csms.calls if a == "StatusNotification" and which(p)]
        if (statuses and statuses[-1] == wanted) or asyncio.get_running_loop().time() > deadline:
            return statuses[-1] if statuses else None
        await asyncio.sleep(0.02)


def test_what_could_not_go_back_is_kept_for_another_try():
    """A station that is not there (still rebooting) gets nothing back yet; the ledger keeps the undo
    list, and the next try, once the station is back, puts it back."""
    async def body(csms, station_id, ledger, notes):
        read = await csms.send(station_id, "GetVariables", {"getVariableData": [variable("HeartbeatInterval")]})
        original = read.response["getVariableResult"][0]["attributeValue"]
        await csms.send(station_id, "SetVariables", {"setVariableData": [variable("HeartbeatInterval", value="19")]})
        station = csms.station_object
        await station.power_off()
        problems = await ledger.restore()
        assert problems == ["variables: the station is not connected"], problems
        assert [what for what, _, _ in ledger.undo] == ["variables"]
        await station.power_on()
        assert await csms.wait_ready(station_id, WAIT)
        assert await ledger.restore() == [] and ledger.undo == []
        read = await csms.send(station_id, "GetVariables", {"getVariableData": [variable("HeartbeatInterval")]})
        assert read.response["getVariableResult"][0]["attributeValue"] == original
    with_station("2.0.1", body)


def test_the_authorization_cache_is_cleared_ocpp16():
    """A scenario in which the station authorized idTags ends with ClearCache: a later scenario's
    Charge Point would otherwise authorize them from its cache without the Authorize the case expects."""
    async def body(csms, station_id, ledger, notes):
        station = csms.station_object
        station.auth_cache["VALID-1"] = {"status": "Accepted"}
        ledger.clear_cache()
        ledger.clear_cache()                                     # once, however often it is asked
        assert [action for _, action, _ in ledger.undo] == ["ClearCache"]
        assert await ledger.restore() == [] and ledger.undo == [] and ledger.refusals == []
        assert station.auth_cache == {}
        assert any("ClearCache" in n and "not part of the scenario" in n for n in notes), notes
    with_station("1.6", body)


def test_a_refused_clear_cache_is_noted_not_retried_ocpp201():
    """A station without an enabled cache answers ClearCache Rejected (C11.FR.04): noted, printed by
    the session, not judged, and not tried again."""
    async def body(csms, station_id, ledger, notes):
        off = await csms.send(station_id, "SetVariables", {"setVariableData": [
            variable("Enabled", "AuthCacheCtrlr", "false")]}, watch=False)
        assert off.response["setVariableResult"][0]["attributeStatus"] == "Accepted"
        ledger.clear_cache()
        assert await ledger.restore() == []
        assert ledger.undo == []
        assert len(ledger.refusals) == 1 and "ClearCache with Rejected" in ledger.refusals[0]
        assert "ClearCache with Rejected" in UNCLEARED_CACHES[station_id]       # later scenarios are told
        on = await csms.send(station_id, "SetVariables", {"setVariableData": [
            variable("Enabled", "AuthCacheCtrlr", "true")]}, watch=False)
        assert on.response["setVariableResult"][0]["attributeStatus"] == "Accepted"
        ledger.clear_cache()
        assert await ledger.restore() == [] and ledger.refusals[1:] == []
        assert station_id not in UNCLEARED_CACHES                                 # cleared since
    with_station("2.0.1", body)
