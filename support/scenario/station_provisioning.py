"""Block B (Provisioning) against a station under test: what the test CSMS sets up and checks beyond
one field of one answer (OCTT TC_B_xx_CS). The steps in features/steps/station_provisioning_steps.py
call these with the scenario's StationScenarioSession.

- a configuration state ("OCPPCommCtrlr.OfflineThreshold is 300"): SetVariables, Accepted, else the
  case cannot be run; a real station gets the old value back after the scenario (the restore ledger);
- the items of a Get/SetVariables answer in any order (OCTT: "in arbitrary order");
- the variables of a base report (NotifyReport pages of one request): every reportData, the
  valuesList of list types, the variables the document requires;
- the boot after a TriggerMessage(BootNotification) while Pending (TC_B_02_CS steps 14-15).
"""
import json

from . import expect
from ..csms.scripted import build_set_variables, now_iso, parse_variable_spec

NOW = "(now)"
LIST_TYPES = ("OptionList", "SequenceList", "MemberList")


def _step_error(message):
    return expect.StepError(message)


def variable_item(session, spec, value):
    """A SetVariableData item for 'Component[inst].Variable[inst]' and a value in which "(now)" is the
    current time and <NAME> a configured value (attributeType left out: Actual)."""
    value = expect.substitute(value, session.config).replace(NOW, now_iso())
    try:
        return parse_variable_spec(f"{spec}={value}", True)
    except ValueError as exc:
        raise _step_error(str(exc)) from None


def set_variable(session, spec, value):
    """The test CSMS sends SetVariables of one variable now."""
    return session.command("SetVariables", build_set_variables([variable_item(session, spec, value)]))


def set_configuration_state(session, spec, value):
    """OCTT "Configuration State: <spec> is <value>": SetVariables, answered Accepted. A station that
    does not know the variable, refuses the value or needs a reboot for it cannot be brought into the
    case's state: the scenario is not run, with the reason."""
    from ..scenario.outcomes import NotRun
    set_variable(session, spec, value)
    answer = session.check_command_answer("SetVariables", [("setVariableResult[0].attributeStatus", "(present)")])
    status = answer["setVariableResult"][0]["attributeStatus"]
    if status != "Accepted":
        raise NotRun(f"the station answered {status} to setting {spec} to {value!r}, the case's configuration "
                     f"state (OCTT 'Before: Configuration State')")


# ---------------------------------------------------------------------- items in any order

def _item_rows(table):
    headings = [h.strip() for h in table.headings]
    return [[(heading, row[heading].strip()) for heading in headings if row[heading].strip() != ""]
            for row in table]


def check_items_any_order(session, action, list_field, table):
    """The station's answer to the CSMS's last `action` has exactly one item of `list_field` per
    table row (headings: field paths inside an item), in any order, each row fitting its own item."""
    wanted = _item_rows(table)
    for rows in wanted:                         # the words of the table (did-you-mean), before any wait
        for path, value in rows:
            expect.check_expected_words(session.version, action, False, f"{list_field}[0].{path}",
                                        expect.substitute(value, session.config))
    response = session.check_command_answer(action, [])
    items = response.get(list_field)
    if not isinstance(items, list):
        session.fail(f"the station answered {action} without {list_field}: {json.dumps(response)}")
    if len(items) != len(wanted):
        session.fail(f"the station answered {action} with {len(items)} {list_field} item(s); expected "
                     f"{len(wanted)}, one per requested variable: {json.dumps(items)}")

    def problems(row_index, item_index):
        rows = [(f"{list_field}[{item_index}].{path}", value) for path, value in wanted[row_index]]
        return expect.fields_mismatches(session.version, action, False, response, rows, session.config)

    fits = [[not problems(r, i) for i in range(len(items))] for r in range(len(wanted))]
    match = {}

    def assign(r, used):                        # a row per item (few rows: plain backtracking)
        if r == len(wanted):
            return True
        for i in range(len(items)):
            if fits[r][i] and i not in used:
                match[r] = i
                if assign(r + 1, used | {i}):
                    return True
        return False
    if not assign(0, frozenset()):
        lines = []
        for r, rows in enumerate(wanted):
            if any(fits[r]):
                continue
            described = ", ".join(f"{p} {v}" for p, v in rows)
            closest = min(range(len(items)), key=lambda i: len(problems(r, i)))
            lines.append(f"no item fits {described}; the closest, {json.dumps(items[closest])}: "
                         + "; ".join(problems(r, closest)))
        if not lines:
            lines.append("the items fit the rows only by sharing an item between two rows")
        session.fail(f"the station answered {action} with {json.dumps(response)}\n  " + "\n  ".join(lines))


# ---------------------------------------------------------------------- base reports

def reported_variables(session, command):
    """The reportData of every NotifyReport the station sent for the CSMS's last `command` request
    (its requestId), in the order sent; the pages themselves are checked by expect_pages."""
    request_id = session.command_request(command).get("requestId")
    pages = [e for e in session.messages("NotifyReport") if e.frame.payload.get("requestId") == request_id]
    if not pages:
        session.fail(f"the station sent no NotifyReport for the {command} request (requestId {request_id})")
    return [data for page in pages for data in page.frame.payload.get("reportData") or []]


def _name(data):
    component, variable = data.get("component", {}), data.get("variable", {})
    text = component.get("name", "?")
    if component.get("instance"):
        text += f"[{component['instance']}]"
    evse = component.get("evse")
    if evse:
        text += f"(EVSE {evse.get('id')}" + (f" connector {evse['connectorId']}" if "connectorId" in evse else "") + ")"
    text += "." + variable.get("name", "?")
    if variable.get("instance"):
        text += f"[{variable['instance']}]"
    return text


def check_every_reported_variable(session, command, rows):
    """Every reportData of the report fits every row (field paths inside a reportData)."""
    for path, value in rows:
        expect.check_expected_words(session.version, "NotifyReport", True, f"reportData[0].{path}",
                                    expect.substitute(value, session.config))
    reported = reported_variables(session, command)
    bad = []
    for data in reported:
        wrapper = {"reportData": [data]}
        mismatches = expect.fields_mismatches(session.version, "NotifyReport", True, wrapper,
                                              [(f"reportData[0].{p}", v) for p, v in rows], session.config)
        if mismatches:
            bad.append(f"{_name(data)}: " + "; ".join(m.replace("reportData[0].", "") for m in mismatches))
    if bad:
        session.fail(f"{len(bad)} of the {len(reported)} variables the station reported for the {command} request "
                     f"do not fit:\n  " + "\n  ".join(bad[:20]) + ("\n  ..." if len(bad) > 20 else ""))


def check_values_lists(session, command):
    """B07 (OCTT TC_B_12/13_CS step 3): a variable of dataType OptionList, SequenceList or MemberList
    is reported with its valuesList."""
    reported = reported_variables(session, command)
    missing = [f"{_name(d)} ({d['variableCharacteristics']['dataType']})" for d in reported
               if (d.get("variableCharacteristics") or {}).get("dataType") in LIST_TYPES
               and not d["variableCharacteristics"].get("valuesList")]
    if missing:
        session.fail("the station reported variables of a list type without valuesList: " + ", ".join(missing))


def check_reported_variables(session, command, table):
    """Every row (| component | variable | optional instance |) is among the variables reported for
    the request: the document's required variables."""
    reported = reported_variables(session, command)
    have = {(d.get("component", {}).get("name"), d.get("variable", {}).get("name"), d.get("variable", {}).get("instance"))
            for d in reported}
    missing = []
    for row in table:
        component, variable = row["component"].strip(), row["variable"].strip()
        instance = row["instance"].strip() if "instance" in table.headings and row["instance"].strip() else None
        if (component, variable, instance) not in have:
            missing.append(f"{component}.{variable}" + (f"[{instance}]" if instance else ""))
    if missing:
        session.fail(f"the station's report for the {command} request lacks required variables: "
                     + ", ".join(missing) + f" ({len(reported)} variables reported)")


# ---------------------------------------------------------------------- boot

def expect_boot_after_trigger(session):
    """TC_B_02_CS steps 14-15: after answering TriggerMessage(BootNotification) Accepted the station
    boots again at once, with reason Triggered (before the Pending interval has passed); one that
    answered NotImplemented boots again once the interval of the Pending answer has passed."""
    status = (session.command_outcome("TriggerMessage").response or {}).get("status")
    if status == "Accepted":
        return session.expect_after_answer("TriggerMessage", "BootNotification", [("reason", "Triggered")])
    return session.expect_boot_retry()
