@ocpp201 @station @blockI
Feature: I Tariff and cost - the station under test receives the running cost of a transaction
  End-to-end cases of the charging-station simulator's test plan (E2E_Ixx).

  @E2E_I02
  Scenario: E2E_I02 Running total cost in TransactionEvent answers
    Given the test CSMS reports a total cost of 25.50 in TransactionEvent answers
    And the station has booted
    # An Updated event within seconds whatever the station does at plug-in (as E2E_J02 does): a station
    # that reports the cable only in a StatusNotification sends its next Updated at TxUpdatedInterval.
    When the test CSMS sends SetVariables "SampledDataCtrlr.TxUpdatedInterval=2"
    Then the station answers SetVariables with setVariableResult[0].attributeStatus "Accepted"
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When an EV is plugged in
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Updated |
    And the test CSMS's answer to TransactionEvent has totalCost "25.5"
    # Stopped by the test CSMS, so the Ended event is the station's own (a simulator's driver may write
    # the event of a local stop itself).
    When the test CSMS sends RequestStopTransaction
    Then the station answers RequestStopTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
