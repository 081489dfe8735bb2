"""The verdict table: per catalog (docs/catalog/*.csv), per block and per case, what a run found.

Five outcomes: passed, failed, not run (the suite could not exercise the case, and says why),
waived (failed, with an accepted waiver), waiver no longer needed (passed, though waived). A case
with several scenarios (outlines, profile variants) is failed if one failed, else waived if one was
waived, else passed if one passed, else not run.

    python -m support.reports.verdicts                 # the table of the last run (reports/junit)
    python -m support.reports.verdicts --junit DIR --cases
"""
import argparse
import csv
import functools
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOG_FOLDER = os.path.join(ROOT, "docs", "catalog")
# The order of the table; a catalog file not named here follows in name order.
CATALOG_ORDER = ("csms-ocpp201", "csms-ocpp16", "station-ocpp201-e2e", "station-ocpp201-octt", "station-ocpp16-octt")
ROBUSTNESS = "ocpp-j-robustness"     # ROB_* cases: the suite's own OCPP-J checks, no OCTT document
NO_CASE = "(no case id)"

PASSED, FAILED, NOT_RUN, WAIVED, UNNEEDED = "passed", "failed", "not run", "waived", "waiver no longer needed"
OUTCOMES = (PASSED, FAILED, NOT_RUN, WAIVED, UNNEEDED)
CASE_ID = re.compile(r"(TC_[A-P]_\d+_CSMS|TC_[A-P]_\d+_CS|TC_\d+(?:_\d+)?_CSMS|TC_\d+(?:_\d+)?_CS|E2E_[A-Za-z0-9-]+"
                     r"|ROB_[0-9]+_\d+)\b")
BLOCK_TAG = re.compile(r"^block([A-P])$")


@dataclass
class CatalogCase:
    case: str
    catalog: str
    block: str          # "B Provisioning", or the group of the station test plan, or "-"
    title: str


@dataclass
class Result:
    """One scenario's outcome, as the verdict table counts it."""
    case: str
    name: str
    outcome: str
    reason: str = ""
    catalog: str = ""
    block: str = ""
    record: object = None       # the run's ScenarioRecord (support/reports/__init__.py), when there is one


@dataclass
class CaseVerdict:
    case: CatalogCase
    verdict: str = ""           # "" = not in this run
    results: list = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def block_names():
    """'B' -> 'Provisioning', from the OCPP 2.0.1 CSMS catalog."""
    names = {}
    path = os.path.join(CATALOG_FOLDER, "csms-ocpp201.csv")
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("block") and row.get("block_name"):
                    names[row["block"]] = row["block_name"]
    return names


def block_label(letter):
    name = block_names().get(letter)
    return f"{letter} {name}" if name else letter


@functools.lru_cache(maxsize=1)
def catalogs():
    """catalog name -> {case id: CatalogCase}, in table order. A case without a block in its catalog
    (the OCPP 1.6 catalogs) gets the block of its scenarios' @blockX tags (features/)."""
    names = [os.path.basename(p)[:-4] for p in glob.glob(os.path.join(CATALOG_FOLDER, "*.csv"))]
    names.sort(key=lambda n: (CATALOG_ORDER.index(n) if n in CATALOG_ORDER else len(CATALOG_ORDER), n))
    letter_of = {name: letter for letter, name in block_names().items()}
    tagged = None
    found = {}
    for name in names:
        cases = found[name] = {}
        with open(os.path.join(CATALOG_FOLDER, name + ".csv"), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                case = row.get("test_case") or "E2E_" + row.get("case", "")
                if row.get("block"):
                    block = block_label(row["block"])
                elif row.get("group"):
                    group = row["group"]
                    block = block_label(letter_of[group]) if group in letter_of else group
                else:
                    if tagged is None:
                        tagged = feature_blocks()
                    letters = tagged.get(case)
                    block = block_label(letters[0]) if letters else "-"
                cases[case] = CatalogCase(case, name, block, row.get("title", ""))
    return found


def catalog_case(case_id, tags=()):
    """The CatalogCase of a case id (a pseudo one for ROB_* and unknown ids; tags give the block)."""
    for cases in catalogs().values():
        if case_id in cases:
            return cases[case_id]
    letters = [m.group(1) for m in map(BLOCK_TAG.match, tags) if m]
    block = block_label(letters[0]) if letters else "-"
    if case_id and case_id.startswith("ROB_"):
        return CatalogCase(case_id, ROBUSTNESS, block, "")
    return CatalogCase(case_id or "", NO_CASE, block, "")


def feature_blocks(folder=os.path.join(ROOT, "features")):
    """case id -> block letters of the scenarios tagged with it, in tag order (feature tags count)."""
    found = {}
    for path in glob.glob(os.path.join(folder, "**", "*.feature"), recursive=True):
        feature_tags, pending = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                if s.startswith("@"):
                    pending += [t[1:] for t in s.split() if t.startswith("@")]
                elif s.startswith("Feature:"):
                    feature_tags, pending = pending, []
                elif re.match(r"(Scenario|Scenario Outline|Scenario Template|Example|Examples):", s):
                    tags = feature_tags + pending
                    letters = [m.group(1) for m in map(BLOCK_TAG.match, tags) if m]
                    for tag in tags:
                        if CASE_ID.fullmatch(tag) and letters:
                            found.setdefault(tag, [])
                            found[tag] += [x for x in letters if x not in found[tag]]
                    pending = []
                else:
                    pending = []
    return found


def case_verdict(outcomes):
    outcomes = set(outcomes)
    for verdict in (FAILED, WAIVED):
        if verdict in outcomes:
            return verdict
    if UNNEEDED in outcomes:
        return UNNEEDED
    if PASSED in outcomes:
        return PASSED
    return NOT_RUN


def verdicts(results, with_absent=True):
    """catalog -> block -> [CaseVerdict] for these scenario results. with_absent: also the catalog
    cases the run did not select (verdict ""), for the catalogs the run touched."""
    by_case = {}
    for r in results:
        by_case.setdefault((r.catalog, r.case or r.name), []).append(r)
    table = {}
    touched = {catalog for catalog, _ in by_case}
    for name, cases in catalogs().items():
        if name not in touched:
            continue
        for case in cases.values():
            found = by_case.pop((name, case.case), [])
            if found or with_absent:
                verdict = case_verdict(r.outcome for r in found) if found else ""
                table.setdefault(name, {}).setdefault(case.block, []).append(CaseVerdict(case, verdict, found))
    for (name, case_id), found in by_case.items():       # robustness, unknown ids, scenarios without an id
        block = found[0].block or "-"
        case = CatalogCase(case_id, name, block, "")
        table.setdefault(name, {}).setdefault(block, []).append(CaseVerdict(case, case_verdict(r.outcome for r in found),
                                                                            found))
    ordered = {}
    for name in list(catalogs()) + sorted(n for n in table if n not in catalogs()):
        if name in table:
            ordered[name] = dict(sorted(table[name].items(), key=lambda kv: (kv[0] == "-", kv[0])))
    return ordered


COLUMNS = ("cases",) + OUTCOMES + ("not in run",)
SHORT = {"waiver no longer needed": "unneeded", "not in run": "absent"}


def counts(case_verdicts):
    c = Counter(v.verdict or "not in run" for v in case_verdicts)
    return [len(case_verdicts)] + [c[o] for o in OUTCOMES] + [c["not in run"]]


def table_rows(table, blocks=True):
    """(catalog, block, counts) rows with a TOTAL per catalog and an overall TOTAL."""
    rows, overall = [], []
    for name, by_block in table.items():
        everything = [v for vs in by_block.values() for v in vs]
        overall += everything
        if blocks and (len(by_block) > 1 or "-" not in by_block):
            rows += [(name, block, counts(vs)) for block, vs in by_block.items()]
        rows.append((name, "TOTAL", counts(everything)))
    if len(table) > 1:
        rows.append(("ALL", "TOTAL", counts(overall)))
    return rows


def format_table(table, absent=True, title="Verdicts per catalog and block (cases):"):
    columns = [c for c in COLUMNS if absent or c != "not in run"]
    heads = [SHORT.get(c, c) for c in columns]
    rows = table_rows(table)
    width_catalog = max([len("catalog")] + [len(r[0]) for r in rows])
    width_block = max([len("block")] + [len(r[1]) for r in rows])
    lines = [title, f"  {'catalog':<{width_catalog}}  {'block':<{width_block}}" + "".join(f" {h:>8}" for h in heads)]
    for name, block, numbers in rows:
        numbers = numbers if absent else numbers[:-1]
        lines.append(f"  {name:<{width_catalog}}  {block:<{width_block}}" + "".join(f" {n:>8}" for n in numbers))
    if "unneeded" in heads:
        lines.append("  (unneeded: waiver no longer needed; absent: catalog case not in this run)" if absent
                     else "  (unneeded: waiver no longer needed)")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- JUnit (make report)

def read_junit(folder):
    """The scenario results in behave's JUnit files in folder: the suite's testcase properties
    (case_id, catalog, block, outcome), or for older files the case id in the name and the elements."""
    results = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.xml"), recursive=True)):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for tc in root.iter("testcase"):
            props = {p.get("name"): p.get("value", "") for p in tc.findall("properties/property")}
            name = tc.get("name", "")
            outcome = props.get("outcome")
            reason = ""
            if outcome is None:
                children = {child.tag for child in tc}
                outcome = FAILED if children & {"failure", "error"} else NOT_RUN if "skipped" in children else PASSED
                if outcome == NOT_RUN and (tc.find("skipped").get("message") or "").startswith("waived: "):
                    outcome = WAIVED
            for tag in ("failure", "error", "skipped"):
                element = tc.find(tag)
                if element is not None:
                    reason = element.get("message") or ""
            if outcome == UNNEEDED:
                reason = props.get("waiver.note", reason)
            case_id = props.get("case_id")
            if case_id is None:
                match = CASE_ID.search(name)
                case_id = match.group(1) if match else ""
            if "catalog" in props:
                catalog, block = props["catalog"], props.get("block", "-")
            else:
                found = catalog_case(case_id)
                catalog, block = found.catalog, found.block
            results.append(Result(case_id, name, outcome, reason, catalog, block))
    return results


def one_line(text, width=200):
    """A failure's one-line reason: its first line that is not the rule ("Broke: ..."), with the line
    that says what was expected when that comes just after."""
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    words = [x for x in lines if not x.startswith("Broke: ") and not x.startswith("Requests to the CSMS trigger API:")]
    line = words[0] if words else (lines[0] if lines else "")
    expected = next((x for x in words[1:4] if ", expected " in x), None)
    if expected and ", expected " not in line:
        line = f"{line.rstrip(':')}: {expected}"
    return line if len(line) <= width else line[:width - 3] + "..."


def format_cases(table, only=None):
    lines = []
    for name, by_block in table.items():
        for block, vs in by_block.items():
            for v in vs:
                if only and v.verdict not in only:
                    continue
                reason = next((r.reason for r in v.results if r.outcome == v.verdict and r.reason), "")
                lines.append(f"  {name:<20} {block:<36} {v.case.case:<16} {v.verdict or 'not in run':<24} "
                             f"{one_line(reason, 140)}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--junit", default=os.path.join("reports", "junit"), help="folder of the JUnit files")
    parser.add_argument("--cases", action="store_true", help="also list every case with its verdict")
    args = parser.parse_args(argv)
    results = read_junit(args.junit)
    if not results:
        print(f"no JUnit results in {args.junit}: run the suite first (make run)", file=sys.stderr)
        return 1
    table = verdicts(results)
    print(format_table(table, title=f"Verdicts of the last run ({args.junit}), per catalog and block (cases):"))
    problems = format_cases(table, only=(FAILED, WAIVED, UNNEEDED))
    if args.cases:
        print("\nCases:\n" + format_cases(table))
    elif problems:
        print("\nFailed, waived and no-longer-needed waivers:\n" + problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
