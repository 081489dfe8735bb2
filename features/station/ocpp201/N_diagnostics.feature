@ocpp201 @station @blockN
Feature: N Diagnostics - the station under test uploads logs and reports customer information
  End-to-end cases of the charging-station simulator's test plan (E2E_Nxx).

  @E2E_N01
  Scenario: E2E_N01 GetLog DiagnosticsLog
    Given the station has booted
    When the test CSMS sends GetLog
    Then the station answers GetLog with status "Accepted"
    And the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request

  @E2E_N01-ORPHAN
  Scenario: E2E_N01-ORPHAN LogStatusNotification without prior GetLog
    Given the station has booted
    When the station is made to send LogStatusNotification with
      """
      {"status": "Idle", "requestId": 999}
      """
    Then the test CSMS's answer to LogStatusNotification is an empty payload
    And the station sends LogStatusNotification with status "Idle"

  @E2E_N09
  Scenario: E2E_N09 CustomerInformation report
    Given the station has booted
    When the test CSMS sends CustomerInformation
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false

  @E2E_N-NOTIFY-REPORT
  Scenario: E2E_N-NOTIFY-REPORT NotifyReport on demand
    Given the station has booted
    When the station is made to send NotifyReport with
      """
      {"requestId": 1, "generatedAt": "(now)", "seqNo": 0, "tbc": false}
      """
    Then the test CSMS's answer to NotifyReport is an empty payload
    And the station sends NotifyReport with
      | field     | value     |
      | requestId | 1         |
      | seqNo     | 0         |
      | tbc       | false     |
