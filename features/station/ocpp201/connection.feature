@ocpp201 @station @connection
Feature: Connection - the station under test keeps its connection to the CSMS
  End-to-end cases of the charging-station simulator's test plan (E2E_CONN-xx, E2E_PERIODIC).

  @E2E_CONN-01
  Scenario: E2E_CONN-01 Close and reopen the connection
    Given the station has booted
    When an EV is plugged in
    And the driver presents idToken "valid_token"
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the station loses its connection
    And the EV is unplugged
    And the station's connection comes back
    Then the station connects to the test CSMS again
    And the station sends TransactionEvent with
      | field     | value |
      | eventType | Ended |
      | offline   | true  |
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_CONN-02
  Scenario: E2E_CONN-02 Change the CSMS URL
    Given the station has booted
    When the station is pointed at a new CSMS URL
    Then the station connects to the new CSMS URL
    And the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_PERIODIC
  Scenario: E2E_PERIODIC Periodic CSMS command
    Given the test CSMS sends GetBaseReport every 2 seconds once the station has booted
    And the station has booted
    Then the station answers 3 GetBaseReport requests with status "Accepted"
    And for each GetBaseReport request it answered the station sends NotifyReport from seqNo 0 until tbc is false
    And the station answered every request of the test CSMS without a CALLERROR
