@ocpp16 @csms
Feature: OCPP 1.6J Core profile - the Central System under test
  OCTT 1.6 test cases TC_0xx_CSMS (OCPP Compliancy Testing Tool test-case document, FINAL 2024-04).
  The suite plays a 1.6 Charge Point (CP16_SP1); the Central System acts on manual actions through
  the 1.6 trigger API (/api/octt/1.6/{station}/{kebab-action}).

  @TC_001_CSMS
  Scenario: TC_001_CSMS Cold Boot Charge Point
    Given the station is connected to the CSMS
    When the station boots
    Then the CSMS answers BootNotification with
      | field       | value     |
      | status      | Accepted  |
      | interval    | > 0       |
      | currentTime | (present) |
    When the station reports connector 0 "Available"
    And the station reports connector 1 "Available"
    Then the CSMS answers every message of the station

  @TC_023_1_CSMS
  Scenario: TC_023_1_CSMS Start Charging Session – Authorize invalid
    Given the station is in state Booted
    When the station sends Authorize for the invalid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Invalid"

  @TC_023_2_CSMS
  Scenario: TC_023_2_CSMS Start Charging Session – Authorize expired
    Given the station is in state Booted
    When the station sends Authorize for the expired idToken
    Then the CSMS answers Authorize with idTagInfo.status "Expired"

  @TC_023_3_CSMS
  Scenario: TC_023_3_CSMS Start Charging Session – Authorize blocked
    Given the station is in state Booted
    When the station sends Authorize for the blocked idToken
    Then the CSMS answers Authorize with idTagInfo.status "Blocked"
