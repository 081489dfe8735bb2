"""JUnit that dashboards read well (on top of support/scenario/outcomes.py's OutcomeJUnitReporter):

- each <testsuite> starts with <properties>: the suite version, the systems under test, the OCPP
  versions and security profiles of its scenarios, the waiver file, and every setting with its source
  (setting.KEY, setting.KEY.source; passwords masked);
- each <testcase> starts with <properties>: case_id, catalog, block, outcome (passed, failed, not
  run, waived, waiver no longer needed), trace (the trace file), and the waiver's reason, ticket and
  expiry when the case has one;
- a failure's message is short: the rule it broke and expected vs actual (its first lines); the body
  has the failing step, the failure's words and the traceback, without the trace;
- system-out has the trace file ([[ATTACHMENT|path]], which Jenkins and GitLab show as a link), the
  steps, and for a failed or waived case the message trace, once (a passed case's is in its file);
- a waived case is <skipped message="waived: REASON (TICKET)"> with the failure it waived in the body
  (dashboards show skipped cases with their message; the run is green).
"""
from xml.etree import ElementTree

from behave.reporter.junit import CDATA, JUnitReporter

from support.scenario import outcomes

MASKED = ("password", "secret")


class ReportJUnitReporter(outcomes.OutcomeJUnitReporter):
    def __init__(self, config, reports):
        super().__init__(config)
        self.reports = reports

    def _process_run_items_for(self, parent, report):
        super()._process_run_items_for(parent, report)
        if parent is report.feature:
            # behave appends report.testcases to the <testsuite> in order: the properties come first
            report.testcases.insert(0, self._suite_properties(report.feature))

    def _process_scenario(self, scenario, report):
        before = len(report.testcases)
        super()._process_scenario(scenario, report)
        record = getattr(scenario, "report_record", None)
        if record is not None:
            for case in report.testcases[before:]:
                self._decorate(case, scenario, record)

    # ------------------------------------------------------------------ testsuite

    def _suite_properties(self, feature):
        reports = self.reports
        settings = reports.settings
        scenarios = [s for s in _scenarios(feature) if getattr(s, "report_record", None) is not None]
        tags = set().union(*(set(s.effective_tags) for s in scenarios)) if scenarios else set(feature.tags)
        props = [("suite.version", reports.version), ("run.started", reports.started.isoformat(timespec="seconds"))]
        versions = [v for tag, v in (("ocpp201", "2.0.1"), ("ocpp16", "1.6")) if tag in tags]
        props.append(("ocpp.versions", ", ".join(versions) or "-"))
        direction = "station" if "station" in tags else "csms"
        if direction == "csms":
            props.append(("sut", reports.sut.get("csms", "CSMS under test")))
            props.append(("sut.kind", "CSMS"))
            props.append(("test_station.identity", ", ".join(
                x for x in (settings.station_id if "ocpp201" in tags else "",
                            settings.station_id_16 if "ocpp16" in tags else "") if x)))
        else:
            props.append(("sut", reports.sut.get("station", f"station driver {settings.station_driver}")))
            props.append(("sut.kind", "charging station"))
            props.append(("sut.station_driver", settings.station_driver))
            props.append(("sut.identity", ", ".join(
                x for x in (settings.sut_station_id if "ocpp201" in tags else "",
                            settings.sut_station_id_16 if "ocpp16" in tags else "") if x)))
        profiles = sorted({"3" if "sp3" in s.effective_tags else "2" if "sp2" in s.effective_tags else
                           settings.security_profile for s in scenarios}) or [settings.security_profile]
        props.append(("security_profile", ", ".join(profiles)))
        props.append(("security_profile.configured", settings.security_profile))
        if reports.waiver_file:
            props.append(("waivers", reports.waiver_file))
        for key, value in settings.values.items():
            props.append((f"setting.{key}", _masked(key, value)))
            props.append((f"setting.{key}.source", settings.sources.get(key, "")))
        for key, value in sorted(getattr(settings, "extra", {}).items()):
            props.append((f"userdata.{key}", _masked(key, str(value))))
        return _properties(props)

    # ------------------------------------------------------------------ testcase

    def _decorate(self, case, scenario, record):
        from support.reports.run import failure_text, short_message
        props = [("case_id", record.case_id or ""), ("catalog", record.catalog), ("block", record.block),
                 ("outcome", record.outcome), ("trace", record.trace_path)]
        if record.waiver is not None:
            props += [("waiver.reason", record.waiver.reason), ("waiver.ticket", record.waiver.ticket),
                      ("waiver.expires", record.waiver.expires.isoformat() if record.waiver.expires else "")]
        if record.waiver_note:
            props.append(("waiver.note", record.waiver_note))
        case.insert(0, _properties(props))
        if record.outcome == "waived":
            case.set("status", "waived")
        elif record.outcome == "waiver no longer needed":
            case.set("status", "passed")
        for tag in ("failure", "error"):
            for problem in case.findall(tag):
                message = short_message(record.failure) or problem.get("message", "")
                problem.set("message", message)
                for child in list(problem):
                    problem.remove(child)
                body = (f"\nFailing step: {record.failed_step}\nLocation: {_step_location(scenario)}\n\n"
                        f"{record.failure}\n")
                if record.traceback:
                    body += f"\nTraceback (most recent call last):\n{record.traceback}"
                problem.append(CDATA(body))
        for skipped in case.findall("skipped"):
            if record.outcome == "waived":
                skipped.set("message", record.reason)
                for child in list(skipped):
                    skipped.remove(child)
                skipped.text = f"{record.reason}\nThe failure it waives ({record.failed_step}):\n{record.failure}"
        for out in case.findall("system-out"):
            case.remove(out)
        text = (f"Trace file: {record.trace_path}\n[[ATTACHMENT|{record.trace_path}]]\n"
                f"{self.describe_scenario(scenario)}")
        if record.waiver_note:
            text += f"\n{record.waiver_note}\n"
        captured = scenario.captured.stdout if scenario.captured else ""
        if captured:
            text += f"\nCaptured stdout:\n{failure_text(captured)}\n"
        if record.outcome in ("failed", "waived"):
            text += f"\nMessage trace ({len(record.entries)} entries):\n{record.trace_text}\n"
        else:
            text += f"\nMessage trace: {len(record.entries)} entries in {record.trace_path}\n"
        out = ElementTree.Element("system-out")
        out.append(CDATA(text))
        errors = case.find("system-err")
        if errors is not None:
            case.insert(list(case).index(errors), out)
        else:
            case.append(out)


def _step_location(scenario):
    step = next((s for s in scenario.all_steps if s.status.has_failed()), None)
    return str(step.location) if step is not None else str(scenario.location)


def _properties(pairs):
    element = ElementTree.Element("properties")
    for name, value in pairs:
        ElementTree.SubElement(element, "property", name=name, value="" if value is None else str(value))
    return element


def _masked(key, value):
    if any(word in key.lower() for word in MASKED) and value:
        return "(set, not shown)"
    return value


def _scenarios(feature):
    return list(feature.walk_scenarios()) if hasattr(feature, "walk_scenarios") else list(feature.scenarios)


def install(config, reports):
    """Swap the run's JUnit reporter (behave's or OutcomeJUnitReporter) for ReportJUnitReporter."""
    for index, reporter in enumerate(config.reporters):
        if type(reporter) in (JUnitReporter, outcomes.OutcomeJUnitReporter):
            config.reporters[index] = ReportJUnitReporter(config, reports)
