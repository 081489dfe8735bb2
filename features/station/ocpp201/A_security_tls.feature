@ocpp201 @station @tls @blockA
Feature: A Security - the station under test secures its connection with TLS (security profiles 2 and 3)
  OCTT test cases TC_A_xx_CS (OCPP 2.0.1 Part 6) for a charging station. The suite plays the CSMS
  on a wss:// address with certificates from its own PKI (certs/); the station under test is the
  embedded reference station unless configured, provisioned with the CSMS root CA and, for
  security profile 3, a client certificate whose CN is its identity. OCTT's state "Booting" (the
  station is starting and has no connection yet) is reached by switching the station on.

  @TC_A_01_CS @sp2
  Scenario: TC_A_01_CS Basic Authentication - Valid username/password combination
    Given the test CSMS uses security profile 2
    And the station has booted
    Then the station sent Basic auth with its identity and the configured password

  @TC_A_04_CS
  Scenario Outline: TC_A_04_CS TLS - server-side certificate - Valid certificate (security profile <profile>)
    Given the test CSMS uses security profile <profile>
    When the station powers up
    Then the station connects over TLS with the test CSMS's valid server certificate
    And the station used TLS 1.2 or newer and offered the OCPP cipher suites
    And the station sends BootNotification with reason "PowerUp"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

    @sp2
    Examples: Basic auth
      | profile |
      | 2       |

    @sp3
    Examples: client certificate
      | profile |
      | 3       |

  @TC_A_05_CS @sp2
  Scenario Outline: TC_A_05_CS TLS - server-side certificate - Invalid certificate (<kind>)
    Given the test CSMS uses security profile 2
    And the test CSMS presents <certificate> at the station's next connection attempt
    When the station powers up
    Then the station refuses the test CSMS's server certificate and ends the TLS handshake
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station sends BootNotification with reason "PowerUp"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And the station sends SecurityEventNotification with
      | field | value                  |
      | type  | InvalidCsmsCertificate |

    Examples:
      | kind                    | certificate                                |
      | unknown CA              | a server certificate from an unknown CA    |
      | expired                 | an expired server certificate              |
      | CN is not the CSMS FQDN | a server certificate for another host name |

  @TC_A_06_CS @sp2
  Scenario: TC_A_06_CS TLS - server-side certificate - TLS version too low
    Given the test CSMS uses security profile 2
    And the test CSMS offers only TLS 1.1 at the station's next connection attempt
    When the station powers up
    Then the station refuses TLS 1.1 and ends the TLS handshake
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station sends BootNotification with reason "PowerUp"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And the station sends SecurityEventNotification with
      | field | value                                     |
      | type  | "StartupOfTheDevice" or "ResetOrReboot"   |
    # Step 16 (InvalidTLSVersion) is optional in OCTT: a station offering only the OCPP suites meets no
    # TLS 1.1 ServerHello it could name, just a failed handshake.

  @TC_A_07_CS @sp3
  Scenario: TC_A_07_CS TLS - Client-side certificate - valid certificate
    Given the test CSMS uses security profile 3
    When the station powers up
    Then the station connects over TLS with the test CSMS's valid server certificate
    And the station used TLS 1.2 or newer and offered the OCPP cipher suites
    And the station presented a valid client certificate for its identity
    And the station sends BootNotification with reason "PowerUp"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_A_09_CS @sp2
  Scenario: TC_A_09_CS Update Charging Station Password for HTTP Basic Authentication - Accepted
    Given the test CSMS uses security profile 2
    And the station has booted
    When the test CSMS sets a new BasicAuthPassword for the station
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    And the station connects to the test CSMS again
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station sent Basic auth with its identity and the new password

  @TC_A_10_CS @sp2
  Scenario: TC_A_10_CS Update Charging Station Password for HTTP Basic Authentication - Rejected
    Given the test CSMS uses security profile 2
    And the station has booted
    When the test CSMS sends SetVariables "SecurityCtrlr.BasicAuthPassword=tooShort123"
    Then the station answers SetVariables with
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station connects to the test CSMS again
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station sent Basic auth with its identity and the configured password
    And the station sends BootNotification with reason "RemoteReset"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And after answering Reset the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |

  @TC_A_11_CS @sp3
  Scenario: TC_A_11_CS Update Charging Station Certificate by request of CSMS - Success - Charging Station Certificate
    Given the test CSMS uses security profile 3
    And the station has booted
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    And the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature
    And the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits
    And the test CSMS's answer to SignCertificate has status "Accepted"
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"
    # A02: the renewed certificate is the one the station presents from its next connection on.
    When the station is made to reconnect to the test CSMS
    Then the station connects over TLS with the test CSMS's valid server certificate
    And the station presented the certificate the test CSMS signed for it

  @TC_A_14_CS @sp3
  Scenario Outline: TC_A_14_CS Update Charging Station Certificate by request of CSMS - Invalid certificate (<kind>)
    Given the test CSMS uses security profile 3
    And the station has booted
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    And the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits
    And the test CSMS's answer to SignCertificate has status "Accepted"
    When the test CSMS answers the station's CSR with a certificate <certificate>
    Then the station answers CertificateSigned with status "Rejected"
    And after answering CertificateSigned the station sends SecurityEventNotification with
      | field | value                             |
      | type  | InvalidChargingStationCertificate |

    Examples:
      | kind                 | certificate                    |
      | unknown CA           | from an unknown CA             |
      | not the CSR's key    | for another key than the CSR's |

  @TC_A_15_CS @sp3
  Scenario: TC_A_15_CS Update Charging Station Certificate by request of CSMS - SignCertificateRequest Rejected
    Given the test CSMS uses security profile 3
    And the test CSMS will answer SignCertificate with
      """
      {"status": "Rejected"}
      """
    And the station has booted
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    And the test CSMS's answer to SignCertificate has status "Rejected"

  @TC_A_19_CS @sp2
  Scenario: TC_A_19_CS Upgrade Charging Station Security Profile - Accepted (security profile 1 to 2)
    Given the test CSMS uses security profile 1
    And the station has booted
    When the test CSMS gives the station a network connection profile with security profile 2 in slot 2
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS puts slot 2 first in the station's NetworkConfigurationPriority
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle if it asked for a reboot
    Then the station connects to the test CSMS again
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station sent Basic auth with its identity and the configured password
    And the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    And after answering SetVariables the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |
    When the test CSMS sends GetVariables "SecurityCtrlr.SecurityProfile"
    Then the station answers GetVariables with
      | field                               | value |
      | getVariableResult[0].attributeValue | 2     |
    When the test CSMS sends GetVariables "OCPPCommCtrlr.NetworkConfigurationPriority"
    Then the station answers GetVariables with
      | field                               | value |
      | getVariableResult[0].attributeValue | 2     |

  @TC_A_19_CS @sp2 @sp3
  Scenario: TC_A_19_CS Upgrade Charging Station Security Profile - Accepted (security profile 2 to 3)
    Given the test CSMS uses security profile 2
    And the station has booted
    # Memory state RenewChargingStationCertificate
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    When the test CSMS sends CertificateSigned
    Then the station answers CertificateSigned with status "Accepted"
    When the test CSMS gives the station a network connection profile with security profile 3 in slot 2
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS puts slot 2 first in the station's NetworkConfigurationPriority
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle if it asked for a reboot
    Then the station connects to the test CSMS again
    And the station connects over TLS with the test CSMS's valid server certificate
    And the station presented the certificate the test CSMS signed for it
    And the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    When the test CSMS sends GetVariables "SecurityCtrlr.SecurityProfile"
    Then the station answers GetVariables with
      | field                               | value |
      | getVariableResult[0].attributeValue | 3     |
    When the test CSMS sends GetVariables "OCPPCommCtrlr.NetworkConfigurationPriority"
    Then the station answers GetVariables with
      | field                               | value |
      | getVariableResult[0].attributeValue | 2     |

  @TC_A_20_CS
  Scenario: TC_A_20_CS Upgrade Charging Station Security Profile - No valid CSMSRootCertificate installed
    Given the test CSMS uses security profile 1
    And the station under test has no CSMS root certificate
    And the station has booted
    When the test CSMS gives the station a network connection profile with security profile 2 in slot 2
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS puts slot 2 first in the station's NetworkConfigurationPriority
    Then the station answers SetVariables with
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |

  @TC_A_21_CS @sp2
  Scenario: TC_A_21_CS Upgrade Charging Station Security Profile - No valid ChargingStationCertificate installed
    Given the test CSMS uses security profile 2
    And the station has booted
    When the test CSMS gives the station a network connection profile with security profile 3 in slot 2
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS puts slot 2 first in the station's NetworkConfigurationPriority
    Then the station answers SetVariables with
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |

  @TC_A_22_CS @sp2
  Scenario: TC_A_22_CS Upgrade Charging Station Security Profile - Downgrade security profile - Rejected
    Given the test CSMS uses security profile 2
    And the station has booted
    When the test CSMS gives the station a network connection profile with security profile 1 in slot 2
    Then the station answers SetNetworkProfile with status "Rejected"

  @TC_A_23_CS @sp3
  Scenario: TC_A_23_CS Update Charging Station Certificate by request of CSMS - CertificateSignedRequest Timeout
    # Prerequisite: security profile 3 and the CertificateSignedRequest timeout (SecurityCtrlr.CertSigningWaitMinimum
    # and CertSigningRepeatTimes: a station that refuses them is not run).
    Given the test CSMS uses security profile 3
    And the station has booted
    And the station's SecurityCtrlr.CertSigningWaitMinimum is "<CONFIGURED_CERT_SIGNING_WAIT_MINIMUM>"
    # The document sets CertSigningRepeatTimes 1, yet awaits two repeats (steps 6 and 9): the suite sets 2,
    # so that the repeats it awaits are ones the station may send.
    And the station's SecurityCtrlr.CertSigningRepeatTimes is "2"
    When the test CSMS sends TriggerMessage for SignChargingStationCertificate
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends SignCertificate
    And the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature
    And the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits
    And the test CSMS's answer to SignCertificate has status "Accepted"
    # Steps 5-10: the test CSMS sends no CertificateSigned and accepts each SignCertificate.
    Then the station sends SignCertificate again 2 times, first after <CONFIGURED_CERT_SIGNING_WAIT_MINIMUM> seconds, each wait twice the last
    When the test CSMS signs the CSR of the station's first SignCertificate
    Then the station answers CertificateSigned with status "Accepted"
