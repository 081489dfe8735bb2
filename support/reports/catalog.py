"""The OCTT catalogs the suite implements (docs/catalog/*.csv: case id, title, and for OCPP 2.0.1 the
block, use cases and requirement ids), so that a failure can name the case and the rules it broke."""
import csv
import functools
import os
import re

FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "catalog")
CASE_ID = re.compile(r"^(TC_[A-P]_\d+_CSMS|TC_[A-P]_\d+_CS|TC_\d+(?:_\d+)?_CSMS|TC_\d+(?:_\d+)?_CS|E2E_[A-Za-z0-9-]+"
                     r"|ROB_[0-9]+_\d+)$")


@functools.lru_cache(maxsize=1)
def cases():
    """case id -> row (test_case, title, requirements, ...)."""
    found = {}
    for name in sorted(os.listdir(FOLDER)) if os.path.isdir(FOLDER) else ():
        if name.endswith(".csv"):
            with open(os.path.join(FOLDER, name), newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    found[row.get("test_case") or "E2E_" + row.get("case", "")] = row
    return found


def case_id(tags):
    return next((tag for tag in tags if CASE_ID.match(tag)), None)


def rule_line(tags, step):
    """'Broke: OCTT TC_C_06_CSMS (Local start transaction - Authorization Blocked), tool validation
    "Then the CSMS answers ...", requirements C01.FR.02' for a failed step of a catalog case."""
    case = case_id(tags)
    if case is None:
        return None
    row = cases().get(case, {})
    title = f" ({row['title']})" if row.get("title") else ""
    source = {"TC": "OCTT", "E2E": "the station test plan's", "ROB": "OCPP-J robustness"}[case.split("_")[0]]
    if getattr(step, "step_type", "") == "given":
        # a precondition (a reusable state) that failed: not one of the case's own validations
        return f"Broke: {source} {case}{title}, precondition \"{step.keyword} {step.name}\""
    requirements = f"; requirements {row['requirements']}" if row.get("requirements") else ""
    what = "tool validation" if getattr(step, "step_type", "") == "then" else "scenario step"
    return f"Broke: {source} {case}{title}, {what} \"{step.keyword} {step.name}\"{requirements}"
