"""Block A scenarios fail against a CSMS that gets transport security wrong."""
import pytest

from behave_runner import assert_fails_with_fault, run_behave

MUTANTS = [
    ("tls_minimum=TLSv1", "TC_A_06_CSMS", "accepted a connection it should have refused"),
    ("skip_client_cn_check", "TC_A_08_CSMS", "accepted a connection it should have refused"),
]


@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_scenario_fails_against_wrong_csms(fault, case, words):
    assert_fails_with_fault("csms_faults", fault, case, words, some_fail=True)


def test_security_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and @blockA")
    assert code == 0, output
    assert verdicts and set(verdicts.values()) == {"passed"}, verdicts
