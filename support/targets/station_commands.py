"""The `commands` station driver: any station the vendor can act on from a shell.

A TOML file (-D station_commands=FILE, $STATION_COMMANDS) gives one command per driver action:

    [settings]                      # optional: station settings (sut_station_id, number_of_evses, ...)
    sut_station_id = "CS001"

    [commands]
    power_on = "ssh lab-pdu outlet 3 on"
    plug_in  = "./ev-sim plug --evse {evse_id} --connector {connector_id}"
    present_token = ["./rfid", "present", "{id_token}", "--type", "{token_type}"]

A command given as a string runs through the shell (/bin/sh): every placeholder is replaced by its
value quoted with shlex.quote, so a value is always one shell word whatever it holds, and the rest
of the line is the tester's own shell (pipes, $VARIABLES, &&). Write placeholders as bare words,
never inside quotes. A command given as a list of strings runs without a shell: each element is one
argument, placeholders replaced as they are. `${NAME}` is the shell's, not a placeholder, and
`{{` / `}}` are literal braces.

An action the file lacks makes the scenario not run ("the station driver cannot plug_in: FILE has
no command for it"); a command that exits non-zero or runs past station_command_timeout makes it
not run with the command, its exit code and the tail of its output: a driver error is never a
verdict on the station. Commands run in the directory behave runs in, with the environment of the
run plus STATION_COMMANDS_DIR (the file's folder), STATION_ID, STATION_ACTION; standard input is
closed.

Actions run in the calling (step) thread and return a finished coroutine: the runtime loop keeps
serving the station while a command runs, and the command's own timeout is the only deadline.
"""
import json
import os
import re
import shlex
import signal
import subprocess
import tempfile
import time

from ..scenario.outcomes import live
from .station import StationDriver, StationDriverNotRun

# Placeholders every command may use: who the station is, where it connects, and how it is to be
# provisioned for the scenario's security profile (the CSMS root CA the station is to trust, its
# client certificate for profile 3, the Basic auth password the CSMS expects; empty when none).
COMMON = ("station_id", "csms_url", "ocpp_version", "security_profile", "password", "tls_ca_cert",
          "tls_client_cert", "tls_client_key")

# action -> the placeholders its command may use (besides COMMON)
ACTIONS = {
    "power_on": (),
    "power_off": (),
    "reconnect": (),
    "plug_in": ("evse_id", "connector_id"),
    "unplug": ("evse_id", "connector_id"),
    "present_token": ("id_token", "token_type", "evse_id"),
    "start_session": ("evse_id", "connector_id", "id_token", "token_type"),
    "stop_session": ("evse_id",),
    "send_message": ("action", "payload_file", "payload"),
    "request_message": ("action",),
    "set_csms_url": ("url",),
    "go_offline": (),
    "go_online": (),
    # the EV-side manual actions of the OCTT 2.0.1 block E cases
    "ev_suspend": ("evse_id", "connector_id"),
    "ev_resume": ("evse_id", "connector_id"),
    "ev_not_ready": ("evse_id", "connector_id"),
    "unplug_at_ev": ("evse_id", "connector_id"),
    "plug_in_at_ev": ("evse_id", "connector_id"),
    # the parking bay sensor (TC_E_12, TC_E_19) and the Master Pass user interface (TC_C_47, TC_C_48)
    "drive_into_parking_bay": ("evse_id",),
    "drive_out_of_parking_bay": ("evse_id",),
    "select_stop_all_transactions": (),
    "select_stop_transaction": ("evse_id",),
    # the manual actions of the OCTT 1.6 Charge Point cases
    "disconnect_ev": ("connector_id",),
    "plug_in_halfway": ("connector_id",),
    "set_fault": ("connector_id", "error_code"),
    "clear_fault": ("connector_id",),
    "break_lock": ("connector_id",),
    "power_failure": (),
    "wait_queued": ("action", "count"),
    # after every scenario in which the driver acted: leave the station as the next one expects
    "end_scenario": (),
}
PLACEHOLDER = re.compile(r"\{\{|\}\}|(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
OUTPUT_TAIL = 1500


class CommandsFileError(ValueError):
    """The commands file cannot be used (unreadable, an unknown action or placeholder)."""


def load_commands(path):
    """{action: command (str or list of str)} from the file; CommandsFileError on a bad file."""
    from ..config import read_station_file
    data = read_station_file(path, CommandsFileError)
    table = data.get("commands", {})
    if not isinstance(table, dict):
        raise CommandsFileError(f"{path}: commands must be a table ([commands])")
    top = {k: v for k, v in data.items() if k not in ("commands", "settings")}
    for key in set(top) & set(table):
        raise CommandsFileError(f"{path}: {key} is given twice (at the top and in [commands])")
    commands = {}
    for action, command in {**top, **table}.items():
        if action not in ACTIONS:
            from difflib import get_close_matches
            hint = get_close_matches(action, list(ACTIONS), 1, 0.6)
            raise CommandsFileError(f"{path}: {action!r} is not a station driver action"
                                    + (f" (did you mean {hint[0]}?)" if hint else "")
                                    + f"; the actions are {', '.join(ACTIONS)}")
        if isinstance(command, list):
            if not command or not all(isinstance(part, str) for part in command):
                raise CommandsFileError(f"{path}: {action} must be a command line or a non-empty list of strings")
        elif not isinstance(command, str) or not command.strip():
            raise CommandsFileError(f"{path}: {action} must be a command line or a non-empty list of strings")
        allowed = set(COMMON) | set(ACTIONS[action])
        for part in command if isinstance(command, list) else [command]:
            for match in PLACEHOLDER.finditer(part):
                name = match.group(1)
                if name is not None and name not in allowed:
                    raise CommandsFileError(f"{path}: {action} uses {{{name}}}, which it has no value for; it can use "
                                            + ", ".join(f"{{{p}}}" for p in sorted(allowed)))
        commands[action] = command
    return commands


def substitute(text, values, quote):
    def one(match):
        if match.group(0) == "{{":
            return "{"
        if match.group(0) == "}}":
            return "}"
        value = str(values[match.group(1)])
        return shlex.quote(value) if quote else value
    return PLACEHOLDER.sub(one, text)


async def _finished(value=None):
    return value


def _tail(text):
    text = text.strip()
    return text if len(text) <= OUTPUT_TAIL else "..." + text[-OUTPUT_TAIL:]


class CommandsStationDriver(StationDriver):
    """Runs the file's command for each action (see the module's docstring)."""

    name = "commands"

    def __init__(self, path, station_id, csms_url, ocpp_version="2.0.1", timeout=30.0, output=live,
                 provisioning=None):
        self.path = path
        self.station_id = station_id
        self.csms_url = csms_url
        self.ocpp_version = ocpp_version
        self.provisioning = {"security_profile": 1, "password": "", "tls_ca_cert": "", "tls_client_cert": "",
                             "tls_client_key": "", **(provisioning or {})}
        self.timeout = float(timeout)
        self.output = output
        self.ran = []               # (action, argv or shell line, exit code) of every command run
        self.acted = False
        try:
            self.commands = load_commands(path)
            self.problem = None
        except CommandsFileError as exc:
            self.commands = {}
            self.problem = str(exc)

    def describe(self):
        return f"commands driver ({self.path}) for station {self.station_id}"

    # ------------------------------------------------------------------ running one command

    def has(self, action):
        return action in self.commands

    def run_action(self, action, /, **values):
        """Run the command of `action` now (in the calling thread); its standard output, or
        StationDriverNotRun when there is no command or it failed."""
        if self.problem:
            raise StationDriverNotRun(f"the station commands file cannot be used: {self.problem}")
        if action not in self.commands:
            raise StationDriverNotRun(f"the station driver cannot {action}: {self.path} has no command for it")
        if action != "end_scenario":
            self.acted = True
        values = {"station_id": self.station_id, "csms_url": self.csms_url, "ocpp_version": self.ocpp_version,
                  **self.provisioning, **values}
        command = self.commands[action]
        if isinstance(command, list):
            argv, shell = [substitute(part, values, False) for part in command], False
            shown = shlex.join(argv)
        else:
            argv = shown = substitute(command, values, True)
            shell = True
        env = dict(os.environ, STATION_COMMANDS_DIR=os.path.dirname(os.path.abspath(self.path)),
                   STATION_ID=self.station_id, STATION_ACTION=action)
        started = time.monotonic()
        try:
            process = subprocess.Popen(argv, shell=shell, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, env=env, start_new_session=True)
        except OSError as exc:
            self.ran.append((action, shown, None))
            raise StationDriverNotRun(f"the station driver's {action} command could not start: `{shown}`: "
                                      f"{exc}") from None
        try:
            out, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self._kill(process)
            try:
                out, _ = process.communicate(timeout=2)
            except subprocess.TimeoutExpired:       # something outside the group still holds the pipe
                process.stdout.close()
                out = b""
            self.ran.append((action, shown, None))
            tail = _tail(out.decode(errors="replace"))
            raise StationDriverNotRun(f"the station driver's {action} command did not finish within "
                                      f"{self.timeout:g} s (station_command_timeout): `{shown}`"
                                      + (f"; its output: {tail}" if tail else "; no output")) from None
        text = out.decode(errors="replace")
        self.ran.append((action, shown, process.returncode))
        if process.returncode != 0:
            tail = _tail(text)
            raise StationDriverNotRun(f"the station driver's {action} command failed with exit code "
                                      f"{process.returncode} after {time.monotonic() - started:.1f} s: `{shown}`"
                                      + (f"; its output: {tail}" if tail else "; no output"))
        return text

    @staticmethod
    def _kill(process):
        try:
            os.killpg(process.pid, signal.SIGKILL)      # the shell and whatever it started
        except (ProcessLookupError, PermissionError):
            process.kill()

    def _act(self, action, /, **values):
        return _finished(self._answer(self.run_action(action, **values)))

    @staticmethod
    def _answer(text):
        """The command's output as JSON when it is JSON, else its text (None when empty)."""
        text = text.strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text

    # ------------------------------------------------------------------ driver actions (sync, see above)

    def power_on(self):
        return self._act("power_on")

    def power_off(self):
        return self._act("power_off")

    def reconnect(self):
        return self._act("reconnect")

    def plug_in(self, evse_id=1, connector_id=1):
        return self._act("plug_in", evse_id=evse_id, connector_id=connector_id)

    def unplug(self, evse_id=1, connector_id=1):
        return self._act("unplug", evse_id=evse_id, connector_id=connector_id)

    def present_token(self, id_token, type="ISO14443", evse_id=1):
        return self._act("present_token", id_token=id_token, token_type=type, evse_id=evse_id)

    def start_session(self, evse_id=1, id_token="100000C01", type="ISO14443"):
        if self.has("start_session"):
            return self._act("start_session", evse_id=evse_id, connector_id=1, id_token=id_token, token_type=type)
        self.run_action("plug_in", evse_id=evse_id, connector_id=1)
        return self._act("present_token", id_token=id_token, token_type=type, evse_id=evse_id)

    def stop_session(self, evse_id=1):
        return self._act("stop_session", evse_id=evse_id)

    def send_message(self, action, payload):
        text = json.dumps(payload)
        with tempfile.NamedTemporaryFile("w", suffix=f"-{action}.json", prefix="ocpp-payload-",
                                         delete=False, encoding="utf-8") as f:
            f.write(text)
        try:
            return self._act("send_message", action=action, payload_file=f.name, payload=text)
        finally:
            os.unlink(f.name)

    def request_message(self, action):
        return self._act("request_message", action=action)

    def set_csms_url(self, url):
        return self._act("set_csms_url", url=url)

    def go_offline(self):
        return self._act("go_offline")

    def go_online(self):
        return self._act("go_online")

    def ev_suspend(self, evse_id=1, connector_id=1):
        return self._act("ev_suspend", evse_id=evse_id, connector_id=connector_id)

    def ev_resume(self, evse_id=1, connector_id=1):
        return self._act("ev_resume", evse_id=evse_id, connector_id=connector_id)

    def ev_not_ready(self, evse_id=1, connector_id=1):
        return self._act("ev_not_ready", evse_id=evse_id, connector_id=connector_id)

    def unplug_at_ev(self, evse_id=1, connector_id=1):
        return self._act("unplug_at_ev", evse_id=evse_id, connector_id=connector_id)

    def plug_in_at_ev(self, evse_id=1, connector_id=1):
        return self._act("plug_in_at_ev", evse_id=evse_id, connector_id=connector_id)

    def drive_into_parking_bay(self, evse_id=1):
        return self._act("drive_into_parking_bay", evse_id=evse_id)

    def drive_out_of_parking_bay(self, evse_id=1):
        return self._act("drive_out_of_parking_bay", evse_id=evse_id)

    def select_stop_all_transactions(self):
        return self._act("select_stop_all_transactions")

    def select_stop_transaction(self, evse_id=1):
        return self._act("select_stop_transaction", evse_id=evse_id)

    def disconnect_ev(self, connector_id=1):
        return self._act("disconnect_ev", connector_id=connector_id)

    def plug_in_halfway(self, connector_id=1):
        return self._act("plug_in_halfway", connector_id=connector_id)

    def set_fault(self, connector_id=1, error_code="OtherError"):
        return self._act("set_fault", connector_id=connector_id, error_code=error_code)

    def clear_fault(self, connector_id=1):
        return self._act("clear_fault", connector_id=connector_id)

    def break_lock(self, connector_id=1):
        return self._act("break_lock", connector_id=connector_id)

    def power_failure(self):
        return self._act("power_failure")

    def wait_queued(self, action, count, timeout=None):
        return self._act("wait_queued", action=action, count=count)

    def close(self):
        """After the scenario: the file's end_scenario command, when it has one and the driver acted."""
        if self.acted and self.has("end_scenario") and not self.problem:
            try:
                self.run_action("end_scenario")
            except StationDriverNotRun as exc:
                self.output(f"    station driver: {exc.reason}")
        return _finished()


def for_session(session):
    """The commands driver of a station scenario (StationScenarioSession.make_driver)."""
    config = session.config
    path = config.station_commands
    if not path:
        raise StationDriverNotRun("station_driver=commands needs its file: -D station_commands=FILE "
                                  "(or $STATION_COMMANDS); see docs/testing-a-station.md")
    url, provisioning = provisioning_of(session)
    return CommandsStationDriver(path, session.station_id, url, session.version,
                                 config.seconds("station_command_timeout"), provisioning=provisioning)


def provisioning_of(session):
    """(CSMS URL, {security_profile, password, tls_ca_cert, tls_client_cert, tls_client_key}) of the
    scenario: what the embedded reference station is given before it is switched on
    (station_security.provision), for a station the tester provisions by command. The URL is the
    test CSMS's base URL (its wss:// front door for security profiles 2 and 3); the station appends
    its identity."""
    from types import SimpleNamespace
    from ..scenario import station_security
    from ..scenario.ocpp16.station_security16 import provision16
    settings = SimpleNamespace(security_profile=1, tls_ca_cert=None, tls_client_cert=None, tls_client_key=None)
    provision = provision16 if session.version == "1.6" else station_security.provision
    url, password = provision(session, settings)
    return url, {"security_profile": settings.security_profile, "password": password or "",
                 "tls_ca_cert": settings.tls_ca_cert or "", "tls_client_cert": settings.tls_client_cert or "",
                 "tls_client_key": settings.tls_client_key or ""}


def csms_url_of(session):
    """The test CSMS's base URL the station under test is to connect to (its wss:// front door when
    the scenario requires security profile 2 or 3)."""
    security = getattr(session, "tls", None)
    if security is not None and (security.profile or 1) >= 2:
        return security.door.url
    return session.csms.url
