"""`python -m support.csms`: the test CSMS as a stand-alone mock server.

Charging stations connect to ws://HOST:PORT/<station id> (with --tls also to
wss://HOST:TLS_PORT/<station id>, security profiles 2 and 3). The flags fill a CsmsScript (see
docs/mock-csms.md). Every frame goes to stdout, as text or as one JSON object per line.
"""
import argparse
import asyncio
import datetime as _dt
import difflib
import json
import logging
import math
import signal
import sys
from dataclasses import dataclass

from ..rpc import frames, schemas
from ..scenario.trace import EVENT, RECEIVED, SENT
from .ocpp16 import cli as cli16
from .scripted import (AUTH_MODES, COMMAND_ACTIONS, DEFAULT_BLACKLIST, DEFAULT_WHITELIST, CommandSpec,
                       CsmsScript, TestCsms, parse_variable_specs, schema_enum)

PROG = "python -m support.csms"
SEED_TOTAL_COST = 10.0     # the seed mock server always reports this totalCost; so do we by default

BOOT_STATUSES = schema_enum("BootNotification", "RegistrationStatusEnumType", is_request=False)
TRIGGER_MESSAGES = schema_enum("TriggerMessage", "MessageTriggerEnumType")
RESET_TYPES = schema_enum("Reset", "ResetEnumType")
OPERATIONAL_STATUSES = schema_enum("ChangeAvailability", "OperationalStatusEnumType")
UPDATE_TYPES = schema_enum("SendLocalList", "UpdateEnumType")
LOG_FORMATS = ("text", "json")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: "<prog>: error: <what is wrong>", exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _suggest(value, choices):
    """ " (did you mean 'X'?)" for a near miss, case-insensitively; "" when nothing is close."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean {lowered[close[0]]!r}?" if close else ""


def _choice(what, choices):
    def parse(value):
        if value in choices:
            return value
        raise argparse.ArgumentTypeError(f"invalid {what} {value!r}{_suggest(value, choices)} "
                                         f"(choose from {', '.join(choices)})")
    parse.__name__ = what
    return parse


def _action(value):
    value = value.strip()
    if value in COMMAND_ACTIONS:
        return value
    if schemas.is_known_action("2.0.1", value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is an OCPP 2.0.1 action the mock server does not send on its own "
            f"(it can send: {', '.join(COMMAND_ACTIONS)})")
    if value in cli16.COUNTERPARTS and cli16.COUNTERPARTS[value] in COMMAND_ACTIONS:
        raise argparse.ArgumentTypeError(f"{value!r} is an OCPP 1.6 action; in OCPP 2.0.1 it is "
                                         f"{cli16.COUNTERPARTS[value]!r} (or give --ocpp-version 1.6)")
    raise argparse.ArgumentTypeError(f"unknown action {value!r}{_suggest(value, COMMAND_ACTIONS)} "
                                     f"(it can send: {', '.join(COMMAND_ACTIONS)})")


def _number(value):
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"{value!r} is not a finite number")
    return number


def _positive_number(value):
    number = _number(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be a positive number")
    return number


def _cost(value):
    if value.strip().lower() == "none":
        return None
    number = _number(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must not be negative")
    return number


def _integer(minimum):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not an integer") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{value!r} must be an integer >= {minimum}")
        return number
    parse.__name__ = "integer"
    return parse


def _port(value):
    number = _integer(0)(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port (0 to 65535; 0 picks a free one)")
    return number


def _seconds_or_datetime(value):
    try:
        return _positive_number(value)
    except argparse.ArgumentTypeError:
        pass
    from .scripted import _is_rfc3339
    if _is_rfc3339(value):
        return value
    raise argparse.ArgumentTypeError(f"{value!r} is neither a positive number of seconds nor an "
                                     "RFC 3339 date-time such as 2030-01-01T00:00:00Z")


def _id_token(value):
    if not value or len(value) > 36:
        raise argparse.ArgumentTypeError(f"{value!r} must be an idToken of 1 to 36 characters")
    return value


def _ocpp_version(value):
    if value in ("2.0.1", "ocpp2.0.1"):
        return "2.0.1"
    if value in ("1.6", "1.6J", "1.6j", "ocpp1.6"):
        return "1.6"
    raise argparse.ArgumentTypeError(f"unsupported OCPP version {value!r}; use 2.0.1 or 1.6")


def _security_profile(value):
    number = _integer(1)(value)
    if number > 3:
        raise argparse.ArgumentTypeError(f"{value!r} is not a security profile (1, 2 or 3)")
    return number


def _pem_file(flag):
    def parse(value):
        import os
        if not os.path.isfile(value):
            raise argparse.ArgumentTypeError(f"{value!r} is not a file")
        return value
    parse.__name__ = "PEM file"
    return parse


def _check_tls(args, given):
    """The TLS flags fit together: --cert with --key, the others with --tls, profiles 2 and 3 with wss://."""
    if args.tls:
        if (args.cert is None) != (args.key is None):
            raise argparse.ArgumentTypeError("--cert and --key go together (a server certificate and its key)")
    else:
        for dest in ("tls_port", "cert", "key", "ca"):
            if dest in given:
                raise argparse.ArgumentTypeError(f"--{dest.replace('_', '-')} needs --tls")
    profile = args.security_profile
    if profile in (2, 3) and not args.tls:
        raise argparse.ArgumentTypeError(f"--security-profile {profile} needs --tls (stations connect over wss://)")
    if profile == 2 and args.password is None:
        raise argparse.ArgumentTypeError("--security-profile 2 needs --password (TLS with HTTP Basic auth)")
    if profile == 3 and args.cert is not None and args.ca is None:
        raise argparse.ArgumentTypeError("--security-profile 3 needs --ca with --cert (the CA that client "
                                         "certificates chain up to)")


def tls_context(config):
    """The server SSLContext of the wss:// listener: --cert/--key/--ca, else the suite's test PKI (an ECDSA and
    an RSA server certificate, for both pairs of OCPP cipher suites; client certificates under its CSMS root)."""
    from .server import server_tls_context
    if config.cert:
        return server_tls_context(config.cert, config.key, config.ca)
    from ..pki.store import TestPki
    pki = TestPki()
    cert, key = pki.csms_server()
    return server_tls_context(cert, key, config.ca or pki.path("csms-root-ca"), more_chains=(pki.csms_server_rsa(),))


def _stripped(value):
    return value.strip()


def _non_empty(what):
    def parse(value):
        if not value:
            raise argparse.ArgumentTypeError(f"{what} must not be empty")
        return value
    return parse


def _tokens(values):
    """Tokens given space-separated (several arguments) or comma-separated (one argument)."""
    tokens = [t.strip() for v in values for t in v.split(",") if t.strip()]
    for token in tokens:
        _id_token(token)
    return tokens


def build_parser():
    p = _Parser(prog=PROG, description="Scriptable OCPP 2.0.1 or 1.6J test CSMS (mock server) for testing "
                                       "charging stations. Stations connect to ws://HOST:PORT/<station id>.")
    server = p.add_argument_group("server")
    server.add_argument("--host", default="127.0.0.1", type=_non_empty("--host"),
                        help="bind address (default 127.0.0.1)")
    server.add_argument("--port", type=_port, default=0, help="TCP port; 0 (default) picks a free port")
    server.add_argument("--ocpp-version", type=_ocpp_version, default="2.0.1",
                        help="OCPP version: 2.0.1 (default) or 1.6; each has its own command-payload flags")
    server.add_argument("--password", type=_non_empty("--password"), default=None,
                        help="require HTTP Basic auth with this password (username = station identity)")
    server.add_argument("--log-format", type=_choice("log format", LOG_FORMATS), default="text",
                        help="text (default) or json: one JSON object per frame")

    tls = p.add_argument_group("TLS (security profiles 2 and 3)")
    tls.add_argument("--tls", action="store_true",
                     help="also serve wss:// (TLS 1.2 or newer, the OCPP cipher suites) with the suite's test PKI "
                          "(certs/csms-server.pem under certs/csms-root-ca.pem, made on first use) unless --cert/--key")
    tls.add_argument("--tls-port", type=_port, default=0, help="TCP port of wss://; 0 (default) picks a free port")
    tls.add_argument("--cert", type=_pem_file("--cert"), default=None, metavar="PEM",
                     help="server certificate (chain) for wss://, instead of the test PKI's")
    tls.add_argument("--key", type=_pem_file("--key"), default=None, metavar="PEM", help="the --cert's private key")
    tls.add_argument("--ca", type=_pem_file("--ca"), default=None, metavar="PEM",
                     help="CA a station's client certificate must chain up to (default with the test PKI: "
                          "certs/csms-root-ca.pem)")
    tls.add_argument("--security-profile", type=_security_profile, default=None,
                     help="what every station must do: 1 = Basic auth when --password is given; 2 = wss:// and "
                          "Basic auth (--password); 3 = wss:// and a client certificate whose CN is its identity "
                          "(default: whatever comes, Basic auth when --password is given)")

    boot = p.add_argument_group("boot")
    boot_x = boot.add_mutually_exclusive_group()
    boot_x.add_argument("--boot-status", type=_choice("boot status", BOOT_STATUSES), default=None,
                        help="BootNotification status for every boot (default Accepted)")
    boot_x.add_argument("--boot-status-sequence", default=None, metavar="SEQ",
                        help="comma-separated statuses, one per boot, the last repeats: Pending,Accepted")
    boot.add_argument("--heartbeat-interval", type=_integer(1), default=60, metavar="SECONDS",
                      help="interval in BootNotification answers (default 60)")
    boot.add_argument("--total-cost", type=_cost, default=SEED_TOTAL_COST, metavar="COST",
                      help=f"totalCost in TransactionEvent Updated answers (default {SEED_TOTAL_COST}; "
                           "'none' leaves it out)")

    auth = p.add_argument_group("authorization")
    auth.add_argument("--auth-mode", type=_choice("auth mode", AUTH_MODES), default="normal",
                      help="normal, whitelist, blacklist or rate_limit (default normal)")
    auth.add_argument("--whitelist", nargs="+", default=None, metavar="TOKEN",
                      help=f"accepted tokens in whitelist mode (default {' '.join(DEFAULT_WHITELIST)})")
    auth.add_argument("--blacklist", nargs="+", default=None, metavar="TOKEN",
                      help=f"blocked tokens in blacklist mode (default {' '.join(DEFAULT_BLACKLIST)})")
    auth.add_argument("--offline", action="store_true", help="answer Authorize with CALLERROR InternalError")
    auth.add_argument("--auth-group-id", type=_id_token, default=None, metavar="ID",
                      help="groupIdToken in idTokenInfo answers")
    auth.add_argument("--auth-cache-expiry", type=_seconds_or_datetime, default=None,
                      metavar="SECONDS|DATETIME", help="cacheExpiryDateTime in idTokenInfo answers")

    cmd = p.add_argument_group("commands the CSMS sends on its own")
    cmd_x = cmd.add_mutually_exclusive_group()
    cmd_x.add_argument("-c", "--command", type=_stripped, default=None, metavar="ACTION",
                       help="one command; needs --delay or --period")
    cmd_x.add_argument("--commands", default=None, metavar="SEQ",
                       help="a sequence 'ACTION:DELAY,ACTION:DELAY'; each delay counts from the previous answer")
    when = cmd.add_mutually_exclusive_group()
    when.add_argument("-d", "--delay", type=_positive_number, default=None, metavar="SECONDS",
                      help="send --command once, this long after the boot")
    when.add_argument("-p", "--period", type=_positive_number, default=None, metavar="SECONDS",
                      help="send --command every SECONDS, starting SECONDS after the boot")
    cmd.add_argument("--restart-commands-on-reconnect", action="store_true",
                     help="start the commands again each time a station reconnects (default: once per station)")

    opts = p.add_argument_group("command payloads")
    opts.add_argument("--trigger-message", type=_stripped, default="StatusNotification",
                      help="TriggerMessage requestedMessage (default StatusNotification)")
    opts.add_argument("--trigger-evse-id", type=_integer(0), default=None, help="TriggerMessage evse.id")
    opts.add_argument("--reset-type", type=_stripped, default=None,
                      help="Reset type: Immediate or OnIdle in 2.0.1 (default Immediate), Hard or Soft in 1.6 "
                           "(default Hard)")
    opts.add_argument("--reset-evse-id", type=_integer(1), default=None, help="Reset evseId")
    opts.add_argument("--availability-status", type=_choice("availability status", OPERATIONAL_STATUSES),
                      default="Operative", help="ChangeAvailability operationalStatus (default Operative)")
    opts.add_argument("--availability-evse-id", type=_integer(0), default=None, help="ChangeAvailability evse.id")
    opts.add_argument("--set-variables", default=None, metavar="SPECS",
                      help="SetVariables data 'Component.Variable=Value,...' (values without commas)")
    opts.add_argument("--get-variables", default=None, metavar="SPECS",
                      help="GetVariables data 'Component.Variable,...'")
    opts.add_argument("--reservation-id", type=_integer(0), default=1, help="ReserveNow / CancelReservation id")
    opts.add_argument("--reserve-evse-id", type=_integer(1), default=1, help="ReserveNow evseId (default 1)")
    opts.add_argument("--reserve-id-token", type=_id_token, default="reserved_token",
                      help="ReserveNow idToken (default reserved_token)")
    opts.add_argument("--reserve-id-tag", type=_id_token, default=None, metavar="TAG",
                      help="ReserveNow idTag in 1.6 (default reserved_tag); in 2.0.1 the same as --reserve-id-token")
    opts.add_argument("--reserve-expiry", type=_seconds_or_datetime, default=3600.0, metavar="SECONDS|DATETIME",
                      help="ReserveNow expiryDateTime (default 3600 seconds from the send)")
    opts.add_argument("--local-list-tokens", nargs="*", default=None, metavar="TOKEN",
                      help="SendLocalList tokens (default test_token; none = an empty list)")
    opts.add_argument("--local-list-version", type=_integer(1), default=1, help="SendLocalList versionNumber")
    opts.add_argument("--local-list-update", type=_choice("local list update type", UPDATE_TYPES),
                      default="Full", help="SendLocalList updateType (default Full)")
    cli16.add_arguments(p, _integer, _choice)
    return p


def _parse_commands(text, check_action=_action):
    """'ACTION:DELAY,...' as CommandSpecs; raises ArgumentTypeError saying what is wrong."""
    specs = []
    for raw in text.split(","):
        entry = raw.strip()
        if not entry:
            continue
        if ":" not in entry:
            raise argparse.ArgumentTypeError(f"invalid command entry {entry!r}: expected 'ACTION:DELAY'")
        action, delay = (part.strip() for part in entry.split(":", 1))
        action = check_action(action)
        try:
            seconds = _positive_number(delay)
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(f"invalid delay in {entry!r}: {exc}") from None
        specs.append(CommandSpec(action, delay=seconds))
    if not specs:
        raise argparse.ArgumentTypeError("needs at least one 'ACTION:DELAY' entry")
    return specs


@dataclass
class CliConfig:
    script: CsmsScript
    host: str
    port: int
    log_format: str
    ocpp_version: str
    tls: bool = False           # also serve wss:// (--tls) on tls_port, with cert/key/ca or the test PKI
    tls_port: int = 0
    cert: str = None
    key: str = None
    ca: str = None


_UNSET = object()


def _given(parser, argv):
    """The parsed flags and the set of dests the command line gave (defaults filled in after)."""
    namespace = argparse.Namespace(**{a.dest: _UNSET for a in parser._actions if a.dest != "help"})
    args = parser.parse_args(argv, namespace)
    given = {dest for dest, value in vars(args).items() if value is not _UNSET}
    for action in parser._actions:
        if getattr(args, action.dest, None) is _UNSET:
            setattr(args, action.dest, action.default)
    return args, given


def _check_version_flags(args, given):
    """Refuse the flags of the other OCPP version, saying what to use instead."""
    if args.ocpp_version == "1.6":
        for dest, (flag, hint) in cli16.ONLY_201.items():
            if dest in given:
                raise argparse.ArgumentTypeError(f"{flag} is an OCPP 2.0.1 flag and this mock server runs OCPP 1.6 "
                                                 f"(--ocpp-version 1.6); {hint}")
    else:
        for dest, (flag, hint) in cli16.ONLY_16.items():
            if dest in given:
                raise argparse.ArgumentTypeError(f"{flag} is an OCPP 1.6 flag; give --ocpp-version 1.6 "
                                                 f"(in OCPP 2.0.1 {hint})")
        if "reserve_id_tag" in given and "reserve_id_token" in given:
            raise argparse.ArgumentTypeError("--reserve-id-tag and --reserve-id-token are the same setting in "
                                             "OCPP 2.0.1; give one")


def _check_choice(flag, what, value, choices, other=None):
    if value in choices:
        return value
    if other and value in other[1]:
        hint = f"; {value} is an OCPP {other[0]} {what} (give --ocpp-version {other[0]} for it)"
    else:
        hint = _suggest(value, choices)
    raise argparse.ArgumentTypeError(f"argument {flag}: invalid {what} {value!r}{hint} "
                                     f"(choose from {', '.join(choices)})")


def _check_version_values(args):
    """The values whose choices depend on the OCPP version: commands, trigger message, reset type."""
    if args.ocpp_version == "1.6":
        check_action = cli16.check_command
        args.trigger_message = _check_choice("--trigger-message", "trigger message", args.trigger_message,
                                             cli16.TRIGGER_MESSAGES16, ("2.0.1", TRIGGER_MESSAGES))
        args.reset_type = _check_choice("--reset-type", "reset type", args.reset_type or "Hard",
                                        cli16.RESET_TYPES16, ("2.0.1", RESET_TYPES))
        for flag, values in (("--whitelist", args.whitelist), ("--blacklist", args.blacklist),
                             ("--local-list-tokens", args.local_list_tokens),
                             ("--reserve-id-tag", [args.reserve_id_tag] if args.reserve_id_tag else None)):
            for value in _tokens(values or []):
                if len(value) > cli16.ID_TAG_LENGTH:
                    raise argparse.ArgumentTypeError(f"argument {flag}: {value!r} must be an idTag of 1 to "
                                                     f"{cli16.ID_TAG_LENGTH} characters")
    else:
        check_action = _action
        args.trigger_message = _check_choice("--trigger-message", "trigger message", args.trigger_message,
                                             TRIGGER_MESSAGES, ("1.6", cli16.TRIGGER_MESSAGES16))
        args.reset_type = _check_choice("--reset-type", "reset type", args.reset_type or "Immediate",
                                        RESET_TYPES, ("1.6", cli16.RESET_TYPES16))
        if args.reserve_id_tag is not None:
            args.reserve_id_token = args.reserve_id_tag
    if args.command is not None:
        try:
            args.command = check_action(args.command)
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(f"argument -c/--command: {exc}") from None
    return check_action


def parse_args(argv=None):
    """The CliConfig for a command line; argparse-style exit 2 with a one-line error when invalid."""
    parser = build_parser()
    args, given = _given(parser, argv)
    script = CsmsScript()
    try:
        _check_version_flags(args, given)
        _check_tls(args, given)
        check_action = _check_version_values(args)
        if args.boot_status_sequence is not None:
            statuses = [s.strip() for s in args.boot_status_sequence.split(",")]
            for status in statuses:
                if status not in BOOT_STATUSES:
                    raise argparse.ArgumentTypeError(
                        f"argument --boot-status-sequence: invalid boot status {status!r}"
                        f"{_suggest(status, BOOT_STATUSES)} (choose from {', '.join(BOOT_STATUSES)})")
            script.boot_statuses = statuses
        elif args.boot_status is not None:
            script.boot_statuses = [args.boot_status]
        if args.command is not None:
            if args.delay is None and args.period is None:
                raise argparse.ArgumentTypeError("--command needs --delay or --period")
            if args.period is not None:
                script.commands = [CommandSpec(args.command, delay=args.period, period=args.period)]
            else:
                script.commands = [CommandSpec(args.command, delay=args.delay)]
        elif args.delay is not None or args.period is not None:
            raise argparse.ArgumentTypeError("--delay and --period only apply to --command "
                                             "(--commands carries its own delays)")
        if args.commands is not None:
            try:
                script.commands = _parse_commands(args.commands, check_action)
            except argparse.ArgumentTypeError as exc:
                raise argparse.ArgumentTypeError(f"argument --commands: {exc}") from None
        for flag, with_value in (("set_variables", True), ("get_variables", False)):
            text = getattr(args, flag)
            if text is not None:
                try:
                    setattr(script, flag, parse_variable_specs(text, with_value))
                except ValueError as exc:
                    raise argparse.ArgumentTypeError(f"argument --{flag.replace('_', '-')}: {exc}") from None
        for flag in ("whitelist", "blacklist"):
            values = getattr(args, flag)
            if values is not None:
                try:
                    setattr(script, flag, set(_tokens(values)))
                except argparse.ArgumentTypeError as exc:
                    raise argparse.ArgumentTypeError(f"argument --{flag}: {exc}") from None
        if args.local_list_tokens is not None:
            try:
                script.local_list_tokens = _tokens(args.local_list_tokens)
            except argparse.ArgumentTypeError as exc:
                raise argparse.ArgumentTypeError(f"argument --local-list-tokens: {exc}") from None
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    script.heartbeat_interval = args.heartbeat_interval
    script.total_cost = args.total_cost
    script.auth_mode = args.auth_mode
    script.offline = args.offline
    script.auth_group_id = args.auth_group_id
    script.auth_cache_expiry = args.auth_cache_expiry
    script.password = args.password
    script.security_profile = args.security_profile
    script.restart_commands_on_reconnect = args.restart_commands_on_reconnect
    script.trigger_message = args.trigger_message
    script.trigger_evse_id = args.trigger_evse_id
    script.reset_type = args.reset_type
    script.reset_evse_id = args.reset_evse_id
    script.availability_status = args.availability_status
    script.availability_evse_id = args.availability_evse_id
    script.reservation_id = args.reservation_id
    script.reserve_evse_id = args.reserve_evse_id
    script.reserve_id_token = args.reserve_id_token
    script.reserve_expiry = args.reserve_expiry
    script.local_list_version = args.local_list_version
    script.local_list_update = args.local_list_update
    if args.ocpp_version == "1.6":
        cli16.apply(args, script)
    return CliConfig(script, args.host, args.port, args.log_format, args.ocpp_version, args.tls, args.tls_port,
                     args.cert, args.key, args.ca)


# ---------------------------------------------------------------------- logging frames

_DIRECTIONS = {RECEIVED: "received", SENT: "sent", EVENT: "event"}


def _now():
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def frame_logger(log_format, out=None):
    """A TestCsms listener writing each frame to `out` (stdout) as text or one JSON object per line."""
    def write(line):
        stream = out or sys.stdout
        try:
            stream.write(line + "\n")
        except UnicodeEncodeError:
            # a lone surrogate a station sent escaped ("\ud800") cannot be written as UTF-8: write it
            # escaped again (in the JSON format that is the same JSON string)
            stream.write(line.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
        stream.flush()

    def listener(peer, direction, text, frame=None, violations=()):
        if log_format == "json":
            record = {"time": _now(), "station": peer, "direction": _DIRECTIONS.get(direction, direction)}
            if direction == EVENT:
                record["event"] = text
            else:
                try:
                    record["frame"] = frames.loads(text)    # strict JSON: the log stays valid JSON
                except (TypeError, ValueError, RecursionError):
                    record["frame"] = text
            if violations:
                record["violations"] = list(violations)
            try:
                line = json.dumps(record, ensure_ascii=False)
            except RecursionError:        # a frame nested deeper than the encoder goes: as text
                record["frame"] = text
                line = json.dumps(record, ensure_ascii=False)
            write(line)
        else:
            line = f"{_now()} {peer} {direction} {text}"
            for violation in violations or ():
                line += f"\n    !! {violation}"
            write(line)
    return listener


async def serve(config, ready=None):
    """Run the mock server until SIGINT/SIGTERM (or until `ready`'s stop event is set)."""
    csms = TestCsms(config.script, config.host, config.port, versions=(config.ocpp_version,))
    csms.add_listener(frame_logger(config.log_format))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    await csms.start()
    sys.stdout.write(f"listening on {csms.url}\n")
    if config.tls:
        await csms.server.start_tls(tls_context(config), config.tls_port)
        profile = config.script.security_profile
        sys.stdout.write(f"listening on {csms.url.replace('ws://', 'wss://', 1).rsplit(':', 1)[0]}:"
                         f"{csms.server.tls_port}{f' (security profile {profile})' if profile else ''}\n")
    sys.stdout.flush()
    if ready is not None:
        ready(csms, stop)
    try:
        await stop.wait()
    finally:
        try:
            await asyncio.wait_for(csms.stop(), 2)
        except asyncio.TimeoutError:
            # A station that ignores the closing handshake must not keep the server alive.
            for connection in list(csms.server.connections.values()):
                transport = getattr(connection.ws, "transport", None)
                if transport is not None:
                    transport.abort()
            try:
                await asyncio.wait_for(csms.server.stop(), 1)
            except asyncio.TimeoutError:
                pass
    return 0


def main(argv=None):
    config = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .server import tune_for_many_connections
    tune_for_many_connections()
    try:
        return asyncio.run(serve(config))
    except KeyboardInterrupt:
        return 0
