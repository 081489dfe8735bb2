"""The SAP e-mobility simulator driver against a fake UI server (support.targets.station).

The fake speaks the simulator's UI protocol version 0.0.1: subprotocol "ui0.0.1", optional
protocol-basic-auth as a second subprotocol "authorization.basic.<base64url user:password>",
requests [uuid, procedure, payload], responses [uuid, payload] with payload.status.
"""
import asyncio
import base64
import functools
import json

import pytest

from support.targets.station import StationDriverNotRun
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.http11 import Response

from support.targets.station import (SapSimulatorDriver, StationDriver, StationDriverError,
                                     basic_auth_subprotocol, procedure_for)

USER, PASSWORD = "admin", "s3cret?"      # '?' makes standard and URL-safe base64 differ
STATION_ID, HASH_ID = "CS_SAP_1", "b4f1c0ffee"
TEST_DEADLINE = 60.0


def run_async(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        async def main():
            return await asyncio.wait_for(fn(*args, **kwargs), TEST_DEADLINE)
        return asyncio.run(main())
    return wrapper


def station_data(transaction_id="8c2a-77"):
    status = {"availability": "Operative"}
    if transaction_id is not None:
        status["transactionId"] = transaction_id
    return {"stationInfo": {"chargingStationId": STATION_ID, "hashId": HASH_ID, "ocppVersion": "2.0.1"},
            "started": True,
            "connectors": [{"connectorId": 0, "evseId": 0, "connectorStatus": {"availability": "Operative"}},
                           {"connectorId": 1, "evseId": 1, "connectorStatus": status}],
            "evses": []}


def refusal(command, command_response=None, error=None):
    """The simulator's UI failure when the CSMS refused a token (an authorization status) or
    answered the station's request with a CALLERROR (reported with errorDetails)."""
    failed = {"hashId": HASH_ID, "status": "failure", "command": command}
    if command_response is not None:
        failed["commandResponse"] = command_response
    if error is not None:
        failed.update(errorMessage=error, errorDetails={})
    return {"status": "failure", "hashIdsSucceeded": [], "hashIdsFailed": [HASH_ID], "responsesFailed": [failed]}


class FakeUiServer:
    """Answers every procedure with success unless told otherwise; records requests and handshakes."""

    def __init__(self, username=None, password=None, header_auth=False):
        self.username, self.password, self.header_auth = username, password, header_auth
        self.requests = []              # (procedure, payload)
        self.offered = []               # the Sec-WebSocket-Protocol header of each handshake
        self.failures = {}              # procedure -> response payload
        self.silent = set()             # procedures never answered
        self.stations = [station_data()]
        self._server = None

    async def __aenter__(self):
        self._server = await serve(self._session, "127.0.0.1", 0, subprotocols=["ui0.0.1"],
                                   process_request=self._check_auth)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc):
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}"

    def _check_auth(self, connection, request):
        offered = request.headers.get("Sec-WebSocket-Protocol", "")
        self.offered.append(offered)
        if self.username is None:
            return None
        if self.header_auth:
            expected = "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            ok = request.headers.get("Authorization") == expected
        else:
            token = offered.split(",")[-1].strip().split(".")[-1]
            token += "=" * (-len(token) % 4)
            try:
                ok = base64.urlsafe_b64decode(token).decode() == f"{self.username}:{self.password}"
            except ValueError:
                ok = False
        if ok:
            return None
        return Response(401, "Unauthorized", Headers([("WWW-Authenticate", "Basic realm=users"),
                                                      ("Content-Length", "0")]), b"")

    async def _session(self, websocket):
        assert websocket.subprotocol == "ui0.0.1"
        async for text in websocket:
            request_id, procedure, payload = json.loads(text)
            self.requests.append((procedure, payload))
            if procedure in self.silent:
                continue
            if procedure in self.failures:
                response = self.failures[procedure]
            elif procedure == "listChargingStations":
                response = {"status": "success", "chargingStations": self.stations}
            else:
                response = {"status": "success", "hashIdsSucceeded": payload.get("hashIds", [])}
            await websocket.send(json.dumps(["0" * 8, {"status": "success"}]))       # someone else's answer
            await websocket.send(json.dumps(["refresh"]))                          # a server notification
            await websocket.send(json.dumps([request_id, response]))

    def procedures(self):
        return [p for p, _ in self.requests if p != "listChargingStations"]

    def payload(self, procedure, index=-1):
        return [pl for p, pl in self.requests if p == procedure][index]


def test_helpers_name_procedures_and_encode_credentials():
    assert procedure_for("BootNotification") == "bootNotification"
    assert procedure_for("Get15118EVCertificate") == "get15118EVCertificate"
    token = basic_auth_subprotocol(USER, PASSWORD)
    assert token.startswith("authorization.basic.") and not token.endswith("=")
    encoded = token.split(".")[-1]
    assert base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode() == f"{USER}:{PASSWORD}"
    assert issubclass(SapSimulatorDriver, StationDriver)


@run_async
async def test_ocpp201_procedures_and_payloads():
    async with FakeUiServer(USER, PASSWORD) as ui:
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, username=USER, password=PASSWORD,
                                    csms_url="ws://127.0.0.1:9210")
        ui.stations = [station_data(transaction_id=None)]
        try:
            await driver.power_on()
            await driver.go_offline()
            await driver.go_online()
            await driver.reconnect()
            await driver.set_csms_url("ws://127.0.0.1:9/ocpp")
            answer = await driver.send_message("BootNotification", {"reason": "PowerUp"})
            await driver.send_message("Heartbeat", {})
            await driver.power_off()
        finally:
            await driver.close()
    assert ui.offered[0] == f"ui0.0.1, {basic_auth_subprotocol(USER, PASSWORD)}"
    assert len(ui.offered) == 1                                   # one UI connection for everything
    assert ui.requests[0] == ("listChargingStations", {})         # hashId looked up by station identity
    assert driver.hash_id == HASH_ID
    assert ui.procedures() == [
        "stopChargingStation", "startChargingStation",
        "setSupervisionUrl", "closeConnection", "setSupervisionUrl", "openConnection",     # offline and back
        "closeConnection", "openConnection",
        "setSupervisionUrl", "stopChargingStation", "startChargingStation",     # a new CSMS: a restart
        "bootNotification", "heartbeat", "stopChargingStation"]
    assert all(pl.get("hashIds") == [HASH_ID] for p, pl in ui.requests if p != "listChargingStations")
    assert ui.payload("setSupervisionUrl")["url"] == "ws://127.0.0.1:9/ocpp"
    assert ui.payload("setSupervisionUrl", 1)["url"] == "ws://127.0.0.1:9210"
    assert ui.payload("bootNotification")["reason"] == "PowerUp"
    assert answer["status"] == "success"


@run_async
async def test_ocpp201_cable_and_card_actions_are_not_run():
    """The simulator's 2.0.1 station has no cable and no card reader: the driver would write the
    StatusNotification and TransactionEvent the checks judge (54 wrong verdicts in the OCTT cases of blocks
    B, C and E), so those actions leave the scenario not run and send nothing."""
    async with FakeUiServer() as ui:
        ui.stations = [station_data(transaction_id=None)]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID)
        try:
            for action, args, why in (("plug_in", (1,), "no cable model"), ("unplug", (1,), "no cable model"),
                                      ("present_token", ("04A1B2C3D4E501",), "no card reader"),
                                      ("start_session", (1, "04A1B2C3D4E501"), "no cable model"),
                                      ("stop_session", (1,), "no card reader")):
                with pytest.raises(StationDriverNotRun, match=why) as caught:
                    await getattr(driver, action)(*args)
                assert "the checks after it would judge the driver, not the station" in str(caught.value)
        finally:
            await driver.close()
    assert ui.procedures() == []


@run_async
async def test_ocpp16_payloads_and_header_auth():
    async with FakeUiServer(USER, PASSWORD, header_auth=True) as ui:
        ui.stations = [dict(station_data(transaction_id=12), connectors=[{"connectorId": 1, "connectorStatus": {}}])]
        driver = SapSimulatorDriver(ui.url, hash_id=HASH_ID, username=USER, password=PASSWORD,
                                    ocpp_version="1.6", auth="header")
        try:
            await driver.start_session(1, "TAG1")
            ui.stations[0]["connectors"] = [{"connectorId": 1, "connectorStatus": {"transactionId": 12}}]
            await driver.stop_session(1)
            with pytest.raises(StationDriverError, match="cannot make an OCPP 1.6 station send TransactionEvent"):
                await driver.send_message("TransactionEvent", {})
        finally:
            await driver.close()
    assert ui.offered[0] == "ui0.0.1"
    assert ui.procedures() == ["statusNotification", "authorize", "startTransaction", "stopTransaction",
                               "statusNotification"]
    assert ui.payload("authorize") == {"idTag": "TAG1", "hashIds": [HASH_ID]}
    assert ui.payload("statusNotification", 0) == {"connectorId": 1, "errorCode": "NoError", "status": "Preparing",
                                                   "hashIds": [HASH_ID]}
    assert ui.payload("startTransaction") == {"connectorId": 1, "idTag": "TAG1", "hashIds": [HASH_ID]}
    assert ui.payload("stopTransaction") == {"transactionId": 12, "hashIds": [HASH_ID]}


@run_async
async def test_failures_become_clear_errors():
    async with FakeUiServer() as ui:
        ui.failures["startChargingStation"] = {
            "status": "failure", "hashIdsSucceeded": [], "hashIdsFailed": [HASH_ID],
            "responsesFailed": [{"hashId": HASH_ID, "status": "failure", "command": "startChargingStation",
                                 "errorMessage": "template not found"}]}
        ui.failures["transactionEvent"] = {"status": "failure", "hashIdsFailed": [HASH_ID], "responsesFailed": [
            {"hashId": HASH_ID, "status": "failure", "command": "transactionEvent",
             "errorMessage": "Cannot find EVSE ID for connector 7"}]}
        ui.silent.add("heartbeat")
        driver = SapSimulatorDriver(ui.url, hash_id=HASH_ID, timeout=0.3, station_wait=0.2)
        ui.stations = [station_data(transaction_id=None)]
        try:
            with pytest.raises(StationDriverError, match="startChargingStation: station b4f1c0ffee: template"):
                await driver.power_on()
            with pytest.raises(StationDriverError, match="did not answer heartbeat within 0.3 s"):
                await driver.send_message("Heartbeat", {})
            with pytest.raises(StationDriverError, match="cannot make an OCPP 2.0.1 station send GetVariables"):
                await driver.send_message("GetVariables", {})
            ui.stations = []
            ghost = SapSimulatorDriver(ui.url, station_id="ghost", station_wait=0.3)
            with pytest.raises(StationDriverError, match="no station 'ghost'; it has \\[\\] \\(waited 0.3 s"):
                await ghost.power_on()
            await ghost.close()
        finally:
            await driver.close()


@run_async
async def test_connection_problems_become_clear_errors():
    async with FakeUiServer(USER, PASSWORD) as ui:
        driver = SapSimulatorDriver(ui.url, hash_id=HASH_ID, username=USER, password="wrong")
        with pytest.raises(StationDriverError, match="HTTP 401.*username and password"):
            await driver.power_on()
        url = ui.url
    with pytest.raises(StationDriverError, match="cannot reach the simulator UI server"):
        await SapSimulatorDriver(url, hash_id=HASH_ID, timeout=1).power_on()


@run_async
async def test_power_on_is_a_cold_boot():
    """A running simulator station is switched off first (the simulator ignores a second start);
    a stopped one is only started."""
    async with FakeUiServer() as ui:
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID)
        try:
            await driver.power_on()
            ui.stations[0]["started"] = False
            await driver.power_on()
        finally:
            await driver.close()
    assert ui.procedures() == ["stopChargingStation", "startChargingStation", "startChargingStation"]


@run_async
async def test_a_token_the_csms_refuses_is_no_driver_error():
    """Blocked, Expired and a CALLERROR answer to Authorize are what the scenario checks: the driver
    returns (no transaction is started), it does not fail (OCPP 1.6: in 2.0.1 no card is presented)."""
    for failure in (refusal("authorize", {"idTagInfo": {"status": "Blocked"}}),
                    refusal("authorize", {"idTagInfo": {"status": "Expired"}}),
                    refusal("authorize", error="the test CSMS simulates a failure (offline mode)")):
        async with FakeUiServer() as ui:
            ui.stations = [station_data(transaction_id=None)]
            ui.failures["authorize"] = failure
            driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6")
            try:
                answer = await driver.present_token("B10CED06")
            finally:
                await driver.close()
        assert answer["status"] == "failure" and answer["hashIdsFailed"] == [HASH_ID]
        assert ui.procedures() == ["authorize"]                   # no startTransaction: nothing starts
    async with FakeUiServer() as ui:                              # 1.6: idTagInfo
        ui.stations = [station_data(transaction_id=None)]
        ui.failures["authorize"] = refusal("authorize", {"idTagInfo": {"status": "Invalid"}})
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6")
        try:
            await driver.present_token("0BAD0C02")
        finally:
            await driver.close()
        assert ui.procedures() == ["authorize"]


@run_async
async def test_ocpp16_a_card_before_the_cable_starts_the_transaction_when_it_goes_in():
    async with FakeUiServer() as ui:
        ui.stations = [station_data(transaction_id=None)]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6")
        try:
            await driver.present_token("TAG1")
            assert ui.procedures() == ["authorize"]
            await driver.plug_in(1)
        finally:
            await driver.close()
    assert ui.procedures() == ["authorize", "statusNotification", "startTransaction"]
    assert ui.payload("startTransaction") == {"connectorId": 1, "idTag": "TAG1", "hashIds": [HASH_ID]}


@run_async
async def test_waits_for_the_station_to_appear():
    """A simulator just started lists its stations after a while: the driver polls the list."""
    async with FakeUiServer() as ui:
        ui.stations = []
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, station_wait=3)

        async def appear():
            await asyncio.sleep(0.6)
            ui.stations = [station_data()]
        task = asyncio.create_task(appear())
        try:
            await driver.power_on()
        finally:
            await driver.close()
            await task
    assert ui.procedures() == ["stopChargingStation", "startChargingStation"]
    assert len([p for p, _ in ui.requests if p == "listChargingStations"]) >= 2


def station16(status, transaction=None, station_status=None):
    """A 1.6 station list entry: connector 1 with this simulator connectorStatus (status, availability,
    a running transaction's id and idTag, a reservation)."""
    connector = dict(status)
    if transaction is not None:
        connector["transactionId"], connector["transactionIdTag"] = transaction
    data = station_data(transaction_id=None)
    data["stationInfo"]["ocppVersion"] = "1.6"
    data["connectors"][1]["connectorStatus"] = connector
    data["connectors"][0]["connectorStatus"] = dict(station_status or {"availability": "Operative",
                                                                        "status": "Available"})
    return data


async def drive16(stations, *actions):
    """Run driver actions against a fake simulator listing `stations`; the procedures it was sent."""
    async with FakeUiServer() as ui:
        ui.stations = [stations]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6", state_settle=0)
        try:
            for name, *args in actions:
                await getattr(driver, name)(*args)
        finally:
            await driver.close()
    return ui


@run_async
async def test_ocpp16_a_card_that_would_end_the_transaction_is_not_run():
    """The UI can only make the simulator send a bare StopTransaction (no reason; it then reports
    Available, without the Finishing of its own stop): TC_038_CS failed on the missing Finishing, a
    verdict on the driver. Nothing is sent, and the scenario is not run."""
    stations = station16({"status": "Charging"}, transaction=(5, "TAG1"))
    async with FakeUiServer() as ui:
        ui.stations = [stations]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6", state_settle=0)
        try:
            with pytest.raises(StationDriverNotRun, match="StopTransaction the driver writes"):
                await driver.present_token("TAG1")
        finally:
            await driver.close()
    assert ui.procedures() == []


@pytest.mark.parametrize("status,station_status,reason", [
    ({"status": "Faulted"}, None, "the connector is Faulted"),
    ({"status": "Available", "availability": "Inoperative"}, None, "the connector is Inoperative"),
    ({"status": "Available"}, {"status": "Unavailable"}, "the Charge Point is Unavailable"),
    ({"status": "Reserved", "reservation": {"idTag": "OTHER"}}, None, "reserved for idTag OTHER"),
])
@run_async
async def test_ocpp16_a_card_a_charge_point_would_refuse_is_not_run(status, station_status, reason):
    """The simulator starts a transaction whatever its connector's state: where a compliant Charge
    Point refuses the card, the driver's choice would be judged, so the scenario is not run."""
    with pytest.raises(StationDriverNotRun, match=reason):
        await drive16(station16(status, station_status=station_status), ("present_token", "TAG1"))


@run_async
async def test_ocpp16_another_card_during_a_transaction_is_not_run():
    with pytest.raises(StationDriverNotRun, match="parentIdTag"):
        await drive16(station16({"status": "Charging"}, transaction=(5, "TAG1")), ("present_token", "TAG2"))


@run_async
async def test_ocpp16_the_cable_leaves_a_reserved_connector_reserved():
    """Only an Available connector becomes Preparing when the cable goes in; the driver does not
    write over a Reserved (or Faulted, Unavailable) status the simulator reports."""
    ui = await drive16(station16({"status": "Reserved", "reservation": {"idTag": "TAG1"}}), ("plug_in", 1))
    assert ui.procedures() == []
    ui = await drive16(station16({"status": "Available"}), ("plug_in", 1))
    assert ui.procedures() == ["statusNotification"]
    assert ui.payload("statusNotification")["status"] == "Preparing"


@run_async
async def test_offline_and_back():
    """The simulator reconnects the moment its connection closes: offline, it is first pointed at a
    loopback port nothing listens on, then its connection closes; back, it is pointed at the test CSMS
    again and its connection opens. While offline, what the station was made to send and could only
    buffer is no driver error; once back, it is."""
    buffered = {"status": "failure", "hashIdsFailed": [HASH_ID], "responsesFailed": [
        {"hashId": HASH_ID, "status": "failure", "command": "statusNotification",
         "errorMessage": "WebSocket closed for buffered message id 'x' with content '[2,...]'"}]}
    async with FakeUiServer() as ui:
        ui.stations = [station16({"status": "Available"})]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6", state_settle=0,
                                    csms_url="ws://127.0.0.1:9297")
        try:
            await driver.go_offline()
            dead = ui.payload("setSupervisionUrl")["url"]
            port = int(dead.rsplit(":", 1)[1])
            with pytest.raises(OSError):
                await asyncio.open_connection("127.0.0.1", port)          # nothing listens there
            ui.failures["statusNotification"] = buffered
            await driver.plug_in(1)                                       # buffered: queued, no error
            await driver.go_online()
            with pytest.raises(StationDriverError, match="buffered message"):
                await driver.plug_in(1)                                   # online, the same failure is one
        finally:
            await driver.close()
    assert ui.procedures() == ["setSupervisionUrl", "closeConnection", "statusNotification",
                               "setSupervisionUrl", "openConnection", "statusNotification"]
    assert ui.payload("setSupervisionUrl", 1)["url"] == "ws://127.0.0.1:9297"
    assert dead.startswith("ws://127.0.0.1:")


@run_async
async def test_offline_needs_the_address_to_come_back_to():
    async with FakeUiServer() as ui:
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6")
        try:
            with pytest.raises(StationDriverNotRun, match="csms_url"):
                await driver.go_offline()
        finally:
            await driver.close()
    assert ui.procedures() == []


@run_async
async def test_queued_meter_values_are_waited_for_by_the_sample_interval():
    """The simulator's UI does not count what it holds: the driver waits count + 1 sample intervals."""
    import time
    async with FakeUiServer() as ui:
        data = station16({"status": "Charging"}, transaction=(5, "TAG1"))
        data["ocppConfiguration"] = {"configurationKey": [{"key": "MeterValueSampleInterval", "value": "0.2"}]}
        ui.stations = [data]
        driver = SapSimulatorDriver(ui.url, station_id=STATION_ID, ocpp_version="1.6")
        try:
            began = time.monotonic()
            await driver.wait_queued("MeterValues", 3)
            assert 0.75 < time.monotonic() - began < 2
            data["ocppConfiguration"] = {"configurationKey": []}
            with pytest.raises(StationDriverNotRun, match="no MeterValueSampleInterval"):
                await driver.wait_queued("MeterValues", 3)
            with pytest.raises(StationDriverNotRun, match="StopTransaction"):
                await driver.wait_queued("StopTransaction", 1)
        finally:
            await driver.close()


def test_the_simulator_has_no_parking_bay_sensor_nor_user_interface():
    driver = SapSimulatorDriver("ws://127.0.0.1:1", station_id="CS001")
    for action, args, words in (("drive_into_parking_bay", (1,), "cannot drive an EV into a parking bay"),
                                ("drive_out_of_parking_bay", (1,), "cannot drive an EV out of a parking bay"),
                                ("select_stop_all_transactions", (), "cannot select at the station's user interface"),
                                ("select_stop_transaction", (1,), "cannot select at the station's user interface")):
        with pytest.raises(StationDriverNotRun, match=words):
            asyncio.run(getattr(driver, action)(*args))


def test_a_message_the_driver_wrote_is_known_as_the_drivers():
    """OCPP 1.6: the simulator has no cable, so plugging in is a StatusNotification Preparing the driver
    writes; a check that matched it would judge the driver. The driver knows which messages it wrote: the
    same action, connector and status, received while its UI request was in flight (or, buffered while
    offline, later)."""
    driver = SapSimulatorDriver("ws://127.0.0.1:1", station_id=STATION_ID, ocpp_version="1.6")
    driver.written = [["StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Preparing"},
                       10.0, 10.5],
                      ["StopTransaction", {"transactionId": 12}, 20.0, None]]      # buffered: sent when back
    preparing = {"connectorId": 1, "errorCode": "NoError", "status": "Preparing"}
    assert driver.wrote("StatusNotification", preparing, 10.2)
    assert not driver.wrote("StatusNotification", preparing, 11.0)                 # later: the station's own
    assert not driver.wrote("StatusNotification", dict(preparing, status="Charging"), 10.2)
    assert not driver.wrote("StatusNotification", dict(preparing, connectorId=2), 10.2)
    assert driver.wrote("StopTransaction", {"transactionId": 12, "meterStop": 5}, 95.0)
    assert not driver.wrote("StopTransaction", {"transactionId": 12}, 19.0)


def test_a_check_that_matches_a_message_the_driver_wrote_is_not_run():
    from support.config import Config
    from support.rpc.frames import call
    from support.runtime import Runtime
    from support.scenario.outcomes import NotRun
    from support.scenario.station_session import StationScenarioSession
    from support.scenario.trace import RECEIVED, MessageTrace
    from test_station_session_rules import StubCsms

    class Writer:
        name = "sap"

        def wrote(self, action, payload, at):
            return payload.get("connectorStatus") == "Occupied"

    runtime = Runtime()
    try:
        trace = MessageTrace("driver wrote")
        session = StationScenarioSession(runtime, Config({}), StubCsms(), trace)
        session.station_id, session.driver = "CS001", Writer()
        for status in ("Occupied", "Available"):
            frame = call("StatusNotification", {"timestamp": "2024-01-01T00:00:00Z", "connectorStatus": status,
                                                "evseId": 1, "connectorId": 1})
            trace.add("CS001", RECEIVED, frame.to_text(), frame)
        with pytest.raises(NotRun, match="the sap driver wrote this StatusNotification itself"):
            session.expect_status("Occupied", 1, 1)
        assert session.expect_status("Available", 1, 1)
    finally:
        runtime.stop()


def test_a_station_the_driver_could_not_set_up_for_its_security_profile_is_not_judged():
    """The 1.6 TLS cases against the SAP simulator: its UI points the station at the plain ws:// address, the
    test CSMS refuses it (HTTP 401: TLS required) and no BootNotification comes: not run, not failed. A
    driver that sets the station up (embedded, commands) leaves the same silence a failure."""
    from support.config import Config
    from support.runtime import Runtime
    from support.scenario.outcomes import NotRun
    from support.scenario.station_session import StationScenarioSession
    from support.scenario.trace import MessageTrace
    from test_station_session_rules import StubCsms

    class Driver:
        name = "sap"

        def __init__(self, sets_up_security):
            self.sets_up_security = sets_up_security

    runtime = Runtime()
    try:
        for sets_up, outcome in ((False, NotRun), (True, AssertionError)):
            trace = MessageTrace("refused")
            csms = StubCsms()
            csms.connected = False
            session = StationScenarioSession(runtime, Config({}), csms, trace)
            session.station_id, session.driver = "CS16_001", Driver(sets_up)
            trace.event("CS16_001", "handshake refused with HTTP 401: security profile 3 requires TLS (wss://)")
            with pytest.raises(outcome) as caught:
                session.expect_message("BootNotification", timeout=0.1)
            if outcome is NotRun:
                assert "cannot set the station up for the case's security profile" in str(caught.value)
            else:
                assert not isinstance(caught.value, NotRun)
    finally:
        runtime.stop()
