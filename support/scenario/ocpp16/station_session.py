"""One @ocpp16 @station scenario: the suite plays the OCPP 1.6 Central System (the test CSMS, which
serves the station in the subprotocol it chose) and a driver makes the Charge Point under test act.

StationScenarioSession16 is StationScenarioSession (support/scenario/station_session.py) for 1.6: the
station identity is sut_station_id_16, the embedded system under test is the 1.6 reference station
(support/reference/station/ocpp16.py), connectors are numbered 1..N with connector 0 for the Charge
Point, and every field, enum and action is checked against the OCPP 1.6 schemas.
"""
import json

from .. import expect
from ...csms.ocpp16.scripted import build_change_configuration
from ...rpc import CALLRESULT
from ...reference.station.ocpp16 import ReferenceStation16, ReferenceStationSettings16, StationFaults16
from ...reference.station.station import compressed_backoff
from ..station_session import CLOSED, StationScenarioSession
from ...targets import station_commands, station_manual
from ...targets.station import EmbeddedStationDriver, SapSimulatorDriver, StationDriverError
from ..words import enum_value
from .station_security16 import REFUSED, provision16

VERSION = "1.6"


def session16(context):
    """The scenario's StationScenarioSession16 (steps of @ocpp16 @station features)."""
    session = getattr(context, "session", None)
    if getattr(session, "direction", None) != "station":
        raise AssertionError("this sentence is for @station scenarios (the suite plays the CSMS); "
                             "tag the scenario or feature @station")
    if session.version != VERSION:
        raise AssertionError("this sentence is for OCPP 1.6 Charge Points; tag the scenario or feature @ocpp16")
    return session


class EmbeddedStationDriver16(EmbeddedStationDriver):
    """Drives the 1.6 reference station: what EmbeddedStationDriver does, plus the manual actions of
    the OCTT 1.6 Charge Point cases (EV side disconnected, cable half in, a fault, a broken lock,
    a power failure)."""

    name = "embedded OCPP 1.6 reference station"

    async def disconnect_ev(self, connector_id=1):
        await self._do(self.station.disconnect_ev(connector_id))

    async def plug_in_halfway(self, connector_id=1):
        await self._do(self.station.plug_in_halfway(connector_id))

    async def set_fault(self, connector_id=1, error_code="OtherError"):
        await self._do(self.station.set_fault(connector_id, error_code))

    async def clear_fault(self, connector_id=1):
        await self._do(self.station.clear_fault(connector_id))

    async def break_lock(self, connector_id=1):
        await self._do(self.station.break_lock(connector_id))

    async def power_failure(self):
        await self._do(self.station.power_failure())

    async def wait_queued(self, action, count, timeout=None):
        """Wait until the station holds `count` queued messages of this action (while offline)."""
        station = self.station
        timeout = timeout or station.settings.call_timeout + count * 2
        held = await station.wait_until(lambda: len([i for i in station._outbox if i.action == action]) >= count,
                                        timeout)
        if not held:
            queued = len([i for i in station._outbox if i.action == action])
            raise StationDriverError(f"the reference station queued {queued} {action} messages, not {count}")

    async def request_message(self, action):
        station = self.station
        makers = {"SignCertificate": station.sign_certificate,
                  "SecurityEventNotification": station.security_event,
                  "Heartbeat": lambda: station.send_message("Heartbeat", {})}
        if action not in makers:
            raise StationDriverError(f"the 1.6 reference station makes no {action} of its own on demand; "
                                     f"it can make {', '.join(sorted(makers))}")
        outcome = await self._do(makers[action]())
        if not outcome.ok:
            raise StationDriverError(f"the reference station sent {action}; {outcome.describe()}")
        return outcome.response


# What a Given step can change about the embedded station before it starts (ReferenceStationSettings16).
STATION_SETTINGS = {"fixed_cable", "backup_power", "feature_profiles", "local_list_storage_fails", "password"}


class StationScenarioSession16(StationScenarioSession):
    """A station-direction scenario against an OCPP 1.6 Charge Point."""

    def __init__(self, runtime, config, csms, trace, station_faults=""):
        super().__init__(runtime, config, csms, trace, station_faults, version=VERSION)
        self.station_settings = {}

    # ------------------------------------------------------------------ the Charge Point under test

    def connectors(self):
        """The connector ids of the Charge Point (1..number_of_evses)."""
        return list(range(1, self.config.integer("number_of_evses") + 1))

    @property
    def connector_id(self):
        """<Configured ConnectorId> of the OCTT cases."""
        return self.config.integer("connector_id")

    def configure_station(self, **changes):
        """What the Charge Point is like (a fixed cable, its feature profiles ...): for the embedded
        station, set before it starts; a real Charge Point must be set up so by the tester."""
        unknown = set(changes) - STATION_SETTINGS
        if unknown:
            raise expect.StepError(f"cannot configure {', '.join(sorted(unknown))}")
        if self.config.station_driver != "embedded":
            from ..outcomes import NotRun
            raise NotRun(f"the Charge Point under test must be set up by hand for this case ({changes}); the "
                         f"{self.config.station_driver} driver cannot change it")
        if self.driver is not None:
            self.fail("configure the Charge Point before it powers up (put this step before 'the station has booted')")
        self.station_settings.update(changes)

    def make_driver(self):
        config = self.config
        if config.station_driver == "embedded":
            scale = self.time_scale
            settings_changes = dict(self.station_settings)
            password = settings_changes.pop("password", None)
            settings = ReferenceStationSettings16(
                time_scale=scale, min_retry_interval=max(0.05, 30 * scale),
                reconnect_backoff=compressed_backoff(scale),
                lifecycle_step=max(0.01, scale * 0.2), call_timeout=self.timeout,
                evses={c: 1 for c in self.connectors()},
                transaction_message_retry_interval=max(0.02, scale), **settings_changes)
            try:
                faults = StationFaults16.parse(self.station_faults)
            except ValueError as exc:
                self.fail(str(exc))
            # the CSMS root, TLS, the client certificate and password of the scenario's security profile
            url, provisioned_password = provision16(self, settings)
            return EmbeddedStationDriver16(ReferenceStation16(
                self.station_id, url, password if password is not None else provisioned_password,
                settings=settings, faults=faults))
        if config.station_driver == "sap":
            if not config.station_ui_url:
                self.fail("station_driver=sap needs the simulator's UI URL (-D station_ui_url=ws://...)")
            return SapSimulatorDriver(config.station_ui_url, station_id=self.station_id,
                                      username=config.station_ui_user or None,
                                      password=config.station_ui_password or None, ocpp_version=VERSION,
                                      csms_url=self.csms.url)
        if config.station_driver == "commands":
            return station_commands.for_session(self)
        if config.station_driver == "manual":
            return station_manual.for_session(self)
        self.fail(f"'{config.station_driver}' is not a station driver; use embedded, sap, commands or manual")

    def act(self, what, *args):
        if self.driver is None:
            self.driver = self.make_driver()
        if not hasattr(self.driver, what):
            # a driver that has no such action says nothing about the Charge Point: not run
            from ..outcomes import NotRun
            raise NotRun(f"the station driver cannot {what} ({self.driver.describe()} has no such action)")
        return super().act(what, *args)

    def boot(self):
        """Power the Charge Point up; wait until the CSMS accepted its BootNotification and it reported
        every connector Available. Connector 0 is not waited for: OCPP 1.6 section 4.9 lets a Charge
        Point send StatusNotification (it MAY), and OCTT checks connector 0 only where a case says so
        (TC_001_CS: "the Charge Point sends StatusNotification ... for connector 0 and every
        connector"). A connector-0 status it sent with its boot is passed over, so a later step does
        not take it for a new one."""
        self.act("power_on")
        boot = self._accepted_boot()
        for connector_id in self.connectors():
            self.expect_status16("Available", connector_id)
        for entry in self.messages("StatusNotification"):
            if entry.seq > boot.seq and entry.frame.payload.get("connectorId") == 0:
                self.consumed.add(entry.seq)

    def _accepted_boot(self):
        """The accepted BootNotification (StationScenarioSession._accepted_boot: the reboot deadline,
        and only later messages count from then on). A Charge Point that never got through because the
        test CSMS refused its connections is told why (the security profile it did not meet)."""
        try:
            return super()._accepted_boot()
        except AssertionError:
            refused = [e.text for e in self._events(REFUSED) if e.seq >= (self.power_on_start or 0)]
            if not refused:
                raise
        self.fail("the Charge Point did not boot: the test CSMS refused its connection attempts, as the 1.6 "
                  "security whitepaper has a Central System do (security profile 2: TLS and Basic auth, A00.FR.301-303; "
                  "3: TLS with its certificate as client certificate, A00.FR.401/402):\n  "
                  + "\n  ".join(dict.fromkeys(refused)))

    # ------------------------------------------------------------------ words and commands

    def enum_at(self, action, path, value, is_request=True):
        """An enum value checked against the 1.6 schema at that field (did-you-mean on a typo)."""
        node, def_name = expect.schema_node(VERSION, action, is_request, path)
        if node is not None and "enum" in node:
            expect.check_enum(value, node["enum"], def_name or f"{action}.{path.rsplit('.', 1)[-1]}")
        return value

    def command(self, action, payload=None):
        """Send a command now; in a given payload "(now)", "(now+N)", "(now-N)" and "(transactionId)"
        are filled in."""
        if payload is not None and not callable(payload):
            payload = self._fill(payload)
        return super().command(action, payload)

    def _fill(self, value):
        import datetime as _dt
        import re
        if isinstance(value, dict):
            return {k: self._fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v) for v in value]
        if value == "(transactionId)":
            return self.current_transaction_id()
        if isinstance(value, str):
            match = re.fullmatch(r"\(now(?:([+-])(\d+(?:\.\d+)?))?\)", value)
            if match:
                offset = float(match[2] or 0) * (-1 if match[1] == "-" else 1)
                moment = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=offset)
                # milliseconds: whole seconds would start a profile up to a second before "now"
                return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return value

    def reserve(self, connector_id, id_tag, expiry=None, parent_id_tag=None):
        """ReserveNow with a new reservationId (remembered for CancelReservation)."""
        from ...csms.ocpp16.scripted import build_reserve_now16
        self._reservation_ids = getattr(self, "_reservation_ids", [])
        reservation_id = 100 + len(self._reservation_ids) + 1
        self._reservation_ids.append(reservation_id)
        if expiry is None:
            expiry = self.config.seconds("reservation_duration")
        return self.command("ReserveNow", build_reserve_now16(reservation_id, id_tag, connector_id, expiry,
                                                              parent_id_tag))

    def last_reservation_id(self, default=None):
        ids = getattr(self, "_reservation_ids", [])
        if ids:
            return ids[-1]
        if default is not None:
            return default
        self.fail("the CSMS has sent no ReserveNow in this scenario")

    def check_reservation_used(self):
        start = self.latest_message("StartTransaction").frame.payload
        reserve = self.command_request("ReserveNow")
        if start.get("reservationId") != reserve["reservationId"]:
            self.fail(f"the station's StartTransaction has reservationId {json.dumps(start.get('reservationId'))}; "
                      f"the ReserveNow had reservationId {reserve['reservationId']}")

    def keys_up_to_max(self):
        """Keys of the Charge Point's first full GetConfiguration report, as many as its
        GetConfigurationMaxKeys allows (TC_019_CS step 7)."""
        reported, maximum = [], None
        for call, answer in self._csms_calls("GetConfiguration"):
            if answer is None or answer.frame.type != CALLRESULT:
                continue
            items = answer.frame.payload.get("configurationKey", [])
            if not call.frame.payload.get("key") and not reported:
                reported = [item["key"] for item in items]
            for item in items:
                if item.get("key") == "GetConfigurationMaxKeys":
                    maximum = int(item.get("value") or 0)
        if not reported:
            self.fail("the Charge Point has not reported all its keys in this scenario (GetConfiguration for every key)")
        if maximum is None:
            self.fail("the Charge Point has not reported GetConfigurationMaxKeys in this scenario")
        return reported[:maximum]

    def check_all_keys_answered(self):
        outcome = self.command_outcome("GetConfiguration")
        asked = outcome.request.get("key") or []
        answer = self.check_command_answer("GetConfiguration", [("unknownKey", "(empty)")])
        listed = {item["key"] for item in answer.get("configurationKey", [])}
        missing = [k for k in asked if k not in listed]
        if missing:
            self.fail(f"the station's GetConfiguration answer lacks {', '.join(missing)}")

    def install_certificate_payload(self, certificate_type, expired=False):
        from ...csms.scripted import _pki
        from ...csms.ocpp16.scripted import build_install_certificate16
        pki = _pki()
        if not expired:
            return build_install_certificate16(pki.root_pem, certificate_type)
        import datetime
        from ...pki.authority import CertificateAuthority, pem
        expired = CertificateAuthority.root("Expired Test Root", validity=datetime.timedelta(days=-1))
        return build_install_certificate16(pem(expired.certificate), certificate_type)

    def delete_installed_payload(self):
        """DeleteCertificate of the installed certificate, hashed with the algorithm the station reported."""
        from cryptography import x509
        from ...reference.station.station import certificate_hash_data
        request = self.command_request("InstallCertificate")
        certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
        data = certificate_hash_data(certificate)
        for call, answer in reversed(self._csms_calls("GetInstalledCertificateIds")):
            if answer is not None and answer.frame.type == CALLRESULT:
                for item in answer.frame.payload.get("certificateHashData", []):
                    if item.get("serialNumber", "").lower() == data["serialNumber"]:
                        return {"certificateHashData": dict(item)}
        return {"certificateHashData": data}

    # ------------------------------------------------------------------ smart charging

    def check_composite(self, spec):
        """The Charge Point's last GetCompositeSchedule answer has these periods ("0: 8, 50: 10"),
        counted from the startSchedule of the CSMS's last charging profile: a period OCTT gives at
        `start` is expected at start - x, x being the time from that startSchedule to the composite's
        scheduleStart (within two seconds)."""
        answer = self.command_answer_entry("GetCompositeSchedule").frame.payload
        if answer.get("status") != "Accepted" or "chargingSchedule" not in answer:
            self.fail(f"the station answered GetCompositeSchedule without a schedule: {json.dumps(answer)}")
        schedule = answer["chargingSchedule"]
        begin = answer.get("scheduleStart") or schedule.get("startSchedule")
        if begin is None:
            self.fail(f"the station's composite schedule has no scheduleStart: {json.dumps(answer)}")
        reference = self._profile_start()
        x = (expect_time(self, begin) - reference) if reference is not None else 0.0
        expected = []
        for part in spec.split(","):
            start, _, limit = part.partition(":")
            expected.append((float(start) - x, float(limit)))
        shifted = []
        for start, limit in expected:
            if start <= 0 and shifted:
                shifted = []
            shifted.append((max(0.0, start), limit))
        actual = [(p["startPeriod"], float(p["limit"])) for p in schedule.get("chargingSchedulePeriod", [])]
        window = schedule.get("duration")
        if window is not None and x > 0 and len(actual) > len(shifted):
            # the composite window began x s after the profiles (a clock second between them): a trailing
            # period in its last x (+2) seconds, after every expected one, is the limit once the profiles
            # end, which OCTT's periods do not cover
            last_expected = max(start for start, _ in shifted)
            actual = [p for p in actual if not (p[0] > last_expected + 2 and p[0] >= float(window) - x - 2)]
        shown = ", ".join(f"{s:g}: {v:g}" for s, v in actual)
        wanted = ", ".join(f"{s:.0f}: {v:g}" for s, v in shifted)
        if len(actual) != len(shifted) or any(abs(a[0] - e[0]) > 2 or abs(a[1] - e[1]) > 0.01
                                                for a, e in zip(actual, shifted)):
            self.fail(f"the station's composite schedule has the periods {shown}; expected {wanted} "
                      f"(x = {x:.1f} s after the profiles' start)")

    def _profile_start(self):
        """Epoch seconds of the startSchedule of the CSMS's last charging profile, or None."""
        for action, path in (("SetChargingProfile", ("csChargingProfiles", "chargingSchedule", "startSchedule")),
                             ("RemoteStartTransaction", ("chargingProfile", "chargingSchedule", "startSchedule"))):
            for call, answer in reversed(self._csms_calls(action)):
                node = call.frame.payload
                for key in path:
                    node = node.get(key) if isinstance(node, dict) else None
                if node:
                    return expect_time(self, node)
        return None

    def check_composite_start(self, seconds):
        answer = self.command_answer_entry("GetCompositeSchedule").frame.payload
        begin = answer.get("scheduleStart") or answer.get("chargingSchedule", {}).get("startSchedule")
        if begin is None:
            self.fail(f"the station's composite schedule has no start: {json.dumps(answer)}")
        import time
        gap = abs(time.time() - expect_time(self, begin))
        if gap > seconds:
            self.fail(f"the station's composite schedule starts {gap:.1f} s away from the current time; at most "
                      f"{seconds:g} s is allowed")

    # ------------------------------------------------------------------ the tool's reusable states

    def reported_status(self, connector_id):
        """The status the station last reported for a connector in this scenario (None: none yet)."""
        for entry in reversed(self.messages("StatusNotification")):
            if entry.seq >= self.floor and entry.frame.payload.get("connectorId") == connector_id:
                return entry.frame.payload.get("status")
        return None

    def reusable_authorized(self, connector_id, id_tag):
        """OCTT reusable state Authorized: Authorize for the idTag (Accepted) and, unless the connector
        was already Preparing, StatusNotification Preparing (in either order)."""
        was_preparing = self.reported_status(connector_id) == "Preparing"
        self.act("present_token", id_tag, "ISO14443", connector_id)
        self.expect_message("Authorize", [("idTag", id_tag)])
        self.check_csms_answer("Authorize", [("idTagInfo.status", "Accepted")])
        if not was_preparing:
            self.expect_status16("Preparing", connector_id)

    def reusable_charging(self, connector_id, id_tag, profile=None):
        """OCTT reusable state Charging (plug-in first, then a remote start, with a charging profile
        when given)."""
        from ...csms.ocpp16.scripted import build_get_configuration, build_remote_start_transaction
        self.command("GetConfiguration", build_get_configuration(["AuthorizeRemoteTxRequests"]))
        answer = self.check_command_answer("GetConfiguration", [("configurationKey[0].key",
                                                                 "AuthorizeRemoteTxRequests")])
        authorize = str(answer["configurationKey"][0].get("value", "")).lower() == "true"
        # OCTT: a connector that is Reserved stays so when the cable goes in; it is Preparing once the
        # remote start for the reservation's idTag comes (steps 3 and 7 of the reusable state).
        reserved = self.reported_status(connector_id) == "Reserved"
        self.act("plug_in", connector_id, 1)
        if not reserved:
            self.expect_status16("Preparing", connector_id)
        self.command("RemoteStartTransaction", build_remote_start_transaction(id_tag, connector_id, profile))
        self.check_command_answer("RemoteStartTransaction", [("status", "Accepted")])
        if reserved:
            self.expect_status16("Preparing", connector_id)
        if authorize:
            self.expect_message("Authorize", [("idTag", id_tag)], after=self.command_answer_entry(
                "RemoteStartTransaction"))
            self.check_csms_answer("Authorize", [("idTagInfo.status", "Accepted")])
        self.expect_message("StartTransaction", [("connectorId", str(connector_id)), ("idTag", id_tag)])
        self.check_csms_answer("StartTransaction", [("idTagInfo.status", "Accepted")])
        self.expect_status16("Charging", connector_id)

    def memory_cached(self, id_tag):
        """OCTT memory state IdTagCached: Charging, stopped with the idTag, the cable unplugged."""
        connector_id = self.connector_id
        self.reusable_charging(connector_id, id_tag)
        self.act("present_token", id_tag, "ISO14443", connector_id)
        self.expect_message("StopTransaction", [("transactionId", str(self.current_transaction_id()))])
        self.expect_status16("Finishing", connector_id)
        self.act("unplug", connector_id, 1)
        self.expect_status16("Available", connector_id)

    def expect_none_of(self, actions, seconds):
        for action in actions:
            self.action(action)
        entry = self.trace.wait_for(lambda e: e.seq not in self.consumed and self._counts(e) and any(
            self._from_station(e, a) for a in actions), seconds, self.floor)
        if entry is not None:
            self.fail(f"the station sent {entry.frame.action}Request although it should not have: {entry.text}")

    # ------------------------------------------------------------------ statuses

    def expect_status16(self, status, connector_id, error_code=None, after=None):
        """The station's next StatusNotification for this connector has this status (and errorCode).
        Once a step has matched a BootNotification after the scenario's first boot (a reset, a firmware
        update, a power failure), only statuses sent after that boot count (OCTT: step 9 after step 7):
        a status from before the reboot is not the one the Charge Point reports after it."""
        if after is None:
            boot = self.last_matched.get("BootNotification")
            if boot is not None and boot.seq > self.floor:
                after = boot
        statuses = [enum_value("ChargePointStatus", s.strip().strip('"'), VERSION) for s in status.split(" or ")]
        rows = [("status", " or ".join(statuses)), ("connectorId", str(connector_id))]
        if error_code:
            rows.append(("errorCode", enum_value("ChargePointErrorCode", error_code, VERSION)))
        return self.expect_message(
            "StatusNotification", rows, after=after,
            matches=lambda p: p.get("connectorId") == connector_id and p.get("status") in statuses,
            what=f" with status {' or '.join(statuses)} for connector {connector_id}")

    def expect_status(self, status, evse, connector):
        return self.expect_status16(status, evse)

    def expect_status_everywhere(self, status):
        """Every connector (1..N) reports this status; connector 0 only where a case asks for it
        (expect_status_with_connector_zero)."""
        for connector_id in self.connectors():
            self.expect_status16(status, connector_id)

    def expect_status_with_connector_zero(self, status):
        """Connector 0 and every connector report this status (OCTT: "per connector and connectorId=0",
        TC_001, 002, 013, 015, 016 and the SetChargePointUnavailable state)."""
        for connector_id in [0] + self.connectors():
            self.expect_status16(status, connector_id)

    def expect_status_after_optional(self, action, status, optional):
        """The station's next `action` has status `status`, or `optional` first and then `status`
        (OCTT TC_044_2_CS step 3: Downloading is optional, "the download may fail immediately";
        TC_044_3_CS step 7: Installing is optional, "the installation may fail immediately")."""
        status = self.enum_at(action, "status", status)
        optional = self.enum_at(action, "status", optional)
        first = self.expect_message(action, [("status", f"{optional} or {status}")])
        if first.frame.payload.get("status") == status:
            return first
        return self.expect_message(action, [("status", status)], after=first)

    def expect_restart_after_soft_reset(self, status, connector_id, others_status, with_zero):
        """OCTT TC_014_CS / TC_016_CS steps 7 to 10: after a soft reset the Charge Point MAY restart
        ("[This message is optional.]" BootNotification); when it does, the test CSMS accepts its boot and
        it reports `status` for this connector and `others_status` for the other connectors (and for
        connector 0 when `with_zero`: TC_016_CS "[Send per connector and connectorId=0.]"), after that
        boot. A restart shows by a BootNotification or by its connection closing after the Reset answer,
        within station_timeout; without either it stayed up, no restart is awaited, and there is nothing
        more to check (OCTT: the statuses "will only be sent if step 7 is sent")."""
        answer = self.command_answer_entry("Reset")
        sign = self.trace.wait_for(
            lambda e: (self._from_station(e, "BootNotification") and e.seq not in self.consumed)
            or self._is_event(e, CLOSED), self.timeout, answer.seq + 1)
        if sign is None:
            self.reboot_cause = None
            self.trace.event(self.station_id, f"the Charge Point did not restart within {self.timeout:g} s after "
                                              f"the soft reset (OCTT: its BootNotification is optional)")
            return None
        boot = self.expect_message("BootNotification", after=answer,
                                   what=" after its connection closed (it restarts after the soft reset)")
        self.check_csms_answer("BootNotification", [("status", "Accepted")], entry=boot)
        # the other connectors first: the connector's own status after a restart depends on a cable still
        # in it, which a simulator's driver may only play (it may forget it across the restart)
        others = ([0] if with_zero else []) + [c for c in self.connectors() if c != connector_id]
        for other in others:
            self.expect_status16(others_status, other, after=boot)
        self.expect_status16(status, connector_id, after=boot)
        return boot

    # ------------------------------------------------------------------ transactions

    def transaction_entries(self, connector_id=None):
        """(StartTransaction entry, CSMS answer entry) of the station's transactions, in order."""
        result = []
        for entry in self.messages("StartTransaction"):
            if connector_id is None or entry.frame.payload.get("connectorId") == connector_id:
                result.append((entry, self.answer_of_csms(entry)))
        return result

    def current_transaction_id(self):
        """The transactionId the CSMS gave the station's latest StartTransaction."""
        started = self.transaction_entries()
        if not started:
            self.fail("the station has not sent StartTransaction in this scenario")
        start, answer = started[-1]
        if answer is None or answer.frame.type != CALLRESULT:
            self.fail(f"the CSMS did not answer the station's StartTransaction {start.text}")
        return answer.frame.payload["transactionId"]

    def check_stop_matches_start(self):
        """The StopTransaction a step matched last names the transactionId the CSMS gave its
        StartTransaction, and its meterStop is not below that meterStart."""
        stop = self.latest_message("StopTransaction").frame.payload
        if "meterStop" not in stop:
            self.fail(f"the station's StopTransaction has no meterStop: {json.dumps(stop)}")
        starts = {}
        for start, answer in self.transaction_entries():
            if answer is not None and answer.frame.type == CALLRESULT:
                starts[answer.frame.payload["transactionId"]] = start.frame.payload
        start = starts.get(stop.get("transactionId"))
        if start is None:
            self.fail(f"the station's StopTransaction names transactionId {stop.get('transactionId')}, which the "
                      f"CSMS did not give it (it gave {sorted(starts) or 'none'})")
        if stop["meterStop"] < start["meterStart"]:
            self.fail(f"the station's StopTransaction has meterStop {stop['meterStop']} Wh, below the meterStart "
                      f"{start['meterStart']} Wh of its StartTransaction")

    def check_stop_id_tag(self, expected_id_tag=None):
        """The idTag of the StopTransaction a step matched last: that of the transaction's start, or given."""
        stop = self.latest_message("StopTransaction").frame.payload
        if expected_id_tag is None:
            starts = {}
            for start, answer in self.transaction_entries():
                if answer is not None and answer.frame.type == CALLRESULT:
                    starts[answer.frame.payload["transactionId"]] = start.frame.payload
            start = starts.get(stop.get("transactionId"))
            if start is None:
                self.fail(f"no StartTransaction of the station got transactionId {stop.get('transactionId')}")
            expected_id_tag = start["idTag"]
        if stop.get("idTag") != expected_id_tag:
            self.fail(f"the station's StopTransaction has idTag {json.dumps(stop.get('idTag'))}; expected "
                      f"{json.dumps(expected_id_tag)}")

    def check_meter_values(self, count, context, measurand_key=None, interval=None, aligned=False, queued=False):
        """The station's next `count` MeterValues for the current transaction: transactionId given,
        every sampled value in this context, the measurands of the configuration key (as the
        station reported it, else Energy.Active.Import.Register) and timestamps `interval`
        protocol seconds apart (aligned to multiples of it when `aligned`). `queued` (TC_036_CS): the
        first ones the station sends once its connection is back, sampled while it was offline
        ("all queued meter values ... before sending any new meter values"): not a new one sampled
        after the reconnection."""
        context = enum_value("ReadingContext", context, VERSION)
        tx_id = self.current_transaction_id()
        start = self.transaction_entries()[-1][0]
        connector_id = start.frame.payload["connectorId"]
        measurands = self.configured_measurands(measurand_key) if measurand_key else []
        previous, stamps = start, []
        reconnected = self._reconnection() if queued else None
        if reconnected is not None:
            previous = reconnected
        for _ in range(count):
            previous = self.expect_message(
                "MeterValues", after=previous,
                what=f" for connector {connector_id} with sampled values in context {context}",
                matches=lambda p: p.get("connectorId") == connector_id and any(
                    sv.get("context") == context for mv in p["meterValue"] for sv in mv["sampledValue"]))
            payload = previous.frame.payload
            if payload.get("transactionId") != tx_id:
                self.fail(f"the station's MeterValues has transactionId {json.dumps(payload.get('transactionId'))}; "
                          f"the transaction's is {tx_id}: {json.dumps(payload)}")
            for meter_value in payload["meterValue"]:
                stamps.append(expect_time(self, meter_value["timestamp"]))
                if reconnected is not None:
                    back = self.trace.wall_t0 + (reconnected.at - self.trace.t0)
                    if stamps[-1] > back + 1:
                        self.fail(f"the station's first MeterValues after its connection came back has the timestamp "
                                  f"{meter_value['timestamp']}, {stamps[-1] - back:.1f} s after it reconnected: a new "
                                  f"sample, not one it queued while offline (OCPP 1.6 section 3.7: an offline Charge "
                                  f"Point queues its transaction-related messages; OCTT TC_036_CS: all queued meter "
                                  f"values, before any new ones)")
                present = {sv.get("measurand", "Energy.Active.Import.Register") for sv in meter_value["sampledValue"]}
                missing = [m for m in measurands or ["Energy.Active.Import.Register"] if m not in present]
                if missing:
                    self.fail(f"the station's MeterValues lacks {', '.join(missing)}: {json.dumps(payload)}")
        if interval is not None:
            wall = self.protocol_seconds(interval)
            gaps = [b - a for a, b in zip(stamps, stamps[1:])]
            if any(abs(g - wall) > max(0.25 * wall, 0.06) for g in gaps):
                self.fail(f"the timestamps of the station's MeterValues are {', '.join(f'{g:.3f}' for g in gaps)} s "
                          f"apart; expected {wall:.3f} s ({interval:g} protocol seconds)")
            if aligned:
                for stamp in stamps:
                    offset = stamp % wall
                    if min(offset, wall - offset) > 0.01:
                        self.fail(f"the station's clock-aligned MeterValues timestamp {stamp:.3f} is not on a multiple "
                                  f"of {wall:.3f} s ({interval:g} protocol seconds)")

    def _reconnection(self):
        """The station's connection event after the scenario gave its connection back (go_online)."""
        from ..station_session import CONNECTED
        given = self.connection_given.get("go_online")
        if given is None:
            self.fail("the station's connection has not been taken away and given back in this scenario")
        connected = self.trace.wait_for(lambda e: self._is_event(e, CONNECTED), self.reboot_timeout, given)
        if connected is None:
            self.fail(f"the station did not connect again within {self.reboot_timeout:g} s after its connection came back")
        return connected

    def configured_measurands(self, key):
        """The measurands of a configuration key as the station reported them in a GetConfiguration."""
        for call, answer in reversed(self._csms_calls("GetConfiguration")):
            if answer is None or answer.frame.type != CALLRESULT:
                continue
            for item in answer.frame.payload.get("configurationKey", []):
                if item.get("key") == key:
                    return [m.strip() for m in (item.get("value") or "").split(",") if m.strip()]
        self.fail(f"the station has not reported the configuration key {key} in this scenario "
                  f"(send GetConfiguration for it first)")

    # ------------------------------------------------------------------ configuration keys

    def set_configuration_precondition(self, key, value):
        """An OCTT configuration state: ChangeConfiguration key=value must be Accepted. What a Charge
        Point may answer instead (an optional key NotSupported, a value Rejected or needing a reboot)
        leaves the case without its precondition: not run, with the reason."""
        from ..outcomes import NotRun
        self.command("ChangeConfiguration", build_change_configuration(key, value))
        status = self.check_command_answer("ChangeConfiguration", [("status", "(present)")]).get("status")
        if status == "Accepted":
            return
        required = {name for keys in REQUIRED_KEYS.values() for name, _ in keys}
        if status == "NotSupported" and key in required:
            self.fail(f"the station answered ChangeConfiguration of {key} with NotSupported; OCPP 1.6 section 9 "
                      f"(OCTT TC_019_CS) requires the key")
        why = ("does not support the optional configuration key" if status == "NotSupported"
               else f"answered {status} to setting the configuration key")
        raise NotRun(f"the Charge Point {why} {key} (to {value!r}), the case's configuration state")

    def check_required_keys(self, profiles=None):
        """The station's last GetConfiguration answer lists every key the OCTT requires for Core and
        the supported feature profiles, with the accessibility it requires (TC_019_CS)."""
        answer = self.command_answer_entry("GetConfiguration").frame.payload
        listed = {item["key"]: item for item in answer.get("configurationKey", [])}
        if profiles is None:
            supported = listed.get("SupportedFeatureProfiles", {}).get("value", "Core")
            profiles = [p.strip() for p in supported.split(",") if p.strip()]
        problems = []
        for profile in ["Core"] + [p for p in profiles if p != "Core"]:
            for key, access in REQUIRED_KEYS.get(profile, ()):
                item = listed.get(key)
                if item is None:
                    problems.append(f"{key} ({profile}) is missing")
                elif access == "R" and not item.get("readonly"):
                    problems.append(f"{key} must be read-only")
                elif access == "RW" and item.get("readonly"):
                    problems.append(f"{key} must be writable")
        if problems:
            self.fail("the station's configuration keys do not meet OCTT TC_019_CS: " + "; ".join(problems))

    def check_configuration_value(self, key, value=None, minimum=None):
        """The key's value in the last GetConfiguration answer: equal to `value`, or a whole number of
        at least `minimum`."""
        answer = self.command_answer_entry("GetConfiguration").frame.payload
        for item in answer.get("configurationKey", []):
            if item.get("key") == key:
                actual = item.get("value")
                if value is not None and str(actual) != value:
                    self.fail(f"the station reports {key} = {json.dumps(actual)}; expected {json.dumps(value)}")
                if minimum is not None:
                    try:
                        number = int(str(actual))
                    except ValueError:
                        self.fail(f"the station reports {key} = {json.dumps(actual)}, not a whole number")
                    if number < minimum:
                        self.fail(f"the station reports {key} = {number}; at least {minimum} is required")
                return
        self.fail(f"the station's GetConfiguration answer does not list {key}: {json.dumps(answer)}")

    def require_configuration_value(self, key, value=None, why=None):
        """An OCTT prerequisite on the Charge Point's configuration (TC_049_CS: ReserveConnectorZeroSupported
        is true): read the key; a Charge Point without it, or with another value, is not one the case
        is for, so the scenario is not run (no verdict)."""
        from ...csms.ocpp16.scripted import build_get_configuration
        from ..outcomes import NotRun
        self.command("GetConfiguration", build_get_configuration([key]))
        outcome = self.command_outcome("GetConfiguration")
        if not outcome.ok:
            self.fail(f"expected the Charge Point to answer GetConfiguration for {key}, but: {outcome.describe()}")
        reported = next((item for item in outcome.response.get("configurationKey", []) if item.get("key") == key),
                        None)
        if reported is not None and (value is None or str(reported.get("value")).lower() == value.lower()):
            return
        found = "does not have the key" if reported is None else f"reports {json.dumps(reported.get('value'))}"
        wanted = f"{key} = {value}" if value is not None else f"the configuration key {key}"
        raise NotRun(f"the case is for a Charge Point with {wanted} ({why or 'OCTT prerequisite'}); this one {found}")

    # ------------------------------------------------------------------ certificates, transfers

    def unreachable_location(self, scheme, path):
        """A location on a loopback port nothing listens on (a transfer there must fail)."""
        from ..station_diagnostics import unreachable_location
        return unreachable_location(scheme, path)

    def check_installed_hash(self, present=True):
        """The station's last GetInstalledCertificateIds answer lists (or no longer lists) the hash
        data of the certificate the CSMS installed, by the suite's own calculation."""
        from cryptography import x509
        from ...reference.station.station import certificate_hash_data
        request = self.command_request("InstallCertificate")
        certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
        mine = certificate_hash_data(certificate)
        answer = self.command_answer_entry("GetInstalledCertificateIds").frame.payload
        keys = ("hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber")
        found = any(all(str(h.get(k, "")).lower() == str(mine[k]).lower() for k in keys)
                    for h in answer.get("certificateHashData", []))
        if found != present:
            self.fail(f"the station's GetInstalledCertificateIds answer {'does not list' if present else 'still lists'} "
                      f"the installed certificate (serialNumber {mine['serialNumber']}): {json.dumps(answer)}")

    def check_basic_auth(self, password=None):
        """The station's latest connection carried Basic auth: username = its identity, a password of
        16 to 40 characters (the configured one when given)."""
        credentials = self.csms.station(self.station_id).credentials
        if credentials is None:
            self.fail("the station connected without an HTTP Basic Authorization header")
        user, given = credentials
        if user != self.station_id:
            self.fail(f"the Basic auth username is {user!r}; it must be the station identity {self.station_id!r}")
        if not 16 <= len(given) <= 40:
            self.fail(f"the Basic auth password (AuthorizationKey) has {len(given)} characters; 16 to 40 are required")
        if password is not None and given != password:
            self.fail(f"the station connected with the password {given!r}, not the new one {password!r}")


def expect_time(session, text):
    """An RFC 3339 timestamp of the station as epoch seconds (the step fails on a bad one)."""
    import datetime as _dt
    try:
        moment = _dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        session.fail(f"the station sent the timestamp {text!r}, which is not RFC 3339")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.timestamp()


# The keys OCTT TC_019_CS requires, per feature profile, with their accessibility (R, RW, or R/RW).
REQUIRED_KEYS = {
    "Core": [("AuthorizeRemoteTxRequests", "R/RW"), ("ClockAlignedDataInterval", "RW"), ("ConnectionTimeOut", "RW"),
             ("ConnectorPhaseRotation", "RW"), ("GetConfigurationMaxKeys", "R"), ("HeartbeatInterval", "RW"),
             ("LocalAuthorizeOffline", "RW"), ("LocalPreAuthorize", "RW"), ("MeterValuesAlignedData", "RW"),
             ("MeterValuesSampledData", "RW"), ("MeterValueSampleInterval", "RW"), ("NumberOfConnectors", "R"),
             ("ResetRetries", "RW"), ("StopTransactionOnInvalidId", "RW"), ("StopTxnAlignedData", "RW"),
             ("StopTxnSampledData", "RW"), ("SupportedFeatureProfiles", "R"), ("TransactionMessageAttempts", "RW"),
             ("TransactionMessageRetryInterval", "RW"), ("UnlockConnectorOnEVSideDisconnect", "R/RW")],
    "LocalAuthListManagement": [("LocalAuthListEnabled", "RW"), ("LocalAuthListMaxLength", "R"),
                                ("SendLocalListMaxLength", "R")],
    "SmartCharging": [("ChargeProfileMaxStackLevel", "R"), ("ChargingScheduleAllowedChargingRateUnit", "R"),
                      ("ChargingScheduleMaxPeriods", "R"), ("MaxChargingProfilesInstalled", "R")],
}
