"""@station features, block K Smart charging: the prerequisite of a station without smart charging
(TC_K_38_CS). The TxProfile of a remote start is the reusable state "Authorized (remote) with a
TxProfile" (station_states_steps.py). The logic is in support/scenario/station_smart_charging.py."""
from behave import given

from support.scenario import station_smart_charging as smart

from station_csms_steps import station_session


@given("the station does not support smart charging")
def step_no_smart_charging(context):
    """OCTT prerequisite "The Charging Station does NOT support Smart Charging": SmartChargingCtrlr.Available
    and .Enabled read with GetVariables; a station that reports either true is not one the case is for
    (the scenario is not run).

    Example: Given the station does not support smart charging
    """
    smart.require_no_smart_charging(station_session(context))
