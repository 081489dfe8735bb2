"""OCPP 1.6 (TC_054-TC_088: Remote Trigger, Smart Charging, ClearCache, DataTransfer,
the security extensions): each scenario fails against a Central System that gets its case wrong (the
reference CSMS with one fault on, -D csms_faults=...) and passes against the reference CSMS; what the
reference CSMS refuses to send, and how the 1.6 test station answers, driven directly."""
import asyncio

import pytest

from behave_runner import mutation_test, run_behave, scenario_verdict
from support.reference.csms import Faults, ReferenceCsms
from support.reference.csms.core import Refused
from support.reference.csms.ocpp16 import Transaction16
from support.reference.csms.ocpp16.security import security16
from support.reference.csms.ocpp16.smart_charging import profile_problems16, smart_charging16
from support.pki.authority import make_csr, pem
from support.station import answers, certificates
from support.station.ocpp16 import security as station_security16
from support.station.model import StationModel

CASES = ("TC_054_CSMS", "TC_055_CSMS", "TC_056_CSMS", "TC_057_CSMS", "TC_059_CSMS", "TC_061_CSMS", "TC_064_CSMS",
         "TC_066_CSMS", "TC_067_CSMS", "TC_073_CSMS", "TC_074_CSMS", "TC_075_1_CSMS", "TC_075_2_CSMS", "TC_076_CSMS",
         "TC_077_CSMS", "TC_078_CSMS", "TC_079_CSMS", "TC_080_CSMS", "TC_081_CSMS", "TC_083_CSMS", "TC_085_CSMS",
         "TC_086_CSMS", "TC_087_CSMS", "TC_088_CSMS")

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("trigger_without_connector_16", "TC_054_CSMS", "connectorId is absent, expected 1"),
    ("trigger_without_connector_16", "TC_055_CSMS", "connectorId is absent, expected 3"),
    ("profile_without_validity_16", "TC_056_CSMS", "csChargingProfiles.validFrom is absent, expected (present)"),
    ("tx_profile_without_transaction_id_16", "TC_057_CSMS",
     "csChargingProfiles.transactionId is absent, expected the transactionId the CSMS gave"),
    ("remote_start_without_profile_16", "TC_059_CSMS", "chargingProfile.chargingProfilePurpose is absent"),
    ("data_transfer_not_supported_16", "TC_064_CSMS", "DataTransfer answered CALLERROR NotSupported"),
    ("composite_without_unit_16", "TC_066_CSMS", "chargingRateUnit is absent, expected A"),
    ("clear_profile_keeps_record_16", "TC_067_CSMS", "the CSMS records 3 charging profile(s) installed"),
    ("keep_old_authorization_key_16", "TC_073_CSMS", "the CSMS accepted a connection it should have refused"),
    ("no_certificate_signed_16", "TC_074_CSMS", "the CSMS did not send CertificateSignedRequest to CP16_SP3"),
    ("no_certificate_signed_16", "TC_077_CSMS", "the CSMS did not send CertificateSignedRequest to CP16_SP3"),
    ("delete_first_certificate_16", "TC_076_CSMS", "not the CentralSystemRootCertificate it installed"),
    ("security_event_not_supported_16", "TC_078_CSMS",
     "did not answer SecurityEventNotification with a CALLRESULT"),
    ("log_status_ignored_16", "TC_079_CSMS",
     "the CSMS records the SecurityLog upload as 'Accepted', expected 'Uploaded'"),
    # faults of other modules that these cases must catch too
    ("firmware_failures_ignored", "TC_081_CSMS",
     "records the signed firmware update as Downloaded, expected InvalidSignature"),
    ("ignore_profile_upgrade", "TC_083_CSMS", "the CSMS accepted a connection it should have refused"),
    ("boot_status=Rejected", "TC_085_CSMS", '"status": "Rejected"'),
    ("accept_any_subprotocol", "TC_088_CSMS", "the CSMS accepted a connection it should have refused"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_group_passes_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=" + ",".join(f"@{case}" for case in CASES))
    assert code == 0, output
    for case in CASES:
        assert scenario_verdict(verdicts, case) == {"passed"}, output


# ---------------------------------------------------------------------- the reference CSMS refuses

def _run(coro):
    return asyncio.new_event_loop().run_until_complete(coro)


def _csms():
    csms = ReferenceCsms(faults=Faults())
    csms.store.add_station("CP16_X", "secret-password-16")
    pki = certificates.suite_pki()
    csms.configure_signing(pki.csms_root, certificates.v2g_sub_ca(pki))
    return csms, csms.store.stations["CP16_X"]


def _profile(purpose, kind="Absolute", **extra):
    schedule = {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6.0}]}
    if kind != "Relative":
        schedule["startSchedule"] = "2030-01-01T00:00:00Z"
    return dict({"chargingProfileId": 1, "stackLevel": 0, "chargingProfilePurpose": purpose,
                 "chargingProfileKind": kind, "chargingSchedule": schedule}, **extra)


def test_profile_rules_of_ocpp16():
    assert profile_problems16(_profile("TxDefaultProfile"), 1) == []
    assert any("connector 0" in p for p in profile_problems16(_profile("ChargePointMaxProfile"), 1))
    assert any("not on connector 0" in p for p in profile_problems16(_profile("TxProfile"), 0))
    assert any("startSchedule" in p for p in profile_problems16(
        _profile("TxDefaultProfile", "Relative", chargingSchedule={
            "startSchedule": "2030-01-01T00:00:00Z", "chargingRateUnit": "A",
            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6.0}]}), 1))
    late = _profile("TxDefaultProfile")
    late["chargingSchedule"]["chargingSchedulePeriod"][0]["startPeriod"] = 10
    assert any("start at 0" in p for p in profile_problems16(late, 1))
    assert any("recurrencyKind" in p for p in profile_problems16(_profile("TxDefaultProfile", "Recurring"), 1))


def test_csms_sends_a_tx_profile_only_for_the_running_transaction():
    csms, station = _csms()
    with pytest.raises(Refused, match="no transaction is running on connector 1"):
        csms._check_profile16(station, 1, _profile("TxProfile"))
    csms.transactions16[7] = Transaction16(7, "CP16_X", 1, "TAG", 0, "2030-01-01T00:00:00Z")
    csms._check_profile16(station, 1, _profile("TxProfile", transactionId=7))
    with pytest.raises(Refused, match="transaction 8 is not the one running"):
        csms._check_profile16(station, 1, _profile("TxProfile", transactionId=8))


def test_csms_sends_only_a_hexadecimal_authorization_key_and_only_a_higher_profile():
    csms, station = _csms()
    for value in ("short", "not-hexadecimal-at-all-but-long-enough-xx", "AB" * 21):
        with pytest.raises(Refused, match="A00.FR.205"):
            csms._check_configuration16(station, "AuthorizationKey", value)
    csms._check_configuration16(station, "AuthorizationKey", "AB" * 16)
    with pytest.raises(Refused, match="only a higher profile"):
        csms._check_configuration16(station, "SecurityProfile", "1")
    csms._check_configuration16(station, "SecurityProfile", "2")


def test_csms_takes_the_new_key_only_when_the_station_accepted_it():
    csms, station = _csms()
    payload = {"key": "AuthorizationKey", "value": "AB" * 16}
    csms._configuration_answered16(station, payload, "Rejected")
    assert station.password == "secret-password-16"          # A01.FR.04
    csms._configuration_answered16(station, payload, "Accepted")
    assert station.password == "AB" * 16                     # A01.FR.03
    assert csms.authenticate_connection("CP16_X", ("CP16_X", "secret-password-16"), {"tls": False}) is not None
    assert csms.authenticate_connection("CP16_X", ("CP16_X", "AB" * 16), {"tls": False}) is None


def test_csms_refuses_a_csr_for_another_identity():
    csms, station = _csms()
    other, _ = make_csr("CP16_OTHER")
    assert _run(csms.sign_station_csr(station, None, {"csr": other})) == {"status": "Rejected"}
    assert _run(csms.sign_station_csr(station, None, {"csr": "not a csr"})) == {"status": "Rejected"}
    assert security16(station).anomalies


def test_csms_clears_its_record_as_the_station_does():
    csms, station = _csms()
    record = smart_charging16(station)
    for profile_id, level in ((1, 0), (2, 1), (3, 2)):
        csms._install_profile16(record, 1, _profile("TxDefaultProfile", chargingProfileId=profile_id, stackLevel=level))
    ok = type("Outcome", (), {"ok": True, "response": {"status": "Accepted"}})()
    csms._after16_ClearChargingProfile(station, {"id": 1, "stackLevel": 1}, ok)
    assert sorted(record.profiles) == [2, 3]                 # with an id, the other fields do not count
    csms._after16_ClearChargingProfile(station, {"connectorId": 1, "stackLevel": 2}, ok)
    assert sorted(record.profiles) == [2]
    csms._install_profile16(record, 1, _profile("TxDefaultProfile", chargingProfileId=9, stackLevel=1))
    assert sorted(record.profiles) == [9]                    # same stack level and purpose: replaced


# ---------------------------------------------------------------------- the 1.6 test station

def _answer(model, action, payload):
    return answers.apply(answers.Answer(), "1.6", action, payload, model, None)


def test_station_refuses_what_ocpp16_forbids():
    model = StationModel.with_evses(2)
    assert _answer(model, "TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 3}) == \
        {"status": "Rejected"}
    assert _answer(model, "SetChargingProfile", {"connectorId": 1, "csChargingProfiles": _profile("TxProfile")}) == \
        {"status": "Rejected"}                                  # no transaction on connector 1
    assert _answer(model, "SetChargingProfile", {"connectorId": 1,
                                                 "csChargingProfiles": _profile("ChargePointMaxProfile")}) == \
        {"status": "Rejected"}
    assert _answer(model, "ClearChargingProfile", {"id": 42}) == {"status": "Unknown"}
    assert _answer(model, "ChangeConfiguration", {"key": "AuthorizationKey", "value": "plain"})["status"] == "Rejected"
    assert _answer(model, "ChangeConfiguration", {"key": "SecurityProfile", "value": "1"})["status"] == "Rejected"
    assert _answer(model, "ChangeConfiguration", {"key": "SecurityProfile", "value": "3"})["status"] == "Rejected"
    assert _answer(model, "ChangeConfiguration", {"key": "SecurityProfile", "value": "2"})["status"] == "Accepted"


def test_station_reports_and_deletes_its_1_6_certificates():
    model = StationModel.with_evses(1)
    listing = _answer(model, "GetInstalledCertificateIds", {"certificateType": "CentralSystemRootCertificate"})
    assert listing["status"] == "Accepted" and len(listing["certificateHashData"]) == 1
    root2 = station_security16.second_csms_root().certificate
    assert _answer(model, "InstallCertificate", {"certificateType": "CentralSystemRootCertificate",
                                                 "certificate": pem(root2)}) == {"status": "Accepted"}
    listing = _answer(model, "GetInstalledCertificateIds", {"certificateType": "CentralSystemRootCertificate"})
    assert len(listing["certificateHashData"]) == 2
    assert _answer(model, "DeleteCertificate", {"certificateHashData": listing["certificateHashData"][1]}) == \
        {"status": "Accepted"}
    assert len(_answer(model, "GetInstalledCertificateIds",
                       {"certificateType": "CentralSystemRootCertificate"})["certificateHashData"]) == 1


def test_station_composite_schedule_follows_its_profiles():
    model = StationModel.with_evses(1)
    answer = _answer(model, "GetCompositeSchedule", {"connectorId": 1, "duration": 300, "chargingRateUnit": "A"})
    assert answer["chargingSchedule"]["chargingSchedulePeriod"] == [{"startPeriod": 0, "limit": 32.0}]
    profile = _profile("TxDefaultProfile", chargingSchedule={"chargingRateUnit": "A", "chargingSchedulePeriod": [
        {"startPeriod": 0, "limit": 10.0}]}, chargingProfileKind="Relative")
    assert _answer(model, "SetChargingProfile", {"connectorId": 1, "csChargingProfiles": profile})["status"] == \
        "Accepted"
    answer = _answer(model, "GetCompositeSchedule", {"connectorId": 1, "duration": 300})
    assert answer["status"] == "Accepted"
    assert answer["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"] == 10.0
