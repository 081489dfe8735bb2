@ocpp16 @csms @smartcharging @blockK
Feature: OCPP 1.6J Smart Charging - the Central System under test sets, reads and clears charging profiles
  OCTT 1.6 test cases TC_056_CSMS - TC_067_CSMS (test-case document FINAL 2024-04, section 3.19).
  The Central System acts through the 1.6 trigger API (set-charging-profile, get-composite-schedule,
  clear-charging-profile, remote-start-transaction). Profiles are made from the configured values
  (CONFIGURED_STACK_LEVEL, CONFIGURED_CHARGING_RATE_UNIT, CONFIGURED_CHARGING_SCHEDULE_DURATION,
  CONFIGURED_NUMBER_PHASES); a limit is written as OCTT writes it: 6 means 6 A, or 6000 W.

  @TC_056_CSMS
  Scenario: TC_056_CSMS Central Smart Charging - TxDefaultProfile
    Given the test station is in state Booted
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on connector 1 of the test Charge Point
    Then the CSMS sets a charging profile on connector 1 with
      | field                             | value                                   |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>                |
      | chargingProfilePurpose            | TxDefaultProfile                        |
      | chargingProfileKind               | Absolute                                |
      | validFrom                         | (present)                               |
      | validTo                           | (present)                               |
      | transactionId                     | (absent)                                |
      | recurrencyKind                    | (absent)                                |
      | chargingSchedule.startSchedule    | (present)                               |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | chargingSchedule.duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | period.startPeriod                | 0                                       |
      | period.limit                      | 6 or 6000                               |
      | period.numberPhases               | (configured number of phases)           |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    And the number of charging profiles the CSMS records on the test Charge Point is 1

  @TC_057_CSMS
  Scenario: TC_057_CSMS Central Smart Charging - TxProfile
    Given the test station is in state Booted
    And the test station is in state Charging
    When the CSMS is asked to set a TxProfile of kind Absolute with limit 6 on connector 1 of the test Charge Point
    Then the CSMS sets a charging profile on connector 1 with
      | field                          | value             |
      | chargingProfilePurpose         | TxProfile         |
      | transactionId                  | (the transaction) |
      | recurrencyKind                 | (absent)          |
      | chargingProfileKind            | Absolute          |
      | validFrom                      | (present)         |
      | validTo                        | (present)         |
      | chargingSchedule.startSchedule | (present)         |
      | chargingSchedule.duration      | (present)         |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_059_CSMS
  Scenario: TC_059_CSMS Remote Start Transaction with Charging Profile
    Given the test station is in state Booted
    When the CSMS is asked to start a transaction on connector 1 for the valid idTag with a TxProfile of kind Relative and limit 6
    Then the CSMS asks the test Charge Point to start a transaction on connector 1 with a charging profile with
      | field                          | value            |
      | idTag                          | <VALID_ID_TOKEN> |
      | chargingProfilePurpose         | TxProfile        |
      | transactionId                  | (absent)         |
      | chargingProfileKind            | Relative         |
      | chargingSchedule.startSchedule | (absent)         |
      | period.startPeriod             | 0                |
    And the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every message of the test station
    And the number of charging profiles the CSMS records on the test Charge Point is 1

  @TC_066_CSMS
  Scenario: TC_066_CSMS Get Composite Schedule
    Given the test station is in state Booted
    When the CSMS is asked for the composite schedule of connector 1 of the test Charge Point
    Then the CSMS sends GetCompositeSchedule with
      | field            | value                                   |
      | connectorId      | <CONFIGURED_CONNECTOR_ID>               |
      | duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
    And the CSMS reports the test station's answer to GetCompositeSchedule with status "Accepted"
    And the CSMS records the composite schedule the test Charge Point reported for connector 1

  @TC_067_CSMS
  Scenario: TC_067_CSMS Clear Charging Profile
    # Follows the document: three TxDefaultProfiles at the configured stack level and the two above
    # it (the public OCTT-style suite sets three profiles of different purposes instead).
    Given the test station is in state Booted
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on connector 1 of the test Charge Point
    Then the CSMS sets a charging profile on connector 1 with
      | field                  | value                    |
      | chargingProfilePurpose | TxDefaultProfile         |
      | stackLevel             | <CONFIGURED_STACK_LEVEL> |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 7 on connector 1 at the configured stack level + 1
    Then the CSMS sets a charging profile on connector 1 with
      | field                  | value                        |
      | chargingProfilePurpose | TxDefaultProfile             |
      | stackLevel             | (configured stack level + 1) |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 8 on connector 1 at the configured stack level + 2
    Then the CSMS sets a charging profile on connector 1 with
      | field                  | value                        |
      | chargingProfilePurpose | TxDefaultProfile             |
      | stackLevel             | (configured stack level + 2) |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked to clear the first charging profile of the scenario by its id
    Then the CSMS clears charging profiles with
      | field                  | value                    |
      | id                     | (the first profile's id) |
      | connectorId            | (absent)                 |
      | chargingProfilePurpose | (absent)                 |
      | stackLevel             | (absent)                 |
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Accepted"
    When the CSMS is asked to clear the TxDefaultProfile profiles of connector 1 of the test Charge Point at the configured stack level + 1
    Then the CSMS clears charging profiles with
      | field                  | value                        |
      | id                     | (absent)                     |
      | connectorId            | <CONFIGURED_CONNECTOR_ID>    |
      | chargingProfilePurpose | TxDefaultProfile             |
      | stackLevel             | (configured stack level + 1) |
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Accepted"
    When the CSMS is asked to clear every charging profile of the test Charge Point
    Then the CSMS clears charging profiles with
      | field                  | value    |
      | id                     | (absent) |
      | connectorId            | (absent) |
      | chargingProfilePurpose | (absent) |
      | stackLevel             | (absent) |
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Accepted"
    And the number of charging profiles the CSMS records on the test Charge Point is 0
