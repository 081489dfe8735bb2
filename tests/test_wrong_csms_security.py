"""Block A scenarios fail against a CSMS that gets transport security wrong."""
import pytest

from behave_runner import run_behave, scenario_verdict

MUTANTS = [
    ("tls_minimum=TLSv1", "TC_A_06_CSMS", "accepted a connection it should have refused"),
    ("skip_client_cn_check", "TC_A_08_CSMS", "accepted a connection it should have refused"),
]


@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_scenario_fails_against_wrong_csms(fault, case, words):
    code, output, verdicts = run_behave(f"-D csms_faults={fault}", f"--tags=@{case}")
    assert code != 0, output
    assert "failed" in scenario_verdict(verdicts, case), output
    assert words in output, output


def test_security_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@blockA")
    assert code == 0, output
    assert verdicts and set(verdicts.values()) == {"passed"}, verdicts
