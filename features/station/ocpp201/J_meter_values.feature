@ocpp201 @station @blockJ
Feature: J Meter values - the station under test reports meter values in and out of transactions
  End-to-end cases of the charging-station simulator's test plan (E2E_Jxx).

  @E2E_J01
  Scenario: E2E_J01 MeterValues outside a transaction
    Given the station has booted
    When the station is made to send MeterValues with
      """
      {"evseId": 1,
       "meterValue": [{"timestamp": "(now)",
                       "sampledValue": [{"value": 230.0, "measurand": "Voltage", "unitOfMeasure": {"unit": "V"}}]}]}
      """
    Then the test CSMS's answer to MeterValues is an empty payload
    And the station sends MeterValues with
      | field                                   | value   |
      | evseId                                  | 1       |
      | meterValue[0].sampledValue[0].measurand | Voltage |

  @E2E_J02
  Scenario: E2E_J02 Meter values during a transaction
    Given the station has booted
    When the test CSMS sends SetVariables "SampledDataCtrlr.TxUpdatedInterval=2"
    Then the station answers SetVariables with setVariableResult[0].attributeStatus "Accepted"
    When an EV is plugged in
    And the driver presents idToken "valid_token"
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    And the TransactionEvent carries the measurands "Energy.Active.Import.Register" in context "Transaction.Begin"
    And the station sends TransactionEvent with
      | field         | value              |
      | eventType     | Updated            |
      | triggerReason | MeterValuePeriodic |
    And the TransactionEvent carries the measurands "Energy.Active.Import.Register, Power.Active.Import, Current.Import, Voltage" in context "Sample.Periodic"
    When the driver stops the charging session
    Then the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
    And the TransactionEvent carries the measurands "Energy.Active.Import.Register" in context "Transaction.End"
