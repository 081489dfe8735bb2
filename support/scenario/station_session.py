"""One station-direction scenario: the suite plays the CSMS (the test CSMS, scripted by steps) and
a station driver makes the station under test act. Every frame between them goes to the trace.

Steps are thin: they parse a sentence and call one method here. Waits poll the trace with a
deadline; intervals the CSMS gives are protocol seconds, which the station runs scaled by
`station_time_scale` (compressed against the embedded reference station).

"Matching" a message of the station consumes it: a later step looks only at messages no earlier
step matched, so "the station sends StatusNotification ..." after a reset is about the new one.
"""
import asyncio
import copy
import difflib
import json
import time

from cryptography import x509

from . import expect
from ..rpc import CALL, CALLERROR, CALLRESULT, error_codes, schemas
from ..reference.station.station import ReferenceStationSettings, StationFaults, compressed_backoff
from ..csms.scripted import ATTEMPT_WHILE_DOWN, now_iso
from ..targets import station_commands, station_manual
from ..targets.station import EmbeddedStationDriver, SapSimulatorDriver
from ..targets.station_restore import UNCLEARED_CACHES, ChangeLedger
from .trace import EVENT, RECEIVED, SENT
from .words import enum_value
from . import station_security

TRACE_TAIL = 60
CONNECTED = "connected with subprotocol"
CLOSED = "connection closed"
# Commands after which the station restarts (a reset, a firmware installation): until it has booted again
# its waits take the reboot deadline (station_reboot_timeout), not station_timeout.
REBOOTING_COMMANDS = ("Reset", "UpdateFirmware", "SignedUpdateFirmware")
NOW = "(now)"        # in a payload the station is made to send: the current time
# Progress notifications of a transfer (firmware, diagnostics, logs): a real station takes its time
# between them (a download, an installation, an upload: OCTT sets no limit), so each gets the reboot
# deadline; and a repeat of the status just matched ("Uploading" twice) is progress, not a new status.
TRANSFER_STATUS_ACTIONS = ("FirmwareStatusNotification", "SignedFirmwareStatusNotification",
                           "DiagnosticsStatusNotification", "LogStatusNotification",
                           "PublishFirmwareStatusNotification")
# A firmware update the scenario started, and the notification that reports on it.
FIRMWARE_COMMANDS = {"UpdateFirmware": "FirmwareStatusNotification",
                     "SignedUpdateFirmware": "SignedFirmwareStatusNotification"}
# Firmware statuses after which the station does no more for the update (1.6 FirmwareStatus, the 1.6
# security extension's and 2.0.1's FirmwareStatusEnumType); only after Installed may it still reboot.
FINAL_FIRMWARE_STATUSES = ("Installed", "InstallationFailed", "DownloadFailed", "InvalidSignature",
                           "InstallVerificationFailed", "InstallRebootFailed", "Idle")
# What the station sends when it authorizes an idTag: the answer's idTagInfo / idTokenInfo goes into
# its Authorization Cache (OCPP 1.6 section 3.5.1; 2.0.1 C10), which a real station keeps between scenarios.
AUTHORIZING_MESSAGES = {"1.6": ("Authorize", "StartTransaction"), "2.0.1": ("Authorize", "TransactionEvent")}


def _set_path(payload, path, value):
    node = payload
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def seconds_text(seconds):
    """A wait for a message: rounded to 0.1 s ("within 5 s", not "within 4.99998 s")."""
    rounded = round(seconds, 1)
    return f"{rounded:g}" if rounded > 0 else f"{seconds:.2g}"


def _say(text):
    """A line to the terminal, live (behave captures what a hook prints): between-scenario housekeeping
    that did not go as it should, which is no verdict."""
    from .outcomes import live
    live(f"    {text}")


def _with_now(value):
    if value == NOW:
        return now_iso()
    if isinstance(value, dict):
        return {k: _with_now(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_now(v) for v in value]
    return value


class StationScenarioSession:
    direction = "station"

    def __init__(self, runtime, config, csms, trace, station_faults="", version="2.0.1"):
        self.runtime = runtime
        self.config = config
        self.csms = csms
        self.trace = trace
        self.version = version
        self.station_id = config.sut_station_id_16 if version.startswith("1.6") else config.sut_station_id
        self.station_faults = station_faults
        self.driver = None
        self.tls = None               # security profiles 2 and 3 (support/scenario/station_security.py)
        self.consumed = set()
        self.commands = []            # (action, future of CallOutcome)
        self.last_matched = {}        # action -> the trace entry a step matched last
        self.last_on_demand = {}      # action -> the trace entry of the latest message sent on demand
        self.connection_mark = -1     # seq of the last connection event a step accounted for
        # Isolation: what the station sent before the scenario's own power-up or boot is not this
        # scenario's (a transaction the previous scenario left running, the statuses of a station
        # powering down). Messages count from `floor` on and, once the station was powered on,
        # only after the first connection that followed.
        self.floor = 0
        self.power_on_start = None    # trace length when the scenario last powered the station on
        self._power_on_connection = None
        self.reboot_pending = False   # a Reset was sent: waits get the reboot deadline
        # (trace length, monotonic time, the command or action, its future or None) of the latest command
        # or action after which the station restarts; None when no restart is awaited (at close, a real
        # station that has not come back yet is waited for, so that the next scenario does not find it
        # rebooting)
        self.reboot_cause = None
        self.offline = False          # the scenario took the station's connection away (go_offline)
        self.connection_given = {}    # "go_offline" / "go_online" -> trace length when the scenario did it
        self.cleanups = []            # (what, coroutine function) run at close, before the driver closes
        self.booted = False           # the CSMS accepted a boot of the station in this scenario
        self.after_boot = []          # CSMS command schedules waiting for that boot
        csms.reset()
        csms.add_listener(trace.add)
        # Transfer locations a real station can reach, when the tester gave them (OCTT: configured).
        if config.station_firmware_location:
            script = self.script
            script.firmware_location = script.v16.firmware_location = config.station_firmware_location
        if config.station_upload_location:
            script = self.script
            script.log_location = script.v16.diagnostics_location = config.station_upload_location
        # A real station is the same station all run long: what the scenario's commands change at it
        # (variables, availability, profiles, reservations) goes back at close.
        self.ledger = None
        if not config.station_embedded:
            self.ledger = ChangeLedger(csms, self.station_id, version)
            csms.watch(self.station_id, self.ledger)

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

    @property
    def reboot_timeout(self):
        """How long a (re)boot may take (station_reboot_timeout, at least station_timeout): a real
        station can need 30 s or more to restart and boot (B11, B12); the embedded one none."""
        if self.config.station_embedded:
            return self.timeout
        return max(self.config.seconds("station_reboot_timeout"), self.timeout)

    def wait_timeout(self, action=None):
        """The default wait for a message of the station: the reboot deadline while the station may
        be restarting (after a Reset, and for its boot, its connector statuses and the StopTransaction
        a hard reset may send only after the reboot, OCTT TC_015_CS step 3) and for the progress of a
        transfer (firmware, diagnostics, log status notifications: a download or an installation takes
        what it takes, OCTT sets no limit), else station_timeout. Against the embedded station both are
        station_timeout."""
        if action in TRANSFER_STATUS_ACTIONS:
            return self.reboot_timeout
        if self.reboot_pending and action in (None, "BootNotification", "StatusNotification", "TransactionEvent",
                                              "StopTransaction"):
            return self.reboot_timeout
        return self.timeout

    def protocol_seconds(self, seconds):
        """Wall-clock seconds of an interval in protocol seconds."""
        return seconds * self.time_scale

    def run(self, coro, timeout=None):
        return self.runtime.run(coro, timeout or self.timeout + 5)

    rule = None    # the rule the current step checks (set by environment.py before each step)

    def fail(self, message):
        rule = f"{self.rule}\n" if self.rule else ""
        raise AssertionError(f"{rule}{message}\nMessage trace (last {TRACE_TAIL}):\n{self.trace.render(last=TRACE_TAIL)}")

    def close(self):
        # A real station's settling and restores are in the scenario's trace, marked "not part of the
        # scenario" (no verdict): what the suite sent and what the station answered.
        if not self.config.station_embedded:
            self._settle_real_station()
        for _, future in self.commands:
            if not future.done():
                future.cancel()
        if self.ledger is not None:
            self.csms.watch(self.station_id, None)
            self._clear_cache_if_authorized()
            self._put_back_changes()
        self.csms.remove_listener(self.trace.add)
        # What a scenario changed at the station goes back (its CSMS URL), while the driver still works.
        for what, cleanup in reversed(self.cleanups):
            try:
                self.run(cleanup(), self.reboot_timeout + 5)
            except Exception as exc:
                _say(f"the station could not be restored after the scenario ({what}): {type(exc).__name__}: {exc}")
        self.cleanups = []
        if self.driver is not None:
            try:
                self.run(self.driver.close(), 10)
            except Exception:
                pass
        # A scenario that took the CSMS down or opened a second address leaves it as it found it.
        for restore in (self.csms.come_back, self.csms.close_second_listener):
            try:
                self.run(restore(), 10)
            except Exception as exc:
                _say(f"the test CSMS could not be restored after the scenario: {type(exc).__name__}: {exc}")
        if self.tls is not None:
            self.tls.close()
        self.csms.reset()

    # ------------------------------------------------------------------ between scenarios (a real station)

    def _settle_real_station(self):
        """A real station is the next scenario's station too. Before the scenario lets it go: its
        connection back, if the scenario took it away; the firmware update the scenario started
        finished; the reboot the scenario caused over. What the station does then is recorded in this
        scenario's trace and is no verdict."""
        for what, settle in (("its connection", self._back_online),
                             ("its reconnection to the test CSMS", self._await_reconnection_to_csms),
                             ("the firmware update", self._await_firmware),
                             ("the reboot", self._await_reboot)):
            try:
                settle()
            except Exception as exc:
                _say(f"the station could not be settled after the scenario ({what}): {type(exc).__name__}: {exc}")

    def _housekeeping_note(self, text):
        self.trace.event(self.station_id, f"{text} (not part of the scenario)")

    def _back_online(self):
        """The scenario took the station's connection away and did not give it back (it failed
        before): the driver gives it back, or the next scenario would find the station offline."""
        if not self.offline or self.driver is None:
            return
        self._housekeeping_note("the suite gives the station its connection back")
        self.run(self.driver.go_online(), self._act_timeout("go_online"))
        self.offline = False

    def _await_reconnection_to_csms(self):
        """The scenario took the test CSMS down (and failed before it came back, or ended before the
        station reconnected): the CSMS comes back, and the suite waits for the station's own
        reconnection, as long as its backoff says. A station still backing off would otherwise connect
        in the middle of the next scenario, a second connection that drops the live one (seen with the
        SAP simulator: E2E_B05 after a failed E2E_B04)."""
        if not self.went_down:
            return
        self.went_down = False
        if self.csms.is_down:
            self.csms_back()
        start = len(self.trace.entries)
        if self.csms.is_connected(self.station_id):
            return
        wait = self.reconnection_deadline()
        self._housekeeping_note(f"the suite waits up to {seconds_text(wait)} s for the station to reconnect "
                                f"after the test CSMS came back")
        if self.trace.wait_for(lambda e: self._is_event(e, CONNECTED), wait, start) is None \
                and not self.csms.is_connected(self.station_id):
            _say(f"the station did not reconnect within {seconds_text(wait)} s after the test CSMS came back; "
                 f"the next scenario may meet its late reconnection")

    def _await_firmware(self):
        """After an UpdateFirmware (SignedUpdateFirmware) of the scenario that the station took, wait
        until it reports a final firmware status (Installed, InstallationFailed, DownloadFailed, ...):
        an update still running would go on into the next scenario (its notifications, its reboot).
        The wait is the reboot deadline from the station's latest notification on it (or the command).
        A final status other than Installed means no reboot is coming."""
        calls = [pair for action in FIRMWARE_COMMANDS for pair in self._csms_calls(action)]
        if not calls:
            return None
        call, answer = max(calls, key=lambda pair: pair[0].seq)
        if answer is None or answer.frame.type != CALLRESULT \
                or answer.frame.payload.get("status", "Accepted") not in ("Accepted", "AcceptedCanceled"):
            return None
        done = self._final_firmware_status(call)
        if done is None:
            self._housekeeping_note(f"the suite waits for the station to finish the firmware update of the scenario "
                                    f"(up to {seconds_text(self.reboot_timeout)} s after its latest notification)")
            done = self._final_firmware_status(call, wait=True)
        if done is None:
            _say(f"the station has not finished the firmware update the scenario started (no final "
                 f"{FIRMWARE_COMMANDS[call.frame.action]} within {seconds_text(self.reboot_timeout)} s of its "
                 f"latest one); the next scenario may find it updating")
        elif done.frame.payload.get("status") != "Installed" and self.reboot_cause is not None \
                and self.reboot_cause[2] == call.frame.action:
            self.reboot_cause = None        # the update failed (or there was none): no reboot comes
        elif self.reboot_cause is not None and self.reboot_cause[2] == call.frame.action \
                and not self.version.startswith("1.6") and not self._install_rebooting_since(call):
            # 2.0.1 (L01): a station that restarts to install says InstallRebooting first; installed without
            # it, no reboot comes (a 1.6 Charge Point has no such status: its reboot is awaited)
            self.reboot_cause = None
        return done

    def _install_rebooting_since(self, call):
        return any(self._from_station(e, "FirmwareStatusNotification") and e.frame.payload.get("status") ==
                   "InstallRebooting" for e in self.trace.entries[call.seq + 1:])

    def _final_firmware_status(self, call, wait=False):
        """The station's notification of a final firmware status for this update command (after it),
        waiting, when `wait`, up to the reboot deadline after the latest sign of progress."""
        action = FIRMWARE_COMMANDS[call.frame.action]
        request_id = call.frame.payload.get("requestId")

        def about_it(entry):
            return self._from_station(entry, action) and \
                (request_id is None or entry.frame.payload.get("requestId") in (None, request_id))
        index, last, cap = call.seq + 1, call.at, call.at + 4 * self.reboot_timeout
        while True:
            remaining = min(cap, last + self.reboot_timeout) - time.monotonic() if wait else 0
            entry = self.trace.wait_for(about_it, max(0.0, remaining), index)
            if entry is None:
                return None
            if entry.frame.payload.get("status") in FINAL_FIRMWARE_STATUSES:
                return entry
            index, last = entry.seq + 1, entry.at

    def _accepted_boot_since(self, start):
        """Whether the CSMS accepted a BootNotification the station sent from trace index `start` on."""
        entries = self.trace.entries[start:]
        boots = {e.frame.unique_id for e in entries if self._from_station(e, "BootNotification")}
        return any(e.peer == self.station_id and e.direction == SENT and e.frame is not None
                   and e.frame.type == CALLRESULT and e.frame.unique_id in boots
                   and e.frame.payload.get("status") == "Accepted" for e in entries)

    def _await_reboot(self):
        """The scenario made the station restart (a Reset it accepted, a firmware update, a power
        failure) and it has not booted again yet: wait for its accepted boot, up to the reboot deadline
        from the cause, or the next scenario's power-up would meet the station still rebooting (its
        boot taken for the new one, the CSMS's requests sent before that boot)."""
        if self.reboot_cause is None:
            return
        start, at, what, future = self.reboot_cause
        if future is not None:
            if not future.done():
                return                      # never answered (the station was not there): no restart
            try:
                outcome = future.result(0)
            except Exception:
                return
            status = (outcome.response or {}).get("status", "Accepted") if outcome.ok else None
            if status not in ("Accepted", "AcceptedCanceled"):
                return                      # refused (or Scheduled for later): no restart now
        if self._accepted_boot_since(start):
            return
        remaining = at + self.reboot_timeout - time.monotonic()
        if remaining > 0:
            self._housekeeping_note(f"the suite waits up to {seconds_text(remaining)} s for the station to come back "
                                    f"from the {what.replace('_', ' ')}")
            if self.trace.wait_until(lambda: self._accepted_boot_since(start), remaining):
                return
        _say(f"the station has not come back from the {what.replace('_', ' ')} within "
             f"{seconds_text(self.reboot_timeout)} s (station_reboot_timeout); the next scenario may find it rebooting")

    def _clear_cache_if_authorized(self):
        """The station authorized an idTag in the scenario (it sent Authorize, StartTransaction; 2.0.1:
        Authorize, a TransactionEvent with an idToken): its Authorization Cache now holds it, and a later
        scenario's station may authorize that idTag from the cache and send no Authorize, as OCPP allows
        (1.6 sections 3.5.1 and 5.11, 2.0.1 C10), where the case expects one (TC_011_1_CS). The ledger
        sends ClearCache when the scenario ends; a station that rejects it is not judged."""
        actions = AUTHORIZING_MESSAGES["1.6" if self.version.startswith("1.6") else "2.0.1"]
        for entry in list(self.trace.entries):
            if self._from_station(entry) and entry.frame.action in actions \
                    and (entry.frame.action != "TransactionEvent" or "idToken" in entry.frame.payload):
                self.ledger.clear_cache()
                return True
        return False

    def _not_run_if_cache_uncleared(self):
        """No Authorize came from a real station whose Authorization Cache the suite could not clear
        after an earlier scenario: it may have authorized the idTag from that cache, which OCPP allows
        (1.6 sections 3.5.1 and 5.11, 2.0.1 C10), so its silence is no verdict."""
        from .outcomes import NotRun
        why = UNCLEARED_CACHES.get(self.station_id) if self.ledger is not None else None
        if why:
            raise NotRun(f"the station sent no Authorize, and it may have authorized the idTag from its "
                         f"Authorization Cache, as OCPP allows; the suite could not clear that cache ({why})")

    def _put_back_changes(self):
        """Undo the scenario's accepted changes at a real station (see station_restore), once it is
        connected again (a scenario may end with the station offline or rebooting)."""
        if not self.ledger.changed:
            return
        wait = self.reboot_timeout if self.reboot_pending else self.timeout
        problems = []
        for _ in range(2):          # once more if the station was not ready for it (still rebooting)
            try:
                # connected, and its boot answered: a station still booting drops what it is sent
                self.run(self.csms.wait_ready(self.station_id, wait), wait + 5)
                problems = self.run(self.ledger.restore(), 4 * self.timeout + 5)
            except Exception as exc:
                problems = [f"{type(exc).__name__}: {exc}"]
            if not problems:
                break
        for problem in problems:
            _say(f"the station could not be put back after the scenario ({problem}); "
                 f"later scenarios may find it changed")
        for refusal in self.ledger.refusals:
            _say(f"after the scenario {refusal} (printed, not judged)")
        self.ledger.refusals = []

    def connectors(self):
        """(evseId, connectorId) of every connector the station is configured with (number_of_evses)."""
        return [(evse, 1) for evse in range(1, self.config.integer("number_of_evses") + 1)]

    def action(self, name):
        """An OCPP action name as the spec spells it (did-you-mean on a typo)."""
        if schemas.is_known_action(self.version, name):
            return name
        hint = difflib.get_close_matches(name, sorted(schemas.actions(self.version)), 1, 0.6)
        raise expect.StepError(f"'{name}' is not an OCPP {self.version} action"
                               + (f"; did you mean {hint[0]}?" if hint else ""))

    def error_codes(self, text):
        """'InternalError' or '"A" or "B"' as a list of OCPP-J RPC error codes (did-you-mean on a typo)."""
        known = error_codes(self.version).all
        codes = [c.strip().strip('"') for c in text.split(" or ")]
        for code in codes:
            if code not in known:
                hint = difflib.get_close_matches(code, known, 1, 0.6)
                raise expect.StepError(f"'{code}' is not an OCPP {self.version} RPC error code"
                                       + (f"; did you mean {hint[0]}?" if hint else f"; it is one of {', '.join(known)}"))
        return codes

    def enum_at(self, action, path, value, is_request=True):
        """Check an enum value against the type of a field of an action (did-you-mean on a typo)."""
        _, def_name = expect.schema_node(self.version, action, is_request, path)
        if def_name and def_name.endswith("EnumType"):
            return enum_value(def_name[:-len("EnumType")], value, self.version)
        return value

    # ------------------------------------------------------------------ the station under test

    def make_driver(self):
        config = self.config
        if config.station_driver == "embedded":
            settings = ReferenceStationSettings(
                time_scale=self.time_scale, min_retry_interval=max(0.05, 30 * self.time_scale),
                reconnect_backoff=compressed_backoff(self.time_scale),
                lifecycle_step=max(0.01, self.time_scale * 0.2), call_timeout=self.timeout,
                transfer_time=max(0.2, self.time_scale * 5),
                evses={e: 1 for e in range(1, config.integer("number_of_evses") + 1)},
                transaction_message_retry_interval=max(0.02, self.time_scale))
            url, password = station_security.provision(self, settings)   # CSMS root, TLS, client certificate
            return EmbeddedStationDriver.create(self.station_id, url, password, settings,
                                                StationFaults.parse(self.station_faults))
        if config.station_driver == "sap":
            if not config.station_ui_url:
                self.fail("station_driver=sap needs the simulator's UI URL (-D station_ui_url=ws://...)")
            return SapSimulatorDriver(config.station_ui_url, station_id=self.station_id,
                                      username=config.station_ui_user or None,
                                      password=config.station_ui_password or None, csms_url=self.csms.url)
        if config.station_driver == "commands":
            return station_commands.for_session(self)
        if config.station_driver == "manual":
            return station_manual.for_session(self)
        self.fail(f"'{config.station_driver}' is not a station driver; use embedded, sap, commands or manual")

    def not_run_instead_of_failure(self):
        """Why a failed check of this scenario is no verdict on the station (features/environment.py
        then reports it not run): a manual action at the station nobody confirmed; else None."""
        unconfirmed = getattr(self.driver, "unconfirmed", None) if self.driver is not None else None
        if unconfirmed:
            return f"nobody confirmed the manual action at the station ({unconfirmed[-1]})"
        return None

    def act(self, what, *args):
        """Make the station act through its driver: power_on, plug_in, present_token, ..."""
        if self.driver is None:
            self.driver = self.make_driver()
        from .outcomes import NotRun
        cause = (len(self.trace.entries), time.monotonic(), what, None)
        if what in ("power_failure", "reboot"):
            self.reboot_pending = True     # it comes back within the reboot deadline, not station_timeout
        if what in ("power_failure", "reboot", "reconnect"):
            self._connections_before_now_are_old()
        if what == "power_on":
            # A power-up: what the station sends before its new connection (powering down) is not counted.
            self.power_on_start = len(self.trace.entries)
            self._power_on_connection = None
        try:
            result = self.run(getattr(self.driver, what)(*args), self._act_timeout(what))
        except (AssertionError, NotRun):
            raise
        except Exception as exc:
            self.fail(f"the station driver could not {what.replace('_', ' ')}: {type(exc).__name__}: {exc}")
        if what == "power_on":
            self._power_on_after_last_close()
        elif what in ("power_failure", "reboot"):
            self.reboot_cause = cause       # done (a driver that cannot do it leaves no reboot to wait for)
        elif what in ("go_offline", "go_online"):
            self.offline = what == "go_offline"     # an offline station gets its connection back at close
            self.connection_given[what] = cause[0]   # where in the trace the scenario took / gave it
        return result

    def _power_on_after_last_close(self):
        """The power-up's connection is one the station opened after the power_on action switched it
        off: a connection closed during the action (a driver switches a running station off first)
        ends everything before it. A reconnection still pending from the previous scenario (it was
        rebooting) that lands while the action runs is not this power-up's, nor is its boot."""
        closed = [e for e in self.trace.entries[self.power_on_start:] if self._is_event(e, CLOSED)]
        if closed:
            self.power_on_start = closed[-1].seq + 1
            self._power_on_connection = None

    def _connections_before_now_are_old(self):
        """The station is about to make a new connection: a step about "the station connects" means
        that one, never one that was open before (on a busy machine the CSMS may not yet have seen the
        old connection close, so it still looks live)."""
        if self.tls is not None:
            self.tls.pass_over_attempts_so_far()

    def _act_timeout(self, what):
        """How long a driver action may take: switching a real station on or off, or pointing it at
        another CSMS (a reconnection, maybe a reboot), may take the reboot deadline; so may waiting
        for a station to queue messages at its own pace while offline."""
        if what in ("power_on", "power_off", "set_csms_url", "reconnect", "wait_queued"):
            return max(self.timeout, self.reboot_timeout) + 5
        return self.timeout + 5

    def boot(self):
        """Power the station up; wait until the CSMS accepted its BootNotification and the station
        reported every configured connector Available (after that boot: isolation, see floor)."""
        self.act("power_on")
        boot = self._accepted_boot()
        for evse, connector in self.connectors():
            self.expect_status("Available", evse, connector)

    def _accepted_boot(self):
        """The station's BootNotification the CSMS accepted (after the power-up); from then on only
        later messages count (a step after "the station has booted" means after this boot)."""
        deadline = time.monotonic() + self.reboot_timeout
        while True:
            boot = self.expect_message("BootNotification", timeout=max(0.05, deadline - time.monotonic()))
            answer = self.answer_of_csms(boot)
            if answer is not None and answer.frame.type == CALLRESULT \
                    and answer.frame.payload.get("status") == "Accepted":
                break
            if time.monotonic() >= deadline:
                self.fail("the CSMS did not accept a BootNotification of the station in time "
                          f"(its boot statuses are {self.script.boot_statuses})")
        connected = [e for e in self._events(CONNECTED) if e.seq < boot.seq]
        if connected:
            self.connection_mark = connected[-1].seq
        self.floor = max(self.floor, boot.seq)
        self.booted = True
        for spec in self.after_boot:
            self.csms.schedule(self.station_id, spec)
        self.after_boot = []
        return boot

    def schedule_after_boot(self, spec):
        """A CSMS command schedule (CommandSpec) that starts once the CSMS accepted the station's
        boot in this scenario (at once when it already has): its first delay counts from that boot,
        not from a connection (a station may reconnect, or boot on a connection it kept)."""
        if self.booted:
            self.csms.schedule(self.station_id, spec)
        else:
            self.after_boot.append(spec)

    def send_on_demand(self, action, payload):
        """Make the station send a message with this payload ("(now)" strings become the time)."""
        self.action(action)
        start = len(self.trace.entries)
        answer = self.act("send_message", action, _with_now(payload))
        self._note_on_demand(action, start)
        return answer

    def _note_on_demand(self, action, start):
        sent = [e for e in self.trace.entries[start:] if self._from_station(e, action)]
        if sent:
            self.last_on_demand[action] = sent[-1]

    def send_times(self, action, count, payload=None):
        """Make the station send the same message `count` times in a row."""
        for _ in range(count):
            self.send_on_demand(action, payload or {})

    def send_each(self, action, path, values, template):
        """Make the station send one message per value, the value at `path` of the template."""
        for value in values:
            payload = copy.deepcopy(template)
            _set_path(payload, path, self.enum_at(action, path, value))
            self.send_on_demand(action, payload)

    def request_message(self, action):
        """Make the station send a message of its own making (its own CSR, OCSP data, ...)."""
        self.action(action)
        start = len(self.trace.entries)
        answer = self.act("request_message", action)
        self._note_on_demand(action, start)
        return answer

    def change_csms_url(self):
        """Open a second address of the test CSMS and point the station at it. The station is
        pointed back at the test CSMS's own address when the scenario ends (the next scenario
        expects it there, and the second address closes)."""
        url = self.run(self.csms.open_second_listener())
        original = self.csms.url

        async def point_back():
            if self.driver is not None:
                await self.driver.set_csms_url(original)
        if not any(what == "CSMS URL" for what, _ in self.cleanups):
            self.cleanups.append(("CSMS URL", point_back))
        self.act("set_csms_url", url)
        return url

    # ------------------------------------------------------------------ what the station sent

    def _from_station(self, entry, action=None):
        return (entry.peer == self.station_id and entry.direction == RECEIVED and entry.frame is not None
                and entry.frame.type == CALL and (action is None or entry.frame.action == action))

    def _counts(self, entry):
        """Whether a message belongs to what this scenario made the station do: from `floor` on (the
        accepted boot of "the station has booted"), and after the first connection that followed
        the scenario's latest power-up (not what the station sent while powering down)."""
        if entry.seq < self.floor:
            return False
        if self.power_on_start is None or entry.seq < self.power_on_start:
            return self.power_on_start is None
        if self._power_on_connection is None:
            for candidate in self.trace.entries[self.power_on_start:entry.seq]:
                if self._is_event(candidate, CONNECTED):
                    self._power_on_connection = candidate
                    break
        return self._power_on_connection is not None and entry.seq > self._power_on_connection.seq

    def messages(self, action=None):
        """The station's messages of this scenario (see _counts)."""
        return [e for e in list(self.trace.entries) if self._from_station(e, action) and self._counts(e)]

    def _near_misses(self, action, rows, start):
        """Why the station's unmatched messages of this action did not do, for a failure message."""
        lines = []
        for entry in self.messages(action):
            if entry.seq in self.consumed:
                continue
            payload = json.dumps(entry.frame.payload)
            if len(payload) > 300:
                payload = payload[:300] + "..."
            problems = expect.fields_mismatches(self.version, action, True, entry.frame.payload, rows, self.config)
            where = " (before that)" if entry.seq < start else ""
            lines.append(f"  it sent{where} {payload}" + (f": {'; '.join(problems)}" if problems else ""))
        return ("\n" + "\n".join(lines[:8])) if lines else ""

    def expect_message(self, action, rows=(), timeout=None, matches=None, after=None, what=""):
        """The first message of `action` from the station not matched before (and after entry `after`)
        for which matches(payload) holds; then every row must hold, or the step fails. A progress
        notification of a transfer that repeats the status a step matched last ("Uploading" twice) is
        passed over, unless it is what this step expects; a different status is judged."""
        self.action(action)
        for path, _ in rows:
            expect.schema_node(self.version, action, True, path)
        timeout = self.wait_timeout(action) if timeout is None else timeout
        start = max(after.seq + 1 if after is not None else 0, self.floor)
        previous = self.last_matched.get(action) if action in TRANSFER_STATUS_ACTIONS else None
        repeats = []

        def repeat(entry):
            return (previous is not None and entry.seq > previous.seq
                    and entry.frame.payload.get("status") == previous.frame.payload.get("status")
                    and expect.fields_mismatches(self.version, action, True, entry.frame.payload, rows, self.config))

        def fits(entry):
            if not (entry.seq not in self.consumed and self._from_station(entry, action) and self._counts(entry)
                    and (matches is None or matches(entry.frame.payload))):
                return False
            if repeat(entry):
                repeats.append(entry)
                return False
            return True
        refused = self._is_security_refusal if not getattr(self.driver, "sets_up_security", True) else None
        entry = self.trace.wait_for(lambda e: fits(e) or (refused is not None and refused(e)), timeout, start)
        if entry is not None and refused is not None and refused(entry):
            self._not_run_if_security_not_set_up()      # (a station the driver could not set up: no waiting on)
            entry = self.trace.wait_for(fits, timeout, entry.seq + 1)
        if entry is None and action == "Authorize":
            self._not_run_if_cache_uncleared()
        if entry is None:
            self._not_run_if_security_not_set_up()
            wanted = what or (" with " + ", ".join(f"{p} {v}" for p, v in rows) if rows and matches else "")
            self.fail(f"the station did not send {action}Request{wanted} within {seconds_text(timeout)} s"
                      + self._near_misses(action, rows, start))
        self.consumed.update(e.seq for e in repeats)
        self.consumed.add(entry.seq)
        self.last_matched[action] = entry
        self._not_run_if_driver_wrote(entry)
        if entry.violations:
            self.fail(f"the station's {action}Request breaks the rules: {'; '.join(entry.violations)}")
        problems = expect.fields_mismatches(self.version, action, True, entry.frame.payload, rows, self.config)
        if problems:
            self.fail(f"the station sent {action}Request {json.dumps(entry.frame.payload)}\n  " + "\n  ".join(problems))
        return entry

    def _is_security_refusal(self, entry):
        return self._is_event(entry, "handshake refused with HTTP 401")

    def _not_run_if_security_not_set_up(self):
        """The test CSMS refused the station's connection for its security (HTTP 401: no TLS, no Basic auth,
        no client certificate) and its driver cannot set the station up for a security profile (the SAP
        simulator's UI points it at the plain ws:// address): the station was never given what the case
        needs, so its silence is no verdict."""
        if getattr(self.driver, "sets_up_security", True) or not self.station_id:
            return
        refusals = self._events("handshake refused with HTTP 401")
        if refusals and not self.csms.is_connected(self.station_id):
            from .outcomes import NotRun
            raise NotRun(f"the {getattr(self.driver, 'name', 'station')} driver cannot set the station up for the "
                         f"case's security profile, and the test CSMS refused its connection: "
                         f"{refusals[-1].text}")

    def _not_run_if_driver_wrote(self, entry):
        """A message the station sent because the driver wrote it (the sap driver's status of a cable, a
        bare StopTransaction) is the driver's, not the station's: the step that would judge it is not run."""
        wrote = getattr(self.driver, "wrote", None)
        if wrote is not None and wrote(entry.frame.action, entry.frame.payload, entry.at):
            from .outcomes import NotRun
            raise NotRun(f"the {getattr(self.driver, 'name', 'station')} driver wrote this {entry.frame.action} itself "
                         f"({json.dumps(entry.frame.payload)}): what it says is the driver's, not the station's")

    def expect_fitting(self, action, rows, after=None):
        """The first unmatched message of `action` for which every row holds; others are passed over."""
        def fits(payload):
            return not expect.fields_mismatches(self.version, action, True, payload, rows, self.config)
        return self.expect_message(action, rows, matches=fits, after=after)

    def expect_status(self, status, evse, connector, after=None, what=""):
        status = enum_value("ConnectorStatus", status)
        return self.expect_message(
            "StatusNotification", [("connectorStatus", status), ("evseId", str(evse)), ("connectorId", str(connector))],
            matches=lambda p: p.get("evseId") == evse and p.get("connectorId") == connector
            and p.get("connectorStatus") == status, after=after, what=what)

    def expect_status_everywhere(self, status):
        for evse, connector in self.connectors():
            self.expect_status(status, evse, connector)

    def expect_status_after_reconnect(self, status):
        """B04 after an outage: the station reports this status for every connector, or, having rebooted
        not, keeps the status it last reported (nothing changed while it was offline, and a status
        refresh after a reconnection is only recommended beyond OfflineThreshold, OCPP 2.0.1 Part 2
        Appendix 3). A new boot always reports anew (B01.FR.05)."""
        from .trace import RECEIVED
        status = enum_value("ConnectorStatus", status)
        entries = list(self.trace.entries)
        reconnected = [e for e in entries if e.peer == self.station_id and CONNECTED in e.text and e.frame is None]
        since = reconnected[-1].seq if reconnected else 0
        booted = any(e.seq > since and e.frame is not None and e.frame.action == "BootNotification"
                     and e.direction == RECEIVED for e in entries)
        for evse, connector in self.connectors():
            def same(p, evse=evse, connector=connector):
                return p.get("evseId") == evse and p.get("connectorId") == connector
            last = [e for e in entries if e.direction == RECEIVED and e.frame is not None and e.seq < since
                    and e.frame.action == "StatusNotification" and same(e.frame.payload)]
            kept = last and last[-1].frame.payload.get("connectorStatus") == status
            must_report = booted or not kept
            wait = self.config.seconds("station_timeout") if must_report else \
                min(self.config.seconds("station_timeout"), self.config.seconds("quiet_period") * 2)
            entry = self.trace.wait_for(lambda e: e.seq > since and e.direction == RECEIVED and e.frame is not None
                                        and e.frame.action == "StatusNotification" and same(e.frame.payload), wait)
            if entry is None and must_report:
                why = "it booted again (B01.FR.05)" if booted else "its last status was not " + status
                self.fail(f"the station did not send StatusNotification {status} for EVSE {evse} connector "
                          f"{connector} within {seconds_text(wait)} after the reconnection ({why})")
            if entry is not None and entry.frame.payload.get("connectorStatus") != status:
                self.fail(f"after the reconnection the station reports EVSE {evse} connector {connector} "
                          f"{entry.frame.payload.get('connectorStatus')}, expected {status}")

    def expect_each(self, action, path, values):
        """The station's next messages of `action` carry these values at `path`, one each, in order."""
        values = [self.enum_at(action, path, v) for v in values]
        previous = None
        for value in values:
            previous = self.expect_message(action, [(path, value)], after=previous)

    def expect_count(self, action, count):
        """The station's next `count` messages of this action (not matched before)."""
        previous = None
        for _ in range(count):
            previous = self.expect_message(action, after=previous)

    def expect_no_message(self, action, seconds):
        entry = self.trace.wait_for(lambda e: e.seq not in self.consumed and self._from_station(e, action)
                                    and self._counts(e), seconds, self.floor)
        if entry is not None:
            self.fail(f"the station sent {action}Request although it should not have: {entry.text}")

    def latest_message(self, action):
        """The message of `action` a step matched or had sent on demand last, else the station's
        latest one (waiting for one)."""
        known = [e for e in (self.last_matched.get(action), self.last_on_demand.get(action)) if e is not None]
        entry = max(known, key=lambda e: e.seq) if known else None
        if entry is None:
            entry = self.trace.wait_for(lambda e: self._from_station(e, action) and self._counts(e),
                                        self.timeout, self.floor)
            later = self.messages(action)
            entry = later[-1] if later else None
        if entry is None:
            self.fail(f"the station has not sent {action}Request in this scenario")
        return entry

    # ------------------------------------------------------------------ transactions

    def check_seq_nos(self):
        """Every TransactionEvent of the transaction of the last matched one: seqNo 0, 1, 2, ..."""
        entry = self.latest_message("TransactionEvent")
        tx_id = entry.frame.payload["transactionInfo"]["transactionId"]
        seq_nos = [e.frame.payload["seqNo"] for e in self.messages("TransactionEvent")
                   if e.frame.payload["transactionInfo"]["transactionId"] == tx_id]
        expected = list(range(len(seq_nos)))
        if seq_nos != expected:
            repeated = sorted({s for s in seq_nos if seq_nos.count(s) > 1})
            why = f"; seqNo {', '.join(map(str, repeated))} repeats" if repeated else ""
            self.fail(f"the station's TransactionEvents of transaction {tx_id} have seqNo "
                      f"{', '.join(map(str, seq_nos))}; expected {', '.join(map(str, expected))}{why}")

    def check_remote_start_id(self):
        request = self.command_request("RequestStartTransaction")
        entry = self.latest_message("TransactionEvent")
        actual = entry.frame.payload["transactionInfo"].get("remoteStartId")
        if actual != request.get("remoteStartId"):
            self.fail(f"the station's TransactionEvent has transactionInfo.remoteStartId {json.dumps(actual)}; "
                      f"the CSMS's RequestStartTransaction had remoteStartId {request.get('remoteStartId')}")

    def check_measurands(self, measurands, context):
        """The meter values of the TransactionEvent matched last carry each measurand in this context."""
        measurands = [enum_value("Measurand", m) for m in measurands]
        context = enum_value("ReadingContext", context)
        entry = self.latest_message("TransactionEvent")
        sampled = [sv for mv in entry.frame.payload.get("meterValue", []) for sv in mv.get("sampledValue", [])]
        present = {(sv.get("measurand", "Energy.Active.Import.Register"), sv.get("context", "Sample.Periodic"))
                   for sv in sampled}
        missing = [m for m in measurands if (m, context) not in present]
        if missing:
            have = ", ".join(f"{m} ({c})" for m, c in sorted(present)) or "no sampled values"
            self.fail(f"the station's TransactionEvent seqNo {entry.frame.payload.get('seqNo')} lacks "
                      f"{', '.join(missing)} in context {context}; it carries {have}")

    def check_csr(self):
        entry = self.latest_message("SignCertificate")
        text = entry.frame.payload.get("csr", "")
        try:
            csr = x509.load_pem_x509_csr(text.encode())
        except ValueError as exc:
            self.fail(f"the csr of the station's SignCertificate is not a PEM certificate signing request: {exc}")
        if not csr.is_signature_valid:
            self.fail("the csr of the station's SignCertificate has an invalid signature")

    # ------------------------------------------------------------------ what the CSMS answered

    def answers(self, entry):
        """Whether a trace entry is the CSMS's answer (CALLRESULT or CALLERROR) to this message of the station."""
        uid = entry.frame.unique_id
        return lambda e: e.peer == self.station_id and e.direction == SENT and e.frame is not None \
            and e.frame.type in (CALLRESULT, CALLERROR) and e.frame.unique_id == uid

    def answer_of_csms(self, entry, timeout=None):
        """The CSMS's answer (CALLRESULT or CALLERROR trace entry) to a message of the station, waited for up
        to `timeout` (station_timeout; 0: in the trace so far)."""
        return self.trace.wait_for(self.answers(entry), self.timeout if timeout is None else timeout, entry.seq)

    def csms_answer(self, action, entry=None):
        self.action(action)
        entry = entry or self.latest_message(action)
        answer = self.answer_of_csms(entry)
        if answer is None:
            self.fail(f"the CSMS did not answer the station's {action}Request {entry.text}")
        return answer

    def check_csms_answer(self, action, rows, entry=None):
        answer = self.csms_answer(action, entry)
        if answer.frame.type != CALLRESULT:
            self.fail(f"the CSMS answered the station's {action} with CALLERROR {answer.frame.error_code}")
        problems = expect.fields_mismatches(self.version, action, False, answer.frame.payload, rows, self.config)
        if problems:
            self.fail(f"the CSMS answered {action} with {json.dumps(answer.frame.payload)}\n  " + "\n  ".join(problems))

    def check_csms_error(self, action, codes):
        codes = self.error_codes(codes)
        answer = self.csms_answer(action)
        if answer.frame.type != CALLERROR or answer.frame.error_code not in codes:
            self.fail(f"expected the CSMS to answer the station's {action} with CALLERROR {' or '.join(codes)}, "
                      f"but it answered {answer.text}")

    def check_csms_empty(self, action):
        answer = self.csms_answer(action)
        if answer.frame.type != CALLRESULT or answer.frame.payload != {}:
            self.fail(f"expected the CSMS to answer the station's {action} with an empty payload, "
                      f"but it answered {answer.text}")

    def check_every_csms_answer(self, action, rows=()):
        self.action(action)
        sent = self.messages(action)
        if not sent:
            self.fail(f"the station has not sent {action}Request in this scenario")
        for entry in sent:
            self.check_csms_answer(action, rows, entry)

    # ------------------------------------------------------------------ the CSMS's commands

    def command(self, action, payload=None):
        """Make the test CSMS send a command now; its outcome is checked by a later step."""
        self.action(action)
        if not self.csms.is_connected(self.station_id):
            wait = self.wait_timeout()
            ready = self.run(self.csms.wait_connected(self.station_id, wait), wait + 5)
            if not ready:
                self.fail(f"the station is not connected to the test CSMS, so it cannot be sent {action}")
        if action in REBOOTING_COMMANDS:
            self._connections_before_now_are_old()     # before it is sent: the station may be quick
        future = asyncio.run_coroutine_threadsafe(
            self.csms.send(self.station_id, action, payload, self.timeout), self.runtime.loop)
        self.commands.append((action, future))
        if action in REBOOTING_COMMANDS and not (action == "Reset" and "evseId" in (payload or {})):
            # (a Reset of one EVSE restarts that EVSE, not the station: no boot comes)
            self.reboot_pending = True     # the station may now take the reboot deadline to come back
            self.reboot_cause = (len(self.trace.entries), time.monotonic(), action, future)
        return future

    def command_outcome(self, action):
        self.action(action)
        for name, future in reversed(self.commands):
            if name == action:
                try:
                    return future.result(self.timeout + 5)
                except Exception as exc:
                    self.fail(f"the test CSMS could not send {action}: {type(exc).__name__}: {exc}")
        self.fail(f"the CSMS has not sent {action} in this scenario")

    def check_command_error(self, action, codes):
        codes = self.error_codes(codes)
        outcome = self.command_outcome(action)
        if outcome.error_code not in codes:
            self.fail(f"expected CALLERROR {' or '.join(codes)} to {action}, but: {outcome.describe()}")

    def command_request(self, action):
        """The payload of the CSMS's last request of this action."""
        return self.command_outcome(action).request

    def command_answer_entry(self, action):
        """The trace entry of the station's answer to the CSMS's last request of this action."""
        outcome = self.command_outcome(action)
        if not outcome.ok and not outcome.error_code:
            self.fail(f"the station did not answer {action}: {outcome.describe()}")
        entry = self.trace.wait_for(lambda e: e.peer == self.station_id and e.direction == RECEIVED
                                    and e.frame is not None and e.frame.type in (CALLRESULT, CALLERROR)
                                    and e.frame.unique_id == outcome.unique_id, self.timeout)
        if entry is None:
            self.fail(f"the station's answer to {action} is not in the trace")
        return entry

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

    def expect_after_answer(self, command, action, rows=()):
        """The station sends `action` (fitting the rows) after its answer to the CSMS's `command`."""
        answer = self.command_answer_entry(command)
        if rows:
            return self.expect_fitting(action, rows, after=answer)
        return self.expect_message(action, after=answer, what=f" after answering {command}")

    def expect_interval_after_answer(self, action, command, seconds, tolerance=0.5):
        """The station's next `action` comes about `seconds` protocol seconds after it answered `command`."""
        answer = self.command_answer_entry(command)
        expected = self.protocol_seconds(seconds)
        entry = self.expect_message(action, timeout=expected * (1 + tolerance) + 0.5, after=answer,
                                    what=f" about {expected:.3f} s ({seconds:g} protocol seconds) after answering "
                                         f"{command}")
        gap = entry.at - answer.at
        low, high = expected * (1 - tolerance), expected * (1 + tolerance) + 0.15
        if not low <= gap <= high:
            self.fail(f"the station sent {action} {gap:.3f} s after answering {command}; expected about "
                      f"{expected:.3f} s ({seconds:g} protocol seconds x time scale {self.time_scale:g})")

    def expect_sequence(self, action, statuses, command):
        """The station's next `action` messages for the request of the CSMS's `command` have these
        statuses, in this order, and nothing else in between."""
        request_id = self.command_request(command).get("requestId")
        statuses = [self.enum_at(action, "status", s) for s in statuses]
        previous = self.command_answer_entry(command)
        for status in statuses:
            rows = [("status", status)] + ([("requestId", str(request_id))] if request_id is not None else [])
            previous = self.expect_message(
                action, rows, after=previous, what=f" for the {command} request (requestId {request_id})",
                matches=lambda p: request_id is None or p.get("requestId") == request_id)

    def expect_pages(self, action, command, request_id=None, after=None):
        """The station's `action` messages for one request: seqNo 0, 1, ... until the one with tbc false."""
        if request_id is None:
            request_id = self.command_request(command)["requestId"]
            after = self.command_answer_entry(command)
        seq_no = 0
        while True:
            entry = self.expect_message(
                action, [("seqNo", str(seq_no))], after=after,
                what=f" for the {command} request (requestId {request_id})",
                matches=lambda p: p.get("requestId") == request_id)
            if not entry.frame.payload.get("tbc", False):
                return seq_no + 1
            seq_no += 1
            if seq_no > 1000:
                self.fail(f"the station sent more than 1000 {action} messages for one request, all with tbc true")

    def _csms_calls(self, action):
        """[(CSMS CALL entry, the station's answer entry or None)] for every CSMS request of this action."""
        entries = list(self.trace.entries)
        answers = {e.frame.unique_id: e for e in entries
                   if e.peer == self.station_id and e.direction == RECEIVED and e.frame is not None
                   and e.frame.type in (CALLRESULT, CALLERROR)}
        return [(e, answers.get(e.frame.unique_id)) for e in entries
                if e.peer == self.station_id and e.direction == SENT and e.frame is not None
                and e.frame.type == CALL and e.frame.action == action]

    def expect_answered_requests(self, action, count, rows):
        """The station answered at least `count` requests of this action (sent by the CSMS's own
        schedule or by steps), each with a CALLRESULT for which every row holds."""
        def enough():
            return len([a for _, a in self._csms_calls(action) if a is not None]) >= count
        self.trace.wait_until(enough, self.timeout + count * self.timeout)
        calls = [(c, a) for c, a in self._csms_calls(action) if a is not None]
        if len(calls) < count:
            self.fail(f"the station answered {len(calls)} {action} requests; expected {count}")
        for call, answer in calls[:count]:
            if answer.frame.type != CALLRESULT:
                self.fail(f"the station answered {action} with CALLERROR: {answer.text}")
            problems = expect.fields_mismatches(self.version, action, False, answer.frame.payload, rows, self.config)
            if problems:
                self.fail(f"the station answered {action} with {answer.text}\n  " + "\n  ".join(problems))
        return calls[:count]

    def expect_pages_for_every(self, action, command):
        calls = [(c, a) for c, a in self._csms_calls(command) if a is not None and a.frame.type == CALLRESULT]
        if not calls:
            self.fail(f"the station has answered no {command} request in this scenario")
        for call, answer in calls:
            self.expect_pages(action, command, call.frame.payload["requestId"], answer)

    def check_no_callerror(self):
        errors = [a for _, a in self._all_csms_calls() if a is not None and a.frame.type == CALLERROR]
        if errors:
            self.fail("the station answered requests of the CSMS with CALLERROR:\n  "
                      + "\n  ".join(e.text for e in errors))
        self.check_peer_violations()

    def _all_csms_calls(self):
        actions = {e.frame.action for e in list(self.trace.entries)
                   if e.direction == SENT and e.frame is not None and e.frame.type == CALL}
        return [pair for action in sorted(actions) for pair in self._csms_calls(action)]

    def check_peer_violations(self):
        bad = [e for e in list(self.trace.entries) if e.direction == RECEIVED and e.violations]
        if bad:
            lines = [f"  {e.text[:100]}: {'; '.join(e.violations)}" for e in bad]
            self.fail("the station sent frames that break OCPP-J or the OCPP schema:\n" + "\n".join(lines))

    def expect_boot_retry(self):
        """After a BootNotification the CSMS answered with something other than Accepted, the station
        boots again once the answer's interval has passed: the interval is a MINIMUM wait, so any
        retry at or after it (less a small tolerance for timers) up to a generous maximum passes;
        an earlier one fails."""
        rule = ("the interval of a BootNotificationResponse other than Accepted is the minimum wait before the "
                "next BootNotification (OCPP 2.0.1 B03.FR.06 'after the set interval has passed'; the test plan "
                "E2E_B02/B03 'retry after interval'; OCPP 1.6 section 4.2 'minimum wait time')")
        previous = self.latest_message("BootNotification")
        answer = self.answer_of_csms(previous)
        if answer is None or answer.frame.type != CALLRESULT:
            self.fail(f"the CSMS did not answer the station's BootNotification {previous.text}, so no retry interval runs")
        status, interval = answer.frame.payload.get("status"), answer.frame.payload.get("interval", 0)
        if status == "Accepted":
            self.fail("the CSMS accepted the station's last BootNotification; a retry is for Pending or Rejected")
        expected = self.protocol_seconds(interval)
        low = expected - min(1.0, max(0.02, 0.1 * expected))       # timers fire a little early or late
        high = expected + self.wait_timeout("BootNotification")    # generous: the station chooses when, after
        remaining = max(0.05, high - (time.monotonic() - answer.at))
        entry = self.expect_message("BootNotification", timeout=remaining, after=answer,
                                    what=f" again after the {status} answer (interval {interval:g} protocol seconds, "
                                         f"{seconds_text(expected)} s)")
        gap = entry.at - answer.at
        if gap < low:
            self.fail(f"{rule}:\n  the CSMS answered {status} with interval {interval:g} ({expected:.3f} s), but the "
                      f"station sent BootNotification again {gap:.3f} s after that answer, too early")
        if gap > high:
            self.fail(f"{rule}:\n  the station sent BootNotification again only {gap:.3f} s after the {status} answer "
                      f"(interval {expected:.3f} s; at most {high:.3f} s allowed)")
        return entry

    def check_installed_certificate_listed(self):
        """When the station answered InstallCertificate Accepted, its answer to the GetInstalledCertificateIds
        that followed lists a certificate of that type (M05: an Accepted certificate is installed; M03
        reports it); a Rejected or Failed install (allowed by the plan) leaves nothing to check."""
        install = self.command_outcome("InstallCertificate")
        if not install.ok or (install.response or {}).get("status") != "Accepted":
            return
        wanted = install.request.get("certificateType")
        listed = self.check_command_answer("GetInstalledCertificateIds", [("status", "Accepted")])
        types = [c.get("certificateType") for c in listed.get("certificateHashDataChain") or []]
        if wanted not in types:
            self.fail(f"the station accepted InstallCertificate of a {wanted}, but GetInstalledCertificateIds lists "
                      f"{', '.join(map(str, types)) or 'no certificates'} (M05: an accepted certificate is installed)")

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

    # ------------------------------------------------------------------ the connection

    def _is_event(self, entry, text):
        return entry.peer == self.station_id and entry.direction == EVENT and entry.text.startswith(text)

    def _events(self, text):
        return [e for e in list(self.trace.entries) if self._is_event(e, text)]

    def _connection_start(self):
        """Where to look for the next drop of the connection: after the connection a step accounted
        for, else after the scenario's first connection (a close the previous scenario's station
        left behind is not this station's)."""
        if self.connection_mark >= 0:
            return self.connection_mark + 1
        first = self._events(CONNECTED)
        return first[0].seq + 1 if first else 0

    went_down = False           # the scenario took the test CSMS down (the cleanup awaits the reconnection)

    def csms_down(self):
        self.went_down = True
        self.run(self.csms.go_down())

    def csms_back(self):
        self.run(self.csms.come_back())

    # A reconnecting station doubles its wait after each failed attempt and adds a random range
    # (OCPP 2.0.1 Part 4 section 5.3, OCPPCommCtrlr.RetryBackOffWaitMinimum / RandomRange / RepeatTimes;
    # a 1.6 station has its own, unspecified, backoff): its next attempt may come up to about twice its
    # last wait later, plus the range. The suite gives it BACKOFF_ALLOWANCE times its last observed wait
    # after its last attempt, plus station_timeout, and never less than the reboot deadline.
    BACKOFF_ALLOWANCE = 2.5

    def _attempts_since_close(self):
        """The station's latest connection close (from where a step looks for one) and its connection
        attempts while the CSMS was down since then."""
        closes = [e for e in self._events(CLOSED) if e.seq >= self._connection_start()]
        if not closes:
            return None, []
        closed = closes[-1]
        return closed, [e for e in self._events(ATTEMPT_WHILE_DOWN) if e.seq > closed.seq]

    def _next_attempt_deadline(self, closed, attempts):
        """Seconds from now within which the station's next connection attempt is due."""
        if not attempts:
            return max(0.0, closed.at + self.reboot_timeout - time.monotonic())
        times = [closed.at] + [e.at for e in attempts]
        last_wait = times[-1] - times[-2]
        due = times[-1] + self.BACKOFF_ALLOWANCE * last_wait + self.timeout
        return max(0.0, due - time.monotonic())

    def reconnection_deadline(self):
        """Seconds from now within which a station that lost its connection should be connected again:
        the reboot deadline, or longer while its observed backoff says its next attempt is later."""
        closed, attempts = self._attempts_since_close()
        if closed is None or not attempts:
            return self.reboot_timeout
        return max(self.reboot_timeout, self._next_attempt_deadline(closed, attempts))

    def await_attempts(self, closed, count):
        """The station's first `count` connection attempts while the CSMS is down after the close
        `closed`, each awaited as long as its backoff so far allows; fewer when one did not come.
        Returns them and the last wait (seconds)."""
        found, wait = [], 0.0
        while len(found) < count:
            wait = self._next_attempt_deadline(closed, found)
            start = found[-1].seq + 1 if found else closed.seq + 1
            entry = self.trace.wait_for(lambda e: self._is_event(e, ATTEMPT_WHILE_DOWN), wait, start)
            if entry is None:
                break
            found.append(entry)
        return found, wait

    def expect_reconnection(self, listener=None):
        """After a step-accounted connection: the connection closes, then the station connects again
        (to the second address of the CSMS when listener == "second")."""
        # A reconnection may be a reboot (Reset, a new CSMS URL): a real station gets the reboot deadline,
        # or longer when its backoff while the CSMS was down puts its next attempt later.
        wait = self.reboot_timeout
        closed = self.trace.wait_for(lambda e: self._is_event(e, CLOSED), wait, self._connection_start())
        if closed is None:
            self.fail(f"the station's connection to the CSMS did not close within {seconds_text(wait)} s")
        wait = self.reconnection_deadline()
        connected = self.trace.wait_for(lambda e: self._is_event(e, CONNECTED), wait, closed.seq + 1)
        if connected is None:
            self.fail(f"the station did not connect to the CSMS again within {seconds_text(wait)} s "
                      "after its connection closed")
        self.connection_mark = connected.seq
        if listener is not None:
            actual = self.csms.listener_of(self.station_id)
            if actual != listener:
                self.fail(f"the station connected again, but to the {actual or 'no'} address of the CSMS, "
                          f"not the {listener} one it was given")
        return connected

    def expect_reconnect_attempts(self, count, tolerance=0.25, growth=1.5):
        """While the CSMS is down: `count` connection attempts whose waits between attempts do not
        shrink (within the tolerance) and grow overall (the last at least `growth` times the first):
        a backoff, not a hammering. The wait before the first attempt is shown, not judged: the
        station's backoff starts when it notices the lost connection, which the CSMS cannot see (on a
        busy machine, or a real network, that is later than the close the CSMS recorded). Each attempt
        is awaited as long as the backoff observed so far allows (see BACKOFF_ALLOWANCE): a real
        station's third wait may be four times RetryBackOffWaitMinimum, 2 minutes by default."""
        if count < 3:
            raise expect.StepError(f"{count} attempts give fewer than two waits between attempts to compare; "
                                   f"ask for at least 3")
        closed = self.trace.wait_for(lambda e: self._is_event(e, CLOSED), self.timeout, self._connection_start())
        if closed is None:
            self.fail(f"the station's connection to the CSMS did not close within {seconds_text(self.timeout)} s")
        found, wait = self.await_attempts(closed, count)
        if len(found) < count:
            times = [closed.at] + [e.at for e in found]
            waits = ", ".join(f"{b - a:.3f} s" for a, b in zip(times, times[1:])) or "none"
            self.fail(f"the station tried to reconnect {len(found)} time(s) while the CSMS was down; expected "
                      f"{count} (waits so far: {waits}; the next attempt was awaited {seconds_text(wait)} s more)")
        times = [closed.at] + [e.at for e in found[:count]]
        waits = [b - a for a, b in zip(times, times[1:])]
        shown = ", ".join(f"{w:.3f} s" for w in waits)
        judged = waits[1:]                 # between attempts: both ends seen the same way
        jitter = 0.1                       # how late the test CSMS may notice an attempt (scheduling)
        shrinks = any(after < before * (1 - tolerance) - jitter for before, after in zip(judged, judged[1:]))
        if shrinks or (len(judged) > 1 and judged[-1] < judged[0] * growth - jitter):
            self.fail(f"the station waited {shown} before its reconnection attempts (the first from the "
                      f"closed connection); a backoff waits at least as long each time and longer overall "
                      f"(between attempts, the last wait at least {growth:g} times the first)")

    def expect_stays_connected(self, seconds):
        start = len(self.trace.entries)
        closed = self.trace.wait_for(lambda e: self._is_event(e, CLOSED), seconds, start)
        if closed is not None:
            self.fail(f"the station's connection closed although it should have stayed: {closed.text}")
