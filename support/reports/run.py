"""The reports of a run (docs/reports.md): a trace file per scenario, an HTML page, JUnit with
properties, waivers, and the verdict table on the console. features/environment.py calls into
Reports at its hooks; nothing here changes what a scenario checks.

    reports/report.html            the page: verdict table, then per case its steps, failure and trace
    reports/traces/<case id>.jsonl every frame of one scenario, passed or not
    reports/junit/TESTS-*.xml      behave's JUnit, with <properties> (support/reports/junit.py)

The folder is -D reports_dir=DIR, else the parent of the JUnit folder when that is named "junit"
(reports/junit -> reports), else the JUnit folder itself.
"""
import concurrent.futures
import datetime
import os
import subprocess
import traceback

from behave.model import Status

from support.reports import catalog
from support.scenario import outcomes
from support.reports import traces, verdicts, waivers as waiver_files
from support.reports.verdicts import FAILED, NOT_RUN, PASSED, UNNEEDED, WAIVED

SUITE_VERSION = "0.9"      # shown when git cannot describe the checkout (an exported tree)
ROOT = verdicts.ROOT
TRACE_MARKER = "\nMessage trace (last "
TRIGGER_MARKER = "Requests to the CSMS trigger API:"


def suite_version():
    try:
        done = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                              text=True, timeout=5)
        if done.returncode == 0 and done.stdout.strip():
            return f"{SUITE_VERSION}+git.{done.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    return SUITE_VERSION


def reports_folder(config):
    given = config.userdata.get("reports_dir")
    if given:
        return given
    junit = os.path.normpath(config.junit_directory or os.path.join("reports", "junit"))
    return os.path.dirname(junit) or "." if os.path.basename(junit) == "junit" else junit


def failure_text(text):
    """A failure's words without the trace tail session.fail appends (the trace is shown whole, once)."""
    text = str(text or "")
    cut = text.find(TRACE_MARKER)
    return (text[:cut] if cut >= 0 else text).rstrip()


def short_message(text, lines=4, width=300):
    """The first lines of a failure (the rule, expected vs actual), for JUnit's message attribute."""
    kept = []
    for line in failure_text(text).splitlines():
        if line.startswith(TRIGGER_MARKER):
            break
        if line.strip():
            kept.append(line if len(line) <= width else line[:width - 3] + "...")
        if len(kept) == lines:
            break
    return "\n".join(kept)


def one_line(text, width=200):
    """The failure's one-line reason: its first line that is not the rule (with expected vs actual)."""
    return verdicts.one_line(failure_text(text), width)


class ScenarioRecord:
    """What the reports say about one scenario."""

    def __init__(self, scenario, case_id, catalog_case):
        self.name = scenario.name
        self.feature = scenario.feature.name if scenario.feature else ""
        self.location = f"{scenario.location.relpath()}" if scenario.location else ""
        self.tags = list(scenario.effective_tags)
        self.case_id = case_id
        self.catalog = catalog_case.catalog
        self.block = catalog_case.block
        self.title = catalog_case.title
        self.outcome = PASSED
        self.reason = ""            # not run: why; waived: the waiver's words; failed: the one-line reason
        self.failure = ""           # the failure's words (rule, expected vs actual), no trace
        self.traceback = ""
        self.failed_step = ""
        self.waiver = None
        self.waiver_note = ""       # expired / no longer needed
        self.trace_file = ""        # path relative to the reports folder
        self.trace_path = ""        # path as given to the run (relative to where behave runs)
        self.entries = []
        self.trace_text = ""
        self.duration = 0.0
        self.steps = []             # (keyword, name, status, seconds, error, table rows or None, docstring)

    def result(self):
        return verdicts.Result(self.case_id or "", self.name, self.outcome, self.reason, self.catalog, self.block,
                               self)


class Reports:
    """The run's reports. Made in before_all (a bad waiver file stops the run there, with the reason)."""

    def __init__(self, config, settings, features=()):
        self.config = config
        self.settings = settings
        self.folder = reports_folder(config)
        self.trace_folder = os.path.join(self.folder, "traces")
        self.html_path = os.path.join(self.folder, "report.html")
        self.started = datetime.datetime.now(datetime.timezone.utc)
        self.today = datetime.date.today()
        self.version = suite_version()
        self.records = []
        self.names = traces.TraceNames()
        self.writer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="trace-files")
        self.writes = []
        self.sut = {}
        self.waiver_file = config.userdata.get("waivers", "")
        known = {tag for feature in features for scenario in _walk(feature) for tag in scenario.effective_tags
                 if catalog.CASE_ID.match(tag)}
        self.waivers = waiver_files.load(self.waiver_file, known) if self.waiver_file else {}
        self._clear_last_run()
        from support.reports import junit
        junit.install(config, self)

    def _clear_last_run(self):
        """One run's files only: an earlier run's traces, page and JUnit files go (a partial rerun
        with plain behave would otherwise leave stale verdicts beside fresh ones)."""
        traces.clear(self.trace_folder)
        if os.path.exists(self.html_path):
            os.remove(self.html_path)
        junit_folder = self.config.junit_directory
        if self.config.junit and junit_folder and os.path.isdir(junit_folder):
            for name in os.listdir(junit_folder):
                if name.startswith("TESTS-") and name.endswith(".xml"):
                    os.remove(os.path.join(junit_folder, name))

    def describe_sut(self, csms=None, station=None):
        """The systems under test, as the run's banner names them (JUnit properties, the page's head)."""
        if csms:
            self.sut["csms"] = csms
        if station:
            self.sut["station"] = station

    # ------------------------------------------------------------------ hooks

    def after_step(self, scenario, step):
        """A failed step of a waived case: waived (behave's skipped, so the run does not fail), unless
        the waiver expired: then the failure stands and says so."""
        if not self.waivers or not step.status.has_failed() or step.status in (Status.undefined, Status.untested):
            return
        case_id = catalog.case_id(scenario.effective_tags)
        waiver = self.waivers.get(case_id)
        if waiver is None:
            return
        text = str(step.exception if step.exception is not None else step.error_message or step.status.name)
        if waiver.expired(self.today):
            scenario.waiver_expired = waiver
            outcomes.live(f"    WAIVER EXPIRED: {waiver.expiry_note()}; the failure counts")
            return
        scenario.report_outcome = WAIVED
        scenario.waived_message = waiver.label()
        scenario.waived_failure = (text, _traceback(step), f"{step.keyword} {step.name}")
        step.status = Status.skipped
        step.error_message = None
        scenario.skip()
        outcomes.live(f"    WAIVED ({waiver.reason}{f', {waiver.ticket}' if waiver.ticket else ''}): {one_line(text)}")

    def after_scenario(self, scenario, trace):
        """The scenario's record and trace file (call it once the scenario's outcome is final)."""
        case_id = catalog.case_id(scenario.effective_tags)
        record = ScenarioRecord(scenario, case_id, verdicts.catalog_case(case_id, scenario.effective_tags))
        record.duration = scenario.duration
        waiver = self.waivers.get(case_id) if case_id else None
        record.waiver = waiver
        not_run = getattr(scenario, "not_run_reason", None)
        failed_step = next((s for s in scenario.all_steps if s.status.has_failed()), None)
        if getattr(scenario, "report_outcome", None) == WAIVED:
            record.outcome = WAIVED
            record.reason = waiver.label()
            text, record.traceback, record.failed_step = scenario.waived_failure
            record.failure = failure_text(text)
        elif not_run is not None or scenario.status == Status.skipped:
            record.outcome = NOT_RUN
            record.reason = not_run or "skipped"
        elif scenario.status.has_failed():
            record.outcome = FAILED
            if failed_step is not None:
                text = str(failed_step.exception if failed_step.exception is not None
                           else failed_step.error_message or failed_step.status.name)
                record.traceback = _traceback(failed_step)
                record.failed_step = f"{failed_step.keyword} {failed_step.name}"
            else:
                text = scenario.error_message or f"the scenario ended {scenario.status.name}"
            record.failure = failure_text(text)
            expired = getattr(scenario, "waiver_expired", None)
            if expired is not None:
                record.waiver_note = f"{expired.expiry_note()}; the failure counts"
                record.failure = f"{record.waiver_note[0].upper()}{record.waiver_note[1:]}\n{record.failure}"
            record.reason = one_line(text)
            if expired is not None:
                record.reason = f"(waiver expired on {expired.expires.isoformat()}) {record.reason}"
        elif waiver is not None and not waiver.expired(self.today):
            record.outcome = UNNEEDED
            record.waiver_note = f"waiver no longer needed: {case_id} passed; remove its waiver ({waiver.reason})"
            record.reason = record.waiver_note
            scenario.report_outcome = UNNEEDED
            outcomes.live(f"    WARNING: {record.waiver_note}")
        for step in scenario.all_steps:
            error = ""
            if step.status.has_failed():
                error = failure_text(step.exception if step.exception is not None else step.error_message)
            elif record.outcome == WAIVED and f"{step.keyword} {step.name}" == record.failed_step and \
                    step.status == Status.skipped and not error:
                error = record.failure
            status = "waived" if error and record.outcome == WAIVED else step.status.name
            table = [list(step.table.headings)] + [list(row.cells) for row in step.table] if step.table else None
            record.steps.append((step.keyword, step.name, status, step.duration, error, table, step.text or ""))
        record.entries = traces.entries_json(trace)
        record.trace_text = trace.render() if record.outcome in (FAILED, WAIVED) else ""
        file_name = self.names.name(case_id, scenario.name)
        record.trace_path = os.path.join(self.trace_folder, file_name)
        record.trace_file = os.path.join("traces", file_name)
        # written by one thread beside the scenarios (opening ~500 files costs the run time otherwise)
        self.writes.append(self.writer.submit(traces.write, self.trace_folder, file_name, record.entries))
        scenario.report_record = record
        self.records.append(record)
        return record

    def finish(self):
        """After the last scenario: the trace files written, the HTML page, the verdicts on the console."""
        self.writer.shutdown(wait=True)
        for write in self.writes:
            if write.exception() is not None:
                outcomes.live(f"could not write a trace file in {self.trace_folder}: {write.exception()}")
                break
        if not self.records:
            return
        results = [r.result() for r in self.records]
        table = verdicts.verdicts(results, with_absent=True)
        from support.reports import html
        try:
            html.write(self.html_path, self, table)
        except Exception as exc:    # the verdicts stand without the page: say so, do not fail the run
            outcomes.live(f"could not write {self.html_path}: {type(exc).__name__}: {exc}")
        outcomes.live("\n" + self.console_summary(results))

    def console_summary(self, results):
        table = verdicts.verdicts(results, with_absent=False)
        lines = [verdicts.format_table(table, absent=False, title="Per catalog and block (cases):")]
        for title, outcome in (("Failed", FAILED), ("Waived", WAIVED), ("Waiver no longer needed", UNNEEDED)):
            chosen = [r for r in self.records if r.outcome == outcome]
            if chosen:
                lines.append(f"{title}:")
                lines += [f"  {r.name[:90]}: {r.reason if outcome != UNNEEDED else 'passed; remove its waiver'}"
                          for r in chosen]
        lines.append(f"Report: {self.html_path}   traces: {self.trace_folder}{os.sep}")
        return "\n".join(lines)


def _traceback(step):
    tb = getattr(step, "exc_traceback", None)
    if tb is None:
        return ""
    try:
        return "".join(traceback.format_tb(tb))
    except Exception:       # a traceback that cannot be formatted is no reason to lose the report
        return ""


def _walk(feature):
    try:
        return list(feature.walk_scenarios())
    except Exception:
        return []
