"""The `manual` station driver: a person at the charging station does what a step needs.

Each physical action is printed live (outcomes.live, never into behave's captured output) as an
instruction in station words:

    >>> MANUAL ACTION at station CS001: Plug the cable into EVSE 1 connector 1 of station CS001
    >>> Press Enter when done, or s and Enter to skip this scenario (waiting up to 300 s).

In a terminal (support.scenario.operator.Operator decides) the operator presses Enter when done, or types s
to skip: the scenario is then not run. Without a terminal (CI, standard input closed) nobody can
confirm: the suite goes on and the following checks wait for the effect on the wire; the driver
records the unconfirmed action, and a check that then fails makes the scenario not run ("nobody
confirmed the manual action at the station"), never failed (StationScenarioSession.
not_run_instead_of_failure). `-D manual_actions=skip` makes every scenario with a manual action at
the station not run at once. A person cannot make a station send an OCPP message on demand:
send_message and request_message are not run.

The prompt runs in the calling (step) thread and returns a finished coroutine: the runtime loop
keeps serving the station while the person acts, and only station_operator_timeout limits the wait.
"""
from ..scenario.operator import Operator
from ..scenario.outcomes import live
from .station import StationDriver, StationDriverNotRun


async def _finished(value=None):
    return value


class ManualStationDriver(StationDriver):
    name = "manual"

    def __init__(self, station_id, csms_url, operator=None, wait_seconds=300.0, output=live, ocpp_version="2.0.1"):
        self.station_id = station_id
        self.ocpp_version = ocpp_version
        self.csms_url = csms_url
        self.operator = operator if operator is not None else Operator("prompt")
        self.wait_seconds = float(wait_seconds)
        self.output = output
        self.done = []              # instructions the operator confirmed
        self.unconfirmed = []       # instructions given with nobody to confirm them

    def describe(self):
        return f"manual driver (an operator at station {self.station_id})"

    def instruct(self, instruction):
        """Give one instruction; returns a finished coroutine (see the module's docstring)."""
        station = self.station_id
        if self.operator.mode == "skip":
            raise StationDriverNotRun(f"needs a manual action at the station ({instruction}); manual actions "
                                      f"are off (-D manual_actions=skip)")
        self.output(f"\n>>> MANUAL ACTION at station {station}: {instruction}")
        if not self.operator.interactive:
            self.output(">>> No terminal to confirm in: the suite goes on and waits for the effect on the wire.")
            self.unconfirmed.append(instruction)
            return _finished()
        self.output(f">>> Press Enter when done, or s and Enter to skip this scenario "
                    f"(waiting up to {self.wait_seconds:g} s).")
        answer = self.operator._read_line(self.wait_seconds)
        if answer is None:
            raise StationDriverNotRun(f"the manual action at the station was not confirmed within "
                                      f"{self.wait_seconds:g} s: {instruction}")
        if answer.strip().lower() in ("s", "skip"):
            raise StationDriverNotRun(f"the operator skipped the manual action at the station: {instruction}")
        self.done.append(instruction)
        return _finished()

    def cannot(self, what):
        raise StationDriverNotRun(f"the manual driver cannot {what}: a person at the station cannot make it "
                                  f"send an OCPP message on demand")

    # ------------------------------------------------------------------ driver actions

    def power_on(self):
        return self.instruct(f"Switch station {self.station_id} on (switch it off first if it is on: a cold boot); "
                             f"it connects to {self.csms_url}/{self.station_id}")

    def power_off(self):
        return self.instruct(f"Switch station {self.station_id} off")

    def reconnect(self):
        return self.instruct(f"Make station {self.station_id} drop its connection to the CSMS and connect again "
                             f"(unplug its network cable and plug it back in)")

    def _where(self, evse_id, connector_id=1):
        # OCPP 1.6 numbers connectors only (the session passes the connector as evse_id)
        if self.ocpp_version == "1.6":
            return f"connector {evse_id}"
        return f"EVSE {evse_id} connector {connector_id}"

    def plug_in(self, evse_id=1, connector_id=1):
        return self.instruct(f"Plug the cable into {self._where(evse_id, connector_id)} of station {self.station_id}")

    def unplug(self, evse_id=1, connector_id=1):
        return self.instruct(f"Unplug the cable from {self._where(evse_id, connector_id)} of station "
                             f"{self.station_id}")

    def present_token(self, id_token, type="ISO14443", evse_id=1):
        where = f"connector {evse_id}" if self.ocpp_version == "1.6" else f"EVSE {evse_id}"
        return self.instruct(f"Present idToken {id_token} ({type}) at {where} of station {self.station_id}")

    def start_session(self, evse_id=1, id_token="100000C01", type="ISO14443"):
        self.plug_in(evse_id, 1).close()        # the prompt is done; nothing left to await
        return self.present_token(id_token, type, evse_id)

    def stop_session(self, evse_id=1):
        where = f"connector {evse_id}" if self.ocpp_version == "1.6" else f"EVSE {evse_id}"
        return self.instruct(f"Stop the charging session at {where} of station {self.station_id} the way a "
                             f"driver does (present the same card again), then unplug the cable")

    def send_message(self, action, payload):
        self.cannot(f"make station {self.station_id} send {action} with a given payload")

    def request_message(self, action):
        self.cannot(f"make station {self.station_id} send {action} now")

    def set_csms_url(self, url):
        return self.instruct(f"Set the CSMS URL of station {self.station_id} to {url} (it connects there as "
                             f"{url}/{self.station_id})")

    def go_offline(self):
        return self.instruct(f"Cut the network connection of station {self.station_id} (unplug its network cable) "
                             f"and keep it cut until asked to restore it")

    def go_online(self):
        return self.instruct(f"Restore the network connection of station {self.station_id}")

    # the EV-side manual actions of the OCTT 2.0.1 block E cases
    def ev_suspend(self, evse_id=1, connector_id=1):
        return self.instruct(f"Make the EV at {self._where(evse_id, connector_id)} of station {self.station_id} "
                             f"suspend the energy transfer (it stops taking energy; leave the cable in)")

    def ev_resume(self, evse_id=1, connector_id=1):
        return self.instruct(f"Make the EV at {self._where(evse_id, connector_id)} of station {self.station_id} "
                             f"take energy again")

    def ev_not_ready(self, evse_id=1, connector_id=1):
        return self.instruct(f"Set the EV for {self._where(evse_id, connector_id)} of station {self.station_id} to "
                             f"a state in which it is NOT ready for the energy transfer (do not plug it in yet)")

    def unplug_at_ev(self, evse_id=1, connector_id=1):
        return self.instruct(f"Disconnect the cable on the EV side at {self._where(evse_id, connector_id)} of "
                             f"station {self.station_id}, leaving it in the station")

    def plug_in_at_ev(self, evse_id=1, connector_id=1):
        return self.instruct(f"Reconnect the cable on the EV side at {self._where(evse_id, connector_id)} of "
                             f"station {self.station_id}")

    # the parking bay sensor and the Master Pass user interface of the OCTT 2.0.1 cases
    def drive_into_parking_bay(self, evse_id=1):
        return self.instruct(f"Drive the EV into the parking bay of EVSE {evse_id} of station {self.station_id} "
                             f"(where its parking bay sensor sees it); do not plug the cable in")

    def drive_out_of_parking_bay(self, evse_id=1):
        return self.instruct(f"Drive the EV out of the parking bay of EVSE {evse_id} of station {self.station_id}")

    def select_stop_all_transactions(self):
        return self.instruct(f"At the user interface of station {self.station_id}, select (as the Master Pass "
                             f"holder) to stop all transactions")

    def select_stop_transaction(self, evse_id=1):
        return self.instruct(f"At the user interface of station {self.station_id}, select (as the Master Pass "
                             f"holder) to stop the transaction on EVSE {evse_id} only")

    # the manual actions of the OCTT 1.6 Charge Point cases
    def disconnect_ev(self, connector_id=1):
        return self.instruct(f"Disconnect the cable on the EV side at connector {connector_id} of station "
                             f"{self.station_id}, leaving it in the station")

    def plug_in_halfway(self, connector_id=1):
        return self.instruct(f"Plug the cable into connector {connector_id} of station {self.station_id} only "
                             f"halfway, so that it cannot lock")

    def set_fault(self, connector_id=1, error_code="OtherError"):
        where = "the Charge Point" if connector_id == 0 else f"connector {connector_id}"
        return self.instruct(f"Cause a fault ({error_code}) at {where} of station {self.station_id}")

    def clear_fault(self, connector_id=1):
        where = "the Charge Point" if connector_id == 0 else f"connector {connector_id}"
        return self.instruct(f"Clear the fault at {where} of station {self.station_id}")

    def break_lock(self, connector_id=1):
        return self.instruct(f"Make the cable lock of connector {connector_id} of station {self.station_id} fail")

    def power_failure(self):
        return self.instruct(f"Cut the mains power of station {self.station_id} (a power failure), then restore it")

    def wait_queued(self, action, count, timeout=None):
        raise StationDriverNotRun(f"the manual driver cannot see how many {action} messages station "
                                  f"{self.station_id} holds in its offline queue")

    def close(self):
        return _finished()


def for_session(session, operator=None):
    """The manual driver of a station scenario (StationScenarioSession.make_driver)."""
    from .station_commands import csms_url_of
    config = session.config
    operator = operator or Operator(config.manual_actions)
    return ManualStationDriver(session.station_id, csms_url_of(session), operator,
                               config.seconds("station_operator_timeout"), ocpp_version=session.version)
