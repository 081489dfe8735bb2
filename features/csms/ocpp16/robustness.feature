@ocpp16 @csms @robustness @core
Feature: Robustness - the Central System under test answers bad OCPP-J 1.6 frames and keeps serving
  Beyond OCTT. The test Charge Point sends frames that are not valid OCPP-J 1.6: the Central System
  must answer each with the CALLERROR code of OCPP-J 1.6 table 7 (4.2.3) that fits it, with the
  frame's UniqueId when it can be read, must ignore a message type it does not know (4.1.3), must
  never accept such a frame with a CALLRESULT, and must keep the connection open and serving: a
  Heartbeat afterwards is answered.

  OCPP-J 1.6 spells FormationViolation and OccurenceConstraintViolation (not FormatViolation,
  OccurrenceConstraintViolation) and has no RpcFrameworkError or MessageTypeNotSupported; it names no
  UniqueId for a CALLERROR to a frame whose id cannot be read, so any id is taken there. Where table 7
  has no single code for a situation, the scenario accepts the codes whose description fits it, and
  says why.

  Background:
    Given the test station is in state Booted

  @ROB_16_01
  Scenario: ROB_16_01 Malformed JSON - not JSON at all
    # 4.1.2: the whole message MUST be valid JSON. Table 7 FormationViolation: "Payload for Action is
    # syntactically incorrect or not conform the PDU structure".
    When the test station sends the raw frame
      """
      this is not JSON
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_02
  Scenario: ROB_16_02 Malformed JSON - truncated frame
    When the test station sends the raw frame
      """
      [2, "rob-16-02", "Heartbeat", {
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_03
  Scenario: ROB_16_03 JSON that is not an array
    # 4.2: every message is an array [MessageTypeId, UniqueId, ...]: not the PDU structure.
    When the test station sends the raw frame
      """
      {"messageTypeId": 2, "uniqueId": "rob-16-03", "action": "Heartbeat", "payload": {}}
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_04
  Scenario: ROB_16_04 A CALL with the wrong number of elements
    # 4.2.1: a Call has 4 elements. FormationViolation ("not conform the PDU structure"); the payload is
    # missing, which table 7 also calls ProtocolError ("Payload for Action is incomplete").
    When the test station sends the raw frame
      """
      [2, "rob-16-04", "Heartbeat"]
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation" or "ProtocolError"
    And the CSMS still serves the test station

  @ROB_16_05
  Scenario: ROB_16_05 A MessageTypeId that is a string
    # "2" is no Message Type Number: either a frame that is not the PDU structure (FormationViolation)
    # or a message type number not in table 2, which 4.1.3 says to ignore.
    When the test station sends the raw frame
      """
      ["2", "rob-16-05", "Heartbeat", {}]
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_06
  Scenario: ROB_16_06 An unknown MessageTypeId is ignored
    # 4.1.3: "When a server receives a message with a Message Type Number not in this list, it SHALL
    # ignore the message payload." No CALLERROR (unlike OCPP 2.0.1's MessageTypeNotSupported), and
    # the connection stays open.
    When the test station sends the raw frame
      """
      [5, "rob-16-06", "Heartbeat", {}]
      """
    Then the CSMS ignores the bad frame
    And the CSMS still serves the test station

  @ROB_16_07
  Scenario: ROB_16_07 An unknown action
    # Table 7 NotImplemented: "Requested Action is not known by receiver".
    When the test station sends the raw frame
      """
      [2, "rob-16-07", "MakeCoffee", {"strength": "strong"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "NotImplemented"
    And the CSMS still serves the test station

  @ROB_16_08
  Scenario: ROB_16_08 An action that only the Central System sends
    # Reset is an OCPP 1.6 action the Central System knows but never receives: NotSupported
    # ("recognized but not supported by the receiver"), or NotImplemented from a Central System that
    # knows it only as an outgoing request.
    When the test station sends the raw frame
      """
      [2, "rob-16-08", "Reset", {"type": "Hard"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "NotSupported" or "NotImplemented"
    And the CSMS still serves the test station

  @ROB_16_09
  Scenario: ROB_16_09 Schema violation - a required field is missing
    # Authorize.req without idTag (required). OccurenceConstraintViolation ("violates occurence
    # constraints") or ProtocolError ("Payload for Action is incomplete"): both describe it. 4.2.3
    # names "missing mandatory fields" as a CallError situation, and OCPP-J 1.6 allows no dropping.
    When the test station sends the raw frame
      """
      [2, "rob-16-09", "Authorize", {}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "OccurenceConstraintViolation" or "ProtocolError"
    And the CSMS still serves the test station

  @ROB_16_10
  Scenario: ROB_16_10 Schema violation - a field of the wrong type
    # connectorId is an integer. Table 7 TypeConstraintViolation ("e.g. "somestring": 12").
    When the test station sends the raw frame
      """
      [2, "rob-16-10", "StatusNotification", {"connectorId": "1", "errorCode": "NoError", "status": "Available"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "TypeConstraintViolation"
    And the CSMS still serves the test station

  @ROB_16_11
  Scenario: ROB_16_11 Schema violation - an enumeration value out of range
    # ChargePointStatus has no "Broken". Table 7 PropertyConstraintViolation ("at least one field
    # contains an invalid value").
    When the test station sends the raw frame
      """
      [2, "rob-16-11", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Broken"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "PropertyConstraintViolation"
    And the CSMS still serves the test station

  @ROB_16_12
  Scenario: ROB_16_12 Schema violation - an unknown field
    # Heartbeat.req has no properties (additionalProperties false). Table 7 FormationViolation ("not
    # conform the PDU structure for Action").
    When the test station sends the raw frame
      """
      [2, "rob-16-12", "Heartbeat", {"unexpected": true}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_13
  Scenario: ROB_16_13 A UniqueId longer than 36 characters
    # 4.1.4 table 3: messageId has at most 36 characters; 4.2.3 lists "unique identifier too long" as
    # a CallError situation. Of table 7 only FormationViolation (not the PDU structure) fits. A
    # CALLRESULT (the Heartbeat handled) fails.
    When the test station sends the raw frame
      """
      [2, "ROB-16-13-0123456789-0123456789-xxxxx", "Heartbeat", {}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station

  @ROB_16_14
  Scenario: ROB_16_14 A string field longer than its maximum length
    # idTag is an IdToken, CiString20Type; this one has 21 characters. PropertyConstraintViolation
    # ("contains an invalid value"); the length is part of the data type (CiString20Type), so
    # TypeConstraintViolation is accepted too.
    When the test station sends the raw frame
      """
      [2, "rob-16-14", "Authorize", {"idTag": "100000C01-TOO-LONG-21"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "PropertyConstraintViolation" or "TypeConstraintViolation"
    And the CSMS still serves the test station

  @ROB_16_15
  Scenario: ROB_16_15 A frame nested 1000 levels deep
    # A deep structure must not crash the Central System's JSON reader; whatever its depth limit, the
    # frame is not the PDU structure: FormationViolation.
    When the test station sends a frame nested 1000 levels deep
    Then the CSMS refuses the bad frame with CALLERROR "FormationViolation"
    And the CSMS still serves the test station
