@ocpp201 @csms @blockO
Feature: O Display Message - the CSMS under test sets, gets and clears messages on station displays
  OCTT test cases TC_O_xx_CSMS. Part 6 leaves block O blank ("intentionally blank"), so the
  scenarios follow the public pytest suite (tzi-OCTT 2.0.1/O). "<Configured ...>" values are the
  ones each scenario gives the CSMS in its table; start and end times lie DISPLAY_MESSAGE_DELAY
  seconds ahead. "The CSMS lists ..." reads the CSMS's list of the station's messages through the
  trigger API (display-message-record); a CSMS without it gets those checks printed for the operator.

  Background:
    Given the test station is in state Booted

  @TC_O_01_CSMS
  Scenario: TC_O_01_CSMS Set Display Message - Success
    When the CSMS is asked to set a display message with
      | field    | value       |
      | id       | 1           |
      | priority | NormalCycle |
      | format   | UTF8        |
      | state    | Idle        |
    Then the CSMS sends SetDisplayMessage with
      | field                  | value       |
      | message.id             | 1           |
      | message.priority       | NormalCycle |
      | message.message.format | UTF8        |
      | message.state          | Idle        |
      | message.transactionId  | (absent)    |
    And the CSMS's display message 1 of the test station has
      | field          | value       |
      | priority       | NormalCycle |
      | state          | Idle        |
      | message.format | UTF8        |

  @TC_O_02_CSMS
  Scenario: TC_O_02_CSMS Get all Display Messages - Success
    Given the CSMS has set a display message with
      | field | value |
      | id    | 1     |
    When the CSMS is asked to get the display messages of the test station
    Then the CSMS sends GetDisplayMessages with
      | field     | value     |
      | requestId | (integer) |
      | id        | (absent)  |
      | priority  | (absent)  |
      | state     | (absent)  |
    When the test station sends NotifyDisplayMessages for the request of the CSMS
    Then the CSMS records the display messages the test station reported

  @TC_O_03_CSMS
  Scenario: TC_O_03_CSMS Get all Display Messages - No DisplayMessages configured
    # The test station has no display message, so it answers Unknown.
    When the CSMS is asked to get the display messages of the test station
    Then the CSMS sends GetDisplayMessages with
      | field     | value     |
      | requestId | (integer) |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_04_CSMS
  Scenario: TC_O_04_CSMS Clear Display Message - Success
    Given the CSMS has set a display message with
      | field | value |
      | id    | 1     |
    When the CSMS is asked to clear display message 1 on the test station
    Then the CSMS sends ClearDisplayMessage with
      | field | value |
      | id    | 1     |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_05_CSMS
  Scenario: TC_O_05_CSMS Clear Display Message - Unknown Key
    # The test station has no message 7, so it answers Unknown.
    When the CSMS is asked to clear display message 7 on the test station
    Then the CSMS sends ClearDisplayMessage with
      | field | value |
      | id    | 7     |
    And display message 7 is not among the CSMS's display messages of the test station

  @TC_O_06_CSMS
  Scenario: TC_O_06_CSMS Set Display Message - Specific transaction - Success
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a display message with
      | field         | value       |
      | id            | 1           |
      | priority      | NormalCycle |
      | transactionId | current     |
    Then the CSMS sends SetDisplayMessage with
      | field                 | value       |
      | message.priority      | NormalCycle |
      | message.transactionId | (present)   |
    And the CSMS's display message is for the transaction it was asked for
    And the CSMS lists display message 1 for the test station
    When the test station goes to state EVDisconnected
    # The message belongs to the transaction: once it has ended the message is gone (O02).
    Then display message 1 is not among the CSMS's display messages of the test station

  @TC_O_07_CSMS
  Scenario: TC_O_07_CSMS Get a Specific Display Message - Id
    Given the CSMS has set a display message with
      | field | value |
      | id    | 1     |
    When the CSMS is asked for the test station's display messages that match
      | field | value |
      | id    | 1     |
    Then the CSMS sends GetDisplayMessages with
      | field     | value     |
      | id        | [1]       |
      | priority  | (absent)  |
      | state     | (absent)  |
      | requestId | (integer) |
    When the test station sends NotifyDisplayMessages for the request of the CSMS
    Then the CSMS records the display messages the test station reported

  @TC_O_08_CSMS
  Scenario: TC_O_08_CSMS Get a Specific Display Message - Priority
    Given the CSMS has set a display message with
      | field    | value       |
      | id       | 1           |
      | priority | AlwaysFront |
    When the CSMS is asked for the test station's display messages that match
      | field    | value       |
      | priority | AlwaysFront |
    Then the CSMS sends GetDisplayMessages with
      | field     | value       |
      | priority  | AlwaysFront |
      | id        | (absent)    |
      | state     | (absent)    |
      | requestId | (integer)   |
    When the test station sends NotifyDisplayMessages for the request of the CSMS
    Then the CSMS records the display messages the test station reported

  @TC_O_09_CSMS
  Scenario: TC_O_09_CSMS Get a Specific Display Message - State
    Given the CSMS has set a display message with
      | field | value    |
      | id    | 1        |
      | state | Charging |
    When the CSMS is asked for the test station's display messages that match
      | field | value    |
      | state | Charging |
    Then the CSMS sends GetDisplayMessages with
      | field     | value     |
      | state     | Charging  |
      | priority  | (absent)  |
      | id        | (absent)  |
      | requestId | (integer) |
    When the test station sends NotifyDisplayMessages for the request of the CSMS
    Then the CSMS records the display messages the test station reported

  @TC_O_10_CSMS
  Scenario: TC_O_10_CSMS Set Display Message - Specific transaction - UnknownTransaction
    # The test station does not know the transaction, so it answers UnknownTransaction.
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a display message with
      | field         | value       |
      | id            | 1           |
      | priority      | NormalCycle |
      | transactionId | unknown     |
    Then the CSMS sends SetDisplayMessage with
      | field                 | value       |
      | message.transactionId | (present)   |
      | message.priority      | NormalCycle |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_11_CSMS
  Scenario: TC_O_11_CSMS Get a Specific Display Message - Unknown parameters
    # The test station has no message 2, so it answers Unknown; message 1 stays.
    Given the CSMS has set a display message with
      | field | value |
      | id    | 1     |
    When the CSMS is asked for the test station's display messages that match
      | field | value |
      | id    | 2     |
    Then the CSMS sends GetDisplayMessages with
      | field     | value     |
      | id        | [2]       |
      | requestId | (integer) |
    And the CSMS lists display message 1 for the test station

  @TC_O_12_CSMS
  Scenario: TC_O_12_CSMS Set Display Message - Replace DisplayMessage
    Given the CSMS has set a display message with
      | field    | value         |
      | id       | 1             |
      | priority | NormalCycle   |
      | content  | First message |
    When the CSMS is asked to set a display message with
      | field    | value            |
      | id       | 1                |
      | priority | AlwaysFront      |
      | content  | Replaced message |
    Then the CSMS sends SetDisplayMessage with
      | field            | value       |
      | message.id       | 1           |
      | message.priority | AlwaysFront |
    And the CSMS's display message 1 of the test station has
      | field           | value            |
      | priority        | AlwaysFront      |
      | message.content | Replaced message |

  @TC_O_13_CSMS
  Scenario: TC_O_13_CSMS Set Display Message - Display message at StartTime
    When the CSMS is asked to set a display message with
      | field         | value         |
      | id            | 1             |
      | startDateTime | in the future |
    Then the CSMS sends SetDisplayMessage with
      | field                 | value     |
      | message.id            | 1         |
      | message.startDateTime | (present) |
    And the CSMS's display message starts at the time it was asked for
    And the CSMS lists display message 1 for the test station

  @TC_O_14_CSMS
  Scenario: TC_O_14_CSMS Set Display Message - Remove message after EndTime
    When the CSMS is asked to set a display message with
      | field       | value         |
      | id          | 1             |
      | endDateTime | in the future |
    Then the CSMS sends SetDisplayMessage with
      | field               | value     |
      | message.id          | 1         |
      | message.endDateTime | (present) |
    And the end time of the CSMS's display message is the one it was asked for
    And the CSMS lists display message 1 for the test station
    # The title's "remove message after EndTime", seen from the CSMS: it no longer lists it.
    And after its end time display message 1 is not among the CSMS's display messages of the test station

  @TC_O_17_CSMS
  Scenario: TC_O_17_CSMS Set Display Message - NotSupportedPriority
    Given the test station will answer SetDisplayMessage with status "NotSupportedPriority"
    When the CSMS is asked to set a display message with
      | field    | value       |
      | id       | 1           |
      | priority | AlwaysFront |
    Then the CSMS sends SetDisplayMessage with
      | field            | value       |
      | message.id       | 1           |
      | message.priority | AlwaysFront |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_18_CSMS
  Scenario: TC_O_18_CSMS Set Display Message - NotSupportedState
    Given the test station will answer SetDisplayMessage with status "NotSupportedState"
    When the CSMS is asked to set a display message with
      | field | value   |
      | id    | 1       |
      | state | Faulted |
    Then the CSMS sends SetDisplayMessage with
      | field         | value   |
      | message.id    | 1       |
      | message.state | Faulted |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_19_CSMS
  Scenario: TC_O_19_CSMS Set Display Message - NotSupportedMessageFormat
    Given the test station will answer SetDisplayMessage with status "NotSupportedMessageFormat"
    When the CSMS is asked to set a display message with
      | field   | value                     |
      | id      | 1                         |
      | format  | HTML                      |
      | content | <b>Conformance test</b>   |
    Then the CSMS sends SetDisplayMessage with
      | field                  | value |
      | message.id             | 1     |
      | message.message.format | HTML  |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_25_CSMS
  Scenario: TC_O_25_CSMS Set Display Message - Send Specific state
    When the CSMS is asked to set a display message with
      | field | value    |
      | id    | 1        |
      | state | Charging |
    Then the CSMS sends SetDisplayMessage with
      | field         | value    |
      | message.id    | 1        |
      | message.state | Charging |
    And the CSMS's display message 1 of the test station has
      | field | value    |
      | state | Charging |

  @TC_O_26_CSMS
  Scenario: TC_O_26_CSMS Set Display Message - Rejected
    Given the test station will answer SetDisplayMessage with status "Rejected"
    When the CSMS is asked to set a display message with
      | field    | value       |
      | id       | 1           |
      | priority | NormalCycle |
    Then the CSMS sends SetDisplayMessage with
      | field            | value       |
      | message.id       | 1           |
      | message.priority | NormalCycle |
    And display message 1 is not among the CSMS's display messages of the test station

  @TC_O_27_CSMS
  Scenario: TC_O_27_CSMS Set Display Message - Specific transaction - Display message at StartTime
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a display message with
      | field         | value         |
      | id            | 1             |
      | startDateTime | in the future |
      | transactionId | current       |
    Then the CSMS sends SetDisplayMessage with
      | field                 | value     |
      | message.state         | (absent)  |
      | message.startDateTime | (present) |
      | message.endDateTime   | (absent)  |
      | message.transactionId | (present) |
    And the CSMS's display message starts at the time it was asked for
    And the CSMS's display message is for the transaction it was asked for
    And the CSMS lists display message 1 for the test station

  @TC_O_28_CSMS
  Scenario: TC_O_28_CSMS Set Display Message - Specific transaction - Remove message after EndTime
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a display message with
      | field         | value         |
      | id            | 1             |
      | endDateTime   | in the future |
      | transactionId | current       |
    Then the CSMS sends SetDisplayMessage with
      | field                 | value     |
      | message.state         | (absent)  |
      | message.startDateTime | (absent)  |
      | message.endDateTime   | (present) |
      | message.transactionId | (present) |
    And the end time of the CSMS's display message is the one it was asked for
    And the CSMS's display message is for the transaction it was asked for
    And after its end time display message 1 is not among the CSMS's display messages of the test station
