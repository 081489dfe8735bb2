"""Blocks A (password, certificates, profile upgrade), M and C07 (TC_C_50-52): the scenarios fail
against a CSMS that gets them wrong, pass against the reference CSMS, and the reference CSMS and
the test station refuse what they must."""
import asyncio
import base64
import datetime

from behave_runner import mutation_test, run_behave, scenario_verdict
from support.reference.csms import Faults, ReferenceCsms
from support.csms.store import StationRecord
from support.pki import ocsp as ocsp_mod
from support.pki.authority import CertificateAuthority, make_csr, pem
from support.station import answers, certificates
from support.station.model import StationModel

MUTANTS = [
    # (fault, scenario that must fail, words of its failure)
    ("skip_ocsp", "TC_C_50_CSMS", "did not ask the OCSP responder"),
    ("ignore_revocation", "TC_C_51_CSMS", 'idTokenInfo.status is "Accepted", expected Invalid'),
    ("store_rejected_password", "TC_A_10_CSMS", "did not accept the connection: refused with HTTP 401"),
    ("ignore_profile_upgrade", "TC_A_19_CSMS", "accepted a connection it should have refused"),
    ("sign_with_v2g_ca", "TC_A_11_CSMS", "not at the configured 'OCPP Suite CSMS Root CA'"),
    ("delete_with_sha256", "TC_M_20_CSMS", "not the hash data the station reported"),
    ("no_ocsp_result", "TC_M_24_CSMS", "ocspResult is absent"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", some_fail=True)


def test_blocks_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and (@blockA or @blockM or @TC_C_50_CSMS or @TC_C_51_CSMS or @TC_C_52_CSMS)")
    assert code == 0, output
    assert verdicts and set(verdicts.values()) == {"passed"}, verdicts
    for case in ("TC_A_09_CSMS", "TC_A_19_CSMS", "TC_M_01_CSMS", "TC_M_28_CSMS", "TC_C_52_CSMS"):
        assert scenario_verdict(verdicts, case) == {"passed"}


# ---------------------------------------------------------------------- the reference CSMS refuses

def _csms():
    csms = ReferenceCsms(faults=Faults())
    csms.store.add_station("CP_X", "secret-password-16")
    pki = certificates.suite_pki()
    csms.configure_signing(pki.csms_root, certificates.v2g_sub_ca(pki))
    csms.configure_trust([pki.mo_root.certificate], [ca.certificate for ca in certificates.ocsp_issuers(pki)])
    return csms


def _run(coro):
    return asyncio.new_event_loop().run_until_complete(coro)


def test_csms_rejects_a_csr_it_cannot_sign():
    csms = _csms()
    station = csms.store.stations["CP_X"]
    other, _ = make_csr("CP_OTHER")
    for csr in ("not a csr", other):
        answer = _run(csms.on_SignCertificate(station, None, {"csr": csr,
                                                               "certificateType": "ChargingStationCertificate"}))
        assert answer["status"] == "Rejected" and answer["statusInfo"]["reasonCode"] == "InvalidCSR", answer


def test_csms_refuses_contract_certificates_it_cannot_trust():
    csms = _csms()
    rogue = CertificateAuthority.root("Rogue MO")
    leaf, _ = rogue.issue("DEOCS0C0000001", ocsp_url="http://127.0.0.1:9/ocsp")
    assert csms._contract_chain(pem(leaf)) == "CertChainError"
    sub = certificates.mo_sub_ca()
    old, _ = sub.issue("DEOCS0C0000001", validity=datetime.timedelta(days=-1))
    assert csms._contract_chain(pem(old) + pem(sub.certificate)) == "CertificateExpired"
    assert csms._contract_chain("garbage") == "CertChainError"


def test_csms_without_an_ocsp_answer_does_not_accept():
    csms = _csms()
    leaf, _, chain = certificates.contract_certificate("DEOCS0C0000001", "http://127.0.0.1:9/ocsp")
    data = [ocsp_mod.ocsp_request_data(leaf, chain[1], "http://127.0.0.1:9/ocsp")]
    assert _run(csms.contract_certificate_status({"iso15118CertificateHashData": data})) == "CertChainError"
    answer = _run(csms.on_GetCertificateStatus(None, None, {"ocspRequestData": data[0]}))
    assert answer["status"] == "Failed" and "ocspResult" not in answer


def test_csms_certificate_provisioning_checks_the_request():
    cps = _csms().provisioning
    assert cps.process("CP_X", "Install", "urn:unknown", base64.b64encode(b"x").decode())[0] == "Failed"
    assert cps.process("CP_X", "Install", "urn:iso:15118:2:2013:MsgDef", "%%%")[0] == "Failed"
    status, exi, _ = cps.process("CP_X", "Update", "urn:iso:15118:2:2013:MsgDef", base64.b64encode(b"x").decode())
    assert status == "Accepted" and base64.b64decode(exi)


def test_csms_keeps_the_old_password_when_the_station_rejects_it():
    csms = _csms()
    record = csms.store.stations["CP_X"]
    request = {"setVariableData": [{"component": {"name": "SecurityCtrlr"}, "variable": {"name": "BasicAuthPassword"},
                                    "attributeValue": "new-password-0001"}]}
    csms._after_set_variables(record, request, {"setVariableResult": [{"attributeStatus": "Rejected"}]})
    assert record.password == "secret-password-16"
    csms._after_set_variables(record, request, {"setVariableResult": [{"attributeStatus": "Accepted"}]})
    assert record.password == "new-password-0001"


def test_csms_upgrades_a_station_only_on_the_new_profile():
    csms = _csms()
    record = csms.store.stations["CP_X"]
    assert isinstance(record, StationRecord)
    record.security["network_profiles"] = {2: {"securityProfile": 2}}
    record.security["priority"] = [2, 1]
    csms._plan_upgrade(record)
    basic = ("CP_X", "secret-password-16")
    assert csms.authenticate_connection("CP_X", basic, {"tls": False}) is None      # not rebooted yet
    assert record.security_profile == 1
    assert csms.authenticate_connection("CP_X", basic, {"tls": True}) is None
    assert record.security_profile == 2
    assert csms.authenticate_connection("CP_X", basic, {"tls": False}) is not None  # profile 1 refused now


# ---------------------------------------------------------------------- the test station refuses

def _station_answer(model, action, payload):
    return answers.apply(answers.Answer(), "2.0.1", action, payload, model, None)


def test_station_refuses_a_leaf_as_root_and_an_unknown_hash():
    model = StationModel.with_evses(1)
    leaf, _ = certificates.mo_sub_ca().issue("not-a-ca")
    assert _station_answer(model, "InstallCertificate", {"certificateType": "MORootCertificate",
                                                         "certificate": pem(leaf)})["status"] == "Rejected"
    unknown = {"hashAlgorithm": "SHA256", "issuerNameHash": "00", "issuerKeyHash": "00", "serialNumber": "1"}
    assert _station_answer(model, "DeleteCertificate", {"certificateHashData": unknown})["status"] == "NotFound"


def test_station_rejects_a_certificate_not_made_from_its_csr():
    model = StationModel.with_evses(1)
    certs = certificates.of(model)
    certs.new_csr("ChargingStationCertificate", "CP_X")
    stranger, _ = make_csr("CP_X")
    signed = certificates.suite_pki().csms_root.sign_csr(stranger)
    answer = _station_answer(model, "CertificateSigned", {"certificateChain": pem(signed),
                                                          "certificateType": "ChargingStationCertificate"})
    assert answer["status"] == "Rejected"
    assert "public key of the station's CSR" in certs.signed_checks[-1][1][0]
    assert "ChargingStationCertificate" not in certs.signed
