@ocpp201 @csms @blockL
Feature: L Firmware Management - the CSMS under test updates and publishes the firmware of stations
  OCTT test cases TC_L_xx_CSMS (OCPP 2.0.1 Part 6 and its errata 2023-12). The CSMS sends the
  firmware the tester configured in it: CONFIGURED_FIRMWARE_LOCATION, CONFIGURED_SIGNING_CERTIFICATE
  and CONFIGURED_SIGNATURE (made at run time when left empty). Publish and unpublish cases
  (TC_L_17 to TC_L_24) have no CSMS table in Part 6; they follow the public pytest suite.
  "The CSMS records ..." reads the CSMS's firmware view through the trigger API (firmware-record);
  a CSMS without it gets those checks printed for the operator.

  Background:
    Given the test station is in state Booted

  @TC_L_01_CSMS
  Scenario: TC_L_01_CSMS Secure Firmware Update - Installation successful
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field                       | value                            |
      | firmware.signingCertificate | <CONFIGURED_SIGNING_CERTIFICATE> |
      | firmware.signature          | <CONFIGURED_SIGNATURE>           |
    And the CSMS's firmware update carries a valid signing certificate and signature
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware update of the test station as "Installed"
    And the CSMS finds every firmware status in order

  @TC_L_02_CSMS
  Scenario: TC_L_02_CSMS Secure Firmware Update - InstallScheduled
    When the CSMS is asked to update the firmware of the test station with the installation scheduled in the future
    Then the CSMS sends UpdateFirmware with
      | field                       | value                            |
      | firmware.signingCertificate | <CONFIGURED_SIGNING_CERTIFICATE> |
      | firmware.installDateTime    | (present)                        |
    And the CSMS's firmware update schedules the installation in the future
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "InstallScheduled"
    And the installation time of the firmware update has come
    And the test station reports the firmware status "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware update of the test station as "Installed"
    And the CSMS finds every firmware status in order

  @TC_L_03_CSMS
  Scenario: TC_L_03_CSMS Secure Firmware Update - DownloadScheduled
    When the CSMS is asked to update the firmware of the test station with the download scheduled in the future
    Then the CSMS sends UpdateFirmware with
      | field                       | value                            |
      | firmware.signingCertificate | <CONFIGURED_SIGNING_CERTIFICATE> |
      | firmware.retrieveDateTime   | (present)                        |
    And the CSMS's firmware update schedules the download in the future
    When the test station reports the firmware status "DownloadScheduled"
    And the download time of the firmware update has come
    And the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware update of the test station as "Installed"
    And the CSMS finds every firmware status in order

  @TC_L_04_CSMS
  Scenario: TC_L_04_CSMS Secure Firmware Update - RevokedCertificate
    Given the test station will answer UpdateFirmware with status "RevokedCertificate"
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field                       | value     |
      | firmware.signingCertificate | (present) |
    And the CSMS records the firmware update of the test station as "RevokedCertificate"

  @TC_L_05_CSMS
  Scenario: TC_L_05_CSMS Secure Firmware Update - InvalidCertificate
    Given the test station will answer UpdateFirmware with status "InvalidCertificate"
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field                       | value     |
      | firmware.signingCertificate | (present) |
    # Errata 2023-12 (6.2.5): the station then reports the security event.
    When the test station reports the security event "InvalidFirmwareSigningCertificate"
    Then the CSMS answers every message of the test station
    And the CSMS records the firmware update of the test station as "InvalidCertificate"

  @TC_L_06_CSMS
  Scenario: TC_L_06_CSMS Secure Firmware Update - InvalidSignature
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading" then "Downloaded" then "InvalidSignature"
    # Errata 2023-12 (6.2.6): the station then reports the security event.
    And the test station reports the security event "InvalidFirmwareSignature"
    Then the CSMS answers every message of the test station
    And the CSMS records the firmware update of the test station as "InvalidSignature"
    And the CSMS finds every firmware status in order

  @TC_L_07_CSMS
  Scenario: TC_L_07_CSMS Secure Firmware Update - DownloadFailed
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading" then "DownloadFailed"
    Then the CSMS records the firmware update of the test station as "DownloadFailed"
    And the CSMS finds every firmware status in order

  @TC_L_08_CSMS
  Scenario: TC_L_08_CSMS Secure Firmware Update - InstallVerificationFailed
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallVerificationFailed"
    Then the CSMS records the firmware update of the test station as "InstallVerificationFailed"
    And the CSMS finds every firmware status in order

  @TC_L_09_CSMS
  Scenario: TC_L_09_CSMS Secure Firmware Update - InstallationFailed
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "InstallationFailed"
    Then the CSMS records the firmware update of the test station as "InstallationFailed"
    And the CSMS finds every firmware status in order

  @TC_L_10_CSMS
  Scenario: TC_L_10_CSMS Secure Firmware Update - AcceptedCanceled
    Given the test station will answer UpdateFirmware with status "Accepted" then "AcceptedCanceled"
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading"
    And the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    # Beyond the document: a late status of the update the station just cancelled (L01.FR.24)
    # must not move the CSMS's record of the new update; the CSMS answers it and flags it.
    When the test station reports the firmware status "Downloaded" for the first firmware update
    Then the CSMS notices the firmware status "Downloaded" out of order
    When the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware updates of the test station, one after the other, as "Canceled" then "Installed"

  @TC_L_11_CSMS
  Scenario: TC_L_11_CSMS Secure Firmware Update - Unable to cancel
    Given the test station will answer UpdateFirmware with status "Accepted" then "Rejected"
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloading"
    And the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware
    When the test station reports the firmware status "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware updates of the test station, one after the other, as "Installed" then "Rejected"
    And the CSMS finds every firmware status in order

  @TC_L_13_CSMS
  Scenario: TC_L_13_CSMS Secure Firmware Update - Ongoing transaction, AllowNewSessionsPendingFirmwareUpdate=false
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to update the firmware of the test station
    Then the CSMS sends UpdateFirmware with
      | field                       | value                            |
      | firmware.signingCertificate | <CONFIGURED_SIGNING_CERTIFICATE> |
    When the test station reports the firmware status "DownloadScheduled"
    And the test station reports connector status "Unavailable" for the connectors without a transaction
    And the test station goes to state StopAuthorized
    And the test station goes to state EVConnectedPostSession
    And the test station goes to state EVDisconnected
    And the download time of the firmware update has come
    And the test station reports the firmware status "Downloading" then "Downloaded" then "SignatureVerified" then "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test station boots with reason "FirmwareUpdate"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available" for all connectors
    And the test station reports the firmware status "Installed"
    Then the CSMS records the firmware update of the test station as "Installed"
    And the CSMS finds every firmware status in order

  @TC_L_17_CSMS
  Scenario: TC_L_17_CSMS Publish Firmware - Published
    When the CSMS is asked to publish the firmware on the test station
    Then the CSMS sends PublishFirmware with
      | field     | value                          |
      | location  | <CONFIGURED_FIRMWARE_LOCATION> |
      | checksum  | <CONFIGURED_FIRMWARE_CHECKSUM> |
      | requestId | (integer)                      |
    When the test station reports the publish firmware status "Downloading" then "Downloaded" then "ChecksumVerified" then "Published"
    Then the CSMS records "Published" as the state of the firmware publication on the test station
    And the CSMS records where the test station publishes the firmware
    And the CSMS finds every firmware status in order

  @TC_L_19_CSMS
  Scenario: TC_L_19_CSMS Publish Firmware - Invalid Checksum
    When the CSMS is asked to publish the firmware on the test station
    Then the CSMS sends PublishFirmware
    When the test station reports the publish firmware status "Downloading" then "Downloaded" then "InvalidChecksum"
    Then the CSMS records "InvalidChecksum" as the state of the firmware publication on the test station

  @TC_L_20_CSMS
  Scenario: TC_L_20_CSMS Publish Firmware - PublishFailed
    When the CSMS is asked to publish the firmware on the test station
    Then the CSMS sends PublishFirmware
    When the test station reports the publish firmware status "Downloading" then "Downloaded" then "ChecksumVerified" then "PublishFailed"
    Then the CSMS records "PublishFailed" as the state of the firmware publication on the test station

  @TC_L_21_CSMS
  Scenario: TC_L_21_CSMS Unpublish Firmware - Unpublished
    Given the test station will answer UnpublishFirmware with status "Unpublished"
    When the CSMS is asked to withdraw the published firmware from the test station
    Then the CSMS sends UnpublishFirmware with
      | field    | value                          |
      | checksum | <CONFIGURED_FIRMWARE_CHECKSUM> |
    And the CSMS records "Unpublished" as the state of the firmware publication on the test station

  @TC_L_22_CSMS
  Scenario: TC_L_22_CSMS Unpublish Firmware - NoFirmware
    # The test station has published nothing, so it answers NoFirmware.
    When the CSMS is asked to withdraw the published firmware from the test station
    Then the CSMS sends UnpublishFirmware with
      | field    | value                          |
      | checksum | <CONFIGURED_FIRMWARE_CHECKSUM> |
    And the CSMS records "NoFirmware" as the state of the firmware publication on the test station

  @TC_L_23_CSMS
  Scenario: TC_L_23_CSMS Unpublish Firmware - Download Ongoing
    Given the test station will answer UnpublishFirmware with status "DownloadOngoing"
    When the CSMS is asked to withdraw the published firmware from the test station
    Then the CSMS sends UnpublishFirmware with
      | field    | value                          |
      | checksum | <CONFIGURED_FIRMWARE_CHECKSUM> |
    And the CSMS records "DownloadOngoing" as the state of the firmware publication on the test station

  @TC_L_24_CSMS
  Scenario: TC_L_24_CSMS Publish Firmware - Download failed
    When the CSMS is asked to publish the firmware on the test station
    Then the CSMS sends PublishFirmware
    When the test station reports the publish firmware status "Downloading" then "DownloadFailed"
    Then the CSMS records "DownloadFailed" as the state of the firmware publication on the test station
