@ocpp16 @station @security @tls @blockA
Feature: OCPP 1.6 security extensions over TLS - security profiles 2 and 3 of the Charge Point
  OCTT 1.6 Charge Point test cases 2.24 (the "Improved security for OCPP 1.6-J" whitepaper) that need
  TLS. The suite plays the Central System on a wss:// address with certificates from its own PKI
  (certs/), as in the 2.0.1 TLS cases (features/station/ocpp201/A_security_tls.feature): the Charge
  Point is provisioned with the CSMS root CA, the configured Basic auth password (profile 2) or a
  client certificate (profile 3) before it is switched on.
  The whitepaper wants the CN of the Charge Point's certificate to be its unique serial number
  (A00.FR.405, A00.FR.511); the suite takes the Charge Point's identity for it: the test CSMS accepts
  a client certificate whose CN is the identity, and a Charge Point's CSR is expected to ask for that.
  OCPP 1.6 has no network connection profiles: a Charge Point that raises its SecurityProfile keeps its
  Central System address, ws:// becoming wss://. A scenario that starts with security profile 1 gives
  the Charge Point an address that serves both.
  OCTT's reusable state "The Charge Point is triggered to reset" is a Reset Hard, as in TC_085_CS.

  @TC_074_CS @sp3
  Scenario: TC_074_CS Update Charge Point Certificate by request of Central System
    Given the test CSMS uses security profile 3
    And the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    And the test CSMS has set the configuration key "CpoName" to "ocpp-conformance-suite"
    When the test CSMS sends ExtendedTriggerMessage for SignChargePointCertificate
    Then the station answers ExtendedTriggerMessage with status "Accepted"
    And after answering ExtendedTriggerMessage the station sends SignCertificate
    And the test CSMS's answer to SignCertificate has status "Accepted"
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"
    And the station connects to the test CSMS again
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station presented the certificate the test CSMS signed for it

  @TC_083_CS @sp2
  Scenario: TC_083_CS Upgrade security profile (from 1 to 2)
    Given the test CSMS uses security profile 1
    # Memory state CertificateInstalled: the Charge Point starts without the CSMS root, which the test
    # CSMS installs (OCTT asks GetInstalledCertificateIds first and installs only a missing one).
    And the station under test has no CSMS root certificate
    And the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends InstallCertificate of a CentralSystemRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    When the test CSMS requires security profile 2 from now on
    And the test CSMS sends ChangeConfiguration for "SecurityProfile" with value "2"
    Then the station answers ChangeConfiguration with
      | field  | value                          |
      | status | "Accepted" or "RebootRequired" |
    When the test CSMS resets the Charge Point Hard if it asked for a reboot or did not reconnect
    Then the Charge Point is back, now with security profile 2
    And the station sent Basic auth with its identity and the configured password

  @TC_083_CS @sp3
  Scenario: TC_083_CS Upgrade security profile (from 2 to 3)
    Given the test CSMS uses security profile 2
    And the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    # Memory state RenewChargePointCertificate
    And the test CSMS has set the configuration key "CpoName" to "ocpp-conformance-suite"
    When the test CSMS sends ExtendedTriggerMessage for SignChargePointCertificate
    Then the station answers ExtendedTriggerMessage with status "Accepted"
    And after answering ExtendedTriggerMessage the station sends SignCertificate
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"
    When the test CSMS requires security profile 3 from now on
    And the test CSMS sends ChangeConfiguration for "SecurityProfile" with value "3"
    Then the station answers ChangeConfiguration with
      | field  | value                          |
      | status | "Accepted" or "RebootRequired" |
    When the test CSMS resets the Charge Point Hard if it asked for a reboot or did not reconnect
    Then the Charge Point is back, now with security profile 3
    And the station presented the certificate the test CSMS signed for it

  @TC_084_CS
  Scenario Outline: TC_084_CS Downgrade security profile - Rejected (security profile <profile>)
    Given the test CSMS uses security profile <profile>
    And the station has booted
    And the Charge Point implements the OCPP 1.6 security extension
    When the test CSMS sends ChangeConfiguration for "SecurityProfile" with value "<lower>"
    Then the station answers ChangeConfiguration with status "Rejected"

    @sp2
    Examples: TLS with Basic auth
      | profile | lower |
      | 2       | 1     |

    @sp3
    Examples: TLS with client certificate
      | profile | lower |
      | 3       | 2     |

  @TC_086_CS @sp2
  Scenario: TC_086_CS TLS - server-side certificate - Valid certificate (security profile 2)
    Given the test CSMS uses security profile 2
    And the station has booted
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station used TLS 1.2 or newer and offered the OCPP cipher suites
    And the station sent Basic auth with its identity and the configured password
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector

  @TC_086_CS @sp3
  Scenario: TC_086_CS TLS - server-side certificate - Valid certificate (security profile 3)
    Given the test CSMS uses security profile 3
    And the station has booted
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station used TLS 1.2 or newer and offered the OCPP cipher suites
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector

  @TC_087_CS @sp3
  Scenario: TC_087_CS TLS - Client-side certificate - valid certificate
    Given the test CSMS uses security profile 3
    And the station has booted
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station used TLS 1.2 or newer and offered the OCPP cipher suites
    And the station presented a valid client certificate for its identity
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector
