"""A station that answers NotImplemented to what an optional feature needs is not one the case is
for: "the station answers {action} with status "{status}" if it implements it" leaves the scenario
not run (outcomes.not_run_if_not_implemented); any other answer is judged by the step."""
import pytest

from support.rpc.connection import CallOutcome
from support.scenario.outcomes import NotRun, not_run_if_not_implemented


@pytest.mark.parametrize("outcome", [
    CallOutcome("TriggerMessage", {}, "1", response={"status": "NotImplemented"}),
    CallOutcome("TriggerMessage", {}, "1", error_code="NotImplemented", error_description="no"),
])
def test_not_implemented_is_not_run(outcome):
    with pytest.raises(NotRun) as raised:
        not_run_if_not_implemented(outcome)
    assert "does not implement this TriggerMessage" in str(raised.value)


@pytest.mark.parametrize("outcome", [
    CallOutcome("TriggerMessage", {}, "1", response={"status": "Rejected"}),
    CallOutcome("TriggerMessage", {}, "1", error_code="NotSupported", error_description="no"),
    CallOutcome("TriggerMessage", {}, "1", timed_out=True),
])
def test_other_answers_are_left_to_the_check(outcome):
    not_run_if_not_implemented(outcome)
