@ocpp201 @station @blockG
Feature: G Availability - the station under test reports its status and changes availability
  End-to-end cases of the charging-station simulator's test plan (E2E_Gxx).

  @E2E_G01
  Scenario: E2E_G01 StatusNotification for every connector status
    Given the station has booted
    When the station is made to send StatusNotification for each connectorStatus in "Available, Occupied, Reserved, Unavailable, Faulted" with
      """
      {"timestamp": "(now)", "evseId": 1, "connectorId": 1}
      """
    Then the test CSMS answered each StatusNotification of the station
    And the station sends StatusNotification for each connectorStatus in "Available, Occupied, Reserved, Unavailable, Faulted"

  @E2E_G02
  Scenario: E2E_G02 Heartbeats in quick succession
    Given the station has booted
    When the station is made to send Heartbeat 5 times
    Then the test CSMS answered each Heartbeat of the station with currentTime "(present)"
    And the station sends Heartbeat 5 times

  @E2E_G03
  Scenario: E2E_G03 ChangeAvailability Operative
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Inoperative"
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Unavailable" for all its connectors
    When the test CSMS sends ChangeAvailability "Operative"
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @E2E_G04
  Scenario: E2E_G04 ChangeAvailability Inoperative
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Inoperative"
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Unavailable" for all its connectors
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Rejected"
