@ocpp201 @csms @robustness
Feature: Robustness - the CSMS under test answers bad OCPP-J frames and keeps serving the station
  Beyond OCTT. The test station sends frames that are not valid OCPP-J 2.0.1: the CSMS must answer
  each with the CALLERROR code OCPP 2.0.1 Part 4 gives for it (4.2.3, 4.3 table 8, 4.4), with the
  frame's MessageId, or "-1" when that cannot be read (4.2.3), must never accept such a frame with a
  CALLRESULT, and must keep the connection open and serving: a Heartbeat afterwards is answered.

  Where table 8 has no single code for a situation, the scenario accepts the codes whose table-8
  description fits it, and says why. Part 4, 4.2.3 also allows the CSMS to drop a message that "is
  not conform the JSON schema": the schema-violation scenarios accept no answer at all as well
  ("ignores the bad frame or refuses it").

  Background:
    Given the test station is in state Booted

  @ROB_201_01
  Scenario: ROB_201_01 Malformed JSON - not JSON at all
    # 4.2.3 also allows the CSMS to drop "any invalid OCPP" (ROB_201_01 to 05): no answer passes too.
    # 4.2.3: "invalid JSON" gets a CALLERROR; its MessageId cannot be read, so it is "-1".
    # Table 8 RpcFrameworkError: "Content of the call is not a valid RPC Request".
    When the test station sends the raw frame
      """
      this is not JSON
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError"
    And the CSMS still serves the test station

  @ROB_201_02
  Scenario: ROB_201_02 Malformed JSON - truncated frame
    # Not valid JSON either: RpcFrameworkError for "-1" (or for the id a lenient reader picked out).
    When the test station sends the raw frame
      """
      [2, "rob-201-02", "Heartbeat", {
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError"
    And the CSMS still serves the test station

  @ROB_201_03
  Scenario: ROB_201_03 JSON that is not an array
    # 4.2: every OCPP-J message is an array [MessageTypeId, MessageId, ...]; no MessageId can be read.
    When the test station sends the raw frame
      """
      {"messageTypeId": 2, "messageId": "rob-201-03", "action": "Heartbeat", "payload": {}}
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError"
    And the CSMS still serves the test station

  @ROB_201_04
  Scenario: ROB_201_04 A CALL with the wrong number of elements
    # 4.2.1: a CALL has 4 elements. Table 8 has no code for a short frame: RpcFrameworkError ("not a
    # valid RPC Request"), ProtocolError ("not conform the PDU structure") and FormatViolation
    # ("syntactically incorrect") all describe it. The MessageId can be read, so it is echoed.
    When the test station sends the raw frame
      """
      [2, "rob-201-04", "Heartbeat"]
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError" or "ProtocolError" or "FormatViolation"
    And the CSMS still serves the test station

  @ROB_201_05
  Scenario: ROB_201_05 A MessageTypeId that is a string
    # 4.2.1 / table 6: MessageTypeId is an integer; "2" is no Message Type Number. Either the frame is
    # no valid RPC request (RpcFrameworkError) or its type is not supported (MessageTypeNotSupported, 4.4).
    When the test station sends the raw frame
      """
      ["2", "rob-201-05", "Heartbeat", {}]
      """
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError" or "MessageTypeNotSupported"
    And the CSMS still serves the test station

  @ROB_201_06
  Scenario: ROB_201_06 An unknown MessageTypeId
    # 4.4: "When an OCPP 2.0.1 implementation receives a message with an unknown message type, it
    # SHALL respond with an CALLERROR with errorCode: MessageTypeNotSupported."
    When the test station sends the raw frame
      """
      [5, "rob-201-06", "Heartbeat", {}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "MessageTypeNotSupported"
    And the CSMS still serves the test station

  @ROB_201_07
  Scenario: ROB_201_07 An unknown action
    # Table 8 NotImplemented: "Requested Action is not known by receiver".
    When the test station sends the raw frame
      """
      [2, "rob-201-07", "MakeCoffee", {"strength": "strong"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "NotImplemented"
    And the CSMS still serves the test station

  @ROB_201_08
  Scenario: ROB_201_08 An action that only the CSMS sends
    # Reset is an OCPP action the CSMS knows but never receives: table 8 NotSupported ("recognized but
    # not supported by the receiver"); a CSMS that knows it only as an outgoing request may answer
    # NotImplemented ("not known by receiver") for the incoming direction.
    When the test station sends the raw frame
      """
      [2, "rob-201-08", "Reset", {"type": "Immediate"}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "NotSupported" or "NotImplemented"
    And the CSMS still serves the test station

  @ROB_201_09
  Scenario: ROB_201_09 Schema violation - a required field is missing
    # Authorize without idToken (required). Table 8 OccurrenceConstraintViolation ("violates
    # occurrence constraints"); ProtocolError ("not conform the PDU structure") describes it as well.
    When the test station sends the raw frame
      """
      [2, "rob-201-09", "Authorize", {}]
      """
    Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "OccurrenceConstraintViolation" or "ProtocolError"
    And the CSMS still serves the test station

  @ROB_201_10
  Scenario: ROB_201_10 Schema violation - a field of the wrong type
    # evseId is an integer. Table 8 TypeConstraintViolation ("violates data type constraints (e.g.
    # "somestring": 12)").
    When the test station sends the raw frame
      """
      [2, "rob-201-10", "StatusNotification", {"timestamp": "2024-01-01T00:00:00.000Z", "connectorStatus": "Available", "evseId": "1", "connectorId": 1}]
      """
    Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "TypeConstraintViolation"
    And the CSMS still serves the test station

  @ROB_201_11
  Scenario: ROB_201_11 Schema violation - an enumeration value out of range
    # ConnectorStatusEnumType has no "Broken". Table 8 PropertyConstraintViolation ("at least one field
    # contains an invalid value").
    When the test station sends the raw frame
      """
      [2, "rob-201-11", "StatusNotification", {"timestamp": "2024-01-01T00:00:00.000Z", "connectorStatus": "Broken", "evseId": 1, "connectorId": 1}]
      """
    Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "PropertyConstraintViolation"
    And the CSMS still serves the test station

  @ROB_201_12
  Scenario: ROB_201_12 Schema violation - an unknown field
    # HeartbeatRequest allows no other property than customData (additionalProperties false). Table 8
    # has no code for an unknown field: FormatViolation ("syntactically incorrect") or ProtocolError
    # ("not conform the PDU structure"); not PropertyConstraintViolation, no field has an invalid value.
    When the test station sends the raw frame
      """
      [2, "rob-201-12", "Heartbeat", {"unexpected": true}]
      """
    Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "FormatViolation" or "ProtocolError"
    And the CSMS still serves the test station

  @ROB_201_13
  Scenario: ROB_201_13 A MessageId longer than 36 characters
    # 4.1.4 table 4: messageId is string[36]; 4.2.3 lists "unique identifier too long" as a reason for
    # a CALLERROR. Table 8 names no code: RpcFrameworkError (no valid RPC request) or ProtocolError (not
    # the PDU structure). The 37-character id cannot be echoed in a valid CALLERROR: "-1" is expected,
    # the id as sent is accepted too. A CALLRESULT (the Heartbeat handled) fails.
    When the test station sends the raw frame
      """
      [2, "ROB-201-13-0123456789-0123456789-xxxx", "Heartbeat", {}]
      """
    Then the CSMS refuses the bad frame with CALLERROR "RpcFrameworkError" or "ProtocolError"
    And the CSMS still serves the test station

  @ROB_201_14
  Scenario: ROB_201_14 A string field longer than its maximum length
    # IdTokenType.idToken is string[36]; this one has 37 characters. Table 8 PropertyConstraintViolation
    # ("contains an invalid value"); the length is also part of the data type (string[36]), so
    # TypeConstraintViolation is accepted too.
    When the test station sends the raw frame
      """
      [2, "rob-201-14", "Authorize", {"idToken": {"idToken": "100000C01-TOO-LONG-0123456789-0123456", "type": "ISO14443"}}]
      """
    Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "PropertyConstraintViolation" or "TypeConstraintViolation"
    And the CSMS still serves the test station

  @ROB_201_15
  Scenario: ROB_201_15 A frame nested 1000 levels deep
    # A deep structure must not crash the CSMS's JSON reader. The innermost element is no
    # MessageTypeId, so whatever the reader's depth limit the frame is no valid RPC request and has no
    # readable MessageId: RpcFrameworkError for "-1".
    When the test station sends a frame nested 1000 levels deep
    Then the CSMS ignores the bad frame or refuses it with CALLERROR "RpcFrameworkError"
    And the CSMS still serves the test station
