"""A check of a value the suite supplied is no verdict on the CSMS.

The reference CSMS with the fault forward_only has a trigger API that only forwards call/{Action}
(the public OCTT-style dialect): no command in which the CSMS decides. The suite then builds the
request itself, and the cases whose tool validations fall on what the CSMS must decide are "not run",
never passed. Without the fault the reference CSMS decides, and the same cases pass.
"""
import pytest

from behave_runner import run_behave, scenario_verdict

# case -> the request whose decided field the suite would have supplied
MUST_BE_BUILT_BY_THE_CSMS = {
    "TC_D_01_CSMS": "SendLocalList",            # versionNumber, the list
    "TC_D_03_CSMS": "SendLocalList",
    "TC_E_21_CSMS": "RequestStopTransaction",   # transactionId
    "TC_E_29_CSMS": "GetTransactionStatus",
    "TC_F_01_CSMS": "RequestStartTransaction",  # remoteStartId
    "TC_H_01_CSMS": "ReserveNow",               # reservation id
    "TC_K_01_CSMS": "SetChargingProfile",       # the charging profile
    "TC_K_05_CSMS": "GetChargingProfiles",      # requestId
    "TC_K_37_CSMS": "RequestStartTransaction",  # remoteStartId and the TxProfile
    "TC_076_CSMS": "DeleteCertificate",         # OCPP 1.6: the hash data of the certificate
    "TC_073_CSMS": "ChangeConfiguration",       # OCPP 1.6: the new AuthorizationKey
}
TAGS = " or ".join(f"@{case}" for case in MUST_BE_BUILT_BY_THE_CSMS)


@pytest.fixture(scope="module")
def forwarding_only():
    return run_behave("-D csms_faults=forward_only", f"--tags={TAGS}", timeout=300)


@pytest.fixture(scope="module")
def reference():
    return run_behave(f"--tags={TAGS}", timeout=300)


@pytest.mark.parametrize("case", sorted(MUST_BE_BUILT_BY_THE_CSMS))
def test_a_forwarding_only_csms_does_not_pass(forwarding_only, case):
    code, output, verdicts = forwarding_only
    assert scenario_verdict(verdicts, case) == {"skipped"}, output
    assert code == 0, output      # not run is no failure either


def test_the_reason_names_the_fields_the_suite_supplied(forwarding_only):
    _, output, _ = forwarding_only
    assert "the CSMS did not build the request: the suite supplied RequestStartTransaction (remoteStartId" in output
    assert "ReserveNow (id, expiryDateTime" in output


@pytest.mark.parametrize("case", sorted(MUST_BE_BUILT_BY_THE_CSMS))
def test_the_reference_csms_decides_and_passes(reference, case):
    code, output, verdicts = reference
    assert scenario_verdict(verdicts, case) == {"passed"}, output
    assert code == 0, output


def test_the_trace_marks_who_built_each_csms_request():
    from support.scenario.provenance import Provenance, decided_fields
    from support.rpc.frames import parse_frame
    from support.scenario.trace import RECEIVED, MessageTrace
    trace = MessageTrace("probe")
    provenance = Provenance(trace)
    body = {"idToken": "04A1B2C3D4E501", "evseId": 1}
    supplied = {"idToken": {"idToken": "04A1B2C3D4E501", "type": "ISO14443"}, "remoteStartId": 7, "evseId": 1}
    assert decided_fields(body, supplied) == ("remoteStartId",)
    provenance.supplied("RequestStartTransaction", supplied, "call/RequestStartTransaction",
                        decided_fields(body, supplied))
    provenance.supplied("Reset", {"type": "OnIdle"}, "call/Reset")
    for text in ('[2,"a","RequestStartTransaction",{"idToken":{"idToken":"04A1B2C3D4E501","type":"ISO14443"},'
                 '"remoteStartId":7,"evseId":1}]', '[2,"b","Reset",{"type":"OnIdle"}]',
                 '[2,"c","RequestStartTransaction",{"idToken":{"idToken":"X","type":"ISO14443"},"remoteStartId":9}]'):
        trace.add("CP_1", RECEIVED, text, parse_frame(text))
    problem = provenance.verdict_problem()
    assert "RequestStartTransaction (remoteStartId" in problem and "Reset" not in problem
    notes = [e.note for e in trace.entries]
    assert "should decide" in notes[0] and notes[1] == "[the suite supplied the payload, through call/Reset]"
    assert notes[2] == ""           # the CSMS built this one itself
    assert "the suite supplied remoteStartId" in trace.render()


def test_an_unsplit_forward_is_no_verdict_unless_the_csms_read_the_limit():
    """N06.FR.04: ClearVariableMonitoring with more ids than the station takes. A CSMS that passes the
    suite's list on as it is did not decide anything (not run); one that read ItemsPerMessage first
    and still sent them all broke the rule (its failure stands)."""
    from support.scenario.provenance import Provenance
    from support.rpc.frames import parse_frame
    from support.scenario.trace import RECEIVED, MessageTrace
    for read_limit_first, expected in ((False, True), (True, False)):
        trace = MessageTrace("probe")
        provenance = Provenance(trace)
        provenance.supplied("ClearVariableMonitoring", {"id": [1, 2, 3, 4, 5]}, "call/ClearVariableMonitoring",
                            ("id",), unless_seen="GetVariables")
        frames = ['[2,"g","GetVariables",{"getVariableData":[]}]'] if read_limit_first else []
        frames.append('[2,"c","ClearVariableMonitoring",{"id":[1,2,3,4,5]}]')
        for text in frames:
            trace.add("CP_1", RECEIVED, text, parse_frame(text))
        assert (provenance.verdict_problem() is not None) is expected
