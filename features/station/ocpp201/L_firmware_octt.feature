@ocpp201 @station @blockL
Feature: L Firmware management - OCTT charging-station cases: secure firmware update
  OCTT test cases TC_L_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata, which rewrote the structure of the
  L cases and added the security event of TC_L_05_CS) for a charging station. The suite plays the CSMS; the
  station under test is the embedded reference station unless configured. The prerequisite "A file server
  has been setup" is the tester's: <Configured firmware_location> is STATION_FIRMWARE_LOCATION,
  <Configured signingCertificate> and <Configured signature> CONFIGURED_SIGNING_CERTIFICATE and
  CONFIGURED_SIGNATURE, OCTT's invalid firmware CONFIGURED_INVALID_FIRMWARE_LOCATION, _SIGNING_CERTIFICATE and
  _SIGNATURE; made up when not configured (a firmware signing certificate of the suite's test PKI
  manufacturer root, certs/manufacturer-root-ca.pem). A download or an installation takes what it takes: every
  wait for a FirmwareStatusNotification is station_reboot_timeout long.
  From the verified download on, the document lets the station set its connectors Unavailable, reboot before
  the installation (reusable state RebootBeforeFirmwareInstallation) or before the activation
  (RebootBeforeFirmwareActivation), and report the last steps in any order: "the station installs the firmware
  ..." takes each of those steps as the document makes it optional, and checks what it asks of them (Installing
  unless rebooted before the installation, a reboot's BootNotification with reason FirmwareUpdate, the
  reconnection before Installed, connectors set Unavailable reported Available again). The NotifyEvent form
  of a connector status is not taken: the suite checks StatusNotification. Reusable state ParkingBayUnoccupied:
  the suite's drivers have no parking bay; its EVDisconnected (after EVConnectedPostSession) ends the session.

  @TC_L_01_CS
  Scenario: TC_L_01_CS Secure Firmware Update - Installation successful
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    # Steps 9-19.
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    # Steps 20-21 (steps 16 to 21 in any order).
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_02_CS
  Scenario: TC_L_02_CS Secure Firmware Update - InstallScheduled
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field                    | value                                           |
      | firmware.installDateTime | (in <CONFIGURED_INSTALL_OFFSET_PERIOD> seconds) |
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled" in that order for the UpdateFirmware request
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    # Step 9 note: "The Charging Station will start installing the firmware after the set installDateTime is
    # reached."
    And the station did not start installing before the installDateTime of the UpdateFirmware request
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_03_CS
  Scenario: TC_L_03_CS Secure Firmware Update - DownloadScheduled
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field                     | value                                            |
      | firmware.retrieveDateTime | (in <CONFIGURED_DOWNLOAD_OFFSET_PERIOD> seconds) |
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "DownloadScheduled", "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    # Step 3 note: "The Charging Station will start downloading the firmware after the set retrieveDateTime is
    # reached."
    And the station did not start downloading before the retrieveDateTime of the UpdateFirmware request
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_05_CS
  Scenario: TC_L_05_CS Secure Firmware Update - InvalidCertificate
    Given the station has booted
    # 2023-12 errata: a generated invalid certificate (one no manufacturer root issued) instead of a configured one.
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field                       | value                             |
      | firmware.signingCertificate | (a generated invalid certificate) |
    Then the station answers UpdateFirmware with status "InvalidCertificate" or "RevokedCertificate"
    # Steps 3-4, added by the 2023-12 errata (L01.FR.02).
    And the station sends SecurityEventNotification with
      | field | value                             |
      | type  | InvalidFirmwareSigningCertificate |

  @TC_L_06_CS
  Scenario: TC_L_06_CS Secure Firmware Update - InvalidSignature
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field              | value                                   |
      | firmware.signature | <CONFIGURED_INVALID_FIRMWARE_SIGNATURE> |
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "InvalidSignature" in that order for the UpdateFirmware request
    And the station sends SecurityEventNotification with
      | field | value                    |
      | type  | InvalidFirmwareSignature |

  @TC_L_07_CS
  Scenario: TC_L_07_CS Secure Firmware Update - DownloadFailed
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field             | value                                      |
      | firmware.location | <STATION_FIRMWARE_LOCATION>_does_not_exist |
    Then the station answers UpdateFirmware with status "Accepted"
    # Step 3 note: "The Charging Station may immediately identify downloading the firmware is not possible."
    And the station sends FirmwareStatusNotification for the UpdateFirmware request: "Downloading" (optional), "DownloadFailed"

  @TC_L_08_CS
  Scenario: TC_L_08_CS Secure Firmware Update - InstallVerificationFailed or InstallationFailed
    Given the station has booted
    # Step 1's retrieveDateTime "<Current DateTime + <Current DateTime - 2 hours>>" is taken as 2 hours ago.
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field                       | value                                             |
      | firmware.location           | <CONFIGURED_INVALID_FIRMWARE_LOCATION>            |
      | firmware.signingCertificate | <CONFIGURED_INVALID_FIRMWARE_SIGNING_CERTIFICATE> |
      | firmware.signature          | <CONFIGURED_INVALID_FIRMWARE_SIGNATURE>           |
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    # Steps 9-19. The reconnection of step 15 is asked before Installed only: a station whose installation
    # failed runs its old firmware on.
    And the station installs the firmware of the UpdateFirmware request and reports "InstallVerificationFailed" or "InstallationFailed"
    # Steps 20-21 (SecurityEventNotification FirmwareUpdated) are left out: the installation failed, so the
    # firmware was not updated (Part 2 Appendix 1: FirmwareUpdated "The Charging Station firmware is updated").

  @TC_L_10_CS
  Scenario: TC_L_10_CS Secure Firmware Update - AcceptedCanceled
    Given the station can cancel a firmware update under way
    And the station has booted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification for the UpdateFirmware request: "Downloading"
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "AcceptedCanceled"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |
    # Step 6: "The requestId at the FirmwareStatusNotificationRequest messages must refer to the one from the
    # second UpdateFirmwareRequest from this point on."
    And the station reports nothing more on the canceled UpdateFirmware request

  @TC_L_11_CS
  Scenario: TC_L_11_CS Secure Firmware Update - Unable to cancel
    Given the station cannot cancel a firmware update under way
    And the station has booted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification for the UpdateFirmware request: "Downloading"
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Rejected"
    # Steps 7-23: the first update goes on.
    And the station sends FirmwareStatusNotification for the UpdateFirmware request: "Downloaded", "SignatureVerified"
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  # TC_L_12_CS to TC_L_15_CS: <Configured connectorId> and <Configured second Connector> are EVSE 1 and EVSE 2
  # (connector 1 each). The second transaction is started with the second valid idToken, so that presenting an
  # idToken stops the one transaction it started. DownloadScheduled (TC_L_12/13_CS step 3) and InstallScheduled
  # (TC_L_14/15_CS step 9) are optional in both cases of a pair: the errata's note of TC_L_13_CS and TC_L_15_CS
  # says Part 2 asks for them only for a retrieveDateTime / installDateTime in the future.

  @TC_L_12_CS
  Scenario: TC_L_12_CS Secure Firmware Update - Unable to download/install firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is true
    Given the station has more than one EVSE
    And the station neither downloads nor installs a firmware while a transaction is ongoing
    And the station's ChargingStation.AllowNewSessionsPendingFirmwareUpdate is "true" if implemented
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station does not start downloading the firmware while a transaction is ongoing
    # Step 5: "It is allowed to start a second transaction while there is a scheduled firmware update."
    When the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    # Steps 6-7 (ParkingBayUnoccupied): the sessions end.
    And the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 1
    And the station is brought to state EVConnectedPostSession on EVSE 2
    And the station is brought to state EVDisconnected on EVSE 2
    Then the station sends FirmwareStatusNotification for the UpdateFirmware request: "DownloadScheduled" (optional), "Downloading", "Downloaded", "SignatureVerified"
    And the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_13_CS
  Scenario: TC_L_13_CS Secure Firmware Update - Unable to download/install firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is false
    Given the station has booted
    And the station neither downloads nor installs a firmware while a transaction is ongoing
    And the station's ChargingStation.AllowNewSessionsPendingFirmwareUpdate is "false"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station does not start downloading the firmware while a transaction is ongoing
    # Step 5 (L01.FR.07): "This step needs to be executed for all connectors with AvailabilityState Available."
    And the station sends StatusNotification "Unavailable" for the connectors of the EVSEs without a transaction
    # Step 7 (ParkingBayUnoccupied): the session ends; the connector the EV left is Unavailable (L01.FR.07, step 14).
    When the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    Then the station sends FirmwareStatusNotification for the UpdateFirmware request: "DownloadScheduled" (optional), "Downloading", "Downloaded", "SignatureVerified"
    And the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_14_CS
  Scenario: TC_L_14_CS Secure Firmware Update - Unable to install firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is true
    Given the station has more than one EVSE
    And the station downloads but does not install a firmware while a transaction is ongoing
    And the station's ChargingStation.AllowNewSessionsPendingFirmwareUpdate is "true" if implemented
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    And the station does not start installing the firmware while a transaction is ongoing
    # Step 11: "It is allowed to start a second transaction while there is a scheduled firmware update."
    When the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    # Steps 12-13 (ParkingBayUnoccupied): the sessions end.
    And the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 1
    And the station is brought to state EVConnectedPostSession on EVSE 2
    And the station is brought to state EVDisconnected on EVSE 2
    Then the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_15_CS
  Scenario: TC_L_15_CS Secure Firmware Update - Unable to install firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is false
    Given the station has booted
    And the station downloads but does not install a firmware while a transaction is ongoing
    And the station's ChargingStation.AllowNewSessionsPendingFirmwareUpdate is "false"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified" in that order for the UpdateFirmware request
    And the station does not start installing the firmware while a transaction is ongoing
    # Step 11 (L01.FR.07): "This step needs to be executed for all connectors with AvailabilityState Available."
    And the station sends StatusNotification "Unavailable" for the connectors of the EVSEs without a transaction
    # Step 13 (ParkingBayUnoccupied): the session ends; the connector the EV left is Unavailable (L01.FR.07, step 14).
    When the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    Then the station installs the firmware of the UpdateFirmware request once its transactions have ended and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_16_CS
  Scenario: TC_L_16_CS Secure Firmware Update - Able to update firmware with ongoing transaction
    Given the station downloads and installs a firmware while a transaction is ongoing
    And the station is brought to state EnergyTransferStarted
    When the test CSMS requests a secure update to the configured firmware
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified", "Installing" in that order for the UpdateFirmware request
    # Steps 11-13: the reconnection ("The Charging Station reconnects to reestablish the protocol version
    # handshake"), then Installed.
    And the station installs the firmware of the UpdateFirmware request and reports "Installed"
    And the station sends SecurityEventNotification with
      | field | value           |
      | type  | FirmwareUpdated |

  @TC_L_18_CS
  Scenario: TC_L_18_CS Secure Firmware Update - Missing firmware signing certificate and signature
    Given the station has booted
    When the test CSMS requests a secure update to the configured firmware with these fields changed
      | field                       | value    |
      | firmware.signingCertificate | (absent) |
      | firmware.signature          | (absent) |
    Then the station answers UpdateFirmware with status "Rejected" or "InvalidCertificate"
