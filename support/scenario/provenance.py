"""Who built a CSMS request: the CSMS, or the suite.

OCTT's manual action leaves the request to the CSMS: the operator says "reset the station" and the
CSMS builds ResetRequest, picking what it decides (a remoteStartId, the transactionId to stop, the
next local list version, a reservation id, a charging profile, the hash data of a certificate).
Through a forwarding route (`call/{Action}` of a trigger API, or a product API that sends what it is
given) the suite writes the payload and the CSMS only passes it on. Two kinds of supplied values:

- the operator's input, which OCTT's manual action names too ("Reset with type OnIdle"): checking
  it checks that the CSMS can send the request, and the trace marks the request "supplied";
- a value the CSMS must decide, which the suite wrote only because the route has no command in
  which the CSMS decides. A check of it is no verdict on the CSMS: a scenario whose CSMS request
  carried such a value is "not run", with the fields named.
"""
import json
import threading
from dataclasses import dataclass, field

from ..rpc import CALL
from .trace import RECEIVED


@dataclass
class Supplied:
    action: str
    payload: dict
    route: str
    decided: tuple = ()          # fields the CSMS should have decided, written by the suite
    unless_seen: str = None      # a CSMS request that shows it decided after all (e.g. GetVariables of a limit)
    matched: list = field(default_factory=list)   # trace entries of the CSMS's request that carried it


def decided_fields(intent, payload):
    """Fields of a payload the suite built that the intent (the body of the "CSMS decides" command)
    left to the CSMS: absent from it, or only asked for with `true` (e.g. "chargingProfile": true)."""
    return tuple(key for key, value in payload.items()
                 if key not in intent or (intent[key] is True and value is not True))


class Provenance:
    def __init__(self, trace):
        self.trace = trace
        self.records = []
        self._lock = threading.Lock()

    def supplied(self, action, payload, route, decided=(), unless_seen=None):
        with self._lock:
            self.records.append(Supplied(action, json.loads(json.dumps(payload or {})), route, tuple(decided),
                                         unless_seen=unless_seen))

    def annotate(self):
        """Mark each CSMS request in the trace: supplied by the suite (and how), or built by the CSMS."""
        with self._lock:
            records = list(self.records)
        if not records:
            return
        for entry in list(self.trace.entries):
            if entry.direction != RECEIVED or entry.frame is None or entry.frame.type != CALL:
                continue
            for record in records:
                if record.action == entry.frame.action and _same(entry.frame.payload, record.payload):
                    if entry not in record.matched:
                        record.matched.append(entry)
                    kind = (f"the suite supplied {', '.join(record.decided)}, which the CSMS should decide"
                            if record.decided else "the suite supplied the payload")
                    entry.note = f"[{kind}, through {record.route}]"
                    break

    def supplied_as_is(self, action, payload):
        """The record of the last forwarding request of this action, when the CSMS passed it on exactly
        as the suite wrote it (an earlier one with the same payload does not count)."""
        with self._lock:
            records = [r for r in self.records if r.action == action]
        return records[-1] if records and records[-1].payload == payload else None

    def suite_built(self):
        """The supplied requests that the CSMS sent with values it should have decided."""
        self.annotate()
        return [r for r in self.records if r.decided and r.matched and not self._decided_after_all(r)]

    def _decided_after_all(self, record):
        if not record.unless_seen:
            return False
        first = record.matched[0].seq
        return any(e.seq < first and e.direction == RECEIVED and e.frame is not None and e.frame.type == CALL
                   and e.frame.action == record.unless_seen for e in list(self.trace.entries))

    def verdict_problem(self):
        """The reason a scenario that passed is not run, or None."""
        built = self.suite_built()
        if not built:
            return None
        parts = "; ".join(f"{r.action} ({', '.join(r.decided)}, through {r.route})" for r in built)
        return (f"the CSMS did not build the request: the suite supplied {parts}; use a route where the CSMS "
                f"decides (docs/trigger-api.md), an adapter that lets it decide, or a manual action")


def _same(sent, supplied):
    """The CSMS passed on what the suite supplied: every supplied field is there with its value."""
    if isinstance(supplied, dict):
        return isinstance(sent, dict) and all(k in sent and _same(sent[k], v) for k, v in supplied.items())
    if isinstance(supplied, list):
        return isinstance(sent, list) and len(sent) == len(supplied) and all(
            _same(a, b) for a, b in zip(sent, supplied))
    return sent == supplied
