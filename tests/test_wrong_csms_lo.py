"""Blocks L (firmware management) and O (display messages) must fail against a CSMS that gets them
wrong: the reference CSMS with one fault switched on (-D csms_faults=...) makes the matching scenario
fail, with a message that says what the CSMS did."""
from behave_runner import mutation_test, run_behave, temp_features

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("firmware_track_latest_request", "TC_L_11_CSMS",
     'the CSMS records the firmware updates as "Canceled" then "Rejected", expected "Installed" then "Rejected"'),
    ("firmware_track_latest_request", "TC_L_10_CSMS", "without noticing it came out of order"),
    ("firmware_status_any_order", "TC_L_10_CSMS",
     "the CSMS took the firmware status Downloaded without noticing it came out of order"),
    ("firmware_failures_ignored", "TC_L_07_CSMS",
     'the CSMS records the firmware updates as "Downloading", expected "DownloadFailed"'),
    ("firmware_failures_ignored", "TC_L_19_CSMS", "as Downloaded, expected InvalidChecksum"),
    ("display_keeps_expired", "TC_O_14_CSMS", "the CSMS still lists display message 1 for the station"),
    ("display_keeps_expired", "TC_O_28_CSMS", "the CSMS still lists display message 1 for the station"),
    ("display_ignores_refusal", "TC_O_17_CSMS", "the CSMS still lists display message 1 for the station"),
    ("display_ignores_refusal", "TC_O_10_CSMS", "the CSMS still lists display message 1 for the station"),
    ("display_keeps_transaction_messages", "TC_O_06_CSMS", "the CSMS still lists display message 1 for the station"),
    ("display_ignores_reports", "TC_O_02_CSMS", "the station reported messages [1] in its NotifyDisplayMessages"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults")


def test_blocks_l_and_o_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@csms and @ocpp201 and (@blockL or @blockO)")
    assert code == 0, output
    assert len(verdicts) == 40 and set(verdicts.values()) == {"passed"}, verdicts


FIRMWARE_SKIPPING_STATUSES = """@ocpp201 @csms
Feature: probe
  Scenario: a station that jumps from Downloading to Installed is noticed
    Given the test station is in state Booted
    When the CSMS is asked to update the firmware of the test station with an unsigned firmware
    Then the CSMS sends UpdateFirmware with
      | field                       | value    |
      | firmware.signingCertificate | (absent) |
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified"
    Then the CSMS notices the firmware status "SignatureVerified" out of order
"""


def test_a_signature_status_for_unsigned_firmware_is_noticed():
    code, output, verdicts = run_behave(features=temp_features(FIRMWARE_SKIPPING_STATUSES))
    assert code == 0, output
    code, output, verdicts = run_behave("-D csms_faults=firmware_status_any_order",
                                        features=temp_features(FIRMWARE_SKIPPING_STATUSES))
    assert code != 0 and "without noticing it came out of order" in output, output


DISPLAY_PAGES = """@ocpp201 @csms
Feature: probe
  Scenario: the CSMS puts NotifyDisplayMessages pages together and forgets what the station lacks
    Given the test station is in state Booted
    And the CSMS has set a display message with
      | field | value |
      | id    | 1     |
    And the CSMS has set a display message with
      | field | value |
      | id    | 2     |
    And the CSMS has set a display message with
      | field | value |
      | id    | 3     |
    When the CSMS is asked to get the display messages of the test station
    Then the CSMS sends GetDisplayMessages
    When the test station sends NotifyDisplayMessages for the request of the CSMS in 2 pages
    Then the CSMS records the display messages the test station reported
    And the CSMS lists display message 3 for the test station
"""


def test_notify_display_messages_in_pages():
    code, output, verdicts = run_behave(features=temp_features(DISPLAY_PAGES))
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}, verdicts


INSTALLING_DURING_TRANSACTION = """@ocpp201 @csms
Feature: probe
  Scenario: a station that installs firmware while a transaction runs is noticed (L01.FR.06)
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing"
    Then the CSMS notices the firmware status "Installing" out of order
    And the CSMS records the firmware update of the test station as "Installing"
"""


def test_installing_during_a_transaction_is_noticed():
    code, output, verdicts = run_behave(features=temp_features(INSTALLING_DURING_TRANSACTION))
    assert code == 0, output
