@ocpp16 @station @remotetrigger @blockF
Feature: OCPP 1.6 Remote Trigger - the Central System asks for a message
  OCTT 1.6 Charge Point test cases 2.21.

  @TC_054_CS
  Scenario: TC_054_CS Trigger Message
    Given the station has booted
    When the test CSMS sends TriggerMessage for MeterValues on connector 1
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends MeterValues with
      | field                                 | value   |
      | connectorId                           | 1       |
      | meterValue[0].sampledValue[0].context | Trigger |
    When the test CSMS sends TriggerMessage for Heartbeat
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends Heartbeat
    When the test CSMS sends TriggerMessage for StatusNotification on connector 1
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends StatusNotification with
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
    When the test CSMS sends TriggerMessage for DiagnosticsStatusNotification
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends DiagnosticsStatusNotification with
      | field  | value |
      | status | Idle  |
    When the test CSMS sends TriggerMessage for FirmwareStatusNotification
    Then the station answers TriggerMessage with status "Accepted" or "NotImplemented"
    And after answering TriggerMessage the station sends FirmwareStatusNotification with
      | field  | value |
      | status | Idle  |

  @TC_055_CS
  Scenario: TC_055_CS Trigger Message - Rejected
    Given the station has booted
    When the test CSMS sends TriggerMessage for MeterValues on an unknown connector
    Then the station answers TriggerMessage with status "Rejected"
    And the Charge Point sends no MeterValues for 2 seconds
