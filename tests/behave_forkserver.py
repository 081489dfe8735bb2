"""A behave process to fork from: it imports behave and the suite once, then runs each behave
command line it is given in a forked child, as `python -m behave ...` in a new process would, about
a second sooner (the imports are done). tests/behave_runner.py talks to it.

Protocol, one JSON line each way on standard input / output:
  -> {"args": [...], "env": {...}, "stdout": PATH, "stderr": PATH}
  <- {"pid": CHILD}              (at once: the caller may kill it at its deadline)
  <- {"code": EXIT CODE}         (when the child ended; -N: killed by signal N)
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def preload():
    os.chdir(ROOT)
    sys.path.insert(0, ROOT)
    import behave.__main__  # noqa: F401
    import support.scenario.csms_session  # noqa: F401
    import support.scenario.station_session  # noqa: F401
    import support.scenario.ocpp16.station_session  # noqa: F401
    import support.targets.csms  # noqa: F401
    import support.csms.scripted  # noqa: F401
    preload_steps()
    preload_features()
    # What the server loaded lives as long as every child: out of the collector's sight, a child's
    # full collection does not walk it (a pause of 100 ms and more with every feature parsed, longer
    # than the embedded station's compressed MessageTimeout at station_timeout=1).
    import gc
    gc.collect()
    gc.freeze()


STEPS = os.path.join(ROOT, "features", "steps")


def preload_steps():
    """Load the project's step definitions once; a run whose steps folder is the project's (a temp
    features folder links to it) then skips loading them again (compiling ~550 step patterns)."""
    from behave.runner import Runner
    from behave.runner_util import load_step_modules
    load_step_modules([STEPS])
    load_all = Runner.load_step_definitions

    def load_step_definitions(self, extra_step_paths=None):
        steps = os.path.join(self.base_dir, self.config.steps_dir)
        if extra_step_paths or os.path.realpath(steps) != os.path.realpath(STEPS):
            return load_all(self, extra_step_paths)
    Runner.load_step_definitions = load_step_definitions


def preload_features():
    """Parse the project's feature files once; a run reads a file again only if it changed since."""
    import behave.parser
    parse_file = behave.parser.parse_file
    parsed = {}

    def cached(filename, language=None):
        path = os.path.realpath(filename)
        key = (path, language)
        stamp = os.stat(path).st_mtime_ns
        if key in parsed and parsed[key][0] == stamp:
            return parsed[key][1]
        feature = parse_file(filename, language=language)
        parsed[key] = (stamp, feature)
        return feature
    for folder, _, names in os.walk(os.path.join(ROOT, "features")):
        for name in sorted(names):
            if name.endswith(".feature"):
                cached(os.path.relpath(os.path.join(folder, name), ROOT))
    behave.parser.parse_file = cached


def child(request):
    """Become `python -m behave ARGS` with standard input closed and the output in the two files."""
    os.environ.update(request.get("env") or {})
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", closefd=False, buffering=1)
    sys.stderr = open(2, "w", closefd=False, buffering=1)
    sys.argv = ["behave", *request["args"]]
    code = 1
    try:
        from behave.__main__ import main
        code = main(request["args"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code if isinstance(code, int) else 1)


def serve():
    preload()
    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            child(request)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        out.write(json.dumps({"code": code}) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()
