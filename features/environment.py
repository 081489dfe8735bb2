"""behave hooks: one runtime for the run, the target CSMS, a fresh session and trace per scenario."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from support.config import Config  # noqa: E402
from support.reports import catalog  # noqa: E402
from support.scenario import outcomes  # noqa: E402
from support.scenario.operator import Operator  # noqa: E402
from support.runtime import Runtime  # noqa: E402
from support.scenario.csms_session import ScenarioSession  # noqa: E402
from support.csms.scripted import TestCsms, listen_address  # noqa: E402
from support.scenario.station_session import StationScenarioSession  # noqa: E402
from support.scenario.ocpp16.station_session import StationScenarioSession16  # noqa: E402
from support.targets import csms as csms_targets  # noqa: E402
from support.scenario.trace import MessageTrace  # noqa: E402
from support.scenario import step_language  # noqa: E402
from support.reports.run import Reports  # noqa: E402

# Also in a dry run (behave runs no hook then): undefined steps get the nearest sentences, a dry run
# checks the words of every step and writes no JUnit report (support/scenario/step_language.py).
step_language.install()


def before_all(context):
    context.settings = Config(context.config.userdata)
    context.runtime = Runtime()
    context.run_stats = {"scenarios": 0}
    context.outcomes = outcomes.RunOutcomes()
    context.operator = Operator(context.settings.manual_actions)
    outcomes.install_junit_reporter(context.config)
    # traces, report.html, JUnit properties, waivers (support/reports/); a bad waiver file stops here
    context.reports = Reports(context.config, context.settings, getattr(context._runner, "features", None) or ())
    directions = _selected_directions(context)
    if "csms" in directions:
        if context.settings.embedded:
            faults = context.config.userdata.get("csms_faults", "")
            context.csms_target = context.runtime.run(csms_targets.start_embedded(context.settings, faults), 30)
        else:
            context.csms_target = csms_targets.external(context.settings)
            adapter = context.csms_target.trigger
            if adapter is not None and not context.config.dry_run and _runs_csms_scenarios(context):
                # what the adapter can set up in the product (stations, passwords), and what is left to the tester
                for note in adapter.prepare(context.settings) or []:
                    outcomes.live(note if note.startswith(adapter.name) else f"{adapter.name}: {note}")
    else:
        context.csms_target = None      # only @station scenarios: no CSMS under test is needed
    # The suite's test CSMS, for the @station features (the station under test connects to it), on a
    # fixed address a real station can be configured with before the run (support/csms/scripted.py).
    context.test_csms = None
    tls_url = None
    if "station" in directions:
        host, port = listen_address(context.settings)
        try:
            context.test_csms = context.runtime.run(TestCsms(host=host, port=port).start(), 30)
        except OSError as exc:
            raise RuntimeError(f"the test CSMS cannot listen on {host}:{port}: {exc}; choose another port with "
                               f"-D test_csms_port=PORT (0: a free one)") from None
        if context.settings.sources.get("test_csms_tls_port") != "default" \
                and context.settings.integer("test_csms_tls_port"):
            from support.csms.scripted_tls import front_door
            context.runtime.run(front_door(context.test_csms, context.settings.integer("test_csms_tls_port")), 60)
            tls_url = context.test_csms.tls.url
    if context.config.userdata.get("show_target", "yes") != "no":
        if context.test_csms is not None:
            # First: the one line a station vendor acts on.
            settings = context.settings
            ids = f"OCPP 2.0.1 identity {settings.sut_station_id}, 1.6 identity {settings.sut_station_id_16}"
            print(f"Point your station at {_reachable(context.test_csms.url)}/<id> ({ids})", file=sys.stderr)
            if tls_url:
                print(f"Point your station at {_reachable(tls_url)}/<id> for security profiles 2 and 3 ({ids})",
                      file=sys.stderr)
            print(f"Station under test: {_describe_station(settings, context.test_csms.url)}", file=sys.stderr)
        if context.csms_target is not None:
            print(f"CSMS under test: {context.csms_target.describe()}", file=sys.stderr)
    context.reports.describe_sut(
        csms=context.csms_target.describe() if context.csms_target is not None else None,
        station=_describe_station(context.settings, context.test_csms.url) if context.test_csms is not None else None)
    if context.test_csms is not None and not context.config.dry_run:
        _wait_for_station(context)


def _selected_directions(context):
    """Which directions the selected scenarios test: "csms" (a scenario without @station: the CSMS
    under test) and "station" (@station: the test CSMS plays the CSMS). Both when it cannot tell."""
    features = getattr(getattr(context, "_runner", None), "features", None)
    if not features:
        return {"csms", "station"}
    found = set()
    try:
        for feature in features:
            for scenario in feature.walk_scenarios():
                if scenario.should_run(context.config):
                    found.add("station" if "station" in scenario.effective_tags else "csms")
    except Exception:   # a behave without this model API: start both, as before
        return {"csms", "station"}
    return found or {"csms", "station"}


def _wait_for_station(context):
    """Before the first scenario: wait (station_connect_wait) until the station under test is connected
    to the test CSMS under either identity, so a station still starting is not blamed for scenario 1."""
    settings = context.settings
    given = settings.station_connect_wait
    # Unset: only the SAP simulator connects by itself; the other drivers switch the station on in
    # each scenario (commands: power_on; manual: the operator is told to).
    try:
        wait = float(given) if given else (120.0 if settings.station_driver == "sap" else 0.0)
    except ValueError:
        raise ValueError(f"station_connect_wait: {given!r} is not a number of seconds") from None
    if wait <= 0:
        return
    ids = [settings.sut_station_id, settings.sut_station_id_16]
    print(f"Waiting up to {wait:g} s for station {' or '.join(ids)} to connect "
          f"(-D station_connect_wait=0: no wait) ...", file=sys.stderr)
    started = time.monotonic()
    deadline = started + wait
    while time.monotonic() < deadline:
        connected = [i for i in ids if context.test_csms.is_connected(i)]
        if connected:
            print(f"Station {connected[0]} connected after {time.monotonic() - started:.1f} s", file=sys.stderr)
            return
        time.sleep(0.1)
    print(f"Station {' or '.join(ids)} has not connected within {wait:g} s; the scenarios switch it on "
          f"through the {settings.station_driver} driver", file=sys.stderr)


def _describe_station(settings, csms_url):
    """The station under test as the run's station driver names it."""
    driver = settings.station_driver
    station_id = settings.sut_station_id
    try:
        if driver == "embedded":
            return f"embedded reference station (identities {station_id}, {settings.sut_station_id_16})"
        if driver == "sap":
            from support.targets.station import SapSimulatorDriver
            return SapSimulatorDriver(settings.station_ui_url or "(no station_ui_url)",
                                      station_id=station_id).describe()
        if driver == "commands":
            from support.targets.station_commands import CommandsStationDriver
            return CommandsStationDriver(settings.station_commands, station_id, csms_url).describe()
        if driver == "manual":
            from support.targets.station_manual import ManualStationDriver
            return ManualStationDriver(station_id, csms_url).describe()
    except Exception as exc:      # the scenarios report a driver that cannot be made; the banner only names it
        return f"station driver {driver} ({type(exc).__name__}: {exc})"
    return f"station driver {driver}"


def _reachable(url):
    """The URL with an address a station can use: a wildcard listen address (0.0.0.0, ::) becomes
    this machine's outward address."""
    scheme, rest = url.split("://", 1)
    host, port = rest.rsplit(":", 1)
    if host.strip("[]") not in ("0.0.0.0", "::", ""):
        return url
    import socket
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))      # no packet is sent: this only picks the outward interface
            host = probe.getsockname()[0]
    except OSError:
        host = socket.gethostname()
    return f"{scheme}://{host}:{port}"


def _runs_csms_scenarios(context):
    tags = str(context.config.tags or "")
    return "@station" not in tags or "@csms" in tags


def before_scenario(context, scenario):
    context.run_stats["scenarios"] += 1
    context.trace = MessageTrace(scenario.name)
    if "station" in scenario.effective_tags:
        # @ocpp16 @station: the 1.6 Charge Point under test (sut_station_id_16, the 1.6 reference station).
        session_class = StationScenarioSession16 if "ocpp16" in scenario.effective_tags else StationScenarioSession
        context.session = session_class(context.runtime, context.settings, context.test_csms,
                                        context.trace, context.config.userdata.get("station_faults", ""))
        return
    if context.csms_target.embedded:
        # Each scenario starts from the configured CSMS data: nothing one scenario changes leaks.
        csms_targets.seed(context.csms_target.reference, context.settings)
    version = "1.6" if "ocpp16" in scenario.effective_tags else "2.0.1"
    context.session = ScenarioSession(context.runtime, context.settings, context.csms_target, context.trace,
                                      version=version)
    context.session.operator = context.operator
    dead = csms_targets.still_dead(context.csms_target, runtime=context.runtime, config=context.settings)
    if dead:
        outcomes.mark_not_run(scenario, dead)


def before_step(context, step):
    session = getattr(context, "session", None)
    if session is not None:
        session.rule = catalog.rule_line(context.scenario.effective_tags, step)


def after_step(context, step):
    scenario = context.scenario
    if outcomes.convert_step(scenario, step):
        outcomes.live(f"    NOT RUN: {scenario.not_run_reason}")
        return
    session = getattr(context, "session", None)
    if step.status.has_failed() and isinstance(step.exception, AssertionError) and session is not None \
            and hasattr(session, "not_run_instead_of_failure"):
        reason = session.not_run_instead_of_failure()
        if reason:
            lines = [line for line in str(step.exception).strip().splitlines() if not line.startswith("Broke: ")]
            first = lines[0] if lines else ""
            step.exception = outcomes.NotRun(f"{reason}; then: {first}")
            outcomes.convert_step(scenario, step)
            outcomes.live(f"    NOT RUN: {scenario.not_run_reason}")
            return
    if step.status.has_failed() and isinstance(step.exception, AssertionError):
        outcomes.name_the_rule(step, catalog.rule_line(scenario.effective_tags, step))
    context.reports.after_step(scenario, step)      # a waived failure becomes "waived"


def after_scenario(context, scenario):
    session = getattr(context, "session", None)
    if session is not None:
        session.close()
        provenance = getattr(session, "provenance", None)
        problem = provenance.verdict_problem() if provenance is not None and scenario.status == "passed" else None
        if problem:
            outcomes.mark_not_run(scenario, problem)
            outcomes.live(f"    NOT RUN: {problem}")
    context.runtime.cancel_scenario_tasks()
    # its trace file (reports/traces/), its record for report.html; JUnit carries the whole trace once
    context.reports.after_scenario(scenario, context.trace)
    context.outcomes.record(scenario)


def after_all(context):
    target = getattr(context, "csms_target", None)
    if target is not None and target.embedded:
        context.runtime.run(csms_targets.stop_embedded(target), 30)
    elif target is not None and target.trigger is not None:
        target.trigger.close()
    if getattr(context, "test_csms", None) is not None:
        context.runtime.run(context.test_csms.stop(), 30)
    context.runtime.stop()
    if context.outcomes.total():
        outcomes.live("\n" + context.outcomes.summary())
    if getattr(context, "reports", None) is not None:
        context.reports.finish()        # reports/report.html, the verdicts per catalog and block
    if context.run_stats["scenarios"] == 0 and not context.config.dry_run \
            and not getattr(context._runner, "aborted", False) \
            and context.config.userdata.get("part_of_a_split_run") != "true":
        # (one part of tools/run_parallel.py may hold no selected scenario; the runner checks the whole run)
        # A tag selection that matches nothing must not look like a green run.
        message = f"no scenario matched the selection ({context.config.tags}); nothing was tested"
        raise RuntimeError(message)
