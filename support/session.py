"""One CSMS-direction scenario: the test station(s), the trace, the target, and the checks.

Steps are thin: they parse a sentence and call one method here. Methods that talk to the network
run on the runtime loop and wait with deadlines from the configuration; every failure says what
was expected, what came, and shows the message trace.
"""
import asyncio
import concurrent.futures
import json
import sys

from . import expect
from .config import BY_KEY
from .station.answers import Answer
from .station.test_station import TestStation
from .trace import RECEIVED

TRACE_TAIL = 60


class ScenarioSession:
    def __init__(self, runtime, config, target, trace, version="2.0.1"):
        self.runtime = runtime
        self.config = config
        self.target = target
        self.trace = trace
        self.version = version
        self.stations = {}
        self._triggers = []          # (description, future)
        self._pool = None
        self._reported = set()       # trace entries whose violations already failed a step
        self.cleanups = []           # callables run at the end: undo what a scenario changed in the CSMS

    # ------------------------------------------------------------------ failures

    skip_hook = None   # set by environment.py: behave's scenario.skip

    def skip_scenario(self, reason):
        """Mark the scenario skipped (reported as such in JUnit): a check this CSMS cannot be asked."""
        print(f"\n>>> SKIPPED: {reason}", file=sys.stderr, flush=True)
        if self.skip_hook is not None:
            self.skip_hook(reason)

    def fail(self, message):
        raise AssertionError(f"{message}\n{self.trigger_report()}\nMessage trace (last {TRACE_TAIL}):\n"
                             f"{self.trace.render(last=TRACE_TAIL)}")

    def check_peer_violations(self):
        """Fail on any frame from the system under test that broke the schema or the RPC rules."""
        bad = [e for e in self.trace.entries if e.direction == RECEIVED and e.violations and e.seq not in self._reported]
        if bad:
            self._reported.update(e.seq for e in bad)
            lines = [f"  {e.frame.action if e.frame and e.frame.action else e.text[:80]}: {v}"
                     for e in bad for v in e.violations]
            self.fail("the CSMS sent frames that break OCPP-J or the OCPP schema:\n" + "\n".join(lines))

    # ------------------------------------------------------------------ stations

    @property
    def station(self):
        """The station the steps talk about: the configured one, or the one a security-profile step chose."""
        default = self.config.station_id_16 if self.version == "1.6" else self.config.station_id
        return self.station_named(getattr(self, "active_station_id", None) or default)

    def use_security_profile(self, profile, client_certificate="valid", maximum_tls=None):
        """Make 'the station' the one registered with this security profile, connecting over TLS."""
        from .station.tls import client_context
        config = self.config
        v16 = self.version == "1.6"     # OCPP 1.6: CP16_SP1 / CP16_SP2 / CP16_SP3
        if profile == 1:
            self.active_station_id = config.station_id_16 if v16 else config.station_id
            return self.station
        if not config.csms_tls_url:
            self.fail("no wss:// URL of the CSMS is configured (-D csms_tls_url / CSMS_WSS_ADDRESS)")
        if not config.tls_ca_cert:
            self.fail("the CA of the CSMS server certificate is not configured (-D tls_ca_cert / TLS_CA_CERT)")
        if v16:
            self.active_station_id = config.station_id_16_sp2 if profile == 2 else config.station_id_16_sp3
        else:
            self.active_station_id = config.sp2_station_id if profile == 2 else config.sp3_station_id
        station = self.station
        cert = key = None
        if profile == 3:
            prefix = {"valid": "tls_client", "unknown": "tls_invalid_client", "expired": "tls_expired_client",
                      "wrong CN": "tls_wrong_cn_client"}[client_certificate]
            cert, key = config.values[f"{prefix}_cert"], config.values[f"{prefix}_key"]
            if v16 and client_certificate == "valid" and config.tls_client_cert_16:
                cert, key = config.tls_client_cert_16, config.tls_client_key_16
            if not cert:
                self.fail(f"no {client_certificate} client certificate is configured "
                          f"({BY_KEY[prefix + '_cert'].env})")
        station.tls = client_context(config.tls_ca_cert, cert, key, maximum_version=maximum_tls)
        station.tls_url = config.csms_tls_url
        return station

    def station_named(self, station_id, password=None):
        if station_id not in self.stations:
            if self.version == "1.6":
                from .station.test_station16 import TestStation16
                self.stations[station_id] = TestStation16(
                    station_id, password or self.config.password, self.target.url, self.trace,
                    number_of_evses=self.config.integer("number_of_evses"), connector_type=self.config.connector_type)
                return self.stations[station_id]
            self.stations[station_id] = TestStation(
                station_id, password or self.config.password, self.target.url, self.trace, self.version,
                number_of_evses=self.config.integer("number_of_evses"),
                connector_type=self.config.connector_type)
        return self.stations[station_id]

    def run(self, coro, timeout):
        return self.runtime.run(coro, timeout)

    def connect(self, station=None, **kwargs):
        station = station or self.station
        timeout = self.config.seconds("message_timeout")
        return self.run(station.connect(timeout=timeout, **kwargs), timeout + 2)

    def require_connected(self, station=None):
        station = station or self.station
        if not station.connected:
            handshake = self.connect(station)
            if not handshake.accepted:
                self.fail(f"the test station {station.station_id} could not connect to {self.target.url}: "
                          f"{handshake.describe()}")
        return station

    def disconnect(self, station=None):
        station = station or self.station
        self.run(station.disconnect(), 10)

    def close(self):
        for station in self.stations.values():
            try:
                self.run(station.disconnect(), 10)
            except Exception:
                pass
        self.wait_triggers()
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:   # a failed cleanup must not hide the scenario's own verdict
                print(f"cleanup after the scenario failed: {exc}", file=sys.stderr)
        if self._pool:
            self._pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ station -> CSMS

    def send(self, action, payload, station=None):
        station = self.require_connected(station)
        timeout = self.config.seconds("message_timeout")
        outcome = self.run(station.send(action, payload, timeout), timeout + 2)
        return outcome

    def send_expecting_answer(self, action, payload, station=None):
        """Send and require a CALLRESULT (reusable states use it: a CALLERROR there is a failed precondition)."""
        outcome = self.send(action, payload, station)
        if not outcome.ok:
            self.fail(f"the CSMS did not answer {action} with a CALLRESULT: {outcome.describe()}")
        return outcome

    def send_raw(self, text, station=None):
        station = self.require_connected(station)
        self.run(station.send_raw(text), 5)

    # ------------------------------------------------------------------ checks of the CSMS's answers

    def answer_to(self, action, station=None):
        station = station or self.station
        outcome = station.last_outcome(action)
        if outcome is None:
            self.fail(f"the station has not sent {action} in this scenario, so there is no answer to check")
        return outcome

    def check_answer(self, action, rows, station=None, outcome=None):
        """The last answer to `action` is a CALLRESULT whose fields match rows [(path, expected)]."""
        outcome = outcome or self.answer_to(action, station)
        if not outcome.ok:
            self.fail(f"expected a CALLRESULT to {action}, but: {outcome.describe()}")
        if outcome.violations:
            self.fail(f"the CSMS's {action}Response breaks the schema: {'; '.join(outcome.violations)}")
        problems = expect.fields_mismatches(self.version, action, False, outcome.response, rows, self.config)
        if problems:
            self.fail(f"the CSMS answered {action} with {json.dumps(outcome.response)}\n  " + "\n  ".join(problems))
        self.check_peer_violations()
        return outcome.response

    def check_call_error(self, action, codes, station=None):
        outcome = self.answer_to(action, station)
        if outcome.error_code in codes:
            return
        expected = " or ".join(codes)
        self.fail(f"expected the CSMS to answer {action} with CALLERROR {expected}, but: {outcome.describe()}")

    # ------------------------------------------------------------------ CSMS -> station

    def expect_request(self, action, rows=(), timeout=None, station=None, matches=None):
        """Wait for the CSMS to send `action` to the station; check its fields; return its payload."""
        station = station or self.station
        timeout = self.config.seconds("action_timeout") if timeout is None else timeout
        for path, value in rows:  # a typo in the step must not look like a silent CSMS
            expect.schema_node(self.version, action, True, path)
        entry = station.wait_for_request(action, timeout, matches)
        if entry is None:
            self.fail(f"the CSMS did not send {action}Request to {station.station_id} within {timeout:g} s")
        self.settle()
        if entry.violations:
            self._reported.add(entry.seq)
            self.fail(f"the CSMS's {action}Request breaks the rules: {'; '.join(entry.violations)}")
        problems = expect.fields_mismatches(self.version, action, True, entry.frame.payload, rows, self.config)
        if problems:
            self.fail(f"the CSMS sent {action}Request {json.dumps(entry.frame.payload)}\n  " + "\n  ".join(problems))
        return entry.frame.payload

    def settle(self):
        """Let the runtime loop run what it has queued: the test station's handling of a request just
        seen in the trace. Its answer is then built from the station's state as it was, not from what
        the next step changes meanwhile (a ReserveNow answered Occupied because the step thread had
        already reported the connector Reserved). Two rounds: the handler task may be queued only
        just after the trace entry that woke this thread."""
        for _ in range(2):
            self.run(asyncio.sleep(0), 5)

    def expect_no_request(self, action, seconds, station=None):
        station = station or self.station
        entry = station.wait_for_request(action, seconds)
        if entry is not None:
            self.fail(f"the CSMS sent {action}Request although it should not have: {entry.text}")

    def script_answer(self, action, answer, once=False, station=None):
        if action not in _csms_actions(self.version):
            expect.check_enum(action, sorted(_csms_actions(self.version)), "CSMS-initiated action")
        (station or self.station).script(action, answer, once)

    # ------------------------------------------------------------------ making the CSMS act

    def next_request_id(self):
        self._request_id = getattr(self, "_request_id", 0) + 1
        return self._request_id

    def network_profile(self):
        """SetNetworkProfileRequest payload from the configured values (TC_B_42 / TC_B_44)."""
        config = self.config
        return {"configurationSlot": config.integer("configuration_slot"), "connectionData": {
            "ocppVersion": "OCPP20", "ocppTransport": "JSON",
            "ocppCsmsUrl": config.ocpp_csms_url or self.target.url,
            "messageTimeout": int(float(config.message_timeout)),
            "securityProfile": config.integer("security_profile"),
            "ocppInterface": config.ocpp_interface}}

    def trigger(self, description, method, *args, **kwargs):
        """Ask the CSMS to act (OCTT's manual action) without blocking: the CSMS's request is
        awaited by the next step, and the trigger API's own answer is reported if that fails."""
        client = self.target.trigger
        if client is None:
            print(f"\n>>> MANUAL ACTION on the CSMS: {description} (waiting up to "
                  f"{self.config.action_timeout} s)", file=sys.stderr, flush=True)
            return None
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="trigger")
        if method == "call" and self.version == "1.6":
            method = _call16       # OCPP 1.6 sessions: call/{Action} is /api/octt/1.6/{station}/{kebab-action}
        # method: a TriggerClient method name, or a function(client, *args) for requests made of several calls
        function = (lambda *a, **k: method(client, *a, **k)) if callable(method) else getattr(client, method)
        future = self._pool.submit(function, *args, **kwargs)
        self._triggers.append((description, future))
        return future

    def trigger_now(self, description, method, *args, **kwargs):
        """Ask the CSMS and wait for the trigger API's answer (configuration calls)."""
        future = self.trigger(description, method, *args, **kwargs)
        if future is None:
            return None
        try:
            response = future.result(self.config.seconds("action_timeout") + 10)
        except Exception as exc:
            self.fail(f"could not {description}: {exc}")
        if not response.ok:
            self.fail(f"could not {description}: the trigger API answered {response.describe()}")
        return response

    def trigger_report(self):
        lines = []
        for description, future in self._triggers:
            if not future.done():
                lines.append(f"  {description}: still waiting for the trigger API")
            elif future.exception():
                lines.append(f"  {description}: {future.exception()}")
            else:
                lines.append(f"  {description}: {future.result().describe()}")
        return ("Requests to the CSMS trigger API:\n" + "\n".join(lines)) if lines else ""

    def wait_triggers(self):
        for _, future in self._triggers:
            try:
                future.result(self.config.seconds("action_timeout") + 10)
            except Exception:
                pass


def _call16(client, station, action, payload=None, answer_timeout=None):
    """A CALL through the 1.6 trigger route: RemoteStartTransaction -> remote-start-transaction."""
    import re
    return client.call16(station, re.sub(r"(?<!^)(?=[A-Z])", "-", action).lower(), payload, answer_timeout)


def _csms_actions(version):
    """Actions a CSMS may send to a station (the test station can be told how to answer them)."""
    from .rpc import schemas
    station_side = {"Authorize", "BootNotification", "Heartbeat", "StatusNotification", "TransactionEvent",
                    "MeterValues", "NotifyReport", "NotifyEvent", "SecurityEventNotification",
                    "FirmwareStatusNotification", "LogStatusNotification", "NotifyChargingLimit",
                    "ClearedChargingLimit", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule",
                    "NotifyCustomerInformation", "NotifyDisplayMessages", "NotifyMonitoringReport",
                    "PublishFirmwareStatusNotification", "ReportChargingProfiles", "ReservationStatusUpdate",
                    "SignCertificate", "Get15118EVCertificate", "GetCertificateStatus"}
    return set(schemas.actions(version)) - station_side | {"DataTransfer"}


__all__ = ["ScenarioSession", "Answer"]
