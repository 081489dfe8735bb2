@ocpp201 @station @blockB
Feature: B Provisioning - the station under test boots, heartbeats and is configured
  End-to-end cases of the charging-station simulator's test plan (E2E_Bxx). The suite plays
  the CSMS; the station under test is the embedded reference station unless configured.

  @E2E_B01
  Scenario: E2E_B01 Cold boot Accepted
    Given the CSMS answers BootNotification with Accepted
    And the CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
    And the station sends Heartbeat within 10 seconds

  @E2E_B02
  Scenario: E2E_B02 Cold boot Pending then Accepted
    Given the CSMS answers BootNotification with Pending then Accepted
    And the CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the station sends BootNotification again after about 2 seconds
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
    And while Pending the station sent nothing but BootNotification

  @E2E_B03
  Scenario: E2E_B03 Cold boot Rejected
    Given the CSMS answers BootNotification with Rejected
    And the CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the station sends BootNotification again after about 2 seconds
    And while Rejected the station sent nothing but BootNotification
