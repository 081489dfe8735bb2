"""The per-scenario message trace: every frame on the wire, in order, with time and direction.

Entries are appended from the runtime thread and waited on from the step thread, so waits are
events on a condition variable with a deadline, never sleeps.
"""
import json
import threading
import time
from dataclasses import dataclass, field

SENT = "->"      # the suite sent it to the system under test
RECEIVED = "<-"  # the system under test sent it to the suite
EVENT = "**"     # a connection event: opened, refused, closed


@dataclass
class TraceEntry:
    seq: int
    at: float
    peer: str
    direction: str
    text: str
    frame: object = None          # support.rpc.frames.Frame when the text parsed
    violations: list = field(default_factory=list)
    note: str = ""                # e.g. who built a CSMS request (support/scenario/provenance.py)

    def render(self, t0):
        text = self.text if len(self.text) <= 2000 else self.text[:2000] + "...(truncated)"
        line = f"{self.at - t0:+8.3f}s {self.peer:<14} {self.direction} {text}"
        if self.note:
            line += f"\n{'':27}   {self.note}"
        for v in self.violations:
            line += f"\n{'':27}!! {v}"
        return line


class MessageTrace:
    def __init__(self, name=""):
        self.name = name
        self.t0 = time.monotonic()
        self.wall_t0 = time.time()     # the scenario's start by the clock, for what a CSMS timestamps
        self.entries = []
        self._cond = threading.Condition()

    def add(self, peer, direction, text, frame=None, violations=None):
        with self._cond:
            entry = TraceEntry(len(self.entries), time.monotonic(), peer, direction, text, frame,
                               list(violations or []))
            self.entries.append(entry)
            self._cond.notify_all()
            return entry

    def event(self, peer, what):
        return self.add(peer, EVENT, what)

    def touch(self):
        """Wake waiters whose condition depends on state outside the trace."""
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate, timeout, start=0):
        """First entry from index `start` on that satisfies predicate, waiting until the deadline.

        Returns the entry, or None at the deadline. `predicate(entry)` runs under the lock.
        """
        deadline = time.monotonic() + timeout
        index = start
        with self._cond:
            while True:
                while index < len(self.entries):
                    entry = self.entries[index]
                    index += 1
                    if predicate(entry):
                        return entry
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)

    def wait_until(self, condition, timeout):
        """Wait until condition() is true (re-checked at every trace change); returns its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = condition()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return value
                self._cond.wait(remaining)

    def render(self, last=None):
        with self._cond:
            entries = self.entries[-last:] if last else list(self.entries)
        if not entries:
            return "(no messages)"
        return "\n".join(e.render(self.t0) for e in entries)

    def to_json_lines(self):
        with self._cond:
            return "\n".join(json.dumps({"t": round(e.at - self.t0, 4), "peer": e.peer,
                                         "dir": e.direction, "frame": e.text,
                                         "violations": e.violations, "note": e.note}) for e in self.entries)
