@ocpp201 @station @blockI
Feature: I Tariff and cost - the station under test receives the running cost of a transaction
  End-to-end cases of the charging-station simulator's test plan (E2E_Ixx).

  @E2E_I02
  Scenario: E2E_I02 Running total cost in TransactionEvent answers
    Given the test CSMS reports a total cost of 25.50 in TransactionEvent answers
    And the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When an EV is plugged in
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Updated |
    And the test CSMS's answer to TransactionEvent has totalCost "25.5"
    When the driver stops the charging session
    Then the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
