"""The step language, checked: an undefined sentence gets the nearest defined ones, and a dry run
checks the words of every step (enum values, field paths, idToken kinds, reusable states, actions).

behave runs no hook in a dry run, so features/environment.py calls install() when behave loads it:
install() wraps the runner's run_model (the one place that sees every step in both kinds of run) to

- answer an undefined step with "undefined step: <text>; did you mean: <nearest sentences>?", in the
  console and as the step's error (JUnit's <error message="...">), instead of behave's Python snippet;
- in a dry run, write no JUnit report (the reports of the last real run stay as they were), and run
  the vocabulary checks each step makes at run time on its words: a misspelled value or field is a
  failed step ("'Acepted' is not a RegistrationStatus; did you mean Accepted?") and fails the run.

The dry-run checks are the step's own: which argument is checked as what is read from the step
function's code, and from the code it hands the argument to (functions of its module and of the
support modules, methods of the scenario's session class, up to four calls deep), so a new step that
calls enum_value("X", status) is checked without being declared anywhere. Recognized calls:
enum_value, check_enum, token_kind, id_token, reusable_state, <session>.enum_at, and the field
checks of a session (FIELD_CHECKS) given [(field, value)] or field_rows(context.table) with the
step's {action}; `for s in status.split(" or ")` checks each alternative. A check made for one OCPP
version only (enum_value(..., "1.6")) runs for the scenarios of that version. Values written as
<CONFIGURED_NAME> are left to the real run (they need the configuration); what the code does not
show plainly (a value built from several arguments) is not checked, never guessed.
"""
import ast
import difflib
import functools
import inspect
import re
import textwrap

from behave.model import Status

from . import expect, words
from .outcomes import UndefinedStep, live as _live

# Session methods that compare rows of | field | value | with a message: True when the message is
# the action's request, False when it is its response (support/scenario/csms_session.py, station_session*.py,
# csms_commands.py).
FIELD_CHECKS = {
    "check_answer": False, "check_command_answer": False, "check_csms_answer": False,
    "check_every_csms_answer": False, "check_reported_answer": False, "expect_answered_requests": False,
    "expect_request": True, "expect_message": True, "expect_fitting": True, "expect_after_answer": True,
}


_EACH = "|each"     # a step parameter split into alternatives ("A" or "B"), each one checked


# ---------------------------------------------------------------------------- undefined steps

_PARAM = re.compile(r"\{[^{}]*\}")
_QUOTED = re.compile(r'"[^"]*"')
_WORD = re.compile(r'"q"|\{\}|[A-Za-z0-9_.\[\]<>-]+')


def _tokens(text, pattern=False):
    """Lower-case words; a quoted string is one token "q", a parameter of a pattern the token {}."""
    if pattern:
        text = _PARAM.sub(" {} ", text)
        text = re.sub(r'"\s*\{\}\s*"', ' "q" ', text)
    text = _QUOTED.sub(' "q" ', text)
    return [_stem(word) for word in _WORD.findall(text.lower())]


def _stem(word):
    # "send" and "sends", "answer" and "answers" are near misses of each other, not different words
    return word[:-1] if len(word) > 3 and word.endswith("s") and word not in ('"q"',) else word


def _similarity(text, pattern):
    """How near a sentence is to a step pattern, 0..1: its words in order, where a parameter of the
    pattern stands for one to four words of the sentence; characters break ties."""
    said, defined = _tokens(text), _tokens(pattern, pattern=True)
    matched = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, said, defined, autojunk=False).get_opcodes():
        if op == "equal":
            matched += 2 * (i2 - i1)
        elif op == "replace" and all(t == "{}" for t in defined[j1:j2]) and (i2 - i1) <= 4 * (j2 - j1):
            matched += (i2 - i1) + (j2 - j1)        # the parameters take these words
    by_words = matched / max(1, len(said) + len(defined))
    by_chars = difflib.SequenceMatcher(None, text.lower(), pattern.lower(), autojunk=False).ratio()
    return 0.85 * by_words + 0.15 * by_chars


KEYWORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Given"}


def nearest_sentences(registry, step, limit=3):
    """The defined sentences nearest to an undefined step, with their keyword. Sentences of the
    step's own keyword come first at equal distance; one of another keyword that matches the text as
    written ("When the CSMS answers ..." for a Then sentence) gets a head start."""
    step_type = getattr(step, "step_type", "step")
    scored = []
    for kind, matchers in registry.steps.items():
        for matcher in matchers:
            pattern = getattr(matcher, "pattern", None)
            if not isinstance(pattern, str):
                continue
            score = _similarity(step.name, pattern)
            if kind in (step_type, "step"):
                score += 0.05
            else:
                try:
                    if matcher.match(step.name):
                        score += 0.1
                except Exception:       # noqa: BLE001 - a matcher that cannot parse this text
                    pass
            scored.append((score, f"{KEYWORDS.get(kind, 'Given')} {pattern}"))
    scored.sort(key=lambda item: -item[0])
    best = scored[0][0] if scored else 0
    found = []
    for score, sentence in scored:
        if score >= 0.5 and score >= best - 0.12 and sentence not in found:
            found.append(sentence)
    return found[:limit]


def undefined_message(registry, step):
    text = f"{step.keyword} {step.name}".strip()
    near = nearest_sentences(registry, step)
    if near:
        return f"undefined step: {text}; did you mean: {', or '.join(near)}?"
    return f"undefined step: {text}; no defined sentence is near it (docs/steps.md lists them all)"


# ---------------------------------------------------------------------------- dry-run checks

def _version(scenario):
    return "1.6" if scenario is not None and "ocpp16" in scenario.effective_tags else "2.0.1"


def _const(node, env):
    """The value of a constant argument: a literal, or a module-level name of the step's module."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in env and not callable(env[node.id]):
        return env[node.id]
    return None


def _word(node, params):
    """The step parameter an argument is, possibly cleaned (`status.strip('"')`): (name, cleaned)."""
    if isinstance(node, ast.Name) and node.id in params:
        return params[node.id], False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("strip", "lstrip", "rstrip") and _word(node.func.value, params)[0]:
        return _word(node.func.value, params)[0], True
    return None, False


def _callee(call):
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


@functools.lru_cache(maxsize=None)
def _tree(func):
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source)
    return next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)


def _checks(func, params, session_class=None, depth=0):
    """[(version or None, parameter names, check(values, version))] that func makes on the step
    parameters `params` ({local name: step parameter name}), following what it hands them to: the
    functions of its module and of the suite's support modules, and the methods of the session."""
    node = _tree(func)
    if node is None:
        return []
    env = func.__globals__
    params = dict(params)
    for loop in (n for n in ast.walk(node) if isinstance(n, ast.comprehension)):
        # [enum_value("X", s) for s in status.split(" or ")]: each alternative is checked
        source = loop.iter
        if isinstance(loop.target, ast.Name) and isinstance(source, ast.Call) \
                and isinstance(source.func, ast.Attribute) and source.func.attr == "split":
            param = _word(source.func.value, params)[0]
            if param and not param.endswith(_EACH):
                params[loop.target.id] = param + _EACH
    found = []
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        name = _callee(call)
        args = call.args
        if name == "enum_value" and len(args) >= 2:
            type_name, (param, _) = _const(args[0], env), _word(args[1], params)
            if isinstance(type_name, str) and param:
                version = _const(args[2], env) if len(args) > 2 else "2.0.1"
                version = version if isinstance(version, str) else None   # a variable: the scenario's
                found.append((version, (param,), functools.partial(_enum, type_name)))
        elif name == "check_enum" and len(args) >= 3:
            allowed, label, (param, _) = _const(args[1], env), _const(args[2], env), _word(args[0], params)
            if param and isinstance(allowed, (list, tuple, set, frozenset, dict)) and isinstance(label, str):
                found.append((None, (param,), functools.partial(_listed, list(allowed), label)))
        elif name == "token_kind" and args:
            param = _word(args[0], params)[0]
            if param:
                found.append((None, (param,), lambda values, version: words.token_kind(values[0])))
        elif name == "id_token" and len(args) >= 2:
            param = _word(args[1], params)[0]
            if param:
                found.append((None, (param,), lambda values, version: words.token_kind(values[0])))
        elif name == "reusable_state" and len(args) >= 2:
            param, version = _word(args[0], params)[0], _const(args[1], env)
            if param and isinstance(version, str):
                found.append((version, (param,), lambda values, version: words.reusable_state(values[0], version)))
        elif name == "enum_at" and isinstance(call.func, ast.Attribute) and len(args) >= 3:
            action, path, param = _const(args[0], env), _const(args[1], env), _word(args[2], params)[0]
            if param and isinstance(action, str) and isinstance(path, str):
                found.append((None, (param,), functools.partial(_enum_at, action, path)))
        elif name in FIELD_CHECKS and "action" in params.values():
            action = next(local for local, step_param in params.items() if step_param == "action")
            if not any(isinstance(a, ast.Name) and a.id == action for a in args):
                continue
            rows = _rows(args, params)
            if rows is not None:
                found.append((None, ("action",) + rows, functools.partial(_fields, FIELD_CHECKS[name])))
        elif depth < 4:
            helper, bound = _helper(call, env, session_class)
            if helper is not None and helper is not func and (helper.__module__ == func.__module__
                                                              or helper.__module__.startswith("support.")):
                passed = _passed(helper, call, params, bound)
                if passed:
                    found += _checks(helper, passed, session_class, depth + 1)
    if depth == 0 and "action" in params.values():
        found.append((None, ("action",), _action))
    return found


@functools.lru_cache(maxsize=None)
def _step_checks(func, names, session_class):
    try:
        return _checks(func, {name: name for name in names}, session_class)
    except SyntaxError:
        return []


def _session_class(scenario):
    tags = scenario.effective_tags if scenario is not None else ()
    if "station" in tags:
        if "ocpp16" in tags:
            from .ocpp16.station_session import StationScenarioSession16
            return StationScenarioSession16
        from .station_session import StationScenarioSession
        return StationScenarioSession
    from .csms_session import ScenarioSession
    return ScenarioSession


def _rows(args, params):
    """("field", "value") when an argument is [(field, value)], ("<table>",) for field_rows(context.table)."""
    for arg in args:
        if isinstance(arg, ast.List) and len(arg.elts) == 1 and isinstance(arg.elts[0], ast.Tuple) \
                and len(arg.elts[0].elts) == 2:
            field, value = (_word(e, params)[0] for e in arg.elts[0].elts)
            if field:
                return (field, value) if value else (field,)
        if isinstance(arg, ast.Call) and _callee(arg) == "field_rows":
            return ("<table>",)
    return None


def _helper(call, env, session_class):
    """(function, is a method) a call goes to: a function of the module, a function of a support
    module (`v16.ask_trigger(...)`), or a method of the scenario's session class."""
    target = call.func
    if isinstance(target, ast.Name):
        helper = env.get(target.id)
        return (helper, False) if inspect.isfunction(helper) else (None, False)
    if isinstance(target, ast.Attribute):
        owner = env.get(target.value.id) if isinstance(target.value, ast.Name) else None
        if inspect.ismodule(owner):
            helper = getattr(owner, target.attr, None)
            return (helper, False) if inspect.isfunction(helper) else (None, False)
        if session_class is not None:
            helper = getattr(session_class, target.attr, None)
            return (helper, True) if inspect.isfunction(helper) else (None, False)
    return None, False


def _passed(helper, call, params, bound=False):
    """{helper's parameter: step parameter} for the step parameters a call hands to a helper."""
    try:
        names = list(inspect.signature(helper).parameters)[1 if bound else 0:]
    except (TypeError, ValueError):
        return {}
    passed = {}
    for index, arg in enumerate(call.args):
        param = _word(arg, params)[0]
        if param and index < len(names) and not isinstance(arg, ast.Call):
            passed[names[index]] = param
    for keyword in call.keywords:
        param = _word(keyword.value, params)[0]
        if param and keyword.arg in names and not isinstance(keyword.value, ast.Call):
            passed[keyword.arg] = param
    return passed


def _enum(type_name, values, version):
    words.enum_value(type_name, values[0].strip().strip('"'), version)


def _listed(allowed, label, values, version):
    expect.check_enum(values[0], allowed, label)


def _enum_at(action, path, values, version):
    node, def_name = expect.schema_node(version, action, True, path)
    if node is not None and "enum" in node:
        expect.check_enum(values[0], node["enum"], def_name)


def _action(values, version):
    from ..rpc import schemas
    action = values[0]
    if re.fullmatch(r"[A-Z][A-Za-z0-9]+", action or "") and not schemas.is_known_action(version, action):
        hint = difflib.get_close_matches(action, sorted(schemas.actions(version)), 1, 0.6)
        if hint:    # only a near miss: some sentences take other words in the {action} slot
            raise expect.StepError(f"'{action}' is not an OCPP {version} action; did you mean {hint[0]}?")


def _fields(is_request, values, version, table=None):
    from ..rpc import schemas
    action = values[0]
    if not schemas.is_known_action(version, action):
        return
    if values[1:] == ["<table>"]:
        rows = [(row[0].strip(), row[1].strip()) for row in table] if table is not None else []
    else:
        rows = [(values[1], values[2] if len(values) > 2 else "(present)")]
    for path, expected in rows:
        expect.check_expected_words(version, action, is_request, path, expected)


def check_step(step, match, scenario):
    """The problem a dry run finds in a step's words (the message of the StepError the real run would
    raise), or None."""
    arguments = {arg.name: arg.value for arg in (match.arguments or []) if arg.name}
    if match.func is None:
        return None
    version = _version(scenario)
    checks = _step_checks(match.func, tuple(sorted(arguments)), _session_class(scenario))
    table = getattr(step, "table", None)
    for check_version, names, check in checks:
        if check_version is not None and check_version != version:
            continue    # the other version's branch of a step that serves 1.6 and 2.0.1
        each = len(names) == 1 and names[0].endswith(_EACH)
        values = [arguments.get(n[:-len(_EACH)] if n.endswith(_EACH) else n) if n != "<table>" else "<table>"
                  for n in names]
        if any(v is None for v in values):
            continue
        if len(values) == 1 and re.search(r"<[A-Z0-9_]+>", str(values[0])):
            continue    # a configured value (<VALID_ID_TOKEN>): known only to the real run
        try:
            if getattr(check, "func", None) is _fields:
                check(values, version, table=table)
            elif each:
                for value in str(values[0]).split(" or "):
                    check([value.strip().strip('"')], version)
            else:
                check(values, version)
        except expect.StepError as exc:
            return str(exc)
        except Exception:       # noqa: BLE001 - a check that cannot run here is left to the real run
            continue
    return None


# ---------------------------------------------------------------------------- behave integration

class _Registry:
    """The step registry, as the runner sees it: find_match also explains undefined steps and, in a
    dry run, records the problems of a step's words."""

    def __init__(self, registry, runner, scenarios):
        self._registry = registry
        self._runner = runner
        self._scenarios = scenarios

    def __getattr__(self, name):
        return getattr(self._registry, name)

    def find_match(self, step):
        match = self._registry.find_match(step)
        if match is None:
            message = undefined_message(self._registry, step)
            step.exception = UndefinedStep(message)
            step.error_message = message
            _live(f"{step.location}: {message}")
        elif self._runner.config.dry_run:
            problem = check_step(step, match, self._scenarios.get(id(step)))
            if problem:
                step.dry_run_problem = problem
        return match


def _scenario_map(features):
    found = {}
    for feature in features or ():
        try:
            scenarios = list(feature.walk_scenarios())
        except Exception:       # noqa: BLE001
            continue
        for scenario in scenarios:
            for step in scenario.all_steps:
                found.setdefault(id(step), scenario)
    return found


def _mark_dry_run_problems(feature):
    """After a dry-run feature: a step whose words are wrong is a failed step, with the message."""
    failed = False
    for scenario in feature.walk_scenarios():
        for step in scenario.all_steps:
            problem = getattr(step, "dry_run_problem", None)
            if not problem:
                continue
            if step.status != Status.failed:
                step.status = Status.failed
                step.exception = expect.StepError(problem)
                step.error_message = problem
                _live(f"{step.location}: {step.keyword} {step.name}: {problem}")
            scenario.set_status(Status.failed)      # also when an untested step comes before it
            failed = True
    return failed


def install():
    """Wrap behave's ModelRunner.run_model (once per process)."""
    from behave import runner as behave_runner
    from behave.reporter.junit import JUnitReporter

    model_runner = behave_runner.ModelRunner
    if getattr(model_runner.run_model, "step_language", False):
        return
    original = model_runner.run_model

    def run_model(self, features=None):
        config = self.config
        config.show_snippets = False    # the suite says "undefined step: ...; did you mean ...?" instead
        if config.dry_run:
            before = len(config.reporters)
            config.reporters = [r for r in config.reporters if not isinstance(r, JUnitReporter)]
            if len(config.reporters) != before:
                _live("Dry run: no JUnit report is written (the last run's reports stay as they were)")
        chosen = features if features is not None else self.features
        registry = self.step_registry or behave_runner.the_step_registry     # what run_model would take
        if isinstance(registry, _Registry):
            registry = registry._registry
        self.step_registry = _Registry(registry, self, _scenario_map(chosen))
        if config.dry_run:
            for feature in chosen:
                feature.run = _dry_run_feature(feature, feature.run)
        return original(self, features)

    run_model.step_language = True
    model_runner.run_model = run_model


def _dry_run_feature(feature, run):
    def dry_run(runner):
        failed = run(runner)
        return _mark_dry_run_problems(feature) or failed
    return dry_run


