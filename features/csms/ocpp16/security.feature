@ocpp16 @csms @security
Feature: OCPP 1.6J Security - the Central System under test with "Improved security for OCPP 1.6-J"
  OCTT 1.6 test cases TC_073_CSMS - TC_088_CSMS (test-case document FINAL 2024-04, section 3.21).
  Security profile 1 is Basic auth over ws://, 2 adds TLS (server certificate), 3 replaces Basic
  auth by a client certificate. The suite's 1.6 stations are CP16_1, CP16_SP2 and CP16_SP3.
  The Central System acts through the 1.6 trigger API; where it decides what to send (a new
  AuthorizationKey, which certificate to delete) the suite asks its 1.6 commands first
  (update-basic-auth-password, upgrade-security-profile, delete-installed-certificate) and
  otherwise sends the plain 1.6 action, as the public OCTT-style suites do.

  # ---------------------------------------------------------------- secure connection setup

  @TC_073_CSMS @blockA
  Scenario: TC_073_CSMS Update Charge Point Password for HTTP Basic Authentication
    # A01.FR.03 of the whitepaper: after the documented steps the station also tries its old
    # password, which the Central System must no longer accept.
    Given the test station is connected to the CSMS
    When the CSMS is asked to update the Basic auth password of the test station
    Then the CSMS sends ChangeConfiguration with
      | field | value            |
      | key   | AuthorizationKey |
    And the AuthorizationKey the CSMS set is 16 to 20 bytes in hexadecimal
    And the CSMS reports the test station's answer to ChangeConfiguration with status "Accepted"
    When the test station connects with the password the CSMS set
    Then the CSMS accepts the connection
    When the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station connects with the password "<BASIC_AUTH_CP_PASSWORD>"
    Then the CSMS refuses the connection

  @TC_074_CSMS @tls @sp3 @blockA
  Scenario: TC_074_CSMS Update Charge Point Certificate by request of Central System
    # The Central System signs the CSR and sends CertificateSigned on its own (the document's
    # step 5), then the station connects with the new certificate (step 7).
    Given the test station uses security profile 3
    And the test station is in state Booted
    When the CSMS is asked to trigger a SignChargePointCertificate message
    Then the CSMS sends ExtendedTriggerMessage with
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
      | connectorId      | (absent)                   |
    And the CSMS reports the test station's answer to ExtendedTriggerMessage with status "Accepted"
    When the test station sends SignCertificate for a ChargePointCertificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned
    And the certificate chain the CSMS sent is made from the test station's CSR and signed under the CSMS root
    When the test station connects with security profile 3
    Then the CSMS accepts the connection

  @TC_083_CSMS @tls @sp2 @blockA
  Scenario: TC_083_CSMS Upgrade Charge Point Security Profile - Accepted
    # The 2024-04 document has no Central System table for this case: this follows the public
    # OCTT-style suite (security profile 1 to 2, after the memory state CertificateInstalled) and
    # A05 of the whitepaper (A05.FR.09: the lower profile is refused afterwards).
    Given the test station is in state Booted
    And the CSMS has installed the CentralSystemRootCertificate on the test station
    When the CSMS is asked to upgrade the test Charge Point to security profile 2
    Then the CSMS sends ChangeConfiguration with
      | field | value           |
      | key   | SecurityProfile |
      | value | 2               |
    And the CSMS reports the test station's answer to ChangeConfiguration with status "Accepted"
    When the CSMS is asked to reset the test station with type "Hard"
    Then the CSMS sends Reset with
      | field | value |
      | type  | Hard  |
    And the CSMS reports the test station's answer to Reset with status "Accepted"
    When the test station connects with security profile 2
    Then the CSMS accepts the connection
    When the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    And the test station connects with security profile 1
    Then the CSMS refuses the connection
    When the test station connects with security profile 2
    Then the CSMS accepts the connection

  @TC_085_CSMS @blockA
  Scenario: TC_085_CSMS Basic Authentication - Valid username/password combination
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    When the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    Then the CSMS answers every message of the test station

  @TC_086_CSMS @tls @sp2 @blockA
  Scenario: TC_086_CSMS TLS - server-side certificate - Valid certificate
    # Security profile 2 (the document allows 2 or 3; TC_087_CSMS covers a profile 3 connection).
    Given the test station uses security profile 2
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    And the CSMS server certificate is a valid OCPP server certificate
    When the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    Then the CSMS answers every message of the test station

  @TC_087_CSMS @tls @sp3 @blockA
  Scenario: TC_087_CSMS TLS - Client-side certificate - valid certificate
    Given the test station uses security profile 3
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    When the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    Then the CSMS answers every message of the test station

  @TC_088_CSMS @blockA
  Scenario: TC_088_CSMS WebSocket Subprotocol negotiation
    # Not in the 2024-04 document; follows the public OCTT-style suite: an unsupported subprotocol
    # alone is not accepted (OCPP 1.6-J 3.2: HTTP refusal, or a handshake without
    # Sec-WebSocket-Protocol that the Central System closes at once), and offered next to ocpp1.6
    # the Central System selects ocpp1.6.
    When the test station connects offering the subprotocols "ocpp0.1"
    Then the CSMS does not accept the subprotocol
    When the test station connects offering the subprotocols "ocpp0.1, ocpp1.6"
    Then the CSMS accepts the connection with subprotocol "ocpp1.6"

  # ---------------------------------------------------------------- certificates

  @TC_075_1_CSMS @blockM
  Scenario: TC_075_1_CSMS Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the test station is in state Booted
    When the CSMS is asked to install the ManufacturerRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured ManufacturerRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"
    When the CSMS is asked for the installed certificates of type ManufacturerRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
    And the CSMS reports the test station's answer to GetInstalledCertificateIds with status "Accepted"

  @TC_075_2_CSMS @blockM
  Scenario: TC_075_2_CSMS Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the test station is in state Booted
    When the CSMS is asked to install the CentralSystemRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured CentralSystemRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"
    When the CSMS is asked for the installed certificates of type CentralSystemRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                        |
      | certificateType | CentralSystemRootCertificate |
    And the CSMS reports the test station's answer to GetInstalledCertificateIds with status "Accepted"

  @TC_076_CSMS @blockM
  Scenario: TC_076_CSMS Delete a specific certificate from the Charge Point
    # <Configured HashAlgorithm>: the test station reports SHA384, so the Central System must use the
    # station's hash data, not its own SHA256 one. The installed certificate is "Root 2", a second
    # Central System root next to the one the station already trusts.
    Given the test station is in state Booted
    And the test station reports its certificate hash data with SHA384
    And the CSMS has installed the CentralSystemRootCertificate on the test station
    When the CSMS is asked to delete the test station's CentralSystemRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                        |
      | certificateType | CentralSystemRootCertificate |
    And the CSMS deletes the CentralSystemRootCertificate it installed by its hash data
    And the CSMS reports the test station's answer to DeleteCertificate with status "Accepted"

  # ---------------------------------------------------------------- security events and logging

  @TC_077_CSMS @tls @sp3 @blockA
  Scenario: TC_077_CSMS Invalid ChargePointCertificate Security Event
    # The last steps show the Central System still takes the station's old certificate after the
    # station rejected the new one.
    Given the test station uses security profile 3
    And the test station is in state Booted
    And the test station will answer CertificateSigned with status "Rejected"
    When the CSMS is asked to trigger a SignChargePointCertificate message
    Then the CSMS sends ExtendedTriggerMessage with
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
      | connectorId      | (absent)                   |
    When the test station sends SignCertificate for a ChargePointCertificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned
    And the certificate chain the CSMS sent is made from the test station's CSR and signed under the CSMS root
    When the test station reports the security event "InvalidChargePointCertificate"
    Then the CSMS answers every message of the test station
    And the CSMS records the security event "InvalidChargePointCertificate" of the test Charge Point
    When the test station reconnects
    And the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"

  @TC_078_CSMS @blockM
  Scenario: TC_078_CSMS Invalid CentralSystemCertificate Security Event
    Given the test station is in state Booted
    And the test station will answer InstallCertificate with status "Rejected"
    When the CSMS is asked to install the CentralSystemRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured CentralSystemRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Rejected"
    When the test station reports the security event "InvalidCentralSystemCertificate"
    Then the CSMS answers every message of the test station
    And the CSMS records the security event "InvalidCentralSystemCertificate" of the test Charge Point

  @TC_079_CSMS @blockN
  Scenario: TC_079_CSMS Get Security Log
    Given the test station is in state Booted
    When the CSMS is asked to retrieve the "SecurityLog" of the test station
    Then the CSMS sends GetLog with
      | field              | value       |
      | logType            | SecurityLog |
      | log.remoteLocation | (present)   |
    And the CSMS reports the test station's answer to GetLog with status "Accepted"
    When the test station sends LogStatusNotification "Uploading" for the last log request of the CSMS
    And the test station sends LogStatusNotification "Uploaded" for the last log request of the CSMS
    Then the CSMS answers every message of the test station
    And the CSMS records the upload of the test Charge Point's SecurityLog as "Uploaded"

  # ---------------------------------------------------------------- secure firmware update

  @TC_080_CSMS @blockL
  Scenario: TC_080_CSMS Secure Firmware Update
    Given the test station is in state Booted
    When the CSMS is asked to update the firmware of the test Charge Point securely
    Then the CSMS requests a secure firmware update with the configured firmware
    And the CSMS reports the test station's answer to SignedUpdateFirmware with status "Accepted"
    When the test Charge Point reports the signed firmware status "Downloading" then "Downloaded" then "SignatureVerified"
    And the test Charge Point reports every connector "Unavailable", connector 0 included
    And the test Charge Point reports the signed firmware status "Installing" then "InstallRebooting"
    And the test station reconnects
    And the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports the security event "FirmwareUpdated"
    And the test Charge Point reports every connector "Available", connector 0 included
    And the test Charge Point reports the signed firmware status "Installed"
    Then the CSMS answers every message of the test station
    And the CSMS records the signed firmware update of the test Charge Point as "Installed"

  @TC_081_CSMS @blockL
  Scenario: TC_081_CSMS Secure Firmware Update - Invalid Signature
    Given the test station is in state Booted
    When the CSMS is asked to update the firmware of the test Charge Point securely with an invalid signature
    Then the CSMS requests a secure firmware update with the configured firmware and an invalid signature
    And the CSMS reports the test station's answer to SignedUpdateFirmware with status "Accepted"
    When the test Charge Point reports the signed firmware status "Downloading" then "Downloaded" then "InvalidSignature"
    Then the CSMS answers every message of the test station
    And the CSMS records the signed firmware update of the test Charge Point as "InvalidSignature"
