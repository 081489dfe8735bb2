@ocpp201 @station @blockL
Feature: L Firmware management - the station under test updates its firmware and reports every step
  End-to-end cases of the charging-station simulator's test plan (E2E_Lxx).

  @E2E_L01
  Scenario: E2E_L01 Firmware update lifecycle
    Given the station has booted
    # A signed firmware: a station that updates its firmware securely takes no other (OCTT TC_L_18_CS).
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @E2E_L01-ALL
  Scenario: E2E_L01-ALL FirmwareStatusNotification every status
    Given the station has booted
    When the station is made to send FirmwareStatusNotification for each status in "Downloaded, DownloadFailed, Downloading, DownloadScheduled, DownloadPaused, Idle, InstallationFailed, Installing, Installed, InstallRebooting, InstallScheduled, InstallVerificationFailed, InvalidSignature, SignatureVerified" with
      """
      {"requestId": 1}
      """
    Then the test CSMS answered each FirmwareStatusNotification of the station
    And the station sends FirmwareStatusNotification for each status in "Downloaded, DownloadFailed, Downloading, DownloadScheduled, DownloadPaused, Idle, InstallationFailed, Installing, Installed, InstallRebooting, InstallScheduled, InstallVerificationFailed, InvalidSignature, SignatureVerified"
