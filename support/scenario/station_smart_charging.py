"""@station features, block K Smart charging: what the OCTT station cases of the block need beyond the
reusable states (features/station/ocpp201/K_smart_charging_octt.feature): the prerequisite "The Charging
Station does NOT support Smart Charging" and the TxProfile of a remote start (TC_K_38_CS)."""
from .outcomes import NotRun
from ..csms.scripted import build_get_variables, parse_variable_spec
from ..station.smart_charging import local_profile


def require_no_smart_charging(session):
    """OCTT prerequisite "The Charging Station does NOT support Smart Charging": SmartChargingCtrlr.Available
    and .Enabled read with GetVariables; a station that reports either true supports it, so the case is not
    for it (not run). One that does not know the variables (or the component) has no smart charging."""
    from .station_states import booted
    booted(session)
    specs = ["SmartChargingCtrlr.Available", "SmartChargingCtrlr.Enabled"]
    session.command("GetVariables", build_get_variables([parse_variable_spec(s, False) for s in specs]))
    answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
    for result in answer.get("getVariableResult", []):
        if result.get("attributeStatus") == "Accepted" and result.get("attributeValue") == "true":
            name = f"{(result.get('component') or {}).get('name')}.{(result.get('variable') or {}).get('name')}"
            raise NotRun(f"the case is for a station without smart charging (OCTT prerequisite); the station "
                         f"reports {name} true")


def remote_start_tx_profile(session):
    """The chargingProfile of OCTT TC_K_38_CS's RequestStartTransaction: purpose TxProfile without a
    transactionId, kind Relative, one period from startPeriod 0 with limit 6 A (6000 W when
    CONFIGURED_CHARGING_RATE_UNIT is W) and CONFIGURED_NUMBER_PHASES (3 left out, as OCTT allows), at
    CONFIGURED_STACK_LEVEL."""
    config = session.config
    return local_profile("TxProfile", 6, config.charging_rate_unit, stack_level=config.integer("stack_level"),
                         number_phases=config.integer("number_phases"))
