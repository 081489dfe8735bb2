@ocpp201 @csms @blockK
Feature: K Smart Charging - the CSMS under test sets, reads and clears charging profiles
  OCTT test cases TC_K_xx_CSMS (OCPP 2.0.1 Part 6). Part 6 leaves the CSMS side of block K
  "intentionally blank" (section 3.12): these scenarios follow the public pytest OCTT suite
  (tzi-OCTT, 2.0.1/K) for the steps and tool validations, and the ISO15118SmartCharging reusable
  state of Part 6 (table 402).
  Limits are written as OCTT writes them: 6 means 6 A, or 6000 W with chargingRateUnit W. The
  configured values are CONFIGURED_STACK_LEVEL, CONFIGURED_CHARGING_RATE_UNIT,
  CONFIGURED_CHARGING_SCHEDULE_DURATION, CONFIGURED_NUMBER_PHASES and CONFIGURED_RECURRENCY_KIND.

  Background:
    Given the test station is in state Booted

  # ---------------------------------------------------------------- K01 Set charging profile

  @TC_K_01_CSMS
  Scenario: TC_K_01_CSMS Set Charging Profile - TxDefaultProfile - Specific EVSE
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                             | value                                   |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>                |
      | chargingProfilePurpose            | TxDefaultProfile                        |
      | chargingProfileKind               | Absolute                                |
      | validFrom                         | now                                     |
      | validTo                           | now + duration                          |
      | chargingSchedule.startSchedule    | now                                     |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | chargingSchedule.duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | period.startPeriod                | 0                                       |
      | period.limit                      | 6 or 6000                               |
      | period.numberPhases               | (configured number of phases)           |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_02_CSMS
  Scenario: TC_K_02_CSMS Set Charging Profile - TxProfile without ongoing transaction on the specified EVSE
    # Prerequisite: the CSMS supports sending a TxProfile while no transaction is ongoing. The
    # station has no transaction on EVSE 1, so it rejects the profile.
    When the CSMS is asked to set a TxProfile of kind Relative with limit 7 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                             | value                           |
      | chargingProfilePurpose            | TxProfile                       |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>        |
      | chargingProfileKind               | Relative                        |
      | chargingSchedule.startSchedule    | (absent)                        |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT> |
      | period.startPeriod                | 0                               |
      | period.limit                      | 7 or 7000                       |
      | period.numberPhases               | (configured number of phases)   |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Rejected"

  @TC_K_03_CSMS
  Scenario: TC_K_03_CSMS Set Charging Profile - ChargingStationMaxProfile
    When the CSMS is asked to set a ChargingStationMaxProfile of kind Absolute with limit 8 on EVSE 0
    Then the CSMS sets a charging profile on EVSE 0 with
      | field                             | value                                   |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>                |
      | chargingProfilePurpose            | ChargingStationMaxProfile               |
      | chargingProfileKind               | Absolute                                |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | chargingSchedule.duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | period.startPeriod                | 0                                       |
      | period.limit                      | 8 or 8000                               |
      | validFrom                         | (present)                               |
      | validTo                           | (present)                               |
      | chargingSchedule.startSchedule    | (present)                               |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_04_CSMS
  Scenario: TC_K_04_CSMS Replace charging profile - With chargingProfileId
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 8 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                                   | value                    |
      | stackLevel                              | <CONFIGURED_STACK_LEVEL> |
      | chargingProfilePurpose                  | TxDefaultProfile         |
      | chargingSchedule.startSchedule          | (present)                |
      | chargingSchedule.chargingSchedulePeriod | (1 item)                 |
      | period.startPeriod                      | 0                        |
      | period.limit                            | 8 or 8000                |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked to replace that charging profile with limit 6
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                                   | value                    |
      | id                                      | (the previous id)        |
      | stackLevel                              | <CONFIGURED_STACK_LEVEL> |
      | chargingProfilePurpose                  | TxDefaultProfile         |
      | chargingProfileKind                     | Absolute                 |
      | chargingSchedule.startSchedule          | (present)                |
      | chargingSchedule.chargingSchedulePeriod | (1 item)                 |
      | period.startPeriod                      | 0                        |
      | period.limit                            | 6 or 6000                |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_10_CSMS
  Scenario: TC_K_10_CSMS Set Charging Profile - TxDefaultProfile - All EVSE
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 0
    Then the CSMS sets a charging profile on EVSE 0 with
      | field                             | value                                   |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>                |
      | chargingProfilePurpose            | TxDefaultProfile                        |
      | chargingProfileKind               | Absolute                                |
      | validFrom                         | (present)                               |
      | validTo                           | (present)                               |
      | chargingSchedule.startSchedule    | (present)                               |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | chargingSchedule.duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | period.startPeriod                | 0                                       |
      | period.limit                      | 6 or 6000                               |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_15_CSMS
  Scenario: TC_K_15_CSMS Set Charging Profile - Not Supported
    Given the test station will answer SetChargingProfile with CALLERROR "NotSupported"
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                             | value                                   |
      | stackLevel                        | <CONFIGURED_STACK_LEVEL>                |
      | chargingProfilePurpose            | TxDefaultProfile                        |
      | chargingProfileKind               | Absolute                                |
      | chargingSchedule.startSchedule    | (present)                               |
      | chargingSchedule.chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | chargingSchedule.duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | period.startPeriod                | 0                                       |
      | period.limit                      | 6 or 6000                               |
      | period.numberPhases               | (configured number of phases)           |
    And the CSMS reports that the test station refused SetChargingProfile with CALLERROR "NotSupported"

  @TC_K_19_CSMS
  Scenario: TC_K_19_CSMS Set Charging Profile - ChargingProfileKind is Recurring
    When the CSMS is asked to set a TxDefaultProfile of kind Recurring with limit 6 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value                        |
      | stackLevel             | <CONFIGURED_STACK_LEVEL>     |
      | chargingProfilePurpose | TxDefaultProfile             |
      | period.startPeriod     | 0                            |
      | chargingProfileKind    | Recurring                    |
      | recurrencyKind         | <CONFIGURED_RECURRENCY_KIND> |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_60_CSMS
  Scenario: TC_K_60_CSMS Set Charging Profile - TxProfile with ongoing transaction on the specified EVSE
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a TxProfile of kind Relative with limit 7 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value                |
      | chargingProfilePurpose | TxProfile            |
      | transactionId          | (the transaction)    |
      | chargingProfileKind    | Relative or Absolute |
      | period.startPeriod     | 0                    |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  @TC_K_70_CSMS
  Scenario: TC_K_70_CSMS Set Charging Profile - Multiple Profiles
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                          | value                  |
      | chargingProfilePurpose         | TxDefaultProfile       |
      | chargingProfileKind            | Absolute or Recurring  |
      | chargingSchedule.startSchedule | (present)              |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked to set a ChargingStationMaxProfile of kind Absolute with limit 8 on EVSE 0
    Then the CSMS sets a charging profile on EVSE 0 with
      | field                          | value                     |
      | id                             | (a new id)                |
      | chargingProfilePurpose         | ChargingStationMaxProfile |
      | chargingProfileKind            | Absolute                  |
      | chargingSchedule.startSchedule | (present)                 |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"

  # ---------------------------------------------------------------- K10 Clear charging profile

  @TC_K_05_CSMS
  Scenario: TC_K_05_CSMS Clear Charging Profile - With chargingProfileId
    # Memory state: the CSMS learns the station's profile (and its id, generated by the station)
    # from a report, then clears it by that id alone.
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion              | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | field                                  | value            |
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station
    When the CSMS is asked to clear the reported TxDefaultProfile of EVSE 1 by its id
    Then the CSMS clears the reported charging profile by its id
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Accepted"

  @TC_K_06_CSMS
  Scenario: TC_K_06_CSMS Clear Charging Profile - With stackLevel/purpose combination for one profile
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked to clear the TxDefaultProfile profiles of EVSE 1 at the configured stack level
    Then the CSMS sends ClearChargingProfile with
      | field                                          | value                    |
      | chargingProfileId                              | (absent)                 |
      | chargingProfileCriteria.chargingProfilePurpose | TxDefaultProfile         |
      | chargingProfileCriteria.stackLevel             | <CONFIGURED_STACK_LEVEL> |
      | chargingProfileCriteria.evseId                 | 1                        |
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Accepted"

  @TC_K_08_CSMS
  Scenario: TC_K_08_CSMS Clear Charging Profile - Without previous charging profile
    # The station has no charging profile, so it answers Unknown.
    When the CSMS is asked to clear the TxDefaultProfile profiles of EVSE 1 at the configured stack level
    Then the CSMS sends ClearChargingProfile with
      | field                                          | value                    |
      | chargingProfileId                              | (absent)                 |
      | chargingProfileCriteria.chargingProfilePurpose | TxDefaultProfile         |
      | chargingProfileCriteria.stackLevel             | <CONFIGURED_STACK_LEVEL> |
      | chargingProfileCriteria.evseId                 | 1                        |
    And the CSMS reports the test station's answer to ClearChargingProfile with status "Unknown"

  # ---------------------------------------------------------------- K09 Get charging profiles

  @TC_K_29_CSMS
  Scenario: TC_K_29_CSMS Get Charging Profile - EvseId 0
    Given the test station is in state EnergyTransferStarted
    And the test station has a TxDefaultProfile with limit 6 on EVSE 0
    When the CSMS is asked for the charging profiles installed on EVSE 0 with
      | criterion              | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | field                                  | value            |
      | evseId                                 | 0                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_30_CSMS
  Scenario: TC_K_30_CSMS Get Charging Profile - EvseId > 0
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion              | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | field     | value     |
      | evseId    | 1         |
      | requestId | (present) |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_31_CSMS @two_evses
  Scenario: TC_K_31_CSMS Get Charging Profile - No EvseId
    # The station reports one message per EVSE, tbc true on all but the last.
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    And the test station has a TxDefaultProfile with limit 6 on EVSE 2
    When the CSMS is asked for the charging profiles of all EVSEs with
      | criterion              | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | field                                  | value            |
      | evseId                                 | (absent)         |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_32_CSMS
  Scenario: TC_K_32_CSMS Get Charging Profile - chargingProfileId
    # The chargingProfileId is one the CSMS knows: it set that profile earlier in the scenario.
    When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 1
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the CSMS is asked for that charging profile by its id
    Then the CSMS sends GetChargingProfiles with
      | field                             | value             |
      | chargingProfile.chargingProfileId | (present)         |
      | requestId                         | (present)         |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_33_CSMS
  Scenario: TC_K_33_CSMS Get Charging Profile - EvseId > 0 + stackLevel
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion  | value                    |
      | stackLevel | <CONFIGURED_STACK_LEVEL> |
    Then the CSMS sends GetChargingProfiles with
      | field                      | value                    |
      | evseId                     | 1                        |
      | chargingProfile.stackLevel | <CONFIGURED_STACK_LEVEL> |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_34_CSMS
  Scenario: TC_K_34_CSMS Get Charging Profile - EvseId > 0 + chargingLimitSource
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion           | value |
      | chargingLimitSource | CSO   |
    Then the CSMS sends GetChargingProfiles with
      | field                               | value   |
      | evseId                              | 1       |
      | chargingProfile.chargingLimitSource | ["CSO"] |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_35_CSMS
  Scenario: TC_K_35_CSMS Get Charging Profile - EvseId > 0 + chargingProfilePurpose
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion              | value            |
      | chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | field                                  | value            |
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  @TC_K_36_CSMS
  Scenario: TC_K_36_CSMS Get Charging Profile - EvseId > 0 + chargingProfilePurpose + stackLevel
    Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion              | value                    |
      | chargingProfilePurpose | TxDefaultProfile         |
      | stackLevel             | <CONFIGURED_STACK_LEVEL> |
    Then the CSMS sends GetChargingProfiles with
      | field                                  | value                    |
      | evseId                                 | 1                        |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile         |
      | chargingProfile.stackLevel             | <CONFIGURED_STACK_LEVEL> |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  # ---------------------------------------------------------------- K05 / F01 Remote start with a profile

  @TC_K_37_CSMS
  Scenario: TC_K_37_CSMS Remote start transaction with charging profile - Success
    When the CSMS is asked to start a transaction on EVSE 1 for the valid idToken with a charging profile
    Then the CSMS requests a transaction start on EVSE 1 with a charging profile with
      | field                  | value                 |
      | idToken.idToken        | <VALID_ID_TOKEN>      |
      | idToken.type           | <VALID_ID_TOKEN_TYPE> |
      | chargingProfilePurpose | TxProfile             |
      | transactionId          | (absent)              |
      | chargingProfileKind    | Relative or Absolute  |
    And the CSMS reports the test station's answer to RequestStartTransaction with status "Accepted"
    When the test station reports the remote start in a TransactionEvent with
      | field     | value   |
      | eventType | Started |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"

  # ---------------------------------------------------------------- K08 Composite schedule

  @TC_K_43_CSMS
  Scenario: TC_K_43_CSMS Get Composite Schedule - Specific EVSE
    # The document has the station answer a composite schedule of limit 10; the test station
    # computes its answer from its profiles, so it has a ChargingStationMaxProfile of 10.
    Given the test station has a ChargingStationMaxProfile with limit 10 on EVSE 0
    When the CSMS is asked for the composite schedule of EVSE 1
    Then the CSMS sends GetCompositeSchedule with
      | field            | value                                   |
      | evseId           | 1                                       |
      | duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
    And the CSMS reports that the test station answered GetCompositeSchedule with
      | field                                     | value                                   |
      | status                                    | Accepted                                |
      | schedule.evseId                           | 1                                       |
      | schedule.duration                         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | schedule.chargingRateUnit                 | <CONFIGURED_CHARGING_RATE_UNIT>         |
      | schedule.chargingSchedulePeriod[0].startPeriod | 0                                  |
      | schedule.chargingSchedulePeriod[0].limit  | 10 or 10000                             |

  @TC_K_44_CSMS
  Scenario: TC_K_44_CSMS Get Composite Schedule - Charging Station
    Given the test station has a ChargingStationMaxProfile with limit 10 on EVSE 0
    When the CSMS is asked for the composite schedule of EVSE 0
    Then the CSMS sends GetCompositeSchedule with
      | field            | value                                   |
      | evseId           | 0                                       |
      | duration         | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |
      | chargingRateUnit | <CONFIGURED_CHARGING_RATE_UNIT>         |
    And the CSMS reports that the test station answered GetCompositeSchedule with
      | field             | value                                   |
      | status            | Accepted                                |
      | schedule.evseId   | 0                                       |
      | schedule.duration | <CONFIGURED_CHARGING_SCHEDULE_DURATION> |

  # ---------------------------------------------------------------- K12 / K13 External limits

  @TC_K_48_CSMS
  Scenario: TC_K_48_CSMS Set / Update External Charging Limit (not on a transaction)
    When the test station reports an external charging limit of 16 from EMS on EVSE 1
    Then the CSMS answers every message of the test station

  @TC_K_50_CSMS
  Scenario: TC_K_50_CSMS Reset / release external charging limit - Without ongoing transaction
    When the test station reports that the external charging limit from EMS on EVSE 1 is released
    Then the CSMS answers every message of the test station

  @TC_K_51_CSMS
  Scenario: TC_K_51_CSMS Reset / release external charging limit - With ongoing transaction
    Given the test station is in state EnergyTransferStarted
    When the test station reports that the external charging limit from EMS on EVSE 1 is released
    And the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Updated             |
      | triggerReason | ChargingRateChanged |
    Then the CSMS answers every message of the test station

  @TC_K_52_CSMS
  Scenario: TC_K_52_CSMS Set / Update External Charging Limit - ChargingStationExternalConstraints in report
    Given the test station has a ChargingStationExternalConstraints with limit 16 on EVSE 1
    When the CSMS is asked for the charging profiles installed on EVSE 1 with
      | criterion              | value                              |
      | chargingProfilePurpose | ChargingStationExternalConstraints |
    Then the CSMS sends GetChargingProfiles with
      | field     | value     |
      | requestId | (present) |
    And the CSMS reports the test station's answer to GetChargingProfiles with status "Accepted"
    When the test station reports its charging profiles to the CSMS
    Then the CSMS answers every message of the test station

  # ---------------------------------------------------------------- K15-K17 ISO 15118 load levelling

  @TC_K_53_CSMS
  Scenario: TC_K_53_CSMS Charging with load leveling based on High Level Communication - Success
    Given the test station is in state Authorized
    And the test station is in state EVConnectedPreSession
    When the test station sends NotifyEVChargingNeeds for EVSE 1
    Then the CSMS answers NotifyEVChargingNeeds with status "Accepted" or "Processing"
    And the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value                |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    Then the CSMS answers every message of the test station

  @TC_K_55_CSMS
  Scenario: TC_K_55_CSMS Charging with load leveling - EV charging profile exceeds limits
    Given the test station is in state Authorized
    And the test station is in state EVConnectedPreSession
    When the test station sends NotifyEVChargingNeeds for EVSE 1
    Then the CSMS answers NotifyEVChargingNeeds with status "Accepted"
    And the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with twice the limits of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Rejected"
    When the test station sends a TransactionEvent with
      | field         | value                |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    # K15.FR.13: the CSMS renegotiates with a new schedule.
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value               |
      | triggerReason | ChargingRateChanged |
    Then the CSMS answers every message of the test station

  @TC_K_57_CSMS
  Scenario: TC_K_57_CSMS Renegotiating a Charging Schedule - Initiated by EV
    Given the test station is in state Authorized
    And the test station is in state EVConnectedPreSession
    And the test station is in state ISO15118SmartCharging
    When the test station sends NotifyEVChargingNeeds for EVSE 1 with an EV maximum current of 10 A
    Then the CSMS answers NotifyEVChargingNeeds with status "Accepted" or "Processing"
    And the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Accepted"

  @TC_K_58_CSMS
  Scenario: TC_K_58_CSMS Renegotiating a Charging Schedule - Initiated by CSMS
    # The new TxProfile has a new id one stack level up (two TxProfiles of one transaction at the
    # same stack level are refused by the station), and a higher limit than the reference CSMS's
    # own offer: the CSMS must judge the EV's schedule by the profile that prevails.
    Given the test station is in state Authorized
    And the test station is in state EVConnectedPreSession
    And the test station is in state ISO15118SmartCharging
    When the CSMS is asked to renegotiate the charging schedule on EVSE 1 with limit 20
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
      | id                     | (a new id)        |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Accepted"

  @TC_K_59_CSMS
  Scenario: TC_K_59_CSMS Renegotiating a Charging Schedule - Initiated by CSMS - Send NotifyEVChargingNeeds
    Given the test station is in state Authorized
    And the test station is in state EVConnectedPreSession
    And the test station is in state ISO15118SmartCharging
    When the CSMS is asked to renegotiate the charging schedule on EVSE 1 with limit 10
    Then the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    And the CSMS reports the test station's answer to SetChargingProfile with status "Accepted"
    # K16.FR.12: the station sends the EV's needs again; the CSMS answers with a new profile.
    When the test station sends NotifyEVChargingNeeds for EVSE 1
    Then the CSMS answers NotifyEVChargingNeeds with status "Accepted" or "Processing"
    And the CSMS sets a charging profile on EVSE 1 with
      | field                  | value             |
      | chargingProfilePurpose | TxProfile         |
      | transactionId          | (the transaction) |
    When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    Then the CSMS answers NotifyEVChargingSchedule with status "Accepted"
