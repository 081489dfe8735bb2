#!/usr/bin/env python3
"""Generate docs/steps.md, the testers' dictionary of step sentences, from the step docstrings.

  python tools/stepdoc.py           # write docs/steps.md
  python tools/stepdoc.py --check   # exit 1 when docs/steps.md is stale or a step lacks a docstring/example
"""
import argparse
import ast
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = os.path.join(ROOT, "features", "steps")
OUT = os.path.join(ROOT, "docs", "steps.md")
KEYWORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Step"}


def collect():
    domains, problems = [], []
    for path in sorted(glob.glob(os.path.join(STEPS, "*_steps.py"))):
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        module_doc = (ast.get_docstring(tree) or "").strip()
        entries = []
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            sentences = []
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id in KEYWORDS \
                        and deco.args and isinstance(deco.args[0], ast.Constant):
                    sentences.append(f"{KEYWORDS[deco.func.id]} {deco.args[0].value}")
            if not sentences:
                continue
            doc = ast.get_docstring(node) or ""
            where = f"{os.path.relpath(path, ROOT)}:{node.lineno} {node.name}"
            if not doc:
                problems.append(f"{where}: no docstring")
            elif "Example" not in doc:
                problems.append(f"{where}: the docstring has no 'Example:'")
            entries.append((sentences, doc))
        name = os.path.basename(path)[:-len("_steps.py")].replace("_", " ")
        domains.append((name, module_doc, entries))
    return domains, problems


def render(domains):
    lines = ["# Step catalog", "",
             "Every sentence the suite understands, grouped by domain. Generated from the step docstrings",
             "by `python tools/stepdoc.py`; do not edit by hand (CI fails when it is stale).", "",
             "Words in `{braces}` are parameters. Fields are dotted paths into the OCPP payload",
             "(`idTokenInfo.groupIdToken.idToken`, `getVariableData[0].component.name`); expected values may be",
             "`(absent)`, `(present)`, `> 0`, `\"A\" or \"B\"`, or a configured value such as `<GROUP_ID>`.", ""]
    for name, module_doc, entries in domains:
        lines += [f"## {name.capitalize()}", ""]
        if module_doc:
            lines += [module_doc, ""]
        for sentences, doc in entries:
            for sentence in sentences:
                lines.append(f"- **{sentence}**")
            lines.append("")
            for doc_line in doc.splitlines():
                lines.append(f"    {doc_line}" if doc_line.strip() else "")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    domains, problems = collect()
    text = render(domains)
    if args.check:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            problems.append("docs/steps.md is stale: run `make docs` (python tools/stepdoc.py)")
        for p in problems:
            print(p, file=sys.stderr)
        count = sum(len(s) for _, _, e in domains for s, _ in e)
        print(f"step catalog: {count} sentences, {len(problems)} problems")
        return 1 if problems else 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
