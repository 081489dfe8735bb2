"""One trace file per scenario, passed or not: reports/traces/<case id>.jsonl, one JSON object a line
for each frame or connection event:

    {"time": "2025-05-01T10:00:00.123+00:00", "t": 0.0123, "direction": "sent", "dir": "->",
     "peer": "CP_1", "frame": "[2,\"1\",\"BootNotification\",{...}]", "violations": [], "note": ""}

direction: "sent" (the suite sent it to the system under test), "received" (the system under test
sent it), "event" (a connection opened, refused, closed; frame is the words). peer: the station
identity (or endpoint) of the connection. frame: the text on the wire, as it was.
"""
import datetime
import json
import os
import re

from support.scenario.trace import EVENT, RECEIVED, SENT

DIRECTIONS = {SENT: "sent", RECEIVED: "received", EVENT: "event"}


class TraceNames:
    """Unique file names for the run: <case id>.jsonl, then <case id>-2.jsonl, ... for the further
    scenarios of one case (outline examples, profile variants); a scenario without a case id is
    named after its words."""

    def __init__(self):
        self.used = set()

    def name(self, case_id, scenario_name):
        base = case_id or re.sub(r"[^A-Za-z0-9_.-]+", "-", scenario_name).strip("-")[:80] or "scenario"
        candidate, n = base, 1
        while candidate.lower() in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate.lower())
        return candidate + ".jsonl"


def entries_json(trace):
    """The trace's entries as JSON-ready dicts (wall-clock time from the trace's start)."""
    with trace._cond:
        entries = list(trace.entries)
    lines = []
    for e in entries:
        wall = trace.wall_t0 + (e.at - trace.t0)
        lines.append({"time": datetime.datetime.fromtimestamp(wall, datetime.timezone.utc).isoformat(
                          timespec="milliseconds"),
                      "t": round(e.at - trace.t0, 4), "direction": DIRECTIONS.get(e.direction, e.direction),
                      "dir": e.direction, "peer": e.peer, "frame": e.text, "violations": list(e.violations),
                      "note": e.note})
    return lines


def write(folder, file_name, entries):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, file_name)
    with open(path, "w", encoding="utf-8") as f:
        for entry in entries:
            f.write(json.dumps(entry) + "\n")
    return path


def clear(folder):
    """Remove the trace files of an earlier run (the folder shows one run)."""
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name.endswith(".jsonl"):
                try:
                    os.remove(os.path.join(folder, name))
                except OSError:
                    pass
