@ocpp16 @station @firmware
Feature: OCPP 1.6 Firmware Management - firmware updates and diagnostics uploads
  OCTT 1.6 Charge Point test cases 2.18 and 2.19. The embedded Charge Point does not go out to the
  network: a location on a loopback port nothing listens on cannot be reached, any other host can;
  it installs only firmware images named *.bin.

  @TC_044_1_CS @blockL
  Scenario: TC_044_1_CS Firmware Update - Download and Install
    Given the station has booted
    When the test CSMS sends UpdateFirmware
    Then the Charge Point answers UpdateFirmware with an empty payload
    And the station sends FirmwareStatusNotification with status "Downloading"
    And the station sends FirmwareStatusNotification with status "Downloaded"
    And the station sends FirmwareStatusNotification with status "Installing"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And the station sends FirmwareStatusNotification with status "Installed"

  @TC_044_2_CS @blockL
  Scenario: TC_044_2_CS Firmware Update - Download Failed
    Given the station has booted
    When the test CSMS sends UpdateFirmware from a location the Charge Point cannot reach
    Then the Charge Point answers UpdateFirmware with an empty payload
    And the station sends FirmwareStatusNotification with status "DownloadFailed", with or without "Downloading" before it

  @TC_044_3_CS @blockL
  Scenario: TC_044_3_CS Firmware Update - Installation Failed
    Given the station has booted
    When the test CSMS sends UpdateFirmware with a firmware the Charge Point cannot install
    Then the Charge Point answers UpdateFirmware with an empty payload
    And the station sends FirmwareStatusNotification with status "Downloading"
    And the station sends FirmwareStatusNotification with status "Downloaded"
    And the station sends FirmwareStatusNotification with status "InstallationFailed", with or without "Installing" before it

  @TC_045_1_CS @blockN
  Scenario: TC_045_1_CS Get Diagnostics
    Given the station has booted
    When the test CSMS sends GetDiagnostics
    Then the station answers GetDiagnostics with fileName "(present)"
    And the station sends DiagnosticsStatusNotification with status "Uploading"
    And the station sends DiagnosticsStatusNotification with status "Uploaded"

  @TC_045_2_CS @blockN
  Scenario: TC_045_2_CS Get Diagnostics - Upload Failed
    Given the station has booted
    When the test CSMS sends GetDiagnostics to a location the Charge Point cannot reach
    Then the station answers GetDiagnostics with fileName "(present)" or "(absent)"
    And the station sends DiagnosticsStatusNotification with status "Uploading"
    And the station sends DiagnosticsStatusNotification with status "UploadFailed"
