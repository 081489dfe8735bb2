"""Loopback tests of the OCPP 1.6 reference station (support/reference/station/ocpp16.py) against the
test CSMS (support/csms/scripted.py serving ocpp1.6). Timers are compressed with time_scale; every
wait is on an event with a deadline."""
import asyncio
import functools

import pytest

from support.csms.scripted import CsmsScript, TestCsms
from support.reference.station.ocpp16 import ReferenceStation16, ReferenceStationSettings16, StationFaults16
from support.scenario.trace import RECEIVED, MessageTrace

STATION = "CP16_T"
DEADLINE = 20.0        # an upper bound for what must happen (a busy machine is slow)


def run_async(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(asyncio.wait_for(fn(*args, **kwargs), 10))
    return wrapper


class Rig:
    """A TestCsms and a ReferenceStation16 connected to it; the CSMS's trace of the station."""

    def __init__(self, script=None, faults=None, **settings):
        self.csms = TestCsms(script or CsmsScript(heartbeat_interval=600), versions=("1.6",))
        self.trace = MessageTrace("test")
        self.csms.add_listener(self.trace.add)
        options = dict(time_scale=0.05, evses={1: 1, 2: 1}, lifecycle_step=0.01, min_retry_interval=0.05,
                       reconnect_backoff=(0.02, 0.05), call_timeout=2)
        options.update(settings)
        self.settings = ReferenceStationSettings16(**options)
        self.faults = faults

    async def __aenter__(self):
        await self.csms.start()
        self.station = ReferenceStation16(STATION, self.csms.url, settings=self.settings, faults=self.faults)
        return self

    async def __aexit__(self, *exc):
        await self.station.close()
        await self.csms.stop()

    def sent(self, action):
        return [e.frame.payload for e in self.trace.entries
                if e.direction == RECEIVED and e.frame is not None and e.frame.type == 2 and e.frame.action == action]

    async def _poll(self, condition):
        loop = asyncio.get_running_loop()
        end = loop.time() + DEADLINE
        while loop.time() < end:
            value = condition()
            if value:
                return value
            await self.station.wait_until(lambda: False, 0.02)
        return condition()

    async def booted(self):
        await self.station.power_on()
        assert await self._poll(lambda: len(self.sent("StatusNotification")) >= 3)


@run_async
async def test_boot_reports_connector_zero_and_every_connector():
    async with Rig() as rig:
        await rig.booted()
        boot = rig.sent("BootNotification")[0]
        assert boot["chargePointModel"] == "ReferenceStation16" and len(boot["chargePointVendor"]) <= 20
        assert [(s["connectorId"], s["status"], s["errorCode"]) for s in rig.sent("StatusNotification")] == \
            [(0, "Available", "NoError"), (1, "Available", "NoError"), (2, "Available", "NoError")]


@run_async
async def test_rejected_station_does_not_answer_and_retries():
    async with Rig(CsmsScript(boot_statuses=["Rejected", "Accepted"], heartbeat_interval=2)) as rig:
        await rig.station.power_on()
        assert await rig._poll(lambda: rig.csms.station(STATION).boot_statuses_sent == ["Rejected"])
        outcome = await rig.csms.send(STATION, "GetConfiguration", {}, timeout=0.2)
        assert not outcome.ok and outcome.timed_out and not outcome.error_code     # no answer at all
        assert await rig._poll(lambda: len(rig.sent("BootNotification")) == 2)
        assert await rig._poll(lambda: len(rig.sent("StatusNotification")) == 3)


@run_async
async def test_local_transaction_meter_start_stop_and_reason():
    async with Rig() as rig:
        await rig.booted()
        await rig.station.plug_in(1)
        info = await rig.station.present_token("TAG-1", evse_id=1)
        assert info == {"status": "Accepted"}
        assert await rig._poll(lambda: rig.sent("StartTransaction"))
        start = rig.sent("StartTransaction")[0]
        assert start["connectorId"] == 1 and start["idTag"] == "TAG-1" and isinstance(start["meterStart"], int)
        await rig._poll(lambda: rig.station.transaction(1).transaction_id)
        tx_id = rig.station.transaction(1).transaction_id
        await rig.station.present_token("TAG-1", evse_id=1)
        assert await rig._poll(lambda: rig.sent("StopTransaction"))
        stop = rig.sent("StopTransaction")[0]
        assert stop["transactionId"] == tx_id and stop["meterStop"] >= start["meterStart"]
        assert stop["reason"] == "Local" and stop["idTag"] == "TAG-1"
        assert [s["status"] for s in rig.sent("StatusNotification") if s["connectorId"] == 1] == \
            ["Available", "Preparing", "Charging", "Finishing"]
        assert rig.csms.transaction(STATION, tx_id).ended


@run_async
async def test_offline_transaction_gets_its_transaction_id_when_back():
    async with Rig() as rig:
        await rig.booted()
        await rig.station.go_offline()
        await rig.station.plug_in(1)
        await rig.station.present_token("TAG-1", evse_id=1)
        await rig.station.present_token("TAG-1", evse_id=1)
        assert [i.action for i in rig.station._outbox] == ["StartTransaction", "StopTransaction"]
        await rig.station.go_online()
        assert await rig._poll(lambda: rig.sent("StopTransaction"))
        tx_id = rig.csms.transactions(STATION)
        (known,) = tx_id
        assert rig.sent("StopTransaction")[0]["transactionId"] == known


@run_async
async def test_configuration_keys():
    async with Rig() as rig:
        await rig.booted()

        async def change(key, value):
            return (await rig.csms.send(STATION, "ChangeConfiguration", {"key": key, "value": value})).response
        assert await change("MeterValueSampleInterval", "10") == {"status": "Accepted"}
        assert await change("MeterValueSampleInterval", "-1") == {"status": "Rejected"}
        assert await change("NumberOfConnectors", "3") == {"status": "Rejected"}
        assert await change("Testing", "true") == {"status": "NotSupported"}
        assert await change("ConnectorPhaseRotation", "0.RST,1.RST,2.RST") == {"status": "RebootRequired"}
        answer = (await rig.csms.send(STATION, "GetConfiguration",
                                      {"key": ["MeterValueSampleInterval", "AuthorizationKey", "Nope"]})).response
        assert answer["configurationKey"][0] == {"key": "MeterValueSampleInterval", "readonly": False, "value": "10"}
        assert answer["configurationKey"][1] == {"key": "AuthorizationKey", "readonly": False}
        assert answer["unknownKey"] == ["Nope"]
        everything = (await rig.csms.send(STATION, "GetConfiguration", {})).response
        assert "AuthorizationKey" not in {k["key"] for k in everything["configurationKey"]}


@run_async
async def test_reset_stops_transactions_with_the_reset_type():
    async with Rig() as rig:
        await rig.booted()
        await rig.station.start_session(1, "TAG-1")
        assert await rig._poll(lambda: rig.sent("StartTransaction"))
        outcome = await rig.csms.send(STATION, "Reset", {"type": "Soft"})
        assert outcome.response == {"status": "Accepted"}
        assert await rig._poll(lambda: len(rig.sent("BootNotification")) == 2)
        assert rig.sent("StopTransaction")[0]["reason"] == "SoftReset"


@run_async
async def test_reservation_expires_and_connector_zero_holds_the_last_connector():
    async with Rig() as rig:
        await rig.booted()
        from support.csms.ocpp16.scripted import build_reserve_now16
        outcome = await rig.csms.send(STATION, "ReserveNow", build_reserve_now16(1, "TAG", 1, 0.2))
        assert outcome.response == {"status": "Accepted"}
        assert await rig._poll(lambda: [s["status"] for s in rig.sent("StatusNotification")
                                        if s["connectorId"] == 1][-1:] == ["Available"] and
                               len(rig.sent("StatusNotification")) >= 5)
        await rig.csms.send(STATION, "ChangeAvailability", {"connectorId": 2, "type": "Inoperative"})
        assert (await rig.csms.send(STATION, "ReserveNow", build_reserve_now16(2, "TAG", 0))).response == \
            {"status": "Accepted"}
        assert await rig._poll(lambda: rig.station.connector_status(1) == "Reserved")
        assert (await rig.csms.send(STATION, "ReserveNow", build_reserve_now16(3, "OTHER", 0))).response == \
            {"status": "Occupied"}


@pytest.mark.parametrize("fault", ["stop_without_meter_stop", "no_connector_zero_status"])
def test_faults_are_known_and_parsed(fault):
    faults = StationFaults16.parse(fault)
    assert faults.active() == [fault]
    with pytest.raises(ValueError):
        StationFaults16.parse("stop_without_meterstop")


@run_async
async def test_stop_without_meter_stop_breaks_the_schema():
    async with Rig(faults=StationFaults16(stop_without_meter_stop=True)) as rig:
        await rig.booted()
        await rig.station.start_session(1, "TAG-1")
        await rig.station.stop_session(1)
        assert await rig._poll(lambda: [e for e in rig.trace.entries if e.frame is not None and e.violations
                                        and e.frame.action == "StopTransaction"])
