"""One CSMS-direction scenario: the test station(s), the trace, the target, and the checks.

Steps are thin: they parse a sentence and call one method here. Methods that talk to the network
run on the runtime loop and wait with deadlines from the configuration; every failure says what
was expected, what came, and shows the message trace.
"""
import asyncio
import concurrent.futures
import itertools
import json
import sys
import time

from . import expect
from ..config import BY_KEY
from ..csms.trigger_api import action_from_kebab, kebab
from .outcomes import NotRun, live
from .provenance import Provenance
from ..station.answers import Answer
from ..station.test_station import TestStation
from .trace import RECEIVED

TRACE_TAIL = 60
_RUN_REQUEST_IDS = itertools.count(1 + int(time.time()) % 86400 * 100)   # unique over the run and the day


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
        self.operator = None         # support.scenario.operator.Operator: manual actions (set by environment.py)
        self.manual_actions = []     # ManualAction of this scenario
        self.provenance = Provenance(trace)   # which CSMS requests the suite supplied

    # ------------------------------------------------------------------ failures

    def skip_scenario(self, reason):
        """The scenario is not run (reported as skipped with the reason): a check this CSMS cannot be asked."""
        raise NotRun(reason)

    rule = None    # the rule the current step checks (set by environment.py before each step)

    def fail(self, message):
        self.provenance.annotate()
        rule = f"{self.rule}\n" if self.rule else ""
        raise AssertionError(f"{rule}{message}\n{self.trigger_report()}\nMessage trace (last {TRACE_TAIL}):\n"
                             f"{self.trace.render(last=TRACE_TAIL)}")

    def not_run_instead_of_failure(self):
        """Why a failure in this scenario cannot be pinned on the CSMS, or None when it can: a manual
        action nobody confirmed, or an adapter / trigger API that could not make the CSMS act."""
        unconfirmed = [a for a in self.manual_actions if not a.confirmed]
        if unconfirmed:
            return (f"nobody confirmed the manual action ({unconfirmed[0].description}), so what followed "
                    f"is no verdict on the CSMS")
        for description, future in self._triggers:
            if not future.done():
                continue
            problem = _trigger_problem(future)
            if problem:
                return f"could not {description}: {problem}"
        return self.provenance.verdict_problem()

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
        from ..station.tls import client_context
        config = self.config
        v16 = self.version == "1.6"     # OCPP 1.6: CP16_SP1 / CP16_SP2 / CP16_SP3
        if profile == 1:
            self.active_station_id = config.station_id_16 if v16 else config.station_id
            return self.station
        if not config.csms_tls_url:
            raise NotRun("not configured: no wss:// URL of the CSMS (-D csms_tls_url / CSMS_WSS_ADDRESS)")
        if not config.tls_ca_cert:
            raise NotRun("not configured: the CA of the CSMS server certificate (-D tls_ca_cert / TLS_CA_CERT)")
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
                raise NotRun(f"not configured: no {client_certificate} client certificate "
                          f"({BY_KEY[prefix + '_cert'].env})")
        station.tls = client_context(config.tls_ca_cert, cert, key, maximum_version=maximum_tls)
        station.tls_url = config.csms_tls_url
        station.tls_client_files = (cert, key)      # for handshakes of its own (tls_checks.suite_refusals)
        return station

    def station_named(self, station_id, password=None):
        if station_id not in self.stations:
            if self.version == "1.6":
                from ..station.ocpp16.test_station import TestStation16
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
            if handshake.accepted:
                self.target.answered_once = True
            elif handshake.reason.startswith("cannot reach"):
                self._csms_unreachable(handshake)
            else:
                # A precondition, not the case under test: the CSMS is not set up for this station
                # (unknown identity, another password) or does not speak this OCPP version.
                offered = ", ".join(handshake.offered or ()) or "ocpp" + self.version
                raise NotRun(f"the CSMS did not take the test station {station.station_id} ({offered}) at "
                             f"{self.target.url}: {handshake.describe()}; register the station with its "
                             f"password, or leave this OCPP version out (--tags)")
        return station

    def _csms_unreachable(self, handshake):
        """The CSMS does not take connections: it stopped (a failure of this scenario, reported once;
        the next scenarios are not run), or it never answered in this run (not run)."""
        target = self.target
        if target.dead_since is None:
            target.dead_since = self.trace.name
            live(f"\n>>> The CSMS at {target.url} does not answer ({handshake.reason}) in '{self.trace.name}'; "
                 f"the scenarios after it are not run until it answers again.")
            if getattr(target, "answered_once", False):
                self.fail(f"the CSMS stopped answering: {handshake.describe()}")
        raise NotRun(f"the CSMS at {target.url} does not answer (since '{target.dead_since}'): {handshake.reason}")

    def disconnect(self, station=None):
        station = station or self.station
        self.run(station.disconnect(), 10)

    def _let_the_csms_finish(self, station, quiet=1.5, longest=10):
        """Before leaving a product that locks a station while a request of its own is unanswered
        (adapter.call_lock_seconds), stay connected until it has been quiet for a moment: the follow-up
        requests it sends on its own (a GetChargingProfiles after a SetChargingProfile) get answered."""
        from ..rpc import CALL
        deadline = time.monotonic() + longest
        start = len(self.trace.entries)
        while station.connected and time.monotonic() < deadline:
            entry = self.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == RECEIVED
                                        and e.frame is not None and e.frame.type == CALL, quiet, start)
            if entry is None:
                return
            start = entry.seq + 1

    def close(self):
        lock = getattr(self.target.trigger, "call_lock_seconds", 0) if self.target.trigger is not None else 0
        if lock:
            for station in self.stations.values():
                self._let_the_csms_finish(station)
        for station in self.stations.values():
            unanswered = self._unanswered_call_at(station) if lock else None
            if unanswered is not None:     # the product keeps that station locked (adapter.call_lock_seconds)
                remaining = lock - (time.monotonic() - unanswered)
                if remaining > 0:
                    live(f"    waiting {remaining:.0f} s: {self.target.trigger.name} holds {station.station_id}'s "
                         f"unanswered CALL for {lock:g} s")
                    time.sleep(remaining)
            try:
                self._leave_as_found(station)
            except Exception as exc:   # isolation is best effort: the verdict is already made
                print(f"could not end what the scenario left open on {station.station_id}: {exc}", file=sys.stderr)
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

    def _leave_as_found(self, station):
        """Isolation: end the transactions the test station left running and give up the reservations
        it holds, so that the next scenario finds the CSMS as this one found it (a real CSMS answers a
        new start on a busy connector with ConcurrentTx)."""
        if not station.connected or self.target.embedded:    # the embedded CSMS is seeded anew per scenario
            return
        timeout = min(self.config.seconds("message_timeout"), 5)
        self._clear_csms_settings(station)
        for connector_id, tx in list(getattr(station, "transactions16", {}).items()):
            if not tx.stopped and tx.transaction_id is not None:
                payload = station.stop_transaction16(connector_id, reason="Other")
                self.run(station.send("StopTransaction", payload, timeout), timeout + 2)
        if hasattr(station, "transactions16"):
            return
        for evse_id, tx in list(station.model.transactions.items()):
            if not tx.ended and tx.seq_no >= 0:
                payload = station.transaction_event_payload(evse_id, "Ended", "AbnormalCondition",
                                                            stopped_reason="Other")
                self.run(station.send("TransactionEvent", payload, timeout), timeout + 2)
        for source, evse_id in self._external_limits_left(station):
            payload = {"chargingLimitSource": source}
            if evse_id is not None:
                payload["evseId"] = evse_id
            self.run(station.send("ClearedChargingLimit", payload, timeout), timeout + 2)
        for reservation_id in list(station.model.reservations):
            station.model.reservations.pop(reservation_id)
            self.run(station.send("ReservationStatusUpdate", {"reservationId": reservation_id,
                                                              "reservationUpdateStatus": "Removed"}, timeout),
                     timeout + 2)

    def _external_limits_left(self, station):
        """(chargingLimitSource, evseId) of the external limits the test station reported in this scenario
        (NotifyChargingLimit, or profiles of another source in ReportChargingProfiles) and did not clear."""
        from ..rpc import CALL
        from .trace import SENT
        limits = []
        for e in list(self.trace.entries):
            if e.peer != station.station_id or e.direction != SENT or e.frame is None or e.frame.type != CALL:
                continue
            payload = e.frame.payload
            if e.frame.action == "NotifyChargingLimit":
                key = (payload["chargingLimit"]["chargingLimitSource"], payload.get("evseId"))
            elif e.frame.action == "ReportChargingProfiles" and payload.get("chargingLimitSource") != "CSO":
                key = (payload.get("chargingLimitSource"), payload.get("evseId"))
            elif e.frame.action == "ClearedChargingLimit":
                cleared = (payload["chargingLimitSource"], payload.get("evseId"))
                limits = [k for k in limits if k != cleared]
                continue
            else:
                continue
            if key not in limits:
                limits.append(key)
        return limits

    def _clear_csms_settings(self, station):
        """Isolation: through the trigger API or adapter, make the CSMS clear the charging profiles it
        set on the test station in this scenario and cancel its 1.6 reservations (best effort; 2.0.1
        reservations are given up by the station itself)."""
        client = self.target.trigger
        if client is None:
            return
        from ..rpc import CALL
        sent = [e.frame for e in list(self.trace.entries) if e.peer == station.station_id and e.direction == RECEIVED
                and e.frame is not None and e.frame.type == CALL]
        v16 = hasattr(station, "transactions16")
        profile_ids = {f.payload.get("csChargingProfiles" if v16 else "chargingProfile", {}).get(
            "chargingProfileId" if v16 else "id") for f in sent if f.action == "SetChargingProfile"} - {None}
        if not v16:     # and the profiles the station reported to it (ReportChargingProfiles)
            from .trace import SENT
            profile_ids |= {p.get("id") for e in list(self.trace.entries)
                            if e.peer == station.station_id and e.direction == SENT and e.frame is not None
                            and e.frame.type == CALL and e.frame.action == "ReportChargingProfiles"
                            for p in e.frame.payload.get("chargingProfile", [])} - {None}
        reservation_ids = {f.payload.get("reservationId") for f in sent if f.action == "ReserveNow"} - {None} \
            if v16 else set()
        requests = [("ClearChargingProfile", {"id": i} if v16 else {"chargingProfileId": i}) for i in sorted(profile_ids)]
        requests += [("CancelReservation", {"reservationId": i}) for i in sorted(reservation_ids)]
        for action, payload in requests:
            method = "call16" if v16 else "call"
            name = kebab(action) if v16 else action
            if client.unsupported(method, station.station_id, name, payload):
                continue
            try:
                getattr(client, method)(station.station_id, name, payload)
            except Exception as exc:    # best effort: the verdict is already made
                print(f"could not make the CSMS {action} after the scenario: {exc}", file=sys.stderr)

    # ------------------------------------------------------------------ station -> CSMS

    def send(self, action, payload, station=None):
        station = self.require_connected(station)
        timeout = self.config.seconds("message_timeout")
        outcome = self.run(station.send(action, payload, timeout), timeout + 2)
        if outcome.ok or outcome.error_code:
            self.target.answered_calls = True
        elif outcome.timed_out and getattr(self.target, "answered_calls", False) and self.target.dead_since is None:
            # it answered before and now answers nothing: it may have stopped serving (it can still take
            # connections). This scenario fails on the missing answer; the next one first checks.
            self.target.silent_since = self.trace.name
        if action == "BootNotification" and station.station_id in self._boot_answers_asked:
            self._boot_answered(station, outcome)
        return outcome

    # ------------------------------------------------------------------ a boot answer the CSMS is asked for

    _boot_answers_asked = {}

    def answer_next_boot_with(self, status):
        """Make the CSMS answer the station's next BootNotification with Pending or Rejected (OCTT:
        "the CSMS is configured to first respond with Pending"). Some trigger APIs keep answering
        Pending until told otherwise (set-pending-boot without count): the suite clears the setting
        once the boot was answered, and at the end of the scenario in any case."""
        station_id = self.station.station_id
        response = self.trigger_now(f"make the CSMS answer the next boot of {station_id} with {status}",
                                    "set_pending_boot", station_id, True, status)
        if response is None:            # an operator did it
            return
        body = response.body if isinstance(response.body, dict) else {}
        if status != "Pending" and "nextBootStatus" not in body:
            raise NotRun(f"{self.target.trigger.name} cannot make the CSMS answer a boot with {status}: its "
                         f"set-pending-boot only switches Pending on and off ({response.describe()})")
        if "nextBootStatus" not in body:
            self._boot_answers_asked = dict(self._boot_answers_asked, **{station_id: status})
        self.cleanups.append(lambda: self._clear_boot_answer(station_id))

    def _boot_answered(self, station, outcome):
        asked = self._boot_answers_asked.get(station.station_id)
        if outcome.ok and isinstance(outcome.response, dict) and outcome.response.get("status") == asked:
            self._clear_boot_answer(station.station_id)

    def _clear_boot_answer(self, station_id):
        if self.target.trigger is None:
            return
        if station_id in self._boot_answers_asked or not self._boot_answers_asked:
            self._boot_answers_asked = {k: v for k, v in self._boot_answers_asked.items() if k != station_id}
            try:
                self.target.trigger.set_pending_boot(station_id, pending=False)
            except Exception as exc:   # reported, never a verdict
                print(f"could not clear the pending boot of {station_id}: {exc}", file=sys.stderr)

    def watch_pending_provisioning(self, station=None):
        """B02: what the CSMS sends while the station is Pending is optional; what it sends must be valid.
        The test station answers each request (a report it accepted is sent as NotifyReport, as OCTT's
        station does), until the CSMS has been quiet for the quiet period, at most the Pending interval
        (capped by the action timeout)."""
        from ..rpc import CALL
        station = station or self.station
        boot = station.last_outcome("BootNotification")
        interval = boot.response.get("interval", 0) if boot is not None and boot.ok else 0
        timeout = self.config.seconds("action_timeout")
        deadline = time.monotonic() + min(float(interval) or timeout, timeout)
        provisioning = ("GetVariables", "SetVariables", "GetBaseReport", "GetReport")
        from .trace import SENT
        boots = [e.seq for e in list(self.trace.entries) if e.peer == station.station_id and e.direction == SENT
                 and e.frame is not None and e.frame.type == CALL and e.frame.action == "BootNotification"]
        # from the Pending boot on: a CSMS that asks at once may have asked before this step
        start, wait = (boots[-1] if boots else len(self.trace.entries)), deadline - time.monotonic()
        while wait > 0:
            entry = self.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == RECEIVED
                                        and e.frame is not None and e.frame.type == CALL
                                        and e.frame.action in provisioning, wait, start)
            if entry is None:
                break
            start = entry.seq + 1
            self.settle()
            if entry.frame.action in ("GetBaseReport", "GetReport"):
                self._report_for(station, entry)
            wait = min(deadline - time.monotonic(), self.config.seconds("quiet_period"))
        self.check_peer_violations()

    def _report_for(self, station, request):
        """The NotifyReport page a station sends after it accepted a GetBaseReport or GetReport."""
        from ..rpc import CALLRESULT
        from .trace import SENT
        from ..station.test_station import now_iso
        answer = self.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == SENT
                                     and e.frame is not None and e.frame.type == CALLRESULT
                                     and e.frame.unique_id == request.frame.unique_id, 5, request.seq)
        if answer is None or answer.frame.payload.get("status") != "Accepted":
            return
        value = station.model.variables[("OCPPCommCtrlr", "OfflineThreshold", None)]
        self.send("NotifyReport", {"requestId": request.frame.payload["requestId"], "generatedAt": now_iso(),
                                   "seqNo": 0, "tbc": False, "reportData": [{
                                       "component": {"name": "OCPPCommCtrlr"},
                                       "variable": {"name": "OfflineThreshold"},
                                       "variableAttribute": [{"type": "Actual", "value": value,
                                                              "mutability": "ReadWrite"}],
                                       "variableCharacteristics": {"dataType": "integer",
                                                                   "supportsMonitoring": True}}]}, station)

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
            blocker = self.not_run_instead_of_failure()
            if blocker:
                raise NotRun(f"{blocker} (the CSMS did not send {action}Request within {timeout:g} s)")
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
        """A requestId (reservation id, remoteStartId) the suite writes: unique over the run, so that a
        CSMS that keeps its history does not take it for an earlier scenario's."""
        return next(_RUN_REQUEST_IDS)

    def next_profile_id(self):
        """An id for a charging profile the suite writes (below the station's own ids)."""
        self._profile_id = getattr(self, "_profile_id", 0) + 1
        return self._profile_id

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
            self.manual(description)
            return None
        action_name = args[1] if method in ("call", "call16") and len(args) > 1 else None
        if method == "call" and self.version == "1.6":
            method = "call16"
            args = (args[0], kebab(args[1])) + tuple(args[2:])
        if isinstance(method, str):
            reason = client.unsupported(method, *args, **kwargs)
            if reason:
                raise NotRun(reason)
            if method in ("call", "call16"):
                # the suite wrote the payload: the operator's input of OCTT's manual action
                self.provenance.supplied(action_from_kebab(str(action_name)),
                                         args[2] if len(args) > 2 else kwargs.get("payload") or {},
                                         route=f"{client.name} {method}")
        self._let_the_product_settle(client)
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="trigger")
        # method: a TriggerClient method name, or a function(client, *args) for requests made of several calls
        function = (lambda *a, **k: method(client, *a, **k)) if callable(method) else getattr(client, method)
        future = self._pool.submit(function, *args, **kwargs)
        self._triggers.append((description, future))
        return future

    def _let_the_product_settle(self, client):
        """A product that drops a request made right after a station connected (adapter.settle_after_connect)
        gets that much time: a pacing the adapter declares, never a wait for the CSMS's answer."""
        pause = getattr(client, "settle_after_connect", 0)
        connected_at = getattr(self.station, "connected_at", None)
        if pause and connected_at is not None:
            remaining = pause - (time.monotonic() - connected_at)
            if remaining > 0:
                time.sleep(remaining)

    def _unanswered_call_at(self, station):
        """time.monotonic() of the station's last CALL in this scenario that the CSMS never answered."""
        from ..rpc import CALL, CALLERROR, CALLRESULT
        from .trace import SENT
        entries = list(self.trace.entries)
        answered = {e.frame.unique_id for e in entries if e.peer == station.station_id and e.direction == RECEIVED
                    and e.frame is not None and e.frame.type in (CALLRESULT, CALLERROR)}
        answers_at = [e.seq for e in entries if e.peer == station.station_id and e.direction == RECEIVED
                      and e.frame is not None and e.frame.type in (CALLRESULT, CALLERROR)]
        calls = [e for e in entries if e.peer == station.station_id and e.direction == SENT and (
            (e.frame is not None and e.frame.type == CALL and e.frame.unique_id not in answered)
            # a raw CALL (robustness cases): unanswered when nothing at all answered after it
            or (e.frame is None and e.text.lstrip().startswith("[2") and not any(a > e.seq for a in answers_at)))]
        return calls[-1].at if calls else None

    def manual(self, description, setup=False):
        """OCTT's manual action performed by a person (no trigger API, no adapter): prompted live."""
        from .operator import Operator
        operator = self.operator or Operator("skip")
        action = operator.ask(self.station.station_id, description, self.config.seconds("action_timeout"), setup)
        self.manual_actions.append(action)
        return action

    def trigger_now(self, description, method, *args, **kwargs):
        """Ask the CSMS and wait for the trigger API's answer (configuration calls). Without a trigger
        API this is a setup action: the operator is asked and the suite waits for the confirmation."""
        if self.target.trigger is None:
            self.manual(description, setup=True)
            return None
        future = self.trigger(description, method, *args, **kwargs)
        try:
            response = future.result(self.config.seconds("action_timeout") + 10)
        except Exception as exc:
            problem = _trigger_problem(future)
            if problem:
                raise NotRun(f"could not {description}: {problem}") from None
            self.fail(f"could not {description}: {exc}")
        if not response.ok:
            if _response_problem(response):
                raise NotRun(f"could not {description}: {self.target.trigger.name} answered {response.describe()}")
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


def _response_problem(response):
    """A trigger API / adapter answer that says it could not do what it was asked (no such route, a
    body it does not take, its own error): not the CSMS's OCPP behaviour."""
    if response.status_code in (400, 404, 405, 501) or response.status_code >= 500 and response.status_code not in (
            502, 504):
        return f"HTTP {response.status_code}"
    return None


def _trigger_problem(future):
    """Why an asked action never reached the CSMS's OCPP side, or None."""
    from ..targets.adapter import ActionUnsupported
    from ..targets.trigger_client import TriggerError
    exception = future.exception()
    if isinstance(exception, ActionUnsupported):
        return exception.reason
    if isinstance(exception, TriggerError):
        return str(exception)
    if exception is not None:
        return None
    response = future.result()
    problem = _response_problem(response) if response is not None else None
    return f"{problem}: {response.describe()}" if problem else None


def _csms_actions(version):
    """Actions a CSMS may send to a station (the test station can be told how to answer them)."""
    from ..rpc import schemas
    station_side = {"Authorize", "BootNotification", "Heartbeat", "StatusNotification", "TransactionEvent",
                    "MeterValues", "NotifyReport", "NotifyEvent", "SecurityEventNotification",
                    "FirmwareStatusNotification", "LogStatusNotification", "NotifyChargingLimit",
                    "ClearedChargingLimit", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule",
                    "NotifyCustomerInformation", "NotifyDisplayMessages", "NotifyMonitoringReport",
                    "PublishFirmwareStatusNotification", "ReportChargingProfiles", "ReservationStatusUpdate",
                    "SignCertificate", "Get15118EVCertificate", "GetCertificateStatus"}
    return set(schemas.actions(version)) - station_side | {"DataTransfer"}


__all__ = ["ScenarioSession", "Answer"]
