"""Block A scenarios fail against a CSMS that gets transport security wrong."""
from behave_runner import mutation_test, run_behave

MUTANTS = [
    ("tls_minimum=TLSv1", "TC_A_06_CSMS", "accepted a connection it should have refused"),
    ("skip_client_cn_check", "TC_A_08_CSMS", "accepted a connection it should have refused"),
    # an ECDSA certificate only: the TLS_RSA_WITH_AES_*_GCM suites the OCTT requires are refused
    ("no_rsa_suites", "TC_A_04_CSMS", "refuses a handshake offering only\n  TLS_RSA_WITH_AES_128_GCM_SHA256"),
    ("no_rsa_suites", "TC_086_CSMS", "the OCTT's tool validation of TC_086_CSMS"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", some_fail=True)


def test_security_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and @blockA")
    assert code == 0, output
    assert verdicts and set(verdicts.values()) == {"passed"}, verdicts
