@ocpp201 @station @blockM
Feature: M Certificate management - the station under test installs, lists and deletes certificates
  End-to-end cases of the charging-station simulator's test plan (E2E_Mxx).

  @E2E_M01
  Scenario: E2E_M01 Get15118EVCertificate
    Given the station has booted
    When the station is made to send Get15118EVCertificate with
      """
      {"iso15118SchemaVersion": "urn:iso:15118:2:2013:MsgDef", "action": "Install",
       "exiRequest": "bW9ja19leGlfcmVxdWVzdA=="}
      """
    Then the test CSMS's answer to Get15118EVCertificate has
      | field       | value     |
      | status      | Accepted  |
      | exiResponse | (present) |
    And the station sends Get15118EVCertificate with
      | field                 | value                       |
      | iso15118SchemaVersion | urn:iso:15118:2:2013:MsgDef |
      | action                | Install                     |

  @E2E_M03
  Scenario: E2E_M03 GetInstalledCertificateIds
    Given the station has booted
    When the test CSMS sends GetInstalledCertificateIds
    Then the station answers GetInstalledCertificateIds with status "Accepted" or "NotFound"

  # The plan (station-ocpp201-e2e.csv): M04 "answered (Accepted/Failed/NotFound)"; the install before it
  # as M05 "answered (Accepted/Rejected/Failed)"; GetInstalledCertificateIds as M03.
  @E2E_M04
  Scenario: E2E_M04 DeleteCertificate
    Given the station has booted
    When the test CSMS sends InstallCertificate
    Then the station answers InstallCertificate with status "Accepted" or "Rejected" or "Failed"
    When the test CSMS sends DeleteCertificate
    Then the station answers DeleteCertificate with status "Accepted" or "Failed" or "NotFound"
    When the test CSMS sends GetInstalledCertificateIds
    Then the station answers GetInstalledCertificateIds with status "Accepted" or "NotFound"

  # The plan (station-ocpp201-e2e.csv): M05 "answered (Accepted/Rejected/Failed)"; a certificate the
  # station accepted must then be installed (listed by GetInstalledCertificateIds, M03).
  @E2E_M05
  Scenario: E2E_M05 InstallCertificate
    Given the station has booted
    When the test CSMS sends InstallCertificate
    Then the station answers InstallCertificate with status "Accepted" or "Rejected" or "Failed"
    When the test CSMS sends GetInstalledCertificateIds
    Then the station lists the certificate if it accepted the InstallCertificate

  @E2E_M06
  Scenario: E2E_M06 GetCertificateStatus
    Given the station has booted
    When the station is made to send GetCertificateStatus with
      """
      {"ocspRequestData": {"hashAlgorithm": "SHA256", "issuerNameHash": "mock_issuer_name_hash",
                           "issuerKeyHash": "mock_issuer_key_hash", "serialNumber": "mock_serial",
                           "responderURL": "https://ocsp.example.com"}}
      """
    Then the test CSMS's answer to GetCertificateStatus has status "Accepted"
    And the station sends GetCertificateStatus with
      | field                         | value                    |
      | ocspRequestData.hashAlgorithm | SHA256                   |
      | ocspRequestData.responderURL  | https://ocsp.example.com |
