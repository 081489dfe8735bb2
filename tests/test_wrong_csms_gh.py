"""Blocks G (Availability) and H (Reservation): each scenario fails against a CSMS that gets its
case wrong (the reference CSMS with one fault on, -D csms_faults=...) and passes against the
reference CSMS. Also what the reference CSMS refuses to do, seen through probe scenarios."""
import pytest

from behave_runner import mutation_test, run_behave, temp_features

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("availability_evse_only", "TC_G_07_CSMS", "evse.connectorId is absent, expected 1"),
    ("availability_evse_only", "TC_G_08_CSMS", "evse.connectorId is absent, expected 1"),
    ("availability_evse_only", "TC_G_17_CSMS", "evse.connectorId is absent, expected 1"),
    ("keep_rejected_reservations", "TC_H_22_CSMS", "EVSE 1 is already reserved (reservation"),
    ("keep_cancelled_reservations", "TC_H_17_CSMS", "EVSE 1 is already reserved (reservation"),
    ("no_reservation_status_update", "TC_H_07_CSMS", "ReservationStatusUpdate answered CALLERROR NotSupported"),
    ("no_reservation_status_update", "TC_H_20_CSMS", "ReservationStatusUpdate answered CALLERROR NotSupported"),
    ("reserve_without_group", "TC_H_19_CSMS", "groupIdToken.idToken is absent, expected GROUP001"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_the_blocks_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and (@blockG or @blockH)")
    assert code == 0, output
    assert len(verdicts) == 19 and set(verdicts.values()) == {"passed"}, verdicts


PROBES = """@ocpp201 @csms @probe
Feature: what the reference CSMS refuses to send

  Background:
    Given the test station is in state Booted

  Scenario: an occupied EVSE is not reserved
    When the test station reports connector status "Occupied"
    And the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: a reserved EVSE is not reserved again under another id
    When the test station goes to state Reserved
    And the CSMS is asked to reserve EVSE 1 for the second valid idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: no more reservations without an EVSE than free EVSEs
    When the CSMS is asked to reserve an unspecified EVSE for the valid idToken once for every EVSE
    And the CSMS is asked to reserve an unspecified EVSE for the valid idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: no reservation for a blocked idToken
    When the CSMS is asked to reserve EVSE 1 for the blocked idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: a rejected reservation cannot be cancelled
    Given the test station will answer ReserveNow with status "Rejected"
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Rejected"
    When the CSMS is asked to cancel the reservation
    Then the CSMS reports the test station's answer to CancelReservation with status "Accepted"

  Scenario: an inoperative EVSE is not reserved
    When the test station goes to state Unavailable on EVSE 1
    And the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: ChangeAvailability only for an EVSE the station has
    When the CSMS is asked to change the availability of EVSE 7 to Inoperative
    Then the CSMS reports the test station's answer to ChangeAvailability with status "Accepted"
"""

REFUSALS = [
    ("an occupied EVSE is not reserved", "EVSE 1 is not free (connector 1 Occupied)"),
    ("a reserved EVSE is not reserved again under another id", "EVSE 1 is not free (connector 1 Reserved)"),
    ("no more reservations without an EVSE than free EVSEs", "no EVSE is left for it (2 free EVSE, 2 reservation(s)"),
    ("no reservation for a blocked idToken", "idToken B10CED06 is Blocked"),
    ("a rejected reservation cannot be cancelled", "holds no active reservation of CP_1 that matches {'evseId': 1}"),
    ("an inoperative EVSE is not reserved", "EVSE 1 is not free (Inoperative)"),
    ("ChangeAvailability only for an EVSE the station has", "the station reported EVSE 1, 2 only"),
]


@pytest.fixture(scope="module")
def probe_run():
    return run_behave("--tags=@probe", "-D action_timeout=1", features=temp_features(PROBES))


@pytest.mark.parametrize("name,words", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_the_reference_csms_refuses(probe_run, name, words):
    code, output, verdicts = probe_run
    assert verdicts.get(name) == "failed", verdicts
    assert words in output, output
    assert "HTTP 409" in output, output


FALLBACK = """
import sys
import support.csms.trigger_api as api
api.TriggerApi._engine_commands = lambda self: {}   # a trigger API with call/{Action} only
called = []
original = api.TriggerApi.call
async def call(self, station_id, action, payload, timeout):
    called.append(action)
    return await original(self, station_id, action, payload, timeout)
api.TriggerApi.call = call
from behave.__main__ import main
code = main(["--format", "plain", "--no-capture", "--no-junit", "--tags=@blockH and @ocpp201"])
print("CALLED", " ".join(sorted(set(called))))
sys.exit(code)
"""


def test_reservations_through_a_trigger_api_that_only_has_call_are_not_run():
    """The public OCTT-style suites' trigger API has call/{Action} but no reserve-now or
    cancel-reservation: the suite then builds ReserveNow and CancelReservation itself, and since
    the reservation id is then the suite's, not the CSMS's, the cases are not run (never passed)."""
    import subprocess
    import sys

    from behave_runner import ROOT
    proc = subprocess.run([sys.executable, "-c", FALLBACK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Outcomes: 0 passed, 0 failed, 9 not run" in output, output
    assert "the CSMS did not build the request: the suite supplied ReserveNow (id, expiryDateTime" in output, output
    assert "CALLED CancelReservation ReserveNow" in output, output
