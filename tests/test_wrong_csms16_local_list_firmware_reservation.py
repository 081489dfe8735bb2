"""OCPP 1.6 Local Auth List Management, Firmware Management, Diagnostics and Reservation
(TC_042-TC_053): each scenario fails against a Central System that gets its case wrong (the
reference CSMS with one fault on, -D csms_faults=...) and passes against the reference CSMS. Also
what the reference CSMS refuses to send, seen through probe scenarios."""
import pytest

from behave_runner import mutation_test, run_behave, temp_features

FEATURES = ["features/csms/ocpp16/local_auth_list.feature", "features/csms/ocpp16/firmware_management.feature",
            "features/csms/ocpp16/diagnostics.feature", "features/csms/ocpp16/reservation.feature"]
CASES = ["TC_042_1_CSMS", "TC_042_2_CSMS", "TC_043_1_CSMS", "TC_043_3_CSMS", "TC_043_4_CSMS", "TC_043_5_CSMS",
         "TC_044_1_CSMS", "TC_044_2_CSMS", "TC_044_3_CSMS", "TC_045_1_CSMS", "TC_045_2_CSMS", "TC_046_CSMS",
         "TC_047_CSMS", "TC_048_1_CSMS", "TC_048_2_CSMS", "TC_048_3_CSMS", "TC_048_4_CSMS", "TC_049_CSMS",
         "TC_051_CSMS", "TC_052_CSMS", "TC_053_CSMS"]

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("local_list_stale_version_16", "TC_043_5_CSMS", "listVersion is 1, expected > 1"),
    ("full_list_without_id_tag_info_16", "TC_043_4_CSMS", "localAuthorizationList[0] (04A1B2C3D4E501) has no idTagInfo"),
    ("firmware_forgotten_at_boot_16", "TC_044_1_CSMS",
     "FirmwareStatusNotification answered CALLERROR GenericError (FirmwareStatusNotification Installed"),
    ("firmware_forgotten_at_boot_16", "TC_044_3_CSMS",
     "FirmwareStatusNotification answered CALLERROR GenericError (FirmwareStatusNotification InstallationFailed"),
    ("diagnostics_upload_failed_error_16", "TC_045_2_CSMS", "DiagnosticsStatusNotification answered CALLERROR"),
    ("reservation_blocks_holder_16", "TC_046_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("reservation_blocks_holder_16", "TC_049_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("reservation_blocks_holder_16", "TC_053_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("reservations_never_expire_16", "TC_047_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("keep_rejected_reservations_16", "TC_048_1_CSMS", "the CSMS records reservation 1 as Accepted, expected Faulted"),
    ("keep_rejected_reservations_16", "TC_048_2_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("keep_rejected_reservations_16", "TC_048_3_CSMS",
     "the CSMS records reservation 1 as Accepted, expected Unavailable"),
    ("keep_rejected_reservations_16", "TC_048_4_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("keep_cancelled_reservations_16", "TC_051_CSMS", 'idTagInfo.status is "Invalid", expected Accepted'),
    ("no_parent_id_tag_16", "TC_053_CSMS", "the transaction on connector 1 did not use reservation 1"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_the_sections_pass_against_the_reference_csms():
    code, output, verdicts = run_behave(*FEATURES)
    assert code == 0, output
    assert sorted(name.split()[0] for name in verdicts) == sorted(CASES), verdicts
    assert set(verdicts.values()) == {"passed"}, verdicts


PROBES = """@ocpp16 @csms @probe
Feature: what the reference CSMS refuses to send to a 1.6 Charge Point

  Background:
    Given the test station is in state Booted

  Scenario: no reservation for a blocked idTag
    When the CSMS is asked to reserve connector 1 for the blocked idTag
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: no reservation of a connector the station does not have
    When the CSMS is asked to reserve connector 7 for the valid idTag
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: no parentIdTag other than the idTag's parent
    When the CSMS is asked to reserve connector 1 for the master pass idTag and its parentIdTag
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"

  Scenario: no differential update older than the station's list
    Given the CSMS has sent the test Charge Point local authorization list version 3 with the valid idTag
    And the test station has no local authorization list
    When the CSMS is asked to add the second valid idTag to the local authorization list
    Then the CSMS reports the test station's answer to SendLocalList with status "Accepted"

  Scenario: no second firmware update while the first one is downloading
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading"
    And the CSMS is asked to update the firmware of the test station
    Then the CSMS reports that the test station answered UpdateFirmware with
      | field | value |
"""

REFUSALS = [
    ("no reservation for a blocked idTag", "idTag B10CED06 is Blocked"),
    ("no reservation of a connector the station does not have", "the station reported connector 1, 2 only, not 7"),
    ("no parentIdTag other than the idTag's parent",
     "parentIdTag GROUP001 is not the parent of idTag 0A57E247 (its parent: MASTERGROUP)"),
    ("no differential update older than the station's list",
     "the station's list is version 3; a differential update must be newer"),
    ("no second firmware update while the first one is downloading",
     "the station reports its update from https://firmware.example.com/ocpp-conformance/firmware-2.0.1.bin as "
     "Downloading"),
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
