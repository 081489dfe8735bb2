"""Block K scenarios fail against a CSMS that gets smart charging wrong: the reference CSMS with one
fault switched on (-D csms_faults=...) makes the matching scenario fail, with a message that says
what went wrong; without faults they pass, also through call/{Action} alone (a trigger API without
the set/clear/get-charging-profile(s) commands, as the public OCTT-style suites have it)."""
import subprocess
import sys

from behave_runner import ROOT, mutation_test, run_behave

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("composite_ignores_stack_level", "TC_K_58_CSMS",
     "the EV asks for 20 A at +0 s where the limit in force is 16 A"),
    ("accept_any_ev_schedule", "TC_K_55_CSMS", 'status is "Accepted", expected Rejected'),
    ("no_renegotiation", "TC_K_55_CSMS", "did not send SetChargingProfileRequest"),
    ("ignore_ev_charging_needs", "TC_K_53_CSMS", "did not send SetChargingProfileRequest"),
    ("ignore_renewed_ev_needs", "TC_K_57_CSMS", "did not send SetChargingProfileRequest"),
    ("ignore_renewed_ev_needs", "TC_K_59_CSMS", "did not send SetChargingProfileRequest"),
    ("tx_profile_without_transaction_id", "TC_K_60_CSMS", "chargingProfile.transactionId is absent"),
    ("tx_profile_without_transaction_id", "TC_K_53_CSMS", "chargingProfile.transactionId is absent"),
    ("no_charging_limits", "TC_K_48_CSMS", "NotifyChargingLimit answered CALLERROR NotSupported"),
    ("no_charging_limits", "TC_K_51_CSMS", "ClearedChargingLimit answered CALLERROR NotSupported"),
    ("no_profile_reports", "TC_K_31_CSMS", "ReportChargingProfiles answered CALLERROR NotSupported"),
    ("profile_without_validity", "TC_K_01_CSMS", "chargingProfile.validFrom is absent, expected now"),
    ("new_id_on_replace", "TC_K_04_CSMS", "chargingProfile.id is 2, expected the previous id 1"),
    ("clear_by_criteria", "TC_K_05_CSMS", "expected (absent)"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_block_k_passes_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and @blockK")
    assert code == 0, output
    assert len(verdicts) == 32 and set(verdicts.values()) == {"passed"}, verdicts


# Runs behave in a process whose reference CSMS has no smart-charging commands in its trigger API.
WITHOUT_COMMANDS = """
import sys
from support.reference.csms.smart_charging import SmartCharging
SmartCharging.TRIGGER_COMMANDS = {}
from behave.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _run_without_commands(*args):
    proc = subprocess.run([sys.executable, "-c", WITHOUT_COMMANDS, "-f", "plain", "--no-capture", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_block_k_through_call_action_alone_passes_only_what_the_csms_decided():
    """Without the commands in which the CSMS decides, the suite writes the charging profiles and
    requestIds itself: those cases are not run; the rest still pass."""
    code, output = _run_without_commands("--tags=@blockK and @ocpp201 and @csms")
    assert code == 0, output
    assert "Outcomes: 11 passed, 0 failed, 21 not run" in output, output
    assert "the suite supplied SetChargingProfile (chargingProfile" in output, output


def test_a_wrong_composite_after_a_profile_the_suite_wrote_is_not_pinned_on_the_csms():
    """Through call/{Action} alone the suite wrote the profiles: a failure that follows can come from
    them, so the case is not run (with the failure in the reason), never failed."""
    code, output = _run_without_commands("-D csms_faults=composite_ignores_stack_level", "--tags=@TC_K_58_CSMS")
    assert code == 0, output
    assert "Outcomes: 0 passed, 0 failed, 1 not run" in output, output
    assert "the suite supplied SetChargingProfile (chargingProfile" in output, output
