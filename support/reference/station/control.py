"""The reference station's control API: the physical actions of a person at the station (switch on,
plug in, present a card, pull the network cable), over HTTP on the loopback address, so that the
reference station can be driven as an outside product (`python -m support.reference.station --control-port
PORT`; with the suite's `commands` driver, examples/stations/reference-station.toml).

Every endpoint takes POST with its parameters as a JSON object, as form fields (curl -d /
--data-urlencode) or in the query string, and answers 200 {"ok": true, ...} or 4xx / 5xx
{"ok": false, "error": "..."}. GET /status tells what the station is doing. docs/reference-station.md
lists the endpoints.
"""
import asyncio
import json
import logging
from urllib.parse import parse_qsl

from aiohttp import web

from .station import StationError

log = logging.getLogger(__name__)

# endpoint -> (parameters with their types and defaults, description)
INT, TEXT, JSON = int, str, "json"
ENDPOINTS = {
    "power_on": ({"csms_url": (TEXT, None), "station_id": (TEXT, None), "ocpp_version": (TEXT, None),
                  "password": (TEXT, None), "security_profile": (INT, None), "tls_ca_cert": (TEXT, None),
                  "tls_client_cert": (TEXT, None), "tls_client_key": (TEXT, None)},
                 "switch the station on (a cold boot: off first when it is on); csms_url, station_id, "
                 "ocpp_version (2.0.1 or 1.6), password and the TLS provisioning (security_profile, "
                 "tls_ca_cert, tls_client_cert, tls_client_key: PEM paths, empty for none) change who it is "
                 "and where it connects"),
    "power_off": ({}, "switch the station off"),
    "reconnect": ({}, "drop the connection and connect again"),
    "go_offline": ({}, "lose the network until go_online"),
    "go_online": ({}, "the network comes back"),
    "set_csms_url": ({"url": (TEXT, ...)}, "point the station at another CSMS; it reconnects there"),
    "plug_in": ({"evse_id": (INT, 1), "connector_id": (INT, 1)}, "plug the cable in"),
    "unplug": ({"evse_id": (INT, 1), "connector_id": (INT, 1)}, "unplug the cable"),
    "present_token": ({"id_token": (TEXT, ...), "token_type": (TEXT, "ISO14443"), "evse_id": (INT, 1)},
                      "present an idToken (1.6: an idTag; evse_id is the connector)"),
    "start_session": ({"evse_id": (INT, 1), "id_token": (TEXT, ...), "token_type": (TEXT, "ISO14443")},
                      "plug in and present an idToken"),
    "stop_session": ({"evse_id": (INT, 1)}, "end the session locally: the same token again, then unplug"),
    "send_message": ({"action": (TEXT, ...), "payload": (JSON, {})},
                     "send one OCPP message with this payload now; answers the CSMS's response"),
    "request_message": ({"action": (TEXT, ...)}, "send one message of the station's own making now"),
    "ev_suspend": ({"evse_id": (INT, 1), "connector_id": (INT, 1)}, "the EV suspends the energy transfer"),
    "ev_resume": ({"evse_id": (INT, 1), "connector_id": (INT, 1)}, "the EV takes energy again"),
    "ev_not_ready": ({"evse_id": (INT, 1), "connector_id": (INT, 1)},
                     "the EV is (once plugged in) not ready for the energy transfer"),
    "unplug_at_ev": ({"evse_id": (INT, 1), "connector_id": (INT, 1)},
                     "the cable comes out on the EV side (it stays in the station)"),
    "plug_in_at_ev": ({"evse_id": (INT, 1), "connector_id": (INT, 1)}, "the cable goes back into the EV"),
    "drive_into_parking_bay": ({"evse_id": (INT, 1)},
                               "an EV drives into the parking bay of the EVSE (its parking bay sensor sees it)"),
    "drive_out_of_parking_bay": ({"evse_id": (INT, 1)}, "the EV drives out of the parking bay of the EVSE"),
    "select_stop_all_transactions": ({}, "at the user interface, the Master Pass holder selects to stop all "
                                         "transactions (a station started with --user-interface)"),
    "select_stop_transaction": ({"evse_id": (INT, 1)},
                                "at the user interface, the Master Pass holder selects to stop the transaction on "
                                "the EVSE"),
    "disconnect_ev": ({"connector_id": (INT, 1)}, "1.6: the cable is pulled out on the EV side"),
    "plug_in_halfway": ({"connector_id": (INT, 1)}, "1.6: the cable is plugged in but cannot lock"),
    "set_fault": ({"connector_id": (INT, 1), "error_code": (TEXT, "OtherError")}, "1.6: a fault at a connector"),
    "clear_fault": ({"connector_id": (INT, 1)}, "1.6: the fault is gone"),
    "break_lock": ({"connector_id": (INT, 1)}, "1.6: the connector lock fails"),
    "power_failure": ({}, "1.6: the mains power fails and comes back"),
    "wait_queued": ({"action": (TEXT, ...), "count": (INT, ...), "timeout": (float, 30.0)},
                    "wait until the station holds this many queued messages of the action (while offline)"),
    "factory_reset": ({}, "switch off and forget everything: the next power_on starts a new station"),
}


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


# What makes a station who it is: a power_on that changes one of these starts a new station.
IDENTITY = ("station_id", "ocpp_version", "password", "security_profile", "tls_ca_cert", "tls_client_cert",
            "tls_client_key")


class ControlApi:
    """Serves the control API for one station, made by `factory(csms_url=..., station_id=...,
    ocpp_version=..., password=..., security_profile=..., tls_ca_cert=..., tls_client_cert=...,
    tls_client_key=...)`, on the station's event loop."""

    def __init__(self, factory, station_id="CS001", csms_url=None, ocpp_version="2.0.1", password=None,
                 host="127.0.0.1", port=0, security_profile=1, tls_ca_cert=None, tls_client_cert=None,
                 tls_client_key=None):
        self.factory = factory
        self.identity = {"station_id": station_id, "csms_url": csms_url, "ocpp_version": ocpp_version,
                         "password": password, "security_profile": security_profile, "tls_ca_cert": tls_ca_cert,
                         "tls_client_cert": tls_client_cert, "tls_client_key": tls_client_key}
        self.station = None
        self.host = host
        self.port = port
        self._runner = None
        self._lock = asyncio.Lock()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    async def start(self):
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self):
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def close(self):
        await self.stop()
        if self.station is not None:
            await self.station.close()

    # ------------------------------------------------------------------ HTTP

    async def _dispatch(self, request):
        try:
            body = await self._route(request)
            return _json(200, {"ok": True, **body})
        except ApiError as exc:
            return _json(exc.status, {"ok": False, "error": exc.message})
        except StationError as exc:
            return _json(409, {"ok": False, "error": str(exc)})
        except Exception as exc:    # a bug: say so rather than drop the connection
            log.exception("control API failed on %s %s", request.method, request.path)
            return _json(500, {"ok": False, "error": f"internal error: {type(exc).__name__}: {exc}"})

    async def _route(self, request):
        name = request.path.strip("/")
        if name == "status":
            return self.status()
        if name not in ENDPOINTS:
            raise ApiError(404, f"unknown endpoint /{name}; the endpoints are GET /status and POST "
                                + ", ".join(f"/{e}" for e in ENDPOINTS))
        if request.method != "POST":
            raise ApiError(405, f"/{name} takes POST")
        spec, _ = ENDPOINTS[name]
        params = _parameters(spec, await _fields(request))
        async with self._lock:          # one physical action at a time, as at a real station
            result = await getattr(self, f"do_{name}")(**params)
        return result or {}

    def status(self):
        station = self.station
        state = {"station_id": self.identity["station_id"], "ocpp_version": self.identity["ocpp_version"],
                 "csms_url": self.identity["csms_url"], "exists": station is not None}
        if station is not None:
            state.update(powered=bool(station._powered), connected=station.connected,
                         registration=station.registration, csms_url=station.csms_url)
        return state

    # ------------------------------------------------------------------ actions

    def _need_station(self):
        if self.station is None:
            raise ApiError(409, "the station is off and has never been switched on: POST /power_on first")
        return self.station

    async def do_power_on(self, **given):
        # A parameter given empty means "none" (no password, no CA installed); one not given keeps its value.
        changes = {k: (v if v != "" else None) for k, v in given.items() if v is not None}
        if changes.get("ocpp_version", "2.0.1") not in ("2.0.1", "1.6"):
            raise ApiError(400, f"ocpp_version is 2.0.1 or 1.6, not {changes['ocpp_version']!r}")
        if changes.get("security_profile") is None and "security_profile" in changes:
            changes["security_profile"] = 1
        if changes.get("security_profile", 1) not in (1, 2, 3):
            raise ApiError(400, f"security_profile is 1, 2 or 3, not {changes['security_profile']}")
        new_identity = dict(self.identity, **changes)
        if not new_identity["csms_url"] or not new_identity["station_id"]:
            raise ApiError(400, "the station has no CSMS URL or identity: give csms_url and station_id "
                                "(or start it with --csms-url)")
        same = self.station is not None and all(new_identity[k] == self.identity[k] for k in IDENTITY)
        if self.station is not None and not same:
            await self.station.close()
            self.station = None
        self.identity = new_identity
        if self.station is None:
            self.station = self.factory(**new_identity)
        else:
            if self.station._powered:
                await self.station.power_off()          # a cold boot
            self.station.csms_url = new_identity["csms_url"].rstrip("/")
        await self.station.power_on()
        return self.status()

    async def do_power_off(self):
        if self.station is not None:
            await self.station.power_off()

    async def do_factory_reset(self):
        if self.station is not None:
            await self.station.close()
            self.station = None

    async def do_reconnect(self):
        await self._need_station().reconnect()

    async def do_go_offline(self):
        await self._need_station().go_offline()

    async def do_go_online(self):
        await self._need_station().go_online()

    async def do_set_csms_url(self, url):
        self.identity["csms_url"] = url
        await self._need_station().set_csms_url(url)

    async def do_plug_in(self, evse_id, connector_id):
        await self._need_station().plug_in(evse_id, connector_id)

    async def do_unplug(self, evse_id, connector_id):
        await self._need_station().unplug(evse_id, connector_id)

    async def do_present_token(self, id_token, token_type, evse_id):
        return {"idTokenInfo": await self._need_station().present_token(id_token, token_type, evse_id)}

    async def _v201(self, name, *args):
        station = self._need_station()
        method = getattr(station, name, None)
        if method is None or self.identity["ocpp_version"] == "1.6":
            raise ApiError(422, f"{name} is an OCPP 2.0.1 action; the station speaks "
                                f"{self.identity['ocpp_version']}")
        await method(*args)

    async def do_ev_suspend(self, evse_id, connector_id):
        await self._v201("ev_suspend", evse_id, connector_id)

    async def do_ev_resume(self, evse_id, connector_id):
        await self._v201("ev_resume", evse_id, connector_id)

    async def do_ev_not_ready(self, evse_id, connector_id):
        await self._v201("ev_not_ready", evse_id, connector_id)

    async def do_unplug_at_ev(self, evse_id, connector_id):
        await self._v201("unplug_at_ev", evse_id, connector_id)

    async def do_plug_in_at_ev(self, evse_id, connector_id):
        await self._v201("plug_in_at_ev", evse_id, connector_id)

    async def do_drive_into_parking_bay(self, evse_id):
        await self._v201("drive_into_parking_bay", evse_id)

    async def do_drive_out_of_parking_bay(self, evse_id):
        await self._v201("drive_out_of_parking_bay", evse_id)

    async def do_select_stop_all_transactions(self):
        await self._v201("select_stop_all_transactions")

    async def do_select_stop_transaction(self, evse_id):
        await self._v201("select_stop_transaction", evse_id)

    async def do_start_session(self, evse_id, id_token, token_type):
        return {"idTokenInfo": await self._need_station().start_session(evse_id, id_token, token_type)}

    async def do_stop_session(self, evse_id):
        await self._need_station().stop_session(evse_id)

    async def do_send_message(self, action, payload):
        if not isinstance(payload, dict):
            raise ApiError(400, "payload must be a JSON object")
        return _outcome(await self._need_station().send_message(action, payload))

    async def do_request_message(self, action):
        station = self._need_station()
        makers = {"SignCertificate": station.sign_certificate, "SecurityEventNotification": station.security_event,
                  "Heartbeat": lambda: station.send_message("Heartbeat", {})}
        if self.identity["ocpp_version"] != "1.6":
            makers.update({"Get15118EVCertificate": station.get_15118_ev_certificate,
                           "GetCertificateStatus": station.get_certificate_status})
        if action not in makers:
            raise ApiError(422, f"the reference station makes no {action} of its own on demand; it can make "
                                + ", ".join(sorted(makers)))
        return _outcome(await makers[action]())

    async def _v16(self, name, *args):
        station = self._need_station()
        method = getattr(station, name, None)
        if method is None:
            raise ApiError(422, f"{name} is an OCPP 1.6 Charge Point action; the station speaks "
                                f"{self.identity['ocpp_version']}")
        await method(*args)

    async def do_disconnect_ev(self, connector_id):
        await self._v16("disconnect_ev", connector_id)

    async def do_plug_in_halfway(self, connector_id):
        await self._v16("plug_in_halfway", connector_id)

    async def do_set_fault(self, connector_id, error_code):
        await self._v16("set_fault", connector_id, error_code)

    async def do_clear_fault(self, connector_id):
        await self._v16("clear_fault", connector_id)

    async def do_break_lock(self, connector_id):
        await self._v16("break_lock", connector_id)

    async def do_power_failure(self):
        await self._v16("power_failure")

    async def do_wait_queued(self, action, count, timeout):
        station = self._need_station()

        def queued():
            return len([item for item in station._outbox if item.action == action])
        if not await station.wait_until(lambda: queued() >= count, timeout):
            raise ApiError(409, f"the reference station queued {queued()} {action} messages within {timeout:g} s, "
                                f"not {count}")
        return {"queued": queued()}


def _outcome(outcome):
    """A CallOutcome as an answer: 200 with the CSMS's response, else 409 saying what happened."""
    if not outcome.ok:
        raise ApiError(409, f"the reference station sent {outcome.action}; {outcome.describe()}")
    return {"action": outcome.action, "response": outcome.response}


async def _fields(request):
    fields = dict(parse_qsl(request.query_string, keep_blank_values=True))
    raw = await request.read()
    if not raw.strip():
        return fields
    text = raw.decode("utf-8", errors="replace")
    if request.content_type == "application/json" or text.lstrip().startswith("{"):
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise ApiError(400, f"the body is not JSON: {exc}") from None
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        fields.update(body)
    else:
        fields.update(parse_qsl(text, keep_blank_values=True))
    return fields


def _parameters(spec, fields):
    unknown = set(fields) - set(spec)
    if unknown:
        raise ApiError(400, f"unknown parameter(s) {', '.join(sorted(unknown))}; this endpoint takes "
                            + (", ".join(spec) or "none"))
    params = {}
    for name, (kind, default) in spec.items():
        if name in fields and fields[name] == "" and default is None:
            params[name] = ""           # given empty: "none" (power_on), not "keep"
            continue
        if name not in fields or fields[name] in ("", None):
            if default is ...:
                raise ApiError(400, f"{name} is required")
            params[name] = default
            continue
        value = fields[name]
        try:
            if kind == JSON:
                params[name] = json.loads(value) if isinstance(value, str) else value
            elif kind in (int, float):
                params[name] = kind(value)
            else:
                params[name] = str(value)
        except (TypeError, ValueError) as exc:
            raise ApiError(400, f"{name} {value!r} is not {'JSON' if kind == JSON else kind.__name__}: {exc}") \
                from None
    return params


def _json(status, body):
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
