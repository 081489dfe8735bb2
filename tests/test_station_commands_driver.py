"""The commands station driver (support/targets/station_commands.py) and the settings that follow
the station driver (support/config.py): placeholders, quoting, a missing action or a failing
command makes the scenario not run, the [settings] table, timings per driver."""
import asyncio
import json
import os
import sys
import time

import pytest

from support.config import Config
from support.scenario.outcomes import NotRun
from support.targets.station import StationDriverNotRun
from support.targets.station_commands import CommandsStationDriver, load_commands, CommandsFileError

PY = sys.executable


def write(tmp_path, text, name="station.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def driver(path, **kw):
    kw.setdefault("timeout", 10)
    kw.setdefault("output", lambda line: None)
    return CommandsStationDriver(path, "CS001", "ws://127.0.0.1:9999", "2.0.1", **kw)


def act(coro):
    return asyncio.run(coro) if asyncio.iscoroutine(coro) else coro


def test_placeholders_are_substituted_as_single_quoted_shell_words(tmp_path):
    out = tmp_path / "out.txt"
    path = write(tmp_path, f"""
[commands]
power_on = "printf '%s|' {{station_id}} {{csms_url}} {{ocpp_version}} > {out}"
present_token = "printf '%s|' {{id_token}} {{token_type}} {{evse_id}} > {out}"
plug_in = "echo ${{HOME:+home}} {{{{literal}}}} {{evse_id}}/{{connector_id}} > {out}"
""")
    d = driver(path)
    act(d.power_on())
    assert out.read_text() == "CS001|ws://127.0.0.1:9999|2.0.1|"
    # a hostile value stays one word: no command injection, no splitting
    act(d.present_token("a b; touch pwned $(id)", "ISO14443", 2))
    assert out.read_text() == "a b; touch pwned $(id)|ISO14443|2|"
    assert not (tmp_path / "pwned").exists() and not os.path.exists("pwned")
    # ${...} is the shell's, {{ }} are literal braces
    act(d.plug_in(1, 1))
    assert out.read_text().strip() == "home {literal} 1/1"
    assert [r[0] for r in d.ran] == ["power_on", "present_token", "plug_in"]


def test_a_list_command_runs_without_a_shell(tmp_path):
    out = tmp_path / "argv.json"
    path = write(tmp_path, f"""
[commands]
unplug = ["{PY}", "-c", "import json, sys; json.dump(sys.argv[1:], open(sys.argv[1], 'w'))", "{out}", "{{evse_id}}", "x y;z"]
""")
    act(driver(path).unplug(2, 1))
    assert json.loads(out.read_text()) == [str(out), "2", "x y;z"]


def test_an_action_the_file_lacks_makes_the_scenario_not_run(tmp_path):
    path = write(tmp_path, '[commands]\npower_on = "true"\n')
    d = driver(path)
    with pytest.raises(StationDriverNotRun) as caught:
        act(d.plug_in(1, 1))
    assert isinstance(caught.value, NotRun) and isinstance(caught.value, AssertionError)
    assert caught.value.reason == f"the station driver cannot plug_in: {path} has no command for it"
    with pytest.raises(StationDriverNotRun, match="cannot send_message"):
        act(d.send_message("Heartbeat", {}))


def test_a_failing_command_is_not_run_with_its_command_exit_code_and_output(tmp_path):
    path = write(tmp_path, """
[commands]
plug_in = "echo starting; echo 'connector {connector_id} is jammed' >&2; exit 7"
""")
    with pytest.raises(StationDriverNotRun) as caught:
        act(driver(path).plug_in(1, 2))
    reason = caught.value.reason
    assert "the station driver's plug_in command failed with exit code 7" in reason
    assert "`echo starting; echo 'connector 2 is jammed' >&2; exit 7`" in reason
    assert "connector 2 is jammed" in reason and "starting" in reason


def test_a_command_that_hangs_is_stopped_at_the_timeout(tmp_path):
    path = write(tmp_path, '[commands]\ngo_offline = "echo waiting; sleep 30"\n')
    started = time.monotonic()
    with pytest.raises(StationDriverNotRun) as caught:
        act(driver(path, timeout=0.5).go_offline())
    assert time.monotonic() - started < 5
    assert "did not finish within 0.5 s (station_command_timeout)" in caught.value.reason
    assert "waiting" in caught.value.reason


def test_send_message_gets_the_payload_in_a_temporary_file(tmp_path):
    out = tmp_path / "sent.txt"
    path = write(tmp_path, f"""
[commands]
send_message = "printf '%s ' {{action}} > {out}; cat {{payload_file}} >> {out}; echo '{{\\"ok\\": true}}'"
""")
    answer = act(driver(path).send_message("Heartbeat", {"a": [1, "two"]}))
    action, payload = out.read_text().split(" ", 1)
    assert action == "Heartbeat" and json.loads(payload) == {"a": [1, "two"]}
    assert answer == {"ok": True}          # JSON output is the driver's answer
    leftovers = [n for n in os.listdir(os.path.dirname(str(out))) if n.startswith("ocpp-payload-")]
    assert not leftovers


def test_a_bad_file_is_reported_for_each_scenario_not_run(tmp_path):
    for text, words in [('[commands]\nplugin = "true"\n', "'plugin' is not a station driver action (did you mean plug_in?)"),
                        ('[commands]\npower_on = "x {evse_id}"\n', "power_on uses {evse_id}, which it has no value for"),
                        ('[commands]\npower_on = 3\n', "power_on must be a command line"),
                        ('[commands\n', "cannot read")]:
        path = write(tmp_path, text)
        with pytest.raises(CommandsFileError) as caught:
            load_commands(path)
        assert words in str(caught.value), str(caught.value)
        with pytest.raises(StationDriverNotRun, match="the station commands file cannot be used"):
            act(driver(path).power_on())


def test_end_scenario_runs_after_a_scenario_in_which_the_driver_acted(tmp_path):
    out = tmp_path / "ended"
    path = write(tmp_path, f'[commands]\npower_on = "true"\nend_scenario = "touch {out}"\n')
    d = driver(path)
    act(d.close())
    assert not out.exists()                # nothing done, nothing to undo
    act(d.power_on())
    act(d.close())
    assert out.exists()


def test_start_session_without_its_own_command_plugs_in_then_presents_the_token(tmp_path):
    path = write(tmp_path, '[commands]\nplug_in = "true"\npresent_token = "true"\n')
    d = driver(path)
    act(d.start_session(2, "TAG", "ISO14443"))
    assert [r[0] for r in d.ran] == ["plug_in", "present_token"]


# ---------------------------------------------------------------------- settings

def test_timings_follow_the_station_driver_and_explicit_values_win():
    embedded = Config({}, environ={})
    assert (embedded.station_time_scale, embedded.station_timeout, embedded.message_timeout,
            embedded.quiet_period, embedded.transaction_duration) == ("0.05", "5", "5", "0.3", "0")
    for driver_name in ("commands", "manual", "sap"):
        real = Config({"station_driver": driver_name}, environ={})
        assert not real.station_embedded and real.embedded
        assert (real.station_time_scale, real.station_timeout, real.message_timeout, real.quiet_period,
                real.transaction_duration) == ("1", "30", "30", "5", "5"), driver_name
        assert real.action_timeout == "5"      # a CSMS timer: the CSMS is still the embedded one
    explicit = Config({"station_driver": "manual", "station_timeout": "7"}, environ={"STATION_TIME_SCALE": "0.5"})
    assert explicit.station_timeout == "7" and explicit.station_time_scale == "0.5"
    assert explicit.sources["station_timeout"] == "-D station_timeout"
    # an external CSMS with the embedded station: the station timers stay compressed
    mixed = Config({"csms_url": "ws://csms.example/ocpp"}, environ={})
    assert mixed.station_timeout == "5" and mixed.message_timeout == "30"


def test_the_settings_table_of_the_file_sets_station_settings_below_explicit_values(tmp_path):
    path = write(tmp_path, '[settings]\nsut_station_id = "VENDOR-7"\nnumber_of_evses = 1\nstation_timeout = 12\n'
                           '[commands]\npower_on = "true"\n')
    config = Config({"station_driver": "commands", "station_commands": path, "station_timeout": "9"}, environ={})
    assert config.sut_station_id == "VENDOR-7" and config.number_of_evses == "1"
    assert config.sources["sut_station_id"] == f"{path} [settings]"
    assert config.station_timeout == "9"
    # only read for the commands driver
    assert Config({"station_commands": path}, environ={}).sut_station_id == "CS001"
    bad = write(tmp_path, '[settings]\nstation_driver = "embedded"\n', "bad.toml")
    with pytest.raises(ValueError, match="not a setting the file can give"):
        Config({"station_driver": "commands", "station_commands": bad}, environ={})
    with pytest.raises(ValueError, match="no such file"):
        Config({"station_driver": "commands", "station_commands": str(tmp_path / "missing.toml")}, environ={})


def test_the_example_file_of_the_reference_station_loads():
    commands = load_commands(os.path.join(os.path.dirname(__file__), "..", "examples", "stations",
                                          "reference-station.toml"))
    assert {"power_on", "plug_in", "present_token", "send_message", "end_scenario"} <= set(commands)


def test_the_ev_side_actions_take_the_evse_and_connector_and_a_missing_one_is_not_run(tmp_path):
    out = tmp_path / "ev.txt"
    actions = ("ev_suspend", "ev_resume", "ev_not_ready", "unplug_at_ev", "plug_in_at_ev")
    path = write(tmp_path, "[commands]\n" + "".join(
        f'{a} = "echo {a} {{evse_id}}/{{connector_id}} >> {out}"\n' for a in actions[:-1]))
    d = driver(path)
    for action in actions[:-1]:
        act(getattr(d, action)(2, 1))
    assert out.read_text().split("\n")[:-1] == [f"{a} 2/1" for a in actions[:-1]]
    with pytest.raises(StationDriverNotRun) as caught:
        act(d.plug_in_at_ev(1, 1))
    assert caught.value.reason == f"the station driver cannot plug_in_at_ev: {path} has no command for it"
    example = load_commands(os.path.join(os.path.dirname(__file__), "..", "examples", "stations",
                                         "reference-station.toml"))
    assert set(actions) <= set(example)


def test_the_parking_bay_and_user_interface_actions_take_their_evse_and_a_missing_one_is_not_run(tmp_path):
    out = tmp_path / "bay.txt"
    path = write(tmp_path, "[commands]\n"
                 f'drive_into_parking_bay = "echo into {{evse_id}} >> {out}"\n'
                 f'drive_out_of_parking_bay = "echo out {{evse_id}} >> {out}"\n'
                 f'select_stop_all_transactions = "echo all >> {out}"\n')
    d = driver(path)
    act(d.drive_into_parking_bay(2))
    act(d.drive_out_of_parking_bay(1))
    act(d.select_stop_all_transactions())
    assert out.read_text().split("\n")[:-1] == ["into 2", "out 1", "all"]
    with pytest.raises(StationDriverNotRun) as caught:
        act(d.select_stop_transaction(1))
    assert caught.value.reason == f"the station driver cannot select_stop_transaction: {path} has no command for it"
    with pytest.raises(CommandsFileError, match="select_stop_all_transactions uses {evse_id}"):
        load_commands(write(tmp_path, '[commands]\nselect_stop_all_transactions = "echo {evse_id}"\n', "bad.toml"))
    example = load_commands(os.path.join(os.path.dirname(__file__), "..", "examples", "stations",
                                         "reference-station.toml"))
    assert {"drive_into_parking_bay", "drive_out_of_parking_bay", "select_stop_all_transactions",
            "select_stop_transaction"} <= set(example)
