"""Three outcomes of a scenario: passed, failed (the product broke a rule), not run (the suite could
not exercise the case, and says why).

A step that cannot exercise its case raises NotRun. features/environment.py turns it into behave's
"skipped" with the reason, JUnit lists the scenario as skipped with that reason (OutcomeJUnitReporter
below), and the run ends with a count of the three outcomes and the reasons of the scenarios not run.
A scenario is never "failed" for something that cannot be pinned on the product: a manual action
nobody performed, a record the CSMS cannot show, a request the suite built itself.

With a waiver file (support/reports/waivers.py) a failure of a waived case is "waived": skipped
the same way, with the waiver's words (JUnit <skipped message="waived: ...">), and counted apart.
"""
import sys
from collections import Counter

from behave.model import Status
from behave.reporter.junit import JUnitReporter


class NotRun(Exception):
    """The scenario could not exercise its case; `reason` says why (shown in the console and JUnit).

    Not an AssertionError on purpose: a step that catches failures must not swallow it."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def not_run_if_not_implemented(outcome):
    """An answer NotImplemented (the status, or CALLERROR NotImplemented) to what an optional feature
    needs says the product does not offer it: the case is not for it (NotRun), not failed."""
    status = (outcome.response or {}).get("status") if outcome.ok else None
    if outcome.error_code == "NotImplemented" or status == "NotImplemented":
        raise NotRun(f"the station does not implement this {outcome.action} ({outcome.describe()})")


class UndefinedStep(Exception):
    """A sentence no step defines (JUnit: <error type="UndefinedStep" message="undefined step: ...">)."""


def mark_not_run(scenario, reason):
    """Make a scenario (running or just finished) "not run" with its reason."""
    scenario.not_run_reason = reason
    if scenario.status == Status.passed or not getattr(scenario, "should_skip", False):
        scenario.skip(reason)
    scenario.set_status(Status.skipped)


def convert_step(scenario, step):
    """after_step: a step that raised NotRun is a skipped step, and its scenario is not run."""
    exception = getattr(step, "exception", None)
    if step.status.has_failed() and isinstance(exception, NotRun):
        step.status = Status.skipped
        step.error_message = None
        scenario.not_run_reason = exception.reason
        scenario.skip(exception.reason)
        return True
    return False


def name_the_rule(step, rule):
    """Put the rule a failed step broke (the OCTT case, its tool validation, its requirements) in
    front of its failure, where JUnit shows it (session.fail already put it in the console's text;
    behave computes the console's text before after_step runs)."""
    if not rule:
        return
    exception = step.exception
    text = str(exception.args[0]) if exception.args else ""
    if not text.startswith("Broke: "):
        exception.args = (f"{rule}\n{text}",) + tuple(exception.args[1:])


def live(message):
    """Write a line to the real terminal (behave captures sys.stdout and sys.stderr while a step runs)."""
    stream = sys.__stderr__
    if stream is not None:
        try:
            stream.write(message + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass


class RunOutcomes:
    """The outcomes of the scenarios this run executed, for the closing summary."""

    def __init__(self):
        self.counts = Counter()
        self.not_run = []       # (scenario name, reason)
        self.failed = []        # (scenario name, first line of the failure)

    def record(self, scenario):
        status = scenario.status
        reason = getattr(scenario, "not_run_reason", None)
        if getattr(scenario, "report_outcome", None) == "waived":
            self.counts["waived"] += 1      # a failure with an accepted waiver (support/reports/waivers.py)
        elif reason is not None or status == Status.skipped:
            self.counts["not run"] += 1
            self.not_run.append((scenario.name, reason or "skipped"))
        elif status.has_failed():
            self.counts["failed"] += 1
            step = next((s for s in scenario.all_steps if s.status.has_failed()), None)
            message = (str(getattr(step, "exception", "") or getattr(step, "error_message", "") or status.name)
                       if step else status.name)
            self.failed.append((scenario.name, message.strip().splitlines()[0] if message.strip() else status.name))
        else:
            self.counts["passed"] += 1

    def total(self):
        return sum(self.counts.values())

    def summary(self):
        lines = [f"Outcomes: {self.counts['passed']} passed, {self.counts['failed']} failed, "
                 f"{self.counts['not run']} not run" + (f", {self.counts['waived']} waived" if self.counts['waived']
                                                       else "")]
        if self.not_run:
            by_reason = Counter(_reason_kind(reason) for _, reason in self.not_run)
            lines.append("Not run, by reason:")
            lines += [f"  {count:4d}  {reason}" for reason, count in by_reason.most_common()]
        return "\n".join(lines)


def _reason_kind(reason):
    """The reason without its scenario-specific part, so that the summary groups alike reasons:
    the words before the first parenthesis or colon."""
    cut = min((i for i in (reason.find(" ("), reason.find(": ")) if i > 0), default=len(reason))
    return reason[:cut]


class OutcomeJUnitReporter(JUnitReporter):
    """behave's JUnit reporter, plus: a scenario not run is listed as <skipped message="reason"/>
    (behave lists skipped scenarios only with show_skipped, and then without a reason, together
    with every scenario the tag selection left out)."""

    def feature(self, feature):
        if feature.status == Status.skipped and not self.show_skipped and any(
                _skip_reason(s) is not None for s in _scenarios(feature)):
            shown, self.config.show_skipped = self.config.show_skipped, True
            try:
                # behave drops a feature whose scenarios were all skipped; ours were not run
                return self._feature_with_not_run_only(feature)
            finally:
                self.config.show_skipped = shown
        return super().feature(feature)

    def _feature_with_not_run_only(self, feature):
        # only the scenarios not run are listed: the ones the tag selection left out stay out
        hidden = [s for s in _scenarios(feature) if _skip_reason(s) is None]
        for scenario in hidden:
            scenario.not_run_reason_hidden = True
        return super().feature(feature)

    def _process_scenario(self, scenario, report):
        if getattr(scenario, "not_run_reason_hidden", False):
            return None
        for step in scenario.all_steps:
            if step.status == Status.undefined and getattr(step, "exception", None) is None:
                # behave leaves an undefined step without an exception (JUnit: type="NoneType"
                # message="None"); support/scenario/step_language.py names the nearest sentences, this is the fallback
                step.exception = UndefinedStep(f"undefined step: {step.keyword} {step.name}")
                step.error_message = str(step.exception)
        reason = _skip_reason(scenario)
        if reason is None:
            return super()._process_scenario(scenario, report)
        shown, self.config.show_skipped = self.config.show_skipped, True
        try:
            before = len(report.testcases)
            super()._process_scenario(scenario, report)
        finally:
            self.config.show_skipped = shown
        for case in report.testcases[before:]:
            for skipped in case.iter("skipped"):
                skipped.set("message", reason)
                skipped.text = reason
            case.set("status", "waived" if getattr(scenario, "waived_message", None) else "not run")


def _skip_reason(scenario):
    """What <skipped message=...> says: a waived failure's waiver (support/reports/waivers.py), or why
    the scenario was not run; None for a scenario that was neither."""
    return getattr(scenario, "waived_message", None) or getattr(scenario, "not_run_reason", None)


def _scenarios(feature):
    for item in feature.walk_scenarios() if hasattr(feature, "walk_scenarios") else feature.scenarios:
        yield item


def install_junit_reporter(config):
    """Swap behave's JUnit reporter for OutcomeJUnitReporter (same files, same settings)."""
    for index, reporter in enumerate(config.reporters):
        if type(reporter) is JUnitReporter:
            replacement = OutcomeJUnitReporter(config)
            config.reporters[index] = replacement
