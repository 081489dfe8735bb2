@ocpp16 @station @security
Feature: OCPP 1.6 security extensions - passwords, certificates, security log and signed firmware
  OCTT 1.6 Charge Point test cases 2.24 (the "Improved security for OCPP 1.6-J" whitepaper): the
  Basic auth password (AuthorizationKey), installing, listing and deleting root certificates,
  refusing invalid certificates with a security event, the security log and signed firmware.

  @TC_073_CS @blockA
  Scenario: TC_073_CS Update Charge Point Password for HTTP Basic Authentication
    Given the Charge Point connects with the Basic auth password "0123456789abcdef"
    And the station has booted
    When the test CSMS requires the Basic auth password "4F43415F4F4354545F61646D696E5F74657374" from now on
    And the test CSMS sends ChangeConfiguration for "AuthorizationKey" with value "4F43415F4F4354545F61646D696E5F74657374"
    Then the station answers ChangeConfiguration with status "Accepted"
    And the station connects to the test CSMS again
    And the Charge Point connected with Basic auth as its identity with password "4F43415F4F4354545F61646D696E5F74657374"

  @TC_085_CS @blockA
  Scenario: TC_085_CS Basic Authentication - Valid username/password combination
    Given the Charge Point connects with the Basic auth password "0123456789abcdef"
    And the station has booted
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station connects to the test CSMS again
    And the Charge Point connected with Basic auth as its identity with password "0123456789abcdef"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector

  @TC_075_1_CS @blockM
  Scenario: TC_075_1_CS Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends InstallCertificate of a ManufacturerRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    When the test CSMS sends GetInstalledCertificateIds for ManufacturerRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the Charge Point lists the installed certificate

  @TC_075_2_CS @blockM
  Scenario: TC_075_2_CS Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends InstallCertificate of a CentralSystemRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    When the test CSMS sends GetInstalledCertificateIds for CentralSystemRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the Charge Point lists the installed certificate

  @TC_076_CS @blockM
  Scenario: TC_076_CS Delete a specific certificate from the Charge Point
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends InstallCertificate of a CentralSystemRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    When the test CSMS sends GetInstalledCertificateIds for CentralSystemRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    When the test CSMS sends DeleteCertificate for the installed certificate
    Then the station answers DeleteCertificate with status "Accepted"
    When the test CSMS sends GetInstalledCertificateIds for CentralSystemRootCertificate
    Then the Charge Point no longer lists the installed certificate

  @TC_077_CS @blockA
  Scenario: TC_077_CS Invalid ChargePointCertificate Security Event
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    And the test CSMS has set the configuration key "CpoName" to "ocpp-conformance-suite"
    When the test CSMS sends ExtendedTriggerMessage for SignChargePointCertificate
    Then the station answers ExtendedTriggerMessage with status "Accepted"
    And after answering ExtendedTriggerMessage the station sends SignCertificate
    And the test CSMS's answer to SignCertificate has status "Accepted"
    When the test CSMS sends CertificateSigned with a certificate for another key
    Then the station answers CertificateSigned with status "Rejected"
    And after answering CertificateSigned the station sends SecurityEventNotification with
      | field | value                         |
      | type  | InvalidChargePointCertificate |

  @TC_078_CS @blockM
  Scenario: TC_078_CS Invalid CentralSystemCertificate Security Event
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends InstallCertificate with an expired CentralSystemRootCertificate
    Then the station answers InstallCertificate with status "Rejected"
    And after answering InstallCertificate the station sends SecurityEventNotification with
      | field | value                           |
      | type  | InvalidCentralSystemCertificate |

  @TC_079_CS @blockN
  Scenario: TC_079_CS Get Security Log
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS asks for the SecurityLog with GetLog
    Then the station answers GetLog with status "Accepted"
    And the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request

  @TC_080_CS @blockL
  Scenario: TC_080_CS Secure Firmware Update
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends SignedUpdateFirmware
    Then the station answers SignedUpdateFirmware with status "Accepted"
    And the station sends SignedFirmwareStatusNotification "Downloading", "Downloaded", "SignatureVerified", "Installing" in that order for the SignedUpdateFirmware request
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector
    And the station sends SignedFirmwareStatusNotification with status "Installed"

  @TC_081_CS @blockL
  Scenario: TC_081_CS Secure Firmware Update - Invalid Signature
    Given the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends SignedUpdateFirmware with an invalid signature
    Then the station answers SignedUpdateFirmware with status "Accepted"
    And the station sends SignedFirmwareStatusNotification "Downloading", "Downloaded", "InvalidSignature" in that order for the SignedUpdateFirmware request
