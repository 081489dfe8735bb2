@ocpp16 @csms @firmware @blockL
Feature: OCPP 1.6J Firmware Management - the Central System under test updates the firmware
  OCTT 1.6 test cases TC_044_x_CSMS (test-case document FINAL 2024-04, 3.15). The Central System
  sends UpdateFirmware on a manual action (1.6 trigger API update-firmware) with the configured
  firmware location (CONFIGURED_FIRMWARE_LOCATION); the suite's Charge Point reports the download and
  the installation, reboots and reports its connectors. The Central System must answer every
  notification; where it keeps a record (trigger API firmware-record), the scenarios also check
  that it followed the update to its end, in order.

  Background:
    Given the test station is in state Booted

  @TC_044_1_CSMS
  Scenario: TC_044_1_CSMS Firmware Update - Download and Install
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field        | value                          |
      | location     | <CONFIGURED_FIRMWARE_LOCATION> |
      | retrieveDate | (present)                      |
    When the test station reports the firmware status "Downloading" then "Downloaded"
    And the test Charge Point reports every connector "Unavailable", connector 0 included
    And the test station reports the firmware status "Installing"
    And the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    And the test station reports the firmware status "Installed"
    Then the CSMS answers every message of the test station
    And the CSMS records the firmware update of the test station as "Installed"

  @TC_044_2_CSMS
  Scenario: TC_044_2_CSMS Firmware Update - Download Failed
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field        | value                          |
      | location     | <CONFIGURED_FIRMWARE_LOCATION> |
      | retrieveDate | (present)                      |
    When the test station reports the firmware status "Downloading" then "DownloadFailed"
    Then the CSMS answers every message of the test station
    And the CSMS records the firmware update of the test station as "DownloadFailed"

  @TC_044_3_CSMS
  Scenario: TC_044_3_CSMS Firmware Update - Installation Failed
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field        | value                          |
      | location     | <CONFIGURED_FIRMWARE_LOCATION> |
      | retrieveDate | (present)                      |
    When the test station reports the firmware status "Downloading" then "Downloaded"
    And the test Charge Point reports every connector "Unavailable", connector 0 included
    And the test station reports the firmware status "Installing"
    And the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    And the test station reports the firmware status "InstallationFailed"
    Then the CSMS answers every message of the test station
    And the CSMS records the firmware update of the test station as "InstallationFailed"
