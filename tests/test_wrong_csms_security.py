"""Block A scenarios fail against a CSMS that gets transport security wrong."""
import pytest

from behave_runner import assert_fails_with_fault, run_behave

MUTANTS = [
    ("tls_minimum=TLSv1", "TC_A_06_CSMS", "accepted a connection it should have refused"),
    ("skip_client_cn_check", "TC_A_08_CSMS", "accepted a connection it should have refused"),
    # an ECDSA certificate only: the TLS_RSA_WITH_AES_*_GCM suites the OCTT requires are refused
    ("no_rsa_suites", "TC_A_04_CSMS", "refuses a handshake offering only\n  TLS_RSA_WITH_AES_128_GCM_SHA256"),
    ("no_rsa_suites", "TC_086_CSMS", "the OCTT's tool validation of TC_086_CSMS"),
]


@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[f"{m[0]}-{m[1]}" for m in MUTANTS])
def test_scenario_fails_against_wrong_csms(fault, case, words):
    assert_fails_with_fault("csms_faults", fault, case, words, some_fail=True)


def test_security_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and @blockA")
    assert code == 0, output
    assert verdicts and set(verdicts.values()) == {"passed"}, verdicts
