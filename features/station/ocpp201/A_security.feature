@ocpp201 @station @blockA
Feature: A Security - the station under test renews its certificate and reports security events
  End-to-end cases of the charging-station simulator's test plan (E2E_Axx). The suite plays
  the CSMS; the station under test is the embedded reference station unless configured.

  @E2E_A03
  Scenario: E2E_A03 Station-initiated certificate update (SignCertificate with CSR)
    Given the station has booted
    When the station is made to send SignCertificate of its own making
    # certificateType is optional in the 2.0.1 SignCertificateRequest schema (absent: the certificate
    # serves both the CSMS connection and ISO 15118); when given, it names the station certificate.
    Then the station sends SignCertificate with
      | field           | value                                 |
      | certificateType | ChargingStationCertificate or (absent) |
      | csr             | (present)                             |
    And the test CSMS's answer to SignCertificate has status "Accepted"
    And the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"

  @E2E_A04
  Scenario: E2E_A04 SecurityEventNotification (FirmwareUpdated)
    Given the station has booted
    When the station is made to send SecurityEventNotification with
      """
      {"type": "FirmwareUpdated", "timestamp": "(now)"}
      """
    Then the test CSMS's answer to SecurityEventNotification is an empty payload
    And the station sends SecurityEventNotification with
      | field     | value           |
      | type      | FirmwareUpdated |
      | timestamp | (present)       |

  @E2E_A02
  Scenario: E2E_A02 CSMS-initiated certificate update
    Given the station has booted
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    # Certificate renewal is optional (OCTT's Advanced Security): NotImplemented leaves the case not run.
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    # certificateType is optional in the 2.0.1 SignCertificateRequest schema (absent: both uses).
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                                 |
      | certificateType | ChargingStationCertificate or (absent) |
    And the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted" or "Rejected"
