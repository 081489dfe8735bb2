"""Station drivers: how a station-direction step makes the charging station under test act.

A station target is (the station) + (a driver). The driver does what a person at the station
would do (switch it on, plug a cable in, present a card, pull the network cable) and what a
test harness can ask of it (send this message now). Drivers here:

- EmbeddedStationDriver: the reference station of this suite (support.reference.station.station), the
  default system under test.
- SapSimulatorDriver: the SAP e-mobility charging-stations simulator, through its UI server
  (WebSocket, subprotocol "ui0.0.1"; requests [uuid, procedure, payload], responses
  [uuid, payload] with payload.status "success" or "failure").

and, in their own modules: CommandsStationDriver (support/targets/station_commands.py: a shell
command per action, from a TOML file) and ManualStationDriver (support/targets/station_manual.py: a
person at the station, prompted live).

Every method is a coroutine for the runtime loop. A driver that cannot do what it was asked
raises StationDriverError (an AssertionError, so behave reports a failed step) saying why; a
driver that cannot do it at all (no command for it, a command that broke, an action nobody can do
by hand) raises StationDriverNotRun: the scenario is then not run, with the reason, never failed.
"""
import abc
import asyncio
import base64
import json
import logging
import uuid
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from ..scenario.outcomes import NotRun
from ..reference.station.station import ReferenceStation, StationError

log = logging.getLogger(__name__)


class StationDriverError(AssertionError):
    """The station (or its driver) could not do what the step asked."""

    def __init__(self, message, response=None):
        super().__init__(message)
        self.response = response


class StationDriverNotRun(NotRun, AssertionError):
    """The driver cannot make the station do this: the scenario is not run (outcomes.NotRun), with
    the reason; no verdict on the station. Also an AssertionError so that it passes through
    StationScenarioSession.act unchanged (act turns any other exception of a driver into a failed
    step), and after_step turns it into "not run" like any NotRun."""


class StationDriver(abc.ABC):
    """What a step can make a charging station do."""

    name = "station"

    @abc.abstractmethod
    async def power_on(self):
        """Switch the station on; it connects to its CSMS and boots."""

    @abc.abstractmethod
    async def power_off(self):
        """Switch the station off."""

    @abc.abstractmethod
    async def reconnect(self):
        """Drop the connection to the CSMS and connect again."""

    @abc.abstractmethod
    async def plug_in(self, evse_id=1, connector_id=1):
        """The driver plugs the EV's cable in."""

    @abc.abstractmethod
    async def unplug(self, evse_id=1, connector_id=1):
        """The driver unplugs the cable."""

    @abc.abstractmethod
    async def present_token(self, id_token, type="ISO14443", evse_id=1):
        """The driver presents an idToken (card, app...) at an EVSE."""

    async def start_session(self, evse_id=1, id_token="100000C01", type="ISO14443"):
        """Plug in and present a token: a local charging session."""
        await self.plug_in(evse_id)
        return await self.present_token(id_token, type, evse_id)

    @abc.abstractmethod
    async def stop_session(self, evse_id=1):
        """End the charging session on an EVSE the way a driver would."""

    @abc.abstractmethod
    async def send_message(self, action, payload):
        """Make the station send one OCPP message now; returns the answer as the driver sees it."""

    async def request_message(self, action):
        """Make the station send one message of its own making now (it fills the payload: its own
        CSR, OCSP data, ...); returns the answer as the driver sees it."""
        raise StationDriverError(f"{self.describe()} cannot be made to send {action} of its own making")

    @abc.abstractmethod
    async def set_csms_url(self, url):
        """Point the station at another CSMS; it reconnects there."""

    @abc.abstractmethod
    async def go_offline(self):
        """Cut the station's connection to the CSMS until go_online()."""

    @abc.abstractmethod
    async def go_online(self):
        """Restore the connection."""

    # EV-side actions of the OCTT 2.0.1 block E cases; a driver without them leaves the scenario not run
    async def ev_suspend(self, evse_id=1, connector_id=1):
        """The EV suspends the energy transfer (it stops taking energy, the cable stays in)."""
        raise StationDriverNotRun(f"{self.describe()} cannot make the EV suspend the energy transfer")

    async def ev_resume(self, evse_id=1, connector_id=1):
        """The EV takes energy again after ev_suspend or ev_not_ready."""
        raise StationDriverNotRun(f"{self.describe()} cannot make the EV resume the energy transfer")

    async def ev_not_ready(self, evse_id=1, connector_id=1):
        """The EV is (or, plugged in next, will be) not ready for the energy transfer."""
        raise StationDriverNotRun(f"{self.describe()} cannot make the EV not ready for the energy transfer")

    async def unplug_at_ev(self, evse_id=1, connector_id=1):
        """The cable comes out on the EV side; it stays in the station."""
        raise StationDriverNotRun(f"{self.describe()} cannot disconnect the cable on the EV side")

    async def plug_in_at_ev(self, evse_id=1, connector_id=1):
        """The cable goes back into the EV after unplug_at_ev."""
        raise StationDriverNotRun(f"{self.describe()} cannot reconnect the cable on the EV side")

    # the parking bay sensor (OCTT 2.0.1 TC_E_12, TC_E_19) and the Master Pass user interface (TC_C_47, TC_C_48)
    async def drive_into_parking_bay(self, evse_id=1):
        """An EV drives into the parking bay of the EVSE (its parking bay sensor sees it)."""
        raise StationDriverNotRun(f"{self.describe()} cannot drive an EV into a parking bay")

    async def drive_out_of_parking_bay(self, evse_id=1):
        """The EV drives out of the parking bay of the EVSE."""
        raise StationDriverNotRun(f"{self.describe()} cannot drive an EV out of a parking bay")

    async def select_stop_all_transactions(self):
        """At the station's user interface, the Master Pass holder selects to stop all transactions."""
        raise StationDriverNotRun(f"{self.describe()} cannot select at the station's user interface")

    async def select_stop_transaction(self, evse_id=1):
        """At the station's user interface, the Master Pass holder selects to stop the transaction on an EVSE."""
        raise StationDriverNotRun(f"{self.describe()} cannot select at the station's user interface")

    async def close(self):
        """Release what the driver holds (connections); the default does nothing."""

    def describe(self):
        return self.name


# ====================================================================== embedded reference station

class EmbeddedStationDriver(StationDriver):
    """Drives the suite's own reference station, on the runtime loop."""

    name = "embedded reference station"

    def __init__(self, station):
        self.station = station

    @classmethod
    def create(cls, station_id, csms_url, password=None, settings=None, faults=None, recorder=None):
        return cls(ReferenceStation(station_id, csms_url, password, settings=settings, faults=faults,
                                    recorder=recorder))

    async def power_on(self):
        await self.station.power_on()

    async def power_off(self):
        await self.station.power_off()

    async def reconnect(self):
        await self.station.reconnect()

    async def plug_in(self, evse_id=1, connector_id=1):
        await self._do(self.station.plug_in(evse_id, connector_id))

    async def unplug(self, evse_id=1, connector_id=1):
        await self._do(self.station.unplug(evse_id, connector_id))

    async def present_token(self, id_token, type="ISO14443", evse_id=1):
        return await self._do(self.station.present_token(id_token, type, evse_id))

    async def start_session(self, evse_id=1, id_token="100000C01", type="ISO14443"):
        return await self._do(self.station.start_session(evse_id, id_token, type))

    async def stop_session(self, evse_id=1):
        await self._do(self.station.stop_session(evse_id))

    async def ev_suspend(self, evse_id=1, connector_id=1):
        await self._do(self.station.ev_suspend(evse_id, connector_id))

    async def ev_resume(self, evse_id=1, connector_id=1):
        await self._do(self.station.ev_resume(evse_id, connector_id))

    async def ev_not_ready(self, evse_id=1, connector_id=1):
        await self._do(self.station.ev_not_ready(evse_id, connector_id))

    async def unplug_at_ev(self, evse_id=1, connector_id=1):
        await self._do(self.station.unplug_at_ev(evse_id, connector_id))

    async def plug_in_at_ev(self, evse_id=1, connector_id=1):
        await self._do(self.station.plug_in_at_ev(evse_id, connector_id))

    async def drive_into_parking_bay(self, evse_id=1):
        await self._do(self.station.drive_into_parking_bay(evse_id))

    async def drive_out_of_parking_bay(self, evse_id=1):
        await self._do(self.station.drive_out_of_parking_bay(evse_id))

    async def select_stop_all_transactions(self):
        await self._do(self.station.select_stop_all_transactions())

    async def select_stop_transaction(self, evse_id=1):
        await self._do(self.station.select_stop_transaction(evse_id))

    async def send_message(self, action, payload):
        outcome = await self._do(self.station.send_message(action, payload))
        if not outcome.ok:
            raise StationDriverError(f"the reference station sent {action}; {outcome.describe()}")
        return outcome.response

    async def request_message(self, action):
        station = self.station
        makers = {"SignCertificate": station.sign_certificate,
                  "SecurityEventNotification": station.security_event,
                  "Get15118EVCertificate": station.get_15118_ev_certificate,
                  "GetCertificateStatus": station.get_certificate_status,
                  "Heartbeat": lambda: station.send_message("Heartbeat", {})}
        if action not in makers:
            raise StationDriverError(f"the reference station makes no {action} of its own on demand; "
                                     f"it can make {', '.join(sorted(makers))}")
        outcome = await self._do(makers[action]())
        if not outcome.ok:
            raise StationDriverError(f"the reference station sent {action}; {outcome.describe()}")
        return outcome.response

    async def set_csms_url(self, url):
        await self.station.set_csms_url(url)

    async def go_offline(self):
        await self.station.go_offline()

    async def go_online(self):
        await self.station.go_online()

    async def close(self):
        await self.station.close()

    @staticmethod
    async def _do(coro):
        try:
            return await coro
        except StationError as exc:
            raise StationDriverError(str(exc)) from None

    def describe(self):
        return f"{self.name} {self.station.station_id} -> {self.station.csms_url}"


# ====================================================================== SAP e-mobility simulator

UI_SUBPROTOCOL = "ui0.0.1"

# OCPP messages the simulator's UI protocol can make a station send, as procedure names.
OCPP_PROCEDURES = {
    "1.6": {"authorize", "bootNotification", "dataTransfer", "diagnosticsStatusNotification",
            "firmwareStatusNotification", "heartbeat", "meterValues", "startTransaction", "statusNotification",
            "stopTransaction"},
    "2.0.1": {"authorize", "bootNotification", "dataTransfer", "firmwareStatusNotification",
              "get15118EVCertificate", "getCertificateStatus", "heartbeat", "logStatusNotification", "meterValues",
              "notifyCustomerInformation", "notifyReport", "securityEventNotification", "signCertificate",
              "statusNotification", "transactionEvent"},
}


def basic_auth_subprotocol(username, password):
    """The UI server's 'protocol-basic-auth': credentials as a second WebSocket subprotocol."""
    token = base64.urlsafe_b64encode(f"{username}:{password}".encode()).decode().rstrip("=")
    return f"authorization.basic.{token}"


def closed_port():
    """A loopback port nothing listens on (just freed by the operating system)."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procedure_for(action):
    """OCPP action -> UI procedure name: the action in camel case (BootNotification -> bootNotification)."""
    return action[:1].lower() + action[1:]


class SapSimulatorDriver(StationDriver):
    """Drives one station of the SAP e-mobility charging-stations simulator through its UI server.

    The station is addressed by its hashId; given only the station identity (chargingStationId),
    the driver looks the hashId up with listChargingStations. connector_map maps (evseId,
    connectorId) to the simulator's station-wide connector id (default: the EVSE id, right for one
    connector per EVSE). The simulator answers a command with success or failure only; it does not
    pass on the CSMS's answer, so send_message returns the UI response payload.

    OCPP 2.0.1: the simulator's station has no cable and no card reader model, so plugging in,
    unplugging and presenting a token leave the scenario not run (the driver would write the very
    StatusNotification and TransactionEvent the checks judge). OCPP 1.6: a token is presented the way
    a person at the station presents a card: the station authorizes it (UI `authorize`) and, when the
    CSMS accepted it, starts a transaction with it (`startTransaction` with idTag and connectorId). A
    token the CSMS refuses (Blocked, NotAtThisTime, a CALLERROR answer) is no driver failure: the
    station did what it should, and the scenario's checks judge its messages. station_wait: seconds to wait for the station to appear in the
    simulator's station list (a simulator just started adds its stations after a while).

    OCPP 1.6: the simulator has no cable and no card reader of its own, so the driver plays them from
    the connector state the simulator reports: a cable makes only an Available connector Preparing; a
    card accepted before the cable makes it Preparing. A card that would end a transaction is not run:
    the UI can only send a bare StopTransaction (no reason, none of the statuses of the simulator's own
    stop), which the checks after it would judge. Where a compliant Charge Point refuses the card (a
    Faulted, Unavailable or Inoperative connector, one reserved for another idTag) or decides by a
    parentIdTag the simulator does not report (another idTag during a transaction), the scenario is not
    run (StationDriverNotRun): the check would judge the driver's choice. The fault, EV-side, lock and
    power actions of the 1.6 cases: set_fault and clear_fault through statusNotification, the others
    not run. state_settle: seconds the driver lets the simulator's station list catch up before it
    reads a connector's state (it lags the station by a few milliseconds).

    Offline and back (csms_url: the test CSMS's address, which go_online points the station back at):
    the simulator reconnects by itself the moment its connection closes, so go_offline first points
    it at a loopback port nothing listens on (setSupervisionUrl), then closes the connection; its
    reconnection attempts then fail until go_online sets the address back and opens the connection.
    While offline the simulator buffers what it sends (a request the UI makes it send fails with
    "buffered message": the driver takes that as queued, not as an error). How many messages it has
    queued its UI does not say: wait_queued waits for them by the station's MeterValueSampleInterval.
    """

    name = "SAP e-mobility charging-stations simulator"
    # Its UI sets a plain supervision URL only: no CSMS root, client certificate or Basic auth password for
    # the case's security profile (a tester gives the simulator those by hand, in its template).
    sets_up_security = False

    def __init__(self, ui_url, station_id=None, hash_id=None, username=None, password=None,
                 ocpp_version="2.0.1", auth="protocol", timeout=10.0, connector_map=None,
                 supervision_user=None, supervision_password=None, station_wait=60.0,
                 restart_settle=1.0, state_settle=0.5, csms_url=None):
        if auth not in ("protocol", "header"):
            raise ValueError("auth is 'protocol' (protocol-basic-auth) or 'header' (basic-auth)")
        if ocpp_version not in OCPP_PROCEDURES:
            raise ValueError(f"ocpp_version is one of {sorted(OCPP_PROCEDURES)}, not {ocpp_version!r}")
        self.ui_url = ui_url
        self.station_id = station_id
        self.hash_id = hash_id
        self.username = username
        self.password = password
        self.ocpp_version = ocpp_version
        self.auth = auth
        self.timeout = float(timeout)
        self.connector_map = dict(connector_map or {})
        self.supervision_user = supervision_user
        self.supervision_password = supervision_password
        self.station_wait = float(station_wait)
        self.restart_settle = float(restart_settle)
        self.state_settle = float(state_settle)
        self.csms_url = csms_url
        self.offline_url = None     # while go_offline holds the station offline: the dead address it was given
        self._plugged = set()       # EVSEs with a cable in (this driver's doing)
        self._authorized = {}       # 1.6: EVSE -> idTag authorized before the cable went in
        self.requests = []          # (procedure, payload) of every request sent, for reports and tests
        self.written = []           # [OCPP action, UI payload, sent at, answered at or None] (WRITTEN_BY_DRIVER)
        self._ws = None
        self._reader = None
        self._waiting = {}          # request uuid -> future of the response payload
        self._lock = asyncio.Lock()

    def describe(self):
        who = self.hash_id or self.station_id or "all stations"
        return f"{self.name} at {self.ui_url} ({who}, OCPP {self.ocpp_version})"

    @property
    def ocpp20(self):
        return self.ocpp_version != "1.6"

    # ------------------------------------------------------------------ UI protocol plumbing

    async def _connection(self):
        async with self._lock:
            if self._ws is not None and self._reader is not None and not self._reader.done():
                return self._ws
            subprotocols = [UI_SUBPROTOCOL]
            headers = {}
            if self.username is not None:
                if self.auth == "protocol":
                    subprotocols.append(basic_auth_subprotocol(self.username, self.password or ""))
                else:
                    token = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
                    headers["Authorization"] = f"Basic {token}"
            try:
                ws = await connect(self.ui_url, subprotocols=subprotocols, additional_headers=headers,
                                   open_timeout=self.timeout, ping_interval=None, max_size=2 ** 24)
            except InvalidStatus as exc:
                code = exc.response.status_code
                hint = " (check the UI server username and password)" if code == 401 else ""
                raise StationDriverError(f"the simulator UI server at {self.ui_url} refused the connection "
                                         f"with HTTP {code}{hint}") from None
            except (WebSocketException, OSError, asyncio.TimeoutError) as exc:
                raise StationDriverError(f"cannot reach the simulator UI server at {self.ui_url}: "
                                         f"{type(exc).__name__}: {exc}") from None
            if ws.subprotocol != UI_SUBPROTOCOL:
                await ws.close()
                raise StationDriverError(f"the simulator UI server at {self.ui_url} did not accept subprotocol "
                                         f"{UI_SUBPROTOCOL} (it chose {ws.subprotocol!r})")
            self._ws = ws
            self._reader = asyncio.get_running_loop().create_task(self._read(ws))
            return ws

    async def _read(self, ws):
        try:
            async for text in ws:
                try:
                    message = json.loads(text)
                except ValueError:
                    log.warning("simulator UI server sent non-JSON: %r", text[:200])
                    continue
                if not isinstance(message, list) or len(message) != 2:
                    continue        # a server notification such as ["refresh"]
                request_id, payload = message
                future = self._waiting.pop(request_id, None)
                if future is not None and not future.done():
                    future.set_result(payload)
        except ConnectionClosed:
            pass
        finally:
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(StationDriverError(
                        f"the simulator UI server at {self.ui_url} closed the connection before answering"))
            self._waiting.clear()

    async def request(self, procedure, payload=None, targeted=True):
        """Send one UI request and return its response payload; StationDriverError on failure."""
        payload = dict(payload or {})
        if targeted:
            hash_ids = await self._hash_ids()
            if hash_ids:
                payload["hashIds"] = hash_ids
        ws = await self._connection()
        request_id = str(uuid.uuid4())
        future = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        self.requests.append((procedure, payload))
        written = None
        if procedure in self.WRITTEN_BY_DRIVER:
            written = [self.WRITTEN_BY_DRIVER[procedure], payload, time.monotonic(), None]
            self.written.append(written)
        try:
            await ws.send(json.dumps([request_id, procedure, payload]))
            response = await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            raise StationDriverError(f"the simulator did not answer {procedure} within {self.timeout:g} s") from None
        except ConnectionClosed:
            raise StationDriverError(f"the simulator UI server at {self.ui_url} closed the connection") from None
        finally:
            self._waiting.pop(request_id, None)
        queued = self.queued_while_offline(response)
        if written is not None and not queued:
            written[3] = time.monotonic()       # sent and answered within this window (else: when back)
        if not isinstance(response, dict) or response.get("status") != "success":
            if self.offline_url is not None and queued:
                return response     # offline: the station buffered the message, to send once it is back
            raise StationDriverError(self._failure_text(procedure, response), response)
        return response

    @staticmethod
    def queued_while_offline(response):
        """Whether a failed UI response says the station buffered the OCPP request it was to send
        (its connection is closed: "WebSocket closed for buffered message id ...")."""
        failed = [f for f in (response or {}).get("responsesFailed") or [] if isinstance(f, dict)] \
            if isinstance(response, dict) else []
        return bool(failed) and all("buffered message" in str(f.get("errorMessage") or "") for f in failed)

    @staticmethod
    def _failure_text(procedure, response):
        if not isinstance(response, dict):
            return f"the simulator answered {procedure} with a malformed payload: {response!r}"
        details = []
        if response.get("errorMessage"):
            details.append(str(response["errorMessage"]))
        for failed in response.get("responsesFailed") or []:
            if not isinstance(failed, dict):
                continue
            reason = failed.get("errorMessage") or (
                json.dumps(failed["commandResponse"]) if failed.get("commandResponse") is not None else "")
            details.append(f"station {failed.get('hashId', '?')}: {reason}".rstrip(": "))
        if response.get("hashIdsFailed") and not response.get("responsesFailed"):
            details.append(f"failed on {', '.join(response['hashIdsFailed'])}")
        text = "; ".join(details) or json.dumps(response)
        return f"the simulator failed {procedure}: {text}"

    async def _hash_ids(self):
        if self.hash_id is None and self.station_id is not None:
            self.hash_id = (await self._station_data())["stationInfo"]["hashId"]
        return [self.hash_id] if self.hash_id else None

    async def list_stations(self):
        response = await self.request("listChargingStations", {}, targeted=False)
        return response.get("chargingStations") or []

    async def _station_data(self):
        """The station's entry in the simulator's list. A simulator that has just started adds its
        stations one after the other: the list is polled for up to station_wait seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.station_wait
        while True:
            stations = await self.list_stations()
            for data in stations:
                info = data.get("stationInfo") or {}
                if (self.hash_id and info.get("hashId") == self.hash_id) or \
                        (not self.hash_id and info.get("chargingStationId") == self.station_id):
                    return data
            if loop.time() >= deadline:
                break
            await asyncio.sleep(min(0.5, max(0.01, deadline - loop.time())))
        known = [(d.get("stationInfo") or {}).get("chargingStationId") for d in stations]
        raise StationDriverError(f"the simulator has no station {self.hash_id or self.station_id!r}; "
                                 f"it has {known} (waited {self.station_wait:g} s for it)")

    def _connector(self, evse_id, connector_id):
        return self.connector_map.get((evse_id, connector_id), evse_id)

    # ------------------------------------------------------------------ driver actions

    async def power_on(self):
        # A cold boot: the simulator answers startChargingStation on a running station with success
        # but does nothing ("already started"), so a running station is switched off first.
        if (await self._station_data()).get("started"):
            await self.request("stopChargingStation")
            # Off, then on after a moment, as a person does: the simulator handles the close of the old
            # connection after answering stop, and a start before that makes it reconnect on its own
            # ~0.4 s later (a second connection and BootNotification that no retry interval explains).
            await asyncio.sleep(self.restart_settle)
        await self.request("startChargingStation")

    async def power_off(self):
        await self.request("stopChargingStation")

    async def reconnect(self):
        await self.request("closeConnection")
        await self.request("openConnection")

    async def go_offline(self):
        # closeConnection alone is followed by the simulator reconnecting within milliseconds: its
        # supervision URL goes to a port nothing listens on first, so that its reconnections fail
        if self.csms_url is None:
            raise StationDriverNotRun("the sap driver cannot take the simulator offline without the test CSMS's "
                                      "address to bring it back to (csms_url)")
        self.offline_url = f"ws://127.0.0.1:{closed_port()}"
        await self.request("setSupervisionUrl", self._supervision(self.offline_url))
        await self.request("closeConnection")

    async def go_online(self):
        if self.csms_url is not None:
            await self.request("setSupervisionUrl", self._supervision(self.csms_url))
        self.offline_url = None
        try:
            await self.request("openConnection")
        except StationDriverError as exc:
            # its own reconnection, to the address just set back, may have come first
            if "already opened" not in str(exc):
                raise

    def _supervision(self, url):
        payload = {"url": url}
        if self.supervision_user is not None:
            payload["supervisionUser"] = self.supervision_user
        if self.supervision_password is not None:
            payload["supervisionPassword"] = self.supervision_password
        return payload

    # UI procedures whose OCPP message carries what the driver wrote (a status, a bare StopTransaction), not
    # what the station decided: a check that matches such a message judges the driver (see wrote()).
    WRITTEN_BY_DRIVER = {"statusNotification": "StatusNotification", "stopTransaction": "StopTransaction",
                         "transactionEvent": "TransactionEvent"}

    def wrote(self, action, payload, at):
        """Whether the station's message of `action` with `payload`, received at monotonic time `at`, is
        one this driver made it send (a UI request of that action in flight then, or buffered before and
        sent when the station was back, with the same connector and status)."""
        for written_action, request, began, ended in self.written:
            if written_action != action or at < began or (ended is not None and at > ended + 0.05):
                continue
            if all(payload.get(key) == request.get(key) for key in ("connectorId", "status", "connectorStatus",
                                                                   "transactionId", "eventType")
                   if key in request and key in payload):
                return True
        return False

    async def set_csms_url(self, url):
        await self.request("setSupervisionUrl", self._supervision(url))
        # The simulator applies a new supervision URL at the next (re)connection; a person changing the
        # CSMS of a station restarts it, which makes it boot there (TC_B_50_CS does it with a Reset)
        await self.power_off()
        await asyncio.sleep(self.restart_settle)
        await self.request("startChargingStation")

    def _status_payload(self, evse_id, connector_id, occupied):
        """OCPP 1.6 (a 2.0.1 cable action is not run): the status of a connector with or without a cable."""
        connector = self._connector(evse_id, connector_id)
        return {"connectorId": connector, "errorCode": "NoError",
                "status": "Preparing" if occupied else "Available"}

    # OCPP 2.0.1: the simulator's station has neither a cable nor a card reader model. Its UI can only make it
    # send a StatusNotification, an Authorize or a TransactionEvent the driver writes: a StatusNotification
    # Occupied is not a cable the station noticed (no CablePluggedIn event follows), and a TransactionEvent
    # Started or Ended is the driver's, whatever TxStartPoint and TxStopPoint say. Every check after such an
    # action would judge the driver (against the SAP simulator, 54 of the OCTT cases of blocks B, C and E
    # failed that way): these actions leave the scenario not run. A transaction the simulator starts itself
    # (RequestStartTransaction) is its own.
    NO_CABLE_201 = ("the simulator's OCPP 2.0.1 station has no cable model: its UI can only make it send a "
                    "StatusNotification the driver writes, not notice a cable, so the checks after it would "
                    "judge the driver, not the station")
    NO_CARD_201 = ("the simulator's OCPP 2.0.1 UI has no card reader: its authorize sends Authorize only, and a "
                   "transaction would start or end by a TransactionEvent the driver writes, so the checks after it "
                   "would judge the driver, not the station")

    async def plug_in(self, evse_id=1, connector_id=1):
        if self.ocpp20:
            raise StationDriverNotRun(self.NO_CABLE_201)
        # 1.6: the cable makes an Available connector Preparing. A connector in any other state keeps it
        # (Faulted, Unavailable and Reserved stay; Preparing after a card, or Charging after a remote
        # start, is already reported): the driver does not write over what the simulator reports.
        status = (await self._settled_connector_status(evse_id)).get("status")
        if status in (None, "Available"):
            await self.request("statusNotification", self._status_payload(evse_id, connector_id, True))
        self._plugged.add(evse_id)
        id_tag = self._authorized.pop(evse_id, None)
        if id_tag is not None:
            # 1.6: a card presented before the cable went in; the transaction starts now.
            await self._request_token("startTransaction", {"connectorId": self._connector(evse_id, connector_id),
                                                           "idTag": id_tag})

    async def unplug(self, evse_id=1, connector_id=1):
        if self.ocpp20:
            raise StationDriverNotRun(self.NO_CABLE_201)
        await self.request("statusNotification", self._status_payload(evse_id, connector_id, False))
        self._plugged.discard(evse_id)

    # ------------------------------------------------------------------ OCPP 1.6 manual actions

    async def set_fault(self, connector_id=1, error_code="OtherError"):
        """A fault at a connector (0: the Charge Point): the simulator's statusNotification sets the
        connector's status and errorCode (it then behaves as Faulted) and reports it."""
        if self.ocpp20:
            raise StationDriverNotRun("the sap driver sets a fault only on an OCPP 1.6 station (errorCode)")
        connector = self._connector(connector_id, 1) if connector_id else 0
        await self.request("statusNotification", {"connectorId": connector, "errorCode": error_code,
                                                  "status": "Faulted"})

    async def clear_fault(self, connector_id=1):
        """The fault is gone: Available (Preparing with a cable in), errorCode NoError."""
        if self.ocpp20:
            raise StationDriverNotRun("the sap driver clears a fault only on an OCPP 1.6 station")
        if connector_id:
            await self.request("statusNotification", self._status_payload(connector_id, 1,
                                                                          connector_id in self._plugged))
        else:
            await self.request("statusNotification", {"connectorId": 0, "errorCode": "NoError",
                                                      "status": "Available"})

    async def disconnect_ev(self, connector_id=1):
        # The simulator has no EV side: a StopTransaction (EVDisconnected) or a SuspendedEV status the
        # driver wrote would be the very message the TC_005_x cases judge, not the station's reaction.
        raise StationDriverNotRun("the simulator cannot disconnect the cable on the EV side (it has no EV "
                                  "model); the driver would have to write the station's reaction itself")

    async def plug_in_halfway(self, connector_id=1):
        raise StationDriverNotRun("the simulator's connector lock cannot fail (no cable plugged in halfway); "
                                  "the driver would have to write the Faulted ConnectorLockFailure itself")

    async def break_lock(self, connector_id=1):
        raise StationDriverNotRun("the simulator's connector lock cannot break (its UnlockConnector always "
                                  "unlocks)")

    async def power_failure(self):
        # stopChargingStation is a graceful shutdown: the simulator stops its transactions and reports
        # every connector Unavailable before it closes the connection, which a Charge Point losing
        # power cannot do (those messages would even satisfy checks meant for after the reboot).
        raise StationDriverNotRun("the simulator cannot lose power: its UI only shuts a station down "
                                  "gracefully (transactions stopped and connectors reported Unavailable first)")

    async def wait_queued(self, action, count, timeout=None):
        """The simulator's UI does not say how many messages it holds: wait for `count` MeterValues
        intervals (MeterValueSampleInterval, as the station reports it) and one more, the first
        sample falling anywhere in the first interval."""
        if action != "MeterValues":
            raise StationDriverNotRun(f"the simulator's UI does not say how many {action} messages it holds")
        data = await self._station_data()
        keys = (data.get("ocppConfiguration") or {}).get("configurationKey") or []
        value = next((k.get("value") for k in keys if k.get("key") == "MeterValueSampleInterval"), None)
        try:
            interval = float(value)
        except (TypeError, ValueError):
            interval = 0
        if interval <= 0:
            raise StationDriverNotRun(f"the simulator reports no MeterValueSampleInterval ({value!r}) to wait for "
                                      f"{count} queued MeterValues by")
        wait = (count + 1) * interval
        if timeout is not None and wait > timeout:
            raise StationDriverNotRun(f"{count} MeterValues every {interval:g} s take longer than {timeout:g} s")
        await asyncio.sleep(wait)

    def _authorize_payload(self, id_token, type):
        return {"idToken": {"idToken": id_token, "type": type}} if self.ocpp20 else {"idTag": id_token}

    @staticmethod
    def refused_by_csms(response):
        """Whether a failed UI response says the CSMS refused the token: the station's request was
        answered with an authorization status other than Accepted, or with a CALLERROR (the simulator
        reports the error of an OCPP request with its errorDetails). Not: a station missing, the
        simulator not answering, a procedure it does not know."""
        if not isinstance(response, dict):
            return False
        failed = [f for f in response.get("responsesFailed") or [] if isinstance(f, dict)]
        if not failed:
            return False

        def refusal(entry):
            answer = entry.get("commandResponse")
            if isinstance(answer, dict):
                info = answer.get("idTokenInfo") or answer.get("idTagInfo")
                return isinstance(info, dict) and info.get("status") not in (None, "Accepted")
            return "errorDetails" in entry and bool(entry.get("errorMessage"))
        return all(refusal(f) for f in failed)

    async def _request_token(self, procedure, payload):
        """A request whose failure may be the CSMS refusing the token: then the UI response is
        returned (the scenario judges the station's messages), else StationDriverError."""
        try:
            return await self.request(procedure, payload)
        except StationDriverError as exc:
            if exc.response is not None and self.refused_by_csms(exc.response):
                return exc.response
            raise

    async def present_token(self, id_token, type="ISO14443", evse_id=1):
        """A person presents a card at the EVSE: Authorize, then a transaction starts with the token
        (or, while one runs on the EVSE, ends), unless the CSMS refused it."""
        if self.ocpp20:
            raise StationDriverNotRun(self.NO_CARD_201)
        return await self._present_tag16(id_token, evse_id)

    async def _present_tag16(self, id_tag, evse_id):
        """OCPP 1.6: the simulator has no card reader of its own, so the driver plays the Charge Point's
        part from what the simulator reports about the connector. Where a compliant Charge Point
        refuses the card, or decides by an answer the simulator does not pass on (the parentIdTag of an
        Authorize), the check that follows would judge the driver's choice: the scenario is not run."""
        connector = self._connector(evse_id, 1)
        data = await self._settled_station_data()
        status = self._connector_entry(data, evse_id)
        station = self._connector_entry(data, 0, connector_id=0)
        running = status.get("transactionId")
        if running is not None:
            started_with = status.get("transactionIdTag")
            if started_with is not None and started_with != id_tag:
                raise StationDriverNotRun(
                    f"idTag {id_tag} is not the one that started the transaction on connector {connector} "
                    f"({started_with}): whether the Charge Point authorizes it and stops depends on the "
                    f"parentIdTags the CSMS gave, which the simulator's UI does not report")
            # The card would end the transaction, but the simulator cannot be made to stop one the way its
            # own stop does (Finishing, then StopTransaction with a reason): its UI's stopTransaction sends a
            # bare StopTransaction the driver writes, after which the simulator reports Available. Every
            # check that follows (the stop's reason, Finishing) would judge the driver.
            raise StationDriverNotRun(
                f"the simulator has no card reader: a card ending the transaction on connector {connector} "
                f"would be a StopTransaction the driver writes (the UI's stopTransaction sends it bare, without "
                f"the Finishing status and reason of the simulator's own stop), so the checks after it would "
                f"judge the driver, not the station")
        refusal = self._why_no_start(status, station, id_tag)
        if refusal:
            raise StationDriverNotRun(
                f"the simulator has no card reader and its UI sends Authorize and StartTransaction whatever "
                f"the state of the connector; {refusal}, so whether a transaction starts would be the "
                f"driver's choice, not the station's")
        answer = await self._request_token("authorize", self._authorize_payload(id_tag, None))
        if answer.get("status") != "success":
            return answer                       # refused by the CSMS: no transaction starts
        if evse_id not in self._plugged:
            # Authorized first: the connector is Preparing (OCPP 1.6 section 4.9) and the transaction
            # starts when the cable goes in (plug_in).
            self._authorized[evse_id] = id_tag
            if status.get("status") in ("Available", "Reserved"):      # as the simulator reports it
                await self.request("statusNotification", self._status_payload(evse_id, 1, True))
            return answer
        return await self._request_token("startTransaction", {"connectorId": connector, "idTag": id_tag})

    @staticmethod
    def _why_no_start(status, station, id_tag):
        """Why a compliant 1.6 Charge Point would not start a transaction for this idTag on the connector
        (status: its simulator connectorStatus; station: connector 0's), or None."""
        for where, entry in (("the Charge Point", station), ("the connector", status)):
            if entry.get("availability") == "Inoperative":
                return f"{where} is Inoperative"
            if entry.get("status") in ("Faulted", "Unavailable"):
                return f"{where} is {entry['status']}"
        for entry in (status, station):
            reservation = entry.get("reservation") if entry.get("status") == "Reserved" else None
            if isinstance(reservation, dict) and reservation.get("idTag") != id_tag:
                return (f"the connector is reserved for idTag {reservation.get('idTag')}"
                        + (f" (parentIdTag {reservation['parentIdTag']})" if reservation.get("parentIdTag") else ""))
        return None

    async def start_session(self, evse_id=1, id_token="100000C01", type="ISO14443"):
        await self.plug_in(evse_id)
        return await self.present_token(id_token, type, evse_id)

    def _connector_entry(self, data, evse_id, connector_id=None):
        """The simulator's connectorStatus of a connector (the EVSE's mapped one), {} when it lists none."""
        connector = self._connector(evse_id, 1) if connector_id is None else connector_id
        entries = list(data.get("connectors") or [])
        for evse in data.get("evses") or []:
            for entry in (evse.get("evseStatus") or {}).get("connectors") or []:
                entries.append(dict(entry, evseId=evse.get("evseId")))
        found = {}
        for entry in entries:
            if entry.get("connectorId") == connector and entry.get("evseId") in (None, evse_id):
                status = entry.get("connectorStatus") or {}
                if status.get("transactionId") is not None:
                    return status
                found = found or status
        return found

    async def _connector_status(self, evse_id):
        return self._connector_entry(await self._station_data(), evse_id)

    async def _settled_station_data(self):
        """The station's data as the driver decides by it (1.6 cable and card): the simulator's station
        list follows the station's state a few milliseconds late (a transaction the CSMS has just
        accepted is not listed yet), so the driver lets it settle first, as a person at the station
        does not act within milliseconds of the station's last message (state_settle seconds)."""
        if self.state_settle > 0:
            await asyncio.sleep(self.state_settle)
        return await self._station_data()

    async def _settled_connector_status(self, evse_id):
        return self._connector_entry(await self._settled_station_data(), evse_id)

    async def _transaction_id(self, evse_id):
        status = await self._connector_status(evse_id)
        if status.get("transactionId") is not None:
            return status["transactionId"]
        raise StationDriverError(f"the simulator reports no transaction on EVSE {evse_id} "
                                 f"(connector {self._connector(evse_id, 1)})")

    async def stop_session(self, evse_id=1):
        if self.ocpp20:
            raise StationDriverNotRun(self.NO_CARD_201)
        transaction_id = await self._transaction_id(evse_id)
        await self.request("stopTransaction", {"transactionId": transaction_id})
        await self.unplug(evse_id)

    async def send_message(self, action, payload):
        procedure = procedure_for(action)
        if procedure not in OCPP_PROCEDURES[self.ocpp_version]:
            raise StationDriverError(
                f"the simulator's UI protocol cannot make an OCPP {self.ocpp_version} station send {action}; "
                f"it can send {', '.join(sorted(OCPP_PROCEDURES[self.ocpp_version]))}")
        return await self.request(procedure, payload)

    async def request_message(self, action):
        # The simulator fills in what an empty OCPP payload leaves out (its own CSR, ...).
        return await self.send_message(action, {})

    async def close(self):
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
        self._ws = None
        self._reader = None
