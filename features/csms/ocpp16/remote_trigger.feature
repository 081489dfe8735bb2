@ocpp16 @csms @remotetrigger @blockF
Feature: OCPP 1.6J Remote Trigger - the Central System under test asks the Charge Point for messages
  OCTT 1.6 test cases TC_054_CSMS and TC_055_CSMS (test-case document FINAL 2024-04, section 3.18).
  The suite plays a 1.6 Charge Point (CP16_SP1) that is connected and accepted before the case, as
  the OCTT's Charge Point is; the Central System acts through the 1.6 trigger API
  (/api/octt/1.6/{station}/trigger-message).

  @TC_054_CSMS
  Scenario: TC_054_CSMS Trigger Message
    Given the test station is in state Booted
    When the CSMS is asked to trigger a MeterValues message for connector 1 of the test Charge Point
    Then the CSMS sends TriggerMessage with
      | field            | value                     |
      | requestedMessage | MeterValues               |
      | connectorId      | <CONFIGURED_CONNECTOR_ID> |
    And the CSMS reports the test station's answer to TriggerMessage with status "Accepted"
    When the test Charge Point sends meter values for connector 1
    Then the CSMS answers every message of the test station
    When the CSMS is asked to trigger a Heartbeat message
    Then the CSMS sends TriggerMessage with
      | field            | value     |
      | requestedMessage | Heartbeat |
    And the CSMS reports the test station's answer to TriggerMessage with status "Accepted"
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"
    When the CSMS is asked to trigger a StatusNotification message for connector 1 of the test Charge Point
    Then the CSMS sends TriggerMessage with
      | field            | value                     |
      | requestedMessage | StatusNotification        |
      | connectorId      | <CONFIGURED_CONNECTOR_ID> |
    And the CSMS reports the test station's answer to TriggerMessage with status "Accepted"
    When the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station
    When the CSMS is asked to trigger a DiagnosticsStatusNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value                         |
      | requestedMessage | DiagnosticsStatusNotification |
    And the CSMS reports the test station's answer to TriggerMessage with status "Accepted"
    When the test Charge Point sends the triggered DiagnosticsStatusNotification "Idle"
    And the CSMS is asked to trigger a FirmwareStatusNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    And the CSMS reports the test station's answer to TriggerMessage with status "Accepted" or "NotImplemented"
    When the test Charge Point sends the triggered FirmwareStatusNotification "Idle"
    Then the CSMS answers every message of the test station

  @TC_055_CSMS
  Scenario: TC_055_CSMS Trigger Message - Rejected
    # The connector is NumberOfConnectors + 1: the test station has no such connector and answers
    # Rejected, as the OCTT's Charge Point does.
    Given the test station is in state Booted
    When the CSMS is asked to trigger a MeterValues message for a connector the test Charge Point does not have
    Then the CSMS asks the test Charge Point to trigger MeterValues for the connector it does not have
    And the CSMS reports the test station's answer to TriggerMessage with status "Rejected"
