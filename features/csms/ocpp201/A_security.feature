@ocpp201 @csms @blockA
Feature: A Security - the CSMS under test authenticates stations and secures the connection
  OCTT test cases TC_A_xx_CSMS (OCPP 2.0.1 Part 6). Security profile 1 is Basic auth over ws://,
  2 adds TLS (server certificate), 3 replaces Basic auth by a client certificate. The suite's
  profile 2 and 3 stations are SECURITY_PROFILE_2_CP and SECURITY_PROFILE_3_CP.

  @TC_A_01_CSMS
  Scenario: TC_A_01_CSMS Basic Authentication - Valid username/password combination
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_02_CSMS
  Scenario: TC_A_02_CSMS Basic Authentication - Username does not equal ChargingStationId
    When the station connects with the username "<BASIC_AUTH_CP>Invalid"
    Then the CSMS refuses the connection

  @TC_A_03_CSMS
  Scenario: TC_A_03_CSMS Basic Authentication - Invalid password
    When the station connects with the password "x7Rq2mVb9LpT4wZs8NcK"
    Then the CSMS refuses the connection

  @TC_A_04_CSMS @tls @sp2
  Scenario: TC_A_04_CSMS TLS - server-side certificate - Valid certificate (security profile 2)
    Given the station uses security profile 2
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS server certificate is a valid OCPP server certificate
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_04_CSMS @tls @sp3
  Scenario: TC_A_04_CSMS TLS - server-side certificate - Valid certificate (security profile 3)
    Given the station uses security profile 3
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    And the CSMS server certificate is a valid OCPP server certificate
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_06_CSMS @tls @sp2
  Scenario: TC_A_06_CSMS TLS - server-side certificate - TLS version too low (security profile 2)
    When the station connects with security profile 2 offering only TLS 1.1
    Then the CSMS refuses the connection
    Given the station uses security profile 2
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_06_CSMS @tls @sp3
  Scenario: TC_A_06_CSMS TLS - server-side certificate - TLS version too low (security profile 3)
    When the station connects with security profile 3 offering only TLS 1.1
    Then the CSMS refuses the connection
    Given the station uses security profile 3
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_07_CSMS @tls @sp3
  Scenario: TC_A_07_CSMS TLS - Client-side certificate - valid certificate
    Given the station uses security profile 3
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    And the connection uses TLS 1.2 or newer with an OCPP cipher suite
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"
    When the station reports connector status "Available"
    Then the CSMS answers every message of the station

  @TC_A_08_CSMS @tls @sp3
  Scenario Outline: TC_A_08_CSMS TLS - Client-side certificate - Invalid certificate (<kind>)
    When the station connects with security profile 3 and <certificate> client certificate
    Then the CSMS refuses the connection
    Given the station uses security profile 3
    When the station connects to the CSMS
    Then the CSMS accepts the connection
    When the station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Accepted"

    Examples:
      | kind     | certificate |
      | unknown  | an unknown  |
      | expired  | an expired  |
      | wrong CN | a wrong CN  |
