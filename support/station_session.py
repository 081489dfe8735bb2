"""One station-direction scenario: the suite plays the CSMS (the test CSMS, scripted by steps) and
a station driver makes the station under test act. Every frame between them goes to the trace.

Steps are thin: they parse a sentence and call one method here. Waits poll the trace with a
deadline; intervals the CSMS gives are protocol seconds, which the station runs scaled by
`station_time_scale` (compressed against the embedded reference station).
"""
import asyncio
import json

from . import expect
from .rpc import CALL, CALLERROR, CALLRESULT
from .station.reference import ReferenceStationSettings, StationFaults
from .targets.station import EmbeddedStationDriver, SapSimulatorDriver
from .trace import RECEIVED, SENT

TRACE_TAIL = 60


class StationScenarioSession:
    direction = "station"

    def __init__(self, runtime, config, csms, trace, station_faults="", version="2.0.1"):
        self.runtime = runtime
        self.config = config
        self.csms = csms
        self.trace = trace
        self.version = version
        self.station_id = config.sut_station_id
        self.station_faults = station_faults
        self.driver = None
        self.consumed = set()
        self.commands = []            # (action, future of CallOutcome)
        csms.reset()
        csms.add_listener(trace.add)

    # ------------------------------------------------------------------ basics

    @property
    def script(self):
        """The test CSMS's script for the station under test (its answers and commands)."""
        return self.csms.script_for(self.station_id)

    @property
    def time_scale(self):
        return self.config.seconds("station_time_scale")

    @property
    def timeout(self):
        return self.config.seconds("station_timeout")

    def run(self, coro, timeout=None):
        return self.runtime.run(coro, timeout or self.timeout + 5)

    def fail(self, message):
        raise AssertionError(f"{message}\nMessage trace (last {TRACE_TAIL}):\n{self.trace.render(last=TRACE_TAIL)}")

    def close(self):
        self.csms.remove_listener(self.trace.add)
        for _, future in self.commands:
            if not future.done():
                future.cancel()
        if self.driver is not None:
            try:
                self.run(self.driver.close(), 10)
            except Exception:
                pass
        self.csms.reset()

    # ------------------------------------------------------------------ the station under test

    def make_driver(self):
        config = self.config
        if config.station_driver == "embedded":
            settings = ReferenceStationSettings(
                time_scale=self.time_scale, min_retry_interval=max(0.05, 30 * self.time_scale),
                reconnect_backoff=tuple(max(0.02, b * self.time_scale) for b in (1, 2, 4, 8)),
                lifecycle_step=max(0.01, self.time_scale * 0.2), call_timeout=self.timeout,
                evses={e: 1 for e in range(1, config.integer("number_of_evses") + 1)},
                transaction_message_retry_interval=max(0.02, self.time_scale))
            return EmbeddedStationDriver.create(self.station_id, self.csms.url, None, settings,
                                                StationFaults.parse(self.station_faults))
        if config.station_driver == "sap":
            if not config.station_ui_url:
                self.fail("station_driver=sap needs the simulator's UI URL (-D station_ui_url=ws://...)")
            return SapSimulatorDriver(config.station_ui_url, station_id=self.station_id,
                                      username=config.station_ui_user or None,
                                      password=config.station_ui_password or None)
        self.fail(f"'{config.station_driver}' is not a station driver; use embedded or sap")

    def act(self, what, *args):
        """Make the station act through its driver: power_on, plug_in, present_token, ..."""
        if self.driver is None:
            self.driver = self.make_driver()
        try:
            return self.run(getattr(self.driver, what)(*args))
        except AssertionError:
            raise
        except Exception as exc:
            self.fail(f"the station driver could not {what.replace('_', ' ')}: {type(exc).__name__}: {exc}")

    # ------------------------------------------------------------------ what the station sent

    def _from_station(self, entry, action=None):
        return (entry.peer == self.station_id and entry.direction == RECEIVED and entry.frame is not None
                and entry.frame.type == CALL and (action is None or entry.frame.action == action))

    def messages(self, action=None):
        return [e for e in list(self.trace.entries) if self._from_station(e, action)]

    def expect_message(self, action, rows=(), timeout=None, matches=None, after=None):
        """The first message of `action` from the station not matched before (and after entry `after`)."""
        for path, _ in rows:
            expect.schema_node(self.version, action, True, path)
        timeout = self.timeout if timeout is None else timeout
        start = after.seq + 1 if after is not None else 0

        def fits(entry):
            return (entry.seq not in self.consumed and self._from_station(entry, action)
                    and (matches is None or matches(entry.frame.payload)))
        entry = self.trace.wait_for(fits, timeout, start)
        if entry is None:
            self.fail(f"the station did not send {action}Request within {timeout:g} s")
        self.consumed.add(entry.seq)
        if entry.violations:
            self.fail(f"the station's {action}Request breaks the rules: {'; '.join(entry.violations)}")
        problems = expect.fields_mismatches(self.version, action, True, entry.frame.payload, rows, self.config)
        if problems:
            self.fail(f"the station sent {action}Request {json.dumps(entry.frame.payload)}\n  " + "\n  ".join(problems))
        return entry

    def expect_no_message(self, action, seconds):
        entry = self.trace.wait_for(lambda e: e.seq not in self.consumed and self._from_station(e, action), seconds)
        if entry is not None:
            self.fail(f"the station sent {action}Request although it should not have: {entry.text}")

    def answer_of_csms(self, entry):
        """The CSMS's answer (CALLRESULT or CALLERROR trace entry) to a message of the station."""
        uid = entry.frame.unique_id
        return self.trace.wait_for(lambda e: e.peer == self.station_id and e.direction == SENT
                                   and e.frame is not None and e.frame.type in (CALLRESULT, CALLERROR)
                                   and e.frame.unique_id == uid, self.timeout, entry.seq)

    def check_interval(self, action, seconds, tolerance=0.5):
        """The last two messages of `action` are about `seconds` protocol seconds apart."""
        sent = self.messages(action)
        if len(sent) < 2:
            self.fail(f"the station sent {action} {len(sent)} time(s); two are needed to measure an interval")
        gap = sent[-1].at - sent[-2].at
        expected = seconds * self.time_scale
        low, high = expected * (1 - tolerance), expected * (1 + tolerance) + 0.15
        if not low <= gap <= high:
            self.fail(f"the station sent {action} again after {gap:.3f} s; expected about {expected:.3f} s "
                      f"({seconds:g} protocol seconds x time scale {self.time_scale:g})")

    def check_peer_violations(self):
        bad = [e for e in list(self.trace.entries) if e.direction == RECEIVED and e.violations]
        if bad:
            lines = [f"  {e.text[:100]}: {'; '.join(e.violations)}" for e in bad]
            self.fail("the station sent frames that break OCPP-J or the OCPP schema:\n" + "\n".join(lines))

    # ------------------------------------------------------------------ the CSMS's commands

    def command(self, action, payload=None):
        """Make the test CSMS send a command now; its outcome is checked by a later step."""
        if not self.csms.is_connected(self.station_id):
            ready = self.run(self.csms.wait_connected(self.station_id, self.timeout))
            if not ready:
                self.fail(f"the station is not connected to the test CSMS, so it cannot be sent {action}")
        future = asyncio.run_coroutine_threadsafe(
            self.csms.send(self.station_id, action, payload, self.timeout), self.runtime.loop)
        self.commands.append((action, future))
        return future

    def command_outcome(self, action):
        for name, future in reversed(self.commands):
            if name == action:
                try:
                    return future.result(self.timeout + 5)
                except Exception as exc:
                    self.fail(f"the test CSMS could not send {action}: {type(exc).__name__}: {exc}")
        self.fail(f"the CSMS has not sent {action} in this scenario")

    def check_command_answer(self, action, rows):
        outcome = self.command_outcome(action)
        if not outcome.ok:
            self.fail(f"expected the station to answer {action} with a CALLRESULT, but: {outcome.describe()}")
        if outcome.violations:
            self.fail(f"the station's {action}Response breaks the schema: {'; '.join(outcome.violations)}")
        problems = expect.fields_mismatches(self.version, action, False, outcome.response, rows, self.config)
        if problems:
            self.fail(f"the station answered {action} with {json.dumps(outcome.response)}\n  " + "\n  ".join(problems))
        return outcome.response
