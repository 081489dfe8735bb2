@ocpp16 @csms @firmware @blockN
Feature: OCPP 1.6J Diagnostics - the Central System under test gets the station's diagnostics
  OCTT 1.6 test cases TC_045_x_CSMS (test-case document FINAL 2024-04, 3.16). The Central System
  sends GetDiagnostics on a manual action (1.6 trigger API get-diagnostics) with the configured upload
  location (CONFIGURED_DIAGNOSTICS_LOCATION); the suite's Charge Point answers with the name of the
  file it uploads and reports the upload. The Central System must answer every notification; where
  it keeps a record (trigger API diagnostics-record), the scenarios also check what it kept.

  Background:
    Given the test station is in state Booted

  @TC_045_1_CSMS
  Scenario: TC_045_1_CSMS Get Diagnostics
    When the CSMS is asked to get the diagnostics of the test Charge Point
    Then the CSMS sends GetDiagnostics with
      | field    | value                             |
      | location | <CONFIGURED_DIAGNOSTICS_LOCATION> |
    And the CSMS reports that the test station answered GetDiagnostics with
      | field    | value     |
      | fileName | (present) |
    When the test Charge Point reports the diagnostics status "Uploading" then "Uploaded"
    Then the CSMS answers every message of the test station
    And the CSMS records the diagnostics upload of the test Charge Point as "Uploaded"

  @TC_045_2_CSMS
  Scenario: TC_045_2_CSMS Get Diagnostics - Upload Failed
    When the CSMS is asked to get the diagnostics of the test Charge Point
    Then the CSMS sends GetDiagnostics with
      | field    | value                             |
      | location | <CONFIGURED_DIAGNOSTICS_LOCATION> |
    When the test Charge Point reports the diagnostics status "Uploading" then "UploadFailed"
    # Expected result: the Charge Point continues normal operation, and so does the Central System.
    And the test station sends Heartbeat
    Then the CSMS answers every message of the test station
    And the CSMS records the diagnostics upload of the test Charge Point as "UploadFailed"
