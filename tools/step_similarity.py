#!/usr/bin/env python3
"""List near-duplicate step sentences: pairs a tester could mistake for each other.

  python tools/step_similarity.py            # every pair, most similar first
  python tools/step_similarity.py --check 20 # exit 1 when more than 20 pairs

The measure (issue 13: "similarity >= 0.9 once parameters are set aside"):

- A sentence is the text of a @given/@when/@then/@step pattern in features/steps/*_steps.py.
- The keyword is set aside too: "When the CSMS sends X" and "Then the CSMS sends X" read as one
  sentence to a tester, so two step functions with the same words under different keywords are a
  pair (similarity 1.0). The same words under several keywords of ONE function are one sentence
  (one meaning usable as Given and When), not a pair.
- Normalized text: lower case, runs of white space as one space, every parameter (`{name}`,
  `{name:Type}`) replaced by the one placeholder `{}`.
- Similarity: difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() on the normalized texts
  (characters); a pair is near-duplicate when it is >= --threshold (0.9).
- Every pair of distinct normalized sentences counts, also two sentences of one function (such as a
  wording kept beside a new one, "a"/"an" twins): each is one more sentence a reader must tell apart.
  Two exceptions, both two wordings of ONE step function that mean one action: the tense of each
  keyword ("Given the test station is in state X" / "When the test station goes to state X"), and
  a wording with an optional part that holds a parameter or takes a table ("... of the transaction"
  / "... of the transaction on EVSE {evse}", "... {times} times", a closing "with").
"""
import argparse
import ast
import difflib
import glob
import itertools
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = os.path.join(ROOT, "features", "steps")
KEYWORDS = {"given", "when", "then", "step"}
_PARAM = re.compile(r"\{[^{}]*\}")


def normalize(pattern):
    return re.sub(r"\s+", " ", _PARAM.sub("{}", pattern)).strip().lower()


def collect(steps_dir=STEPS):
    """{normalized sentence: [(keyword pattern, where, function id)]} for every step pattern."""
    sentences = {}
    for path in sorted(glob.glob(os.path.join(steps_dir, "*.py"))):
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id in KEYWORDS \
                        and deco.args and isinstance(deco.args[0], ast.Constant):
                    pattern = deco.args[0].value
                    where = f"{os.path.relpath(path, ROOT)}:{deco.lineno}"
                    sentences.setdefault(normalize(pattern), []).append(
                        (f"{deco.func.id.capitalize()} {pattern}", where, (path, node.name)))
    return sentences


def near_duplicates(sentences, threshold=0.9):
    """[(ratio, uses of a, uses of b)], most similar first. Identical words defined by two functions
    (other keywords) are a pair of ratio 1.0."""
    pairs = []
    for text, uses in sentences.items():
        functions = {use[2] for use in uses}
        if len(functions) > 1:
            pairs.append((1.0, uses, uses))
    texts = sorted(sentences)
    for a, b in itertools.combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        ratio = matcher.ratio()
        if ratio >= threshold and not _one_sentence(sentences[a], sentences[b]):
            pairs.append((ratio, sentences[a], sentences[b]))
    pairs.sort(key=lambda p: (-p[0], p[1][0][0]))
    return pairs


def _one_sentence(a, b):
    """Two wordings of ONE step function that are one sentence, not a pair:
    - the tense of each keyword ("Given the test station is in state X" / "When the test station
      goes to state X"): behave tells them apart by keyword, and they are one action;
    - one is the other with an optional part that holds a parameter or takes a table ("... of the
      transaction" / "... of the transaction on EVSE {evse}", "... {times} times", a closing "with"):
      the same action, the part left out takes its default."""
    functions = {use[2] for use in a} | {use[2] for use in b}
    if len(functions) != 1:
        return False
    keywords_a = {use[0].split()[0] for use in a}
    keywords_b = {use[0].split()[0] for use in b}
    if not keywords_a & keywords_b:
        return True
    text_a, text_b = normalize(a[0][0].split(" ", 1)[1]), normalize(b[0][0].split(" ", 1)[1])
    ops = difflib.SequenceMatcher(None, text_a, text_b, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        if op == "replace":
            return False
        part = text_a[i1:i2] + text_b[j1:j2]
        closing_with = part.strip() == "with" and max(i2, j2) in (len(text_a), len(text_b))
        if "{}" not in part and not closing_with:
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=int, metavar="N", help="exit 1 when there are more than N pairs")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--quiet", action="store_true", help="print only the count")
    args = parser.parse_args()
    sentences = collect()
    pairs = near_duplicates(sentences, args.threshold)
    if not args.quiet:
        for ratio, a, b in pairs:
            if a is b:
                print(f"{ratio:.2f}  same words, {len(a)} definitions:")
                for pattern, where, _ in a:
                    print(f"      {pattern}   ({where})")
            else:
                print(f"{ratio:.2f}  {a[0][0]}   ({a[0][1]})")
                print(f"      {b[0][0]}   ({b[0][1]})")
    print(f"step similarity: {len(sentences)} sentences, {len(pairs)} near-duplicate pairs "
          f"(similarity >= {args.threshold})")
    if args.check is not None and len(pairs) > args.check:
        print(f"more than {args.check} near-duplicate pairs: merge the sentences or tell them apart "
              f"(tools/step_similarity.py lists them)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
