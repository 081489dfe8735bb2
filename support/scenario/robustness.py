"""Checks of how the CSMS under test copes with bad OCPP-J input (the @robustness features).

The test station sends a bad frame as it is (`ScenarioSession.send_raw`); these checks find that
frame in the message trace, then judge what the CSMS sent back: a CALLERROR with one of the allowed
codes and the right MessageId, or nothing at all where the spec says the frame is ignored or may be
dropped. Afterwards the CSMS must keep serving the station on the same connection.

MessageId of the CALLERROR (OCPP 2.0.1 Part 4, 4.2.3 and table 7; OCPP-J 1.6, 4.1.4 and 4.2.3):
  - the frame's own MessageId when it can be read (a string of at most 36 characters);
  - "-1" when it cannot be read (2.0.1: SHALL). OCPP-J 1.6 names no id for that case, so any id is
    taken there;
  - a MessageId longer than 36 characters cannot be echoed in a valid CALLERROR (string[36]): "-1"
    is expected, the over-long id as sent is accepted too (neither version says which).
"""
import json
import re

from ..rpc import CALLERROR, CALLRESULT
from ..rpc.frames import MAX_ID_LENGTH
from .trace import EVENT, RECEIVED, SENT

# A MessageId a lenient reader could still pick out of a frame that is not valid JSON.
_LEADING_ID = re.compile(r'^\s*\[\s*-?\d+\s*,\s*"([^"\\]*)"')


def nested_frame(depth):
    """A JSON array nested `depth` levels deep and nothing else: unreadable as an OCPP-J frame
    whatever the parser's depth limit (the innermost element is no MessageTypeId)."""
    return "[" * depth + "]" * depth


class BadFrame:
    """The last raw frame the station sent in this scenario and what the CSMS made of it."""

    def __init__(self, session, station=None):
        self.session = session
        self.station = station or session.station
        self.trace = session.trace
        self.entry = self._last_raw_entry()
        self.readable_id, self.long_id, self.lenient_id = _ids(self.entry.text)

    def _last_raw_entry(self):
        sid = self.station.station_id
        for entry in reversed(self.trace.entries):
            # send_raw records the text without a parsed frame; send() records a Frame
            if entry.peer == sid and entry.direction == SENT and entry.frame is None:
                return entry
        self.session.fail("the station has sent no raw frame in this scenario: nothing to check the CSMS's answer to")

    # ------------------------------------------------------------------ the CSMS's answer

    def allowed_ids(self):
        """MessageIds the CALLERROR may carry, or None when any id is acceptable."""
        if self.readable_id is not None:
            return {self.readable_id}
        if self.long_id is not None:
            return {"-1", self.long_id}
        if self.session.version == "1.6":
            return None
        return {"-1"} | ({self.lenient_id} if self.lenient_id else set())

    def _own_call_ids(self):
        return {o.unique_id for o in self.station.outcomes}

    def _is_answer(self, entry):
        """An answer of the CSMS to the bad frame: a CALLRESULT or CALLERROR from this station's peer,
        after the frame, that answers none of the station's own CALLs."""
        if entry.seq <= self.entry.seq or entry.peer != self.station.station_id or entry.direction != RECEIVED:
            return False
        frame = entry.frame
        if frame is None:
            # a frame our reader refused: an answer with a MessageId over 36 characters is still an answer
            return bool(re.match(r'^\s*\[\s*[34]\s*,', entry.text or ""))
        if frame.type not in (CALLRESULT, CALLERROR):
            return False
        return frame.unique_id not in self._own_call_ids()

    def wait_answer(self, timeout):
        return self.trace.wait_for(self._is_answer, timeout, start=self.entry.seq + 1)

    def find_answer(self):
        entries = self.trace.entries[self.entry.seq + 1:]   # a copy (list slice)
        return next((e for e in entries if self._is_answer(e)), None)

    def judge(self, entry, codes, may_take=False):
        """Fail unless `entry` is a CALLERROR with one of `codes` and an allowed MessageId (or, with
        may_take, a CALLRESULT: the CSMS took the message, as OCPP-J 2.0.1 4.1.2 allows)."""
        frame = entry.frame
        shown = _short(self.entry.text)
        if frame is None:
            self.session.fail(f"the CSMS answered the bad frame {shown} with a frame that breaks OCPP-J itself: "
                              f"{_short(entry.text, 160)} ({'; '.join(entry.violations) or 'unreadable'})")
        if frame.type == CALLRESULT and may_take:
            return
        if frame.type == CALLRESULT:
            self.session.fail(f"the CSMS accepted the bad frame {shown}: it answered with a CALLRESULT "
                              f"{json.dumps(frame.payload)}, expected CALLERROR {' or '.join(codes)}")
        if frame.error_code not in codes:
            self.session.fail(f"the CSMS answered the bad frame {shown} with CALLERROR {frame.error_code} "
                              f"({frame.error_description!r}), expected {' or '.join(codes)}")
        ids = self.allowed_ids()
        if ids is not None and frame.unique_id not in ids:
            self.session.fail(f"the CSMS answered the bad frame {shown} with CALLERROR {frame.error_code} "
                              f"for MessageId {frame.unique_id!r}, expected MessageId "
                              f"{' or '.join(repr(i) for i in sorted(ids))}")

    def check_callerror(self, codes, timeout):
        entry = self.wait_answer(timeout)
        if entry is None:
            closed = self.closed_after()
            why = f"; the connection was closed ({closed.text})" if closed else ""
            self.session.fail(f"the CSMS did not answer the bad frame {_short(self.entry.text)} with CALLERROR "
                              f"{' or '.join(codes)} within {timeout:g} s{why}")
        self.judge(entry, codes)
        return entry

    def check_ignored_or_callerror(self, codes, timeout, quiet, may_take=False):
        """No answer at all (the frame was ignored / dropped), or a CALLERROR of `codes`. To tell
        "ignored" from "slow" without waiting a whole message timeout, the station sends a Heartbeat
        after the bad frame: an answer to the bad frame must come before the Heartbeat's answer or
        within `quiet` seconds after it."""
        self.probe(timeout)
        entry = self.find_answer() or self.wait_answer(quiet)
        if entry is None:
            return None
        if not codes and entry.frame is not None:
            frame = entry.frame
            what = (f"CALLERROR {frame.error_code} ({frame.error_description!r})" if frame.type == CALLERROR
                    else f"CALLRESULT {json.dumps(frame.payload)}")
            self.session.fail(f"the CSMS answered the bad frame {_short(self.entry.text)} with {what}; "
                              f"it must ignore it (no answer)")
        self.judge(entry, codes, may_take)
        return entry

    # ------------------------------------------------------------------ still serving

    def closed_after(self):
        sid = self.station.station_id
        entries = self.trace.entries[self.entry.seq + 1:]   # a copy (list slice)
        return next((e for e in entries if e.peer == sid and e.direction == EVENT and "closed" in e.text), None)

    def probe(self, timeout):
        """Send a Heartbeat on the connection the bad frame went over (never a new one)."""
        station = self.station
        closed = self.closed_after()
        if closed is not None or not station.connected:
            self.session.fail(f"the CSMS closed the connection after the bad frame {_short(self.entry.text)}"
                              f" ({closed.text if closed else 'not connected'}); it must keep serving the station")
        try:
            outcome = self.session.run(station.send("Heartbeat", {}, timeout), timeout + 2)
        except AssertionError:   # closed between the check above and the send
            outcome = None
        if outcome is None or not outcome.ok:
            closed = self.closed_after()
            if closed is not None:
                self.session.fail(f"the CSMS closed the connection after the bad frame {_short(self.entry.text)} "
                                  f"({closed.text}); it must keep serving the station")
            what = outcome.describe() if outcome is not None else "Heartbeat: the connection is closed"
            self.session.fail(f"after the bad frame {_short(self.entry.text)} the CSMS no longer serves the "
                              f"station: {what}")
        if outcome.violations:
            self.session.fail(f"after the bad frame the CSMS's HeartbeatResponse breaks the schema: "
                              f"{'; '.join(outcome.violations)}")
        return outcome

    def check_still_serving(self, timeout):
        self.probe(timeout)
        closed = self.closed_after()
        if closed is not None or not self.station.connected:
            self.session.fail(f"the CSMS closed the connection after the bad frame {_short(self.entry.text)}"
                              f" ({closed.text if closed else 'not connected'}); it must keep serving the station")
        answer = self.find_answer()
        sid = self.station.station_id
        entries = self.trace.entries[self.entry.seq + 1:]   # a copy (list slice)
        bad = [f"  {_short(e.text)}: {v}" for e in entries
               if e.peer == sid and e.direction == RECEIVED and e.violations and e is not answer
               for v in e.violations]
        if bad:
            self.session.fail("after the bad frame the CSMS sent frames that break OCPP-J or the OCPP schema:\n"
                              + "\n".join(bad))


def _ids(text):
    """(readable id, over-long id, id a lenient reader could pick out) of a raw frame's text."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        match = _LEADING_ID.match(text)
        return None, None, (match.group(1) if match and len(match.group(1)) <= MAX_ID_LENGTH else None)
    if isinstance(data, list) and len(data) > 1 and isinstance(data[1], str):
        if len(data[1]) <= MAX_ID_LENGTH:
            return data[1], None, None
        return None, data[1], None
    return None, None, None


def _short(text, limit=80):
    text = text.replace("\n", " ")
    return f"`{text}`" if len(text) <= limit else f"`{text[:limit]}...` ({len(text)} characters)"
