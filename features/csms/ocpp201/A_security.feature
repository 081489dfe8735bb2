@ocpp201 @csms @blockA
Feature: A Security - the CSMS under test authenticates stations and secures the connection
  OCTT test cases TC_A_xx_CSMS (OCPP 2.0.1 Part 6). Security profile 1 is Basic auth over ws://,
  2 adds TLS (server certificate), 3 replaces Basic auth by a client certificate. The suite's
  profile 2 and 3 stations are SECURITY_PROFILE_2_CP and SECURITY_PROFILE_3_CP.

  @TC_A_01_CSMS
  Scenario: TC_A_01_CSMS Basic Authentication - Valid username/password combination
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_02_CSMS
  Scenario: TC_A_02_CSMS Basic Authentication - Username does not equal ChargingStationId
    When the test station connects with the username "<BASIC_AUTH_CP>Invalid"
    Then the CSMS refuses the connection

  @TC_A_03_CSMS
  Scenario: TC_A_03_CSMS Basic Authentication - Invalid password
    When the test station connects with the password "x7Rq2mVb9LpT4wZs8NcK"
    Then the CSMS refuses the connection

  @TC_A_04_CSMS @tls @sp2
  Scenario: TC_A_04_CSMS TLS - server-side certificate - Valid certificate (security profile 2)
    Given the test station uses security profile 2
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    And the CSMS server certificate is a valid OCPP server certificate
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_04_CSMS @tls @sp3
  Scenario: TC_A_04_CSMS TLS - server-side certificate - Valid certificate (security profile 3)
    Given the test station uses security profile 3
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    And the CSMS server certificate is a valid OCPP server certificate
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_06_CSMS @tls @sp2
  Scenario: TC_A_06_CSMS TLS - server-side certificate - TLS version too low (security profile 2)
    When the test station connects with security profile 2 offering only TLS 1.1
    Then the CSMS refuses the connection
    Given the test station uses security profile 2
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_06_CSMS @tls @sp3
  Scenario: TC_A_06_CSMS TLS - server-side certificate - TLS version too low (security profile 3)
    When the test station connects with security profile 3 offering only TLS 1.1
    Then the CSMS refuses the connection
    Given the test station uses security profile 3
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_07_CSMS @tls @sp3
  Scenario: TC_A_07_CSMS TLS - Client-side certificate - valid certificate
    Given the test station uses security profile 3
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_A_08_CSMS @tls @sp3
  Scenario Outline: TC_A_08_CSMS TLS - Client-side certificate - Invalid certificate (<kind>)
    When the test station connects with security profile 3 and the <kind> client certificate
    Then the CSMS refuses the connection
    Given the test station uses security profile 3
    When the test station connects to the CSMS
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"

    Examples:
      | kind     |
      | unknown  |
      | expired  |
      | wrong CN |

  @TC_A_09_CSMS
  Scenario Outline: TC_A_09_CSMS Update Charging Station Password for HTTP Basic Authentication - Accepted (security profile <profile>)
    # The purpose says the CSMS "only accepts the new credentials": after the documented steps the
    # station also tries its old password, which the CSMS must now refuse.
    Given the test station uses security profile <profile>
    And the test station is connected to the CSMS
    When the CSMS is asked to update the Basic auth password of the test station
    Then the CSMS sends SetVariables with
      | field                             | value             |
      | setVariableData[0].component.name | SecurityCtrlr     |
      | setVariableData[0].variable.name  | BasicAuthPassword |
    When the test station connects with the password the CSMS set
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station
    When the test station connects with the password "<BASIC_AUTH_CP_PASSWORD>"
    Then the CSMS refuses the connection

    Examples: Basic authentication
      | profile |
      | 1       |

    @tls @sp2
    Examples: TLS with Basic authentication
      | profile |
      | 2       |

  @TC_A_10_CSMS
  Scenario Outline: TC_A_10_CSMS Update Charging Station Password for HTTP Basic Authentication - Rejected (security profile <profile>)
    Given the test station uses security profile <profile>
    And the test station is connected to the CSMS
    And the test station answers SetVariables with attributeStatus "Rejected"
    When the CSMS is asked to update the Basic auth password of the test station
    Then the CSMS sends SetVariables with
      | field                             | value             |
      | setVariableData[0].component.name | SecurityCtrlr     |
      | setVariableData[0].variable.name  | BasicAuthPassword |
    When the test station connects with the password "<BASIC_AUTH_CP_PASSWORD>"
    Then the CSMS accepts the connection
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

    Examples: Basic authentication
      | profile |
      | 1       |

    @tls @sp2
    Examples: TLS with Basic authentication
      | profile |
      | 2       |

  @TC_A_11_CSMS @tls @sp3
  Scenario: TC_A_11_CSMS Update Charging Station Certificate by request of CSMS - Success - Charging Station Certificate
    # Reusable state RenewChargingStationCertificate, written out. The last two steps follow the
    # public OCTT-style suite: the station connects with the certificate the CSMS signed.
    Given the test station uses security profile 3
    And the test station is in state Booted
    When the CSMS is asked to trigger a SignChargingStationCertificate message
    Then the CSMS sends TriggerMessage with
      | field            | value                          |
      | requestedMessage | SignChargingStationCertificate |
    When the test station sends SignCertificate for a ChargingStationCertificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    And the certificate chain the CSMS sent is made from the test station's CSR and signed under the CSMS root
    When the test station connects with security profile 3
    Then the CSMS accepts the connection

  @TC_A_12_CSMS @tls @sp3
  Scenario: TC_A_12_CSMS Update Charging Station Certificate by request of CSMS - Success - V2G Certificate
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite. The test station reports
    # no seccId, so the TriggerMessage may leave out the EVSE. A02.FR.14 only says SHOULD echo the
    # certificateType, so an omitted one is allowed.
    Given the test station uses security profile 3
    And the test station is in state Booted
    When the CSMS is asked to trigger a SignV2GCertificate message
    Then the CSMS sends TriggerMessage with
      | field            | value              |
      | requestedMessage | SignV2GCertificate |
    When the test station sends SignCertificate for a V2GCertificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned with
      | field           | value                           |
      | certificateType | "V2GCertificate" or "(absent)" |
    And the certificate chain the CSMS sent is made from the test station's CSR and signed under the V2G root

  @TC_A_13_CSMS @tls @sp3
  Scenario: TC_A_13_CSMS Update Charging Station Certificate by request of CSMS - Success - Combined Certificate
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite. A combined certificate is
    # requested without certificateType, so the CertificateSigned has none either.
    Given the test station uses security profile 3
    And the test station is in state Booted
    When the CSMS is asked to trigger a SignCombinedCertificate message
    Then the CSMS sends TriggerMessage with
      | field            | value                   |
      | requestedMessage | SignCombinedCertificate |
    When the test station sends SignCertificate for a combined certificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned with
      | field           | value    |
      | certificateType | (absent) |
    And the certificate chain the CSMS sent is made from the test station's CSR and signed under the V2G root

  @TC_A_14_CSMS @tls @sp3
  Scenario: TC_A_14_CSMS Update Charging Station Certificate by request of CSMS - Invalid certificate
    # The security event follows the public OCTT-style suite (a station that rejects its new
    # certificate reports it); the last connection shows the CSMS still takes the old certificate.
    Given the test station uses security profile 3
    And the test station is in state Booted
    And the test station will answer CertificateSigned with status "Rejected"
    When the CSMS is asked to trigger a SignChargingStationCertificate message
    Then the CSMS sends TriggerMessage with
      | field            | value                          |
      | requestedMessage | SignChargingStationCertificate |
    When the test station sends SignCertificate for a ChargingStationCertificate
    Then the CSMS answers SignCertificate with status "Accepted"
    And the CSMS sends CertificateSigned with
      | field           | value                      |
      | certificateType | ChargingStationCertificate |
    When the test station reports the security event "InvalidChargingStationCertificate"
    Then the CSMS answers every message of the test station
    When the test station connects with security profile 3
    Then the CSMS accepts the connection

  @TC_A_19_CSMS @tls @sp2
  Scenario: TC_A_19_CSMS Upgrade Charging Station Security Profile - Accepted (security profile 1 to 2)
    Given the test station is in state Booted
    When the CSMS is asked to set a network connection profile with security profile 2
    Then the CSMS sends SetNetworkProfile with
      | field                          | value                           |
      | configurationSlot              | <CONFIGURED_CONFIGURATION_SLOT> |
      | connectionData.messageTimeout  | <CONFIGURED_MESSAGE_TIMEOUT>    |
      | connectionData.ocppCsmsUrl     | (present)                       |
      | connectionData.ocppInterface   | <CONFIGURED_OCPP_INTERFACE>     |
      | connectionData.ocppTransport   | JSON                            |
      | connectionData.ocppVersion     | OCPP20                          |
      | connectionData.securityProfile | 2                               |
    When the CSMS is asked to put the new network connection profile first in NetworkConfigurationPriority
    Then the CSMS sets NetworkConfigurationPriority with the new configuration slot
    When the CSMS is asked to reset the test station with type "Immediate"
    Then the CSMS sends Reset
    When the test station connects with security profile 2
    Then the CSMS accepts the connection
    When the test station goes to state Booted
    And the test station connects with security profile 1
    Then the CSMS refuses the connection

  @TC_A_19_CSMS @tls @sp2 @sp3
  Scenario: TC_A_19_CSMS Upgrade Charging Station Security Profile - Accepted (security profile 2 to 3)
    Given the test station uses security profile 2
    And the test station is in state Booted
    And the test station has renewed its charging station certificate
    When the CSMS is asked to set a network connection profile with security profile 3
    Then the CSMS sends SetNetworkProfile with
      | field                          | value                           |
      | configurationSlot              | <CONFIGURED_CONFIGURATION_SLOT> |
      | connectionData.messageTimeout  | <CONFIGURED_MESSAGE_TIMEOUT>    |
      | connectionData.ocppCsmsUrl     | (present)                       |
      | connectionData.ocppInterface   | <CONFIGURED_OCPP_INTERFACE>     |
      | connectionData.ocppTransport   | JSON                            |
      | connectionData.ocppVersion     | OCPP20                          |
      | connectionData.securityProfile | 3                               |
    When the CSMS is asked to put the new network connection profile first in NetworkConfigurationPriority
    Then the CSMS sets NetworkConfigurationPriority with the new configuration slot
    When the CSMS is asked to reset the test station with type "Immediate"
    Then the CSMS sends Reset
    When the test station connects with security profile 3
    Then the CSMS accepts the connection
    When the test station goes to state Booted
    And the test station connects with security profile 2
    Then the CSMS refuses the connection
