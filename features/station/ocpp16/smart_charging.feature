@ocpp16 @station @smartcharging @blockK
Feature: OCPP 1.6 Smart Charging - charging profiles and composite schedules
  OCTT 1.6 Charge Point test cases 2.22: TxDefaultProfile and TxProfile, the refusals of a TxProfile
  without (the right) transaction, a remote start with a profile, stacking, clearing and the
  composite schedule of ChargePointMaxProfile, TxDefaultProfile and TxProfile. Limits are in A
  (<Configured chargingRateUnit>); "(now)" and "(transactionId)" are filled in when the CSMS sends.
  A composite period OCTT writes at startPeriod s is expected at s - x, x being the time from the
  profiles' startSchedule to the composite's scheduleStart.

  @TC_056_CS
  Scenario: TC_056_CS Central Smart Charging - TxDefaultProfile
    Given the station has booted
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 56, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6, "numberPhases": 3}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 300 seconds in A
    # 299: the 300 s profile began a moment before the request; a station may end the composite with it
    Then the station answers GetCompositeSchedule with
      | field                             | value      |
      | status                            | Accepted   |
      | connectorId                       | 1          |
      | chargingSchedule.duration         | 300 or 299 |
      | chargingSchedule.chargingRateUnit | A          |
    And the composite schedule starts within 5 seconds of the current time
    And the composite schedule has the limits "0: 6" from the start of the charging profiles

  @TC_057_CS
  Scenario: TC_057_CS Central Smart Charging - TxProfile
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 57, "transactionId": "(transactionId)", "stackLevel": 0,
       "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6, "numberPhases": 3}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 300 seconds in A
    # 299: the 300 s profile began a moment before the request; a station may end the composite with it
    Then the station answers GetCompositeSchedule with
      | field                             | value      |
      | status                            | Accepted   |
      | connectorId                       | 1          |
      | chargingSchedule.duration         | 300 or 299 |
      | chargingSchedule.chargingRateUnit | A          |
    And the composite schedule starts within 5 seconds of the current time
    And the composite schedule has the limits "0: 6" from the start of the charging profiles

  @TC_058_1_CS
  Scenario: TC_058_1_CS Central Smart Charging - No ongoing transaction
    Given the station has booted
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 581, "transactionId": 1234, "stackLevel": 0,
       "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}}
      """
    Then the station answers SetChargingProfile with status "Rejected"

  @TC_058_2_CS
  Scenario: TC_058_2_CS Central Smart Charging - Wrong transactionId
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 582, "transactionId": 999999, "stackLevel": 0,
       "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}}
      """
    Then the station answers SetChargingProfile with status "Rejected"

  @TC_082_CS
  Scenario: TC_082_CS Central Smart Charging - TxDefaultProfile - with ongoing transaction
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 82, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6, "numberPhases": 3}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 300 seconds in A
    Then the station answers GetCompositeSchedule with
      | field                             | value    |
      | status                            | Accepted |
      | connectorId                       | 1        |
      | chargingSchedule.chargingRateUnit | A        |
    And the composite schedule starts within 5 seconds of the current time
    And the composite schedule has the limits "0: 6" from the start of the charging profiles

  @TC_059_CS
  Scenario: TC_059_CS Remote Start Transaction with Charging Profile
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1" with a TxProfile of 6 A
    When the test CSMS sends GetCompositeSchedule for connector 1 for 300 seconds in A
    Then the station answers GetCompositeSchedule with
      | field                             | value    |
      | status                            | Accepted |
      | connectorId                       | 1        |
      | chargingSchedule.chargingRateUnit | A        |
    And the composite schedule starts within 5 seconds of the current time
    And the composite schedule has the limits "0: 6" from the start of the charging profiles

  @TC_060_CS
  Scenario: TC_060_CS Remote Start Transaction with Charging Profile - Rejected
    Given the station has booted
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1 with a TxDefaultProfile of 6 A
    Then the station answers RemoteStartTransaction with status "Rejected"
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_066_CS
  Scenario: TC_066_CS Get Composite Schedule
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends GetConfiguration for "MaxChargingProfilesInstalled, ChargingScheduleMaxPeriods"
    Then the Charge Point reports a value of at least 3 for the configuration key "MaxChargingProfilesInstalled"
    And the Charge Point reports a value of at least 5 for the configuration key "ChargingScheduleMaxPeriods"
    When the test CSMS sends SetChargingProfile for connector 0 with
      """
      {"chargingProfileId": 661, "stackLevel": 0, "chargingProfilePurpose": "ChargePointMaxProfile",
       "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 86400, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 10, "numberPhases": 3}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 662, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute", "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 300, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}, {"startPeriod": 60, "limit": 10},
                                                       {"startPeriod": 120, "limit": 8}, {"startPeriod": 180, "limit": 15},
                                                       {"startPeriod": 260, "limit": 8}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 663, "transactionId": "(transactionId)", "stackLevel": 0,
       "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
       "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 260, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 8}, {"startPeriod": 50, "limit": 11},
                                                       {"startPeriod": 140, "limit": 16}, {"startPeriod": 200, "limit": 6},
                                                       {"startPeriod": 240, "limit": 12}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 400 seconds in A
    Then the station answers GetCompositeSchedule with
      | field                             | value    |
      | status                            | Accepted |
      | connectorId                       | 1        |
      | chargingSchedule.duration         | 400      |
      | chargingSchedule.chargingRateUnit | A        |
    And the composite schedule has the limits "0: 8, 50: 10, 200: 6, 240: 10" from the start of the charging profiles

  @TC_067_CS
  Scenario: TC_067_CS Clear Charging Profile
    Given the station has booted
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 671, "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute",
       "chargingSchedule": {"duration": 400, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}, {"startPeriod": 60, "limit": 8},
                                                       {"startPeriod": 200, "limit": 10}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends SetChargingProfile for connector 0 with
      """
      {"chargingProfileId": 673, "stackLevel": 0, "chargingProfilePurpose": "ChargePointMaxProfile",
       "chargingProfileKind": "Absolute", "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 86400, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 11}, {"startPeriod": 200, "limit": 12}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 672, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute", "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 400, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7}, {"startPeriod": 100, "limit": 9}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends ClearChargingProfile with
      """
      {"id": 671}
      """
    Then the station answers ClearChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 350 seconds in A
    Then the station answers GetCompositeSchedule with status "Accepted"
    And the composite schedule has the limits "0: 7, 100: 9" from the start of the charging profiles
    When the test CSMS sends ClearChargingProfile with
      """
      {"chargingProfilePurpose": "TxDefaultProfile", "stackLevel": 0}
      """
    Then the station answers ClearChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 350 seconds in A
    Then the station answers GetCompositeSchedule with status "Accepted"
    And the composite schedule has the limits "0: 11, 200: 12" from the start of the charging profiles
    When the test CSMS sends ClearChargingProfile with
      """
      {}
      """
    Then the station answers ClearChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 350 seconds in A
    Then the station answers GetCompositeSchedule with
      | field                                         | value    |
      | status                                        | Accepted |
      | chargingSchedule.chargingSchedulePeriod[0].startPeriod | 0 |
      | chargingSchedule.chargingSchedulePeriod[0].limit       | > 0 |

  @TC_072_CS
  Scenario: TC_072_CS Stacking Charging Profiles
    Given the station has booted
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 721, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute", "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 400, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}, {"startPeriod": 100, "limit": 8},
                                                       {"startPeriod": 200, "limit": 10}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends SetChargingProfile for connector 1 with
      """
      {"chargingProfileId": 722, "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile",
       "chargingProfileKind": "Absolute", "validFrom": "(now)", "validTo": "(now+401)",
       "chargingSchedule": {"duration": 150, "startSchedule": "(now)", "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7}, {"startPeriod": 100, "limit": 9}]}}
      """
    Then the station answers SetChargingProfile with status "Accepted"
    When the test CSMS sends GetCompositeSchedule for connector 1 for 350 seconds in A
    Then the station answers GetCompositeSchedule with
      | field                             | value    |
      | status                            | Accepted |
      | connectorId                       | 1        |
      | chargingSchedule.duration         | 350      |
      | chargingSchedule.chargingRateUnit | A        |
    And the composite schedule has the limits "0: 7, 100: 9, 150: 8, 200: 10" from the start of the charging profiles
