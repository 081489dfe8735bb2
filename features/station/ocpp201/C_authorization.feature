@ocpp201 @station @blockC
Feature: C Authorization - the station under test authorizes idTokens and acts on the CSMS's answer
  End-to-end cases of the charging-station simulator's test plan (E2E_Cxx). The driver presents
  an idToken at EVSE 1 with no EV plugged in: an Accepted token starts a transaction (TxStartPoint
  Authorized), any other answer starts nothing.

  @E2E_C01
  Scenario: E2E_C01 Authorize normal
    Given the station has booted
    When the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
      | idToken.type    | ISO14443    |
    And the test CSMS's answer to Authorize has idTokenInfo.status "Accepted"
    And the station sends TransactionEvent with
      | field           | value       |
      | eventType       | Started     |
      | triggerReason   | Authorized  |
      | idToken.idToken | valid_token |

  @E2E_C01-WL-OK
  Scenario: E2E_C01-WL-OK Authorize whitelisted token
    Given the test CSMS accepts only the idTokens "valid_token, test_token"
    And the station has booted
    When the driver presents idToken "test_token"
    Then the station sends Authorize with
      | field           | value      |
      | idToken.idToken | test_token |
    And the test CSMS's answer to Authorize has idTokenInfo.status "Accepted"
    And the station sends TransactionEvent with
      | field           | value      |
      | eventType       | Started    |
      | idToken.idToken | test_token |

  @E2E_C01-WL-REJECT
  Scenario: E2E_C01-WL-REJECT Authorize token not on whitelist
    Given the test CSMS accepts only the idTokens "valid_token, test_token"
    And the station has booted
    When the driver presents idToken "unknown_token"
    Then the station sends Authorize with
      | field           | value         |
      | idToken.idToken | unknown_token |
    And the test CSMS's answer to Authorize has idTokenInfo.status "Blocked"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_C01-BL-OK
  Scenario: E2E_C01-BL-OK Authorize token not on blacklist
    Given the test CSMS blocks the idTokens "blocked_token, invalid_user"
    And the station has booted
    When the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
    And the test CSMS's answer to Authorize has idTokenInfo.status "Accepted"
    And the station sends TransactionEvent with
      | field           | value       |
      | eventType       | Started     |
      | idToken.idToken | valid_token |

  @E2E_C01-BL-REJECT
  Scenario: E2E_C01-BL-REJECT Authorize blacklisted token
    Given the test CSMS blocks the idTokens "blocked_token, invalid_user"
    And the station has booted
    When the driver presents idToken "blocked_token"
    Then the station sends Authorize with
      | field           | value         |
      | idToken.idToken | blocked_token |
    And the test CSMS's answer to Authorize has idTokenInfo.status "Blocked"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_C01-RL
  Scenario: E2E_C01-RL Authorize rate limited
    Given the test CSMS will answer every authorization with NotAtThisTime
    And the station has booted
    When the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
    And the test CSMS's answer to Authorize has idTokenInfo.status "NotAtThisTime"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_C01-OFFLINE
  Scenario: E2E_C01-OFFLINE Authorize with CSMS failure
    Given the test CSMS fails every Authorize with CALLERROR InternalError
    And the station has booted
    When the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
    And the test CSMS's answer to Authorize is CALLERROR InternalError
    And the station sends no TransactionEvent for 2 seconds

  @E2E_C09
  Scenario: E2E_C09 GroupId and cache expiry in answer
    Given the test CSMS gives groupIdToken "GROUP-7" and a cache expiry of 3600 seconds
    And the station has booted
    When the driver presents idToken "valid_token"
    Then the station sends Authorize with
      | field           | value       |
      | idToken.idToken | valid_token |
    And the test CSMS's answer to Authorize has
      | field                            | value     |
      | idTokenInfo.status               | Accepted  |
      | idTokenInfo.groupIdToken.idToken | GROUP-7   |
      | idTokenInfo.cacheExpiryDateTime  | (present) |
    And the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the driver presents idToken "test_token"
    Then the station sends Authorize with
      | field           | value      |
      | idToken.idToken | test_token |
    And the station sends TransactionEvent with
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |

  @E2E_C11
  Scenario: E2E_C11 Clear authorization cache
    Given the station has booted
    When the test CSMS sends ClearCache
    Then the station answers ClearCache with status "Accepted"
