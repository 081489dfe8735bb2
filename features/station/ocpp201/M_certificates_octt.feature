@ocpp201 @station @blockM
Feature: M ISO 15118 Certificate Management - OCTT charging-station cases: installing, listing and deleting certificates, AdditionalRootCertificateCheck
  OCTT test cases TC_M_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured.
  OCTT's configured certificates are the suite's test PKI (certs/, support/pki): <Configured (new) CSMS Root
  certificate> is the CSMS root CA 2's certificate (self-signed; for a station with
  AdditionalRootCertificateCheck true, TC_M_01_CS's "custom CSMSRootCertificate": the one signed by the CSMS
  root CA), <Configured old CSMS Root certificate> is the CSMS root CA, the one the station under test is
  provisioned with, and the ManufacturerRootCertificate is the suite's manufacturer root CA. Reusable state
  CertificateInstalled is "When the test CSMS sends InstallCertificate of a <certificateType>" and its answer
  (the memory state of the same name: "Given the test CSMS has installed the configured ..."); reusable state
  GetInstalledCertificates is GetInstalledCertificateIds, its answer Accepted and the configured certificate
  among the listed ones (hash data in the station's hashAlgorithm). A real station gets the certificates a
  scenario installed deleted when it ends (OCTT's "built-in action to delete the newly installed certificate"),
  except a CSMS root that replaced its own. The 2023-12 errata make every case mandatory for a station that
  supports security profile 2 or 3 (6.1.26): the suite runs them over the security profile the station
  uses, but for the ones about the TLS connection (TC_M_30_CS, TC_M_31_CS: 2; TC_M_23_CS: 3).

  # ------------------------------------------------------------------ M05 installing CA certificates

  @TC_M_01_CS
  Scenario: TC_M_01_CS Install CA certificate - CSMSRootCertificate
    Given the station has booted
    # Step 1, reusable state CertificateInstalled for certificateType CSMSRootCertificate.
    When the test CSMS sends InstallCertificate of a CSMSRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    # Step 2, reusable state GetInstalledCertificates for certificateType CSMSRootCertificate.
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured CSMSRootCertificate among its installed certificates

  @TC_M_02_CS
  Scenario: TC_M_02_CS Install CA certificate - ManufacturerRootCertificate
    # As the 2023-12 errata give it (6.1.27): no AdditionalRootCertificateCheck prerequisite; the case is for a
    # station that supports signed firmware updates, mandatory for certification.
    Given the station has booted
    When the test CSMS sends InstallCertificate of a ManufacturerRootCertificate
    Then the station answers InstallCertificate with status "Accepted"
    When the test CSMS sends GetInstalledCertificateIds for ManufacturerRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured ManufacturerRootCertificate among its installed certificates

  @TC_M_07_CS
  Scenario: TC_M_07_CS Install CA certificate - Rejected - Certificate invalid
    Given the station has booted
    And the station does not use AdditionalRootCertificateCheck
    When the test CSMS sends InstallCertificate with an expired CSMSRootCertificate
    Then the station answers InstallCertificate with status "Rejected"
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    # Step 4 says "<HashData from configured new CSMS Root certificate>": the certificate of step 1 is meant,
    # the suite checks that the expired certificate it sent is not installed.
    And the expired certificate is not among the station's installed certificates

  @TC_M_09_CS
  Scenario: TC_M_09_CS Install CA certificate - AdditionalRootCertificateCheck - Rejected
    Given the station has booted
    And the station supports AdditionalRootCertificateCheck
    When the test CSMS installs a new CSMS root certificate the old one did not sign
    Then the station answers InstallCertificate with status "Rejected"
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station's answer to GetInstalledCertificateIds lists the old CSMS root certificate

  @TC_M_30_CS @tls @sp2
  Scenario: TC_M_30_CS Install CA certificate - AdditionalRootCertificateCheck - Reconnect using new CSMS Root - Success
    # Over security profile 2: the memory state RenewChargingStationCertificate of security profile 3 does not
    # apply. <Configured new CSMS Root certificate 2>: the CSMS root CA 2's certificate signed by the CSMS root CA.
    Given the test CSMS uses security profile 2
    And the station has booted
    And the station supports AdditionalRootCertificateCheck
    And the test CSMS has installed the new CSMS root certificate 2 at the station
    And the test CSMS presents a server certificate from the new CSMS root certificate 2 at the station's next connection attempt
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Accepted"
    # Steps 3-4: the station's first attempt after the reset meets a server certificate from the new root, and
    # must get through.
    And the station connects over TLS with the server certificate from the new CSMS root certificate 2
    # Step 5, reusable state Booted.
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the old CSMS root certificate is not among the station's installed certificates

  @TC_M_31_CS @tls @sp2
  Scenario: TC_M_31_CS Install CA certificate - AdditionalRootCertificateCheck - Reconnect using new CSMS Root - Fallback mechanism
    Given the test CSMS uses security profile 2
    And the station has booted
    And the station supports AdditionalRootCertificateCheck
    And the test CSMS has installed the new CSMS root certificate 2 at the station
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Accepted"
    # Steps 3-5: the CSMS presents its server certificate from the old CSMS root. The document has the station
    # fail with the new root first and then verify with the old one; whether that takes one connection attempt
    # or two is not for the suite to see: it waits for an attempt that gets through (failed ones are passed over).
    And the station connects over TLS with the server certificate from the old CSMS root certificate
    # Step 6, reusable state Booted.
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station's answer to GetInstalledCertificateIds lists the old CSMS root certificate

  # ------------------------------------------------------------------ M03 retrieving certificates

  @TC_M_12_CS
  Scenario: TC_M_12_CS Retrieve certificates from Charging Station - CSMSRootCertificate
    Given the station has booted
    And the test CSMS has installed the configured CSMSRootCertificate at the station
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured CSMSRootCertificate among its installed certificates

  @TC_M_13_CS
  Scenario: TC_M_13_CS Retrieve certificates from Charging Station - ManufacturerRootCertificate
    Given the station has booted
    And the test CSMS has installed the configured ManufacturerRootCertificate at the station
    When the test CSMS sends GetInstalledCertificateIds for ManufacturerRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured ManufacturerRootCertificate among its installed certificates

  @TC_M_17_CS
  Scenario: TC_M_17_CS Retrieve certificates from Charging Station - CSMSRootCertificate & ManufacturerRootCertificate
    Given the station has booted
    And the test CSMS has installed the configured CSMSRootCertificate and ManufacturerRootCertificate at the station
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate and ManufacturerRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured CSMSRootCertificate and ManufacturerRootCertificate among its installed certificates

  @TC_M_18_CS
  Scenario: TC_M_18_CS Retrieve certificates from Charging Station - All certificateTypes
    Given the station has booted
    And the test CSMS has installed the configured CSMSRootCertificate and ManufacturerRootCertificate at the station
    When the test CSMS sends GetInstalledCertificateIds with
      """
      {}
      """
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured CSMSRootCertificate and ManufacturerRootCertificate among its installed certificates

  @TC_M_19_CS
  Scenario: TC_M_19_CS Retrieve certificates from Charging Station - No matching certificate found
    # Prerequisite: the station has no MORootCertificate installed (the suite installs none).
    Given the station has booted
    When the test CSMS sends GetInstalledCertificateIds for MORootCertificate
    Then the station answers GetInstalledCertificateIds with
      | field                    | value    |
      | status                   | NotFound |
      | certificateHashDataChain | (absent) |

  # ------------------------------------------------------------------ M04 deleting certificates

  @TC_M_20_CS
  Scenario: TC_M_20_CS Delete a certificate from a Charging Station - Success
    Given the station has booted
    # Before: the document installs a CSMS root only when GetInstalledCertificates returns none, and deletes the
    # one step 1 returns. The suite installs its configured one whatever the station holds and deletes that one:
    # not the CSMS root the station may need to verify the CSMS (step 1 checks that it is listed, as the
    # reusable state GetInstalledCertificates does).
    And the test CSMS has installed the configured CSMSRootCertificate at the station
    # Step 1, reusable state GetInstalledCertificates.
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station reports the configured CSMSRootCertificate among its installed certificates
    # Steps 2-3: with the certificateHashData the station returned for it.
    When the test CSMS sends DeleteCertificate for the installed certificate
    Then the station answers DeleteCertificate with status "Accepted"
    # Step 4: the station may still list other CSMS roots (Accepted), or none (NotFound).
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    Then the configured CSMSRootCertificate is not among the station's installed certificates

  @TC_M_22_CS
  Scenario: TC_M_22_CS Delete a certificate from a Charging Station - No matching certificate found
    Given the station has booted
    # Step 1, reusable state GetInstalledCertificates: its answer is not what the case is about (a station that
    # holds no CSMS root answers NotFound), so no validation of it here.
    When the test CSMS sends GetInstalledCertificateIds for CSMSRootCertificate
    # Steps 2-3: <certificateHashData from unknown certificate>: hash data no certificate has.
    And the test CSMS sends DeleteCertificate with
      """
      {"certificateHashData": {"hashAlgorithm": "SHA256",
        "issuerNameHash": "1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "issuerKeyHash": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "serialNumber": "7ea5c0ffee0ddba11"}}
      """
    Then the station answers DeleteCertificate with status "NotFound"

  @TC_M_23_CS @tls @sp3
  Scenario: TC_M_23_CS Delete a certificate from a Charging Station - Unable to delete the Charging Station Certificate
    # As the 2023-12 errata give it (6.1.28): for a station that supports security profile 3, with a valid
    # CSMSRootCertificate installed (the one it is provisioned with).
    Given the test CSMS uses security profile 3
    And the station has booted
    # Reusable state RenewChargingStationCertificate for certificateType ChargingStationCertificate.
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    And the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"
    # Step 1, reusable state GetInstalledCertificates with certificateType omitted.
    When the test CSMS sends GetInstalledCertificateIds with
      """
      {}
      """
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    # Steps 2-3.
    When the test CSMS deletes the ChargingStationCertificate it signed
    Then the station answers DeleteCertificate with status "NotFound" or "Failed"
