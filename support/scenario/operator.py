"""Manual actions: OCTT's "manual action on the CSMS" performed by a person.

When neither a trigger API nor an adapter can make the CSMS act, the suite asks the operator. The
prompt goes live to the terminal (never into behave's captured output), says which station, what to
do and how long the suite waits. In a terminal the operator presses Enter when done, or types `s`
and Enter to skip the scenario (it is then "not run"). Without a terminal (CI, standard input
closed) nobody can confirm: the suite goes on and waits for the action's effect on the wire; a check
that then fails is reported "not run: nobody confirmed the manual action", never as a CSMS failure.

Setting `manual_actions` (-D manual_actions=..., $MANUAL_ACTIONS): `prompt` (default) as above;
`skip`: every scenario that needs a manual action is not run at once (a CI run with no operator).
"""
import os
import select
import sys
import time
from dataclasses import dataclass

from .outcomes import NotRun, live

DONE, SKIPPED, UNATTENDED = "done", "skipped", "unattended"


@dataclass
class ManualAction:
    description: str
    station: str
    outcome: str            # done (the operator pressed Enter) or unattended (nobody could confirm)
    setup: bool = False     # a setting of the CSMS whose effect shows only later

    @property
    def confirmed(self):
        return self.outcome == DONE


class Operator:
    """The person at the CSMS: prompted live, confirms with Enter."""

    def __init__(self, mode="prompt", input_stream=None, output=live):
        if mode not in ("prompt", "skip"):
            raise ValueError(f"manual_actions must be prompt or skip, not {mode!r}")
        self.mode = mode
        self.input = input_stream if input_stream is not None else sys.__stdin__
        self.output = output

    @property
    def interactive(self):
        stream = self.input
        try:
            return stream is not None and not stream.closed and stream.isatty()
        except (ValueError, OSError, AttributeError):
            return False

    def ask(self, station, description, wait_seconds, setup=False):
        """Prompt for one manual action; returns a ManualAction, or raises NotRun when the scenario
        cannot go on (manual actions switched off, or the operator typed s)."""
        if self.mode == "skip":
            raise NotRun(f"needs a manual action on the CSMS ({description}); no trigger API or adapter is "
                         f"configured and manual actions are off (-D manual_actions=skip)")
        what = "before the station goes on" if setup else "the suite then watches the wire"
        self.output(f"\n>>> MANUAL ACTION on the CSMS for station {station}: {description}")
        if not self.interactive:
            self.output(f">>> No terminal to confirm in: the suite waits up to {wait_seconds:g} s for the effect "
                        f"on the wire ({what}).")
            return ManualAction(description, station, UNATTENDED, setup)
        self.output(f">>> Press Enter when done, or s and Enter to skip this scenario "
                    f"(waiting up to {wait_seconds:g} s).")
        answer = self._read_line(wait_seconds)
        if answer is None:
            raise NotRun(f"the manual action was not confirmed within {wait_seconds:g} s: {description}")
        if answer.strip().lower() in ("s", "skip"):
            raise NotRun(f"the operator skipped the manual action: {description}")
        return ManualAction(description, station, DONE, setup)

    def _read_line(self, seconds):
        """One line from the terminal, or None at the deadline (no fixed sleep: select on the fd)."""
        deadline = time.monotonic() + seconds
        fd = self.input.fileno()
        buffer = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1024)
            if not chunk:
                return None
            buffer += chunk
            if b"\n" in buffer or b"\r" in buffer:
                return buffer.decode(errors="replace").splitlines()[0] if buffer.strip() else ""
