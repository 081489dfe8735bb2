@ocpp201 @station @blockE
Feature: E Transactions - the station under test runs transactions and numbers their events
  End-to-end cases of the charging-station simulator's test plan (E2E_Exx).

  @E2E_E01
  Scenario: E2E_E01 Full local transaction (plug in + token)
    Given the station has booted
    When the test CSMS sends SetVariables "SampledDataCtrlr.TxUpdatedInterval=2"
    Then the station answers SetVariables with setVariableResult[0].attributeStatus "Accepted"
    When an EV is plugged in
    And the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
    And the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
      | seqNo     | 0       |
    And the station sends TransactionEvent with
      | field                                 | value              |
      | eventType                             | Updated            |
      | triggerReason                         | MeterValuePeriodic |
      | meterValue[0].sampledValue[0].context | Sample.Periodic    |
    When the driver stops the charging session
    Then the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
    And the station numbered the TransactionEvents of the transaction from seqNo 0 without gaps or repeats

  @E2E_E01-DIRECT
  Scenario: E2E_E01-DIRECT TransactionEvent Started/Updated/Ended answered
    Given the test CSMS reports a total cost of 10.0 in TransactionEvent answers
    And the station has booted
    When the station is made to send TransactionEvent with
      """
      {"eventType": "Started", "timestamp": "(now)", "triggerReason": "Authorized", "seqNo": 0,
       "transactionInfo": {"transactionId": "e2e-direct-001"},
       "idToken": {"idToken": "test_token", "type": "ISO14443"}}
      """
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
      | seqNo     | 0       |
    And the test CSMS's answer to TransactionEvent has idTokenInfo.status "Accepted"
    When the station is made to send TransactionEvent with
      """
      {"eventType": "Updated", "timestamp": "(now)", "triggerReason": "MeterValuePeriodic", "seqNo": 1,
       "transactionInfo": {"transactionId": "e2e-direct-001"},
       "meterValue": [{"timestamp": "(now)", "sampledValue": [{"value": 1500.0, "measurand": "Power.Active.Import"}]}]}
      """
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Updated |
      | seqNo     | 1       |
    And the test CSMS's answer to TransactionEvent has totalCost "10"
    When the station is made to send TransactionEvent with
      """
      {"eventType": "Ended", "timestamp": "(now)", "triggerReason": "StopAuthorized", "seqNo": 2,
       "transactionInfo": {"transactionId": "e2e-direct-001", "stoppedReason": "Local"}}
      """
    Then the test CSMS's answer to TransactionEvent is an empty payload
    And the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
      | seqNo     | 2     |

  @E2E_E05-WL
  Scenario: E2E_E05-WL Remote start with token the CSMS then blocks
    Given the test CSMS accepts only the idTokens "valid_token"
    And the station has booted
    # The plan's flow is the one without an Authorize first: a station that authorizes remote starts
    # (AuthorizeRemoteStart true) would ask, be told Blocked and rightly refuse to start.
    And the station's AuthCtrlr.AuthorizeRemoteStart is "false" if implemented
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field           | value      |
      | eventType       | Started    |
      | idToken.idToken | test_token |
    And the test CSMS's answer to TransactionEvent has idTokenInfo.status "Blocked"
    And the station sends TransactionEvent with
      | field                         | value        |
      | eventType                     | Ended        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_E-DOUBLE-START
  Scenario: E2E_E-DOUBLE-START Second RequestStartTransaction during transaction
    Given the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the test CSMS sends RequestStartTransaction for idToken "valid_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Rejected"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_E14
  Scenario: E2E_E14 GetTransactionStatus without transaction
    Given the station has booted
    When the test CSMS sends GetTransactionStatus
    Then the station answers GetTransactionStatus with
      | field            | value    |
      | messagesInQueue  | false    |
      | ongoingIndicator | (absent) |

  @E2E_E14-ACTIVE
  Scenario: E2E_E14-ACTIVE GetTransactionStatus with active transaction
    Given the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the test CSMS sends GetTransactionStatus
    Then the station answers GetTransactionStatus with ongoingIndicator "true"
