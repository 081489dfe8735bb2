"""OCPP 1.6 Remote Trigger, Smart Charging, ClearCache, DataTransfer and security extensions on the
test station (OCTT TC_054 - TC_088, Central System under test): how the 1.6 test station answers
those requests (registered in answers16.DEFAULTS16), what it sends, and the scenario operations the
steps call (asking the Central System through the 1.6 trigger route, checking its requests and,
where the CSMS offers one, its record).

The station keeps its charging profiles on its model (`profiles16`: chargingProfileId ->
(connectorId, csChargingProfiles)), its configuration keys in answers16, and its certificates in
the StationCertificates of certificates.py with the 1.6 certificate types
(CentralSystemRootCertificate, ManufacturerRootCertificate).
"""
import base64
import copy
import json
import re
import sys
from datetime import timedelta

from .. import charging_schedules as cs
from .. import csms_commands, expect
from ..pki import ocsp as ocsp_mod
from ..pki.authority import pem
from . import certificates

CERTIFICATE_TYPES16 = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")
HEX_KEY = re.compile(r"^[0-9A-Fa-f]{32,40}$")
# OpenSSL names of the TLS 1.2 cipher suites "Improved security for OCPP 1.6-J" requires (section 2.4).
OCPP16_SUITES = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                 "AES128-GCM-SHA256", "AES256-GCM-SHA384"}
# What the station can deliver when no charging profile limits it (the composite schedule then).
PHYSICAL_LIMIT_A = 32.0


# ---------------------------------------------------------------------- the station's certificates (1.6 types)

def second_csms_root(pki=None):
    """'Root 2' of TC_076: a second Central System root the CSMS installs and then deletes."""
    pki = pki or certificates.suite_pki()
    return pki.root("csms-root-ca-2", "OCPP Suite CSMS Root CA 2")


def root16(certificate_type, pki=None):
    """The root the suite gives the CSMS to install for a 1.6 CertificateUse value: the second CSMS
    root for CentralSystemRootCertificate (the station already trusts the first), the manufacturer
    root for ManufacturerRootCertificate."""
    pki = pki or certificates.suite_pki()
    if certificate_type == "CentralSystemRootCertificate":
        return second_csms_root(pki)
    return pki.manufacturer_root


def of16(model):
    """The StationCertificates of a 1.6 station: its truststore holds the CSMS root (as
    CentralSystemRootCertificate) and the manufacturer root, made on first use."""
    certs = certificates.of(model)
    if not getattr(certs, "v16", False):
        pki = certificates.suite_pki()
        certs.installed = [certificates.Installed("CentralSystemRootCertificate", pki.csms_root.certificate,
                                                  pki.csms_root.certificate),
                           certificates.Installed("ManufacturerRootCertificate", pki.manufacturer_root.certificate,
                                                  pki.manufacturer_root.certificate)]
        certs.v16 = True
    return certs


# ---------------------------------------------------------------------- default answers (answers16.DEFAULTS16)

def _connectors(model):
    return len(model.connectors)


def _running(model):
    return {c: tx.transaction_id for c, tx in getattr(model, "transactions16", {}).items()
            if not tx.stopped and tx.transaction_id is not None}


def profiles16(model):
    if not hasattr(model, "profiles16"):
        model.profiles16 = {}
    return model.profiles16


def _trigger_message(model, payload):
    """5.17: a connectorId the Charge Point does not have is Rejected."""
    connector_id = payload.get("connectorId")
    if connector_id is not None and not 0 <= connector_id <= _connectors(model):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


def _set_charging_profile(model, payload):
    """5.16 / 3.13: a profile for a connector the station has; a ChargePointMaxProfile on 0; a TxProfile
    only for the transaction running on its connector. Same id, or same stackLevel and purpose on the
    connector, replaces the installed one."""
    connector_id, profile = payload["connectorId"], payload["csChargingProfiles"]
    purpose = profile["chargingProfilePurpose"]
    if not 0 <= connector_id <= _connectors(model):
        return {"status": "Rejected"}
    if purpose == "ChargePointMaxProfile" and connector_id != 0:
        return {"status": "Rejected"}
    if purpose == "TxProfile":
        running = _running(model).get(connector_id)
        if connector_id == 0 or running is None or profile.get("transactionId") not in (None, running):
            return {"status": "Rejected"}
    installed = profiles16(model)
    for profile_id, (connector, other) in list(installed.items()):
        if profile_id == profile["chargingProfileId"] or (
                connector == connector_id and other.get("stackLevel") == profile.get("stackLevel")
                and other["chargingProfilePurpose"] == purpose):
            del installed[profile_id]
    installed[profile["chargingProfileId"]] = (connector_id, copy.deepcopy(profile))
    return {"status": "Accepted"}


def _clear_charging_profile(model, payload):
    """5.4: by id (the other fields do not count), by criteria, or every profile; Unknown when none matched."""
    installed = profiles16(model)
    if "id" in payload:
        matched = [i for i in installed if i == payload["id"]]
    else:
        matched = [i for i, (connector, p) in installed.items() if all(
            key not in payload or payload[key] == value for key, value in (
                ("connectorId", connector), ("chargingProfilePurpose", p["chargingProfilePurpose"]),
                ("stackLevel", p.get("stackLevel"))))]
    for profile_id in matched:
        del installed[profile_id]
    return {"status": "Accepted" if matched else "Unknown"}


def _get_composite_schedule(model, payload):
    """5.7: the composite of the installed profiles for the connector over the duration asked for,
    limited by what the station can deliver (32 A) where no profile sets a limit."""
    connector_id, duration = payload["connectorId"], payload["duration"]
    if not 0 <= connector_id <= _connectors(model):
        return {"status": "Rejected"}
    unit = payload.get("chargingRateUnit", "A")
    entries = []
    for profile_id, (connector, profile) in profiles16(model).items():
        entries.append(cs.InstalledProfile(_profile201(profile), connector))
    running = _running(model).get(connector_id)
    groups = cs.applicable(entries, connector_id, running)
    begin = cs.utcnow().replace(microsecond=0)
    physical = cs.convert(PHYSICAL_LIMIT_A, "A", unit)
    periods = cs.schedule_periods(cs.composite_segments(groups, begin, duration, unit, physical_limit=physical), begin)
    return {"status": "Accepted", "connectorId": connector_id, "scheduleStart": cs.iso(begin),
            "chargingSchedule": {"duration": duration, "startSchedule": cs.iso(begin), "chargingRateUnit": unit,
                                 "chargingSchedulePeriod": periods}}


def _profile201(profile16):
    from ..csms.reference.ocpp16_advanced import profile201
    return profile201(profile16)


def _security_profile(model):
    from .answers16 import configuration
    return int(configuration(model).get("SecurityProfile", ("1", False))[0] or 1)


def change_configuration_with(original):
    """ChangeConfiguration with the security keys (A01, A05), other keys as `original` answers them."""
    def build(model, payload):
        from .answers16 import configuration
        key, value = payload["key"], payload["value"]
        if key == "AuthorizationKey":
            # A00.FR.205: 16 to 20 bytes, written in hexadecimal; write-only (not in GetConfiguration).
            if not HEX_KEY.match(value):
                return {"status": "Rejected"}
            model.authorization_key16 = value
            return {"status": "Accepted"}
        if key == "SecurityProfile":
            if value not in ("1", "2", "3") or int(value) <= _security_profile(model):
                return {"status": "Rejected"}                         # A05.FR.01
            certs = of16(model)
            if int(value) >= 2 and not certs.of_type("CentralSystemRootCertificate"):
                return {"status": "Rejected"}                         # A05.FR.03
            if int(value) == 3 and "ChargingStationCertificate" not in certs.signed:
                return {"status": "Rejected"}                         # A05.FR.04
            configuration(model)["SecurityProfile"] = (value, False)
            return {"status": "Accepted"}                             # A05.FR.05
        return original(model, payload)
    return build


def _without_status_info(answer):
    return {k: v for k, v in answer.items() if k != "statusInfo"}


def _install_certificate(model, payload):
    of16(model)
    return _without_status_info(certificates.ANSWERS["InstallCertificate"](model, payload))


def _get_installed_certificate_ids(model, payload):
    """M03 (1.6): the hash data of the installed certificates of the type, NotFound when there is none."""
    certs = of16(model)
    found = [i.hash_data(certs.hash_algorithm) for i in certs.of_type(payload["certificateType"])]
    if not found:
        return {"status": "NotFound"}
    return {"status": "Accepted", "certificateHashData": found}


def _delete_certificate(model, payload):
    of16(model)
    return certificates.ANSWERS["DeleteCertificate"](model, payload)


def _certificate_signed(model, payload):
    of16(model)
    return _without_status_info(certificates.ANSWERS["CertificateSigned"](model, payload))


ANSWERS16 = {
    "TriggerMessage": _trigger_message,
    "SetChargingProfile": _set_charging_profile,
    "ClearChargingProfile": _clear_charging_profile,
    "GetCompositeSchedule": _get_composite_schedule,
    "InstallCertificate": _install_certificate,
    "GetInstalledCertificateIds": _get_installed_certificate_ids,
    "DeleteCertificate": _delete_certificate,
    "CertificateSigned": _certificate_signed,
}


def _after16(action):
    """certificates.ANSWERED (what the station keeps of its answer: truststore, new certificate) on the
    1.6 truststore."""
    def after(model, payload, response):
        of16(model)
        certificates.ANSWERED[action](model, payload, response)
    return after


AFTER16 = {action: _after16(action) for action in ("InstallCertificate", "DeleteCertificate", "CertificateSigned")}


def register(defaults16, after16):
    """Add these answers to answers16.DEFAULTS16 and AFTER16; ChangeConfiguration wraps the answer
    already there."""
    defaults16.update(ANSWERS16)
    defaults16["ChangeConfiguration"] = change_configuration_with(defaults16["ChangeConfiguration"])
    after16.update(AFTER16)


# ---------------------------------------------------------------------- making the Central System act

def _require16(session):
    if session.version != "1.6":
        raise expect.StepError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    return session


def ask16(session, description, action, payload):
    """Ask the CSMS to send a 1.6 CALL (trigger API /api/octt/1.6/{station}/{kebab-action}); its report
    of the station's answer is kept for 'the CSMS reports that the station answered ...'."""
    future = session.trigger(description, "call", session.station.station_id, action, payload)
    csms_commands._keep(session, action, future, description)
    return future


def _undo_later(session, method, *args):
    client = session.target.trigger
    if client is not None:
        session.cleanups.append(lambda: getattr(client, method)(*args))


EXTENDED_ONLY = ("SignChargePointCertificate", "LogStatusNotification")


def ask_trigger(session, message, connector_id=None):
    """TriggerMessage (5.17) for a MessageTrigger, with a connectorId when one is given; the messages of
    the security extension (SignChargePointCertificate, LogStatusNotification) with ExtendedTriggerMessage."""
    action = "ExtendedTriggerMessage" if message in EXTENDED_ONLY else "TriggerMessage"
    payload = {"requestedMessage": message}
    if connector_id is not None:
        payload["connectorId"] = connector_id
    where = f" for connector {connector_id}" if connector_id is not None else ""
    return ask16(_require16(session), f"make the Central System trigger {message}{where}", action, payload)


def missing_connector(session):
    """NumberOfConnectors + 1: a connector the test station does not have (TC_055)."""
    return len(session.station.model.connectors) + 1


def check_trigger_for_missing_connector(session, message):
    connector_id = missing_connector(session)
    session.expect_request("TriggerMessage", [("requestedMessage", message), ("connectorId", str(connector_id))])


def send_triggered(session, action, status):
    """A DiagnosticsStatusNotification or FirmwareStatusNotification with only a status, as a Charge
    Point sends one the CSMS triggered."""
    from ..words import enum_value
    kinds = {"DiagnosticsStatusNotification": "DiagnosticsStatus", "FirmwareStatusNotification": "FirmwareStatus"}
    if action not in kinds:
        raise expect.StepError(f"'{action}' is not a status notification the station sends when triggered; use "
                               f"{' or '.join(kinds)}")
    status = enum_value(kinds[action], status, "1.6")
    return _require16(session).send_expecting_answer(action, {"status": status})


# -- smart charging

def _limit(session, limit):
    """A limit as OCTT writes it (6 means 6 A, or 6000 W with chargingRateUnit W)."""
    return float(limit) * (1000 if session.config.charging_rate_unit == "W" else 1)


def _next_profile_id(session):
    session.__dict__["profile_ids16"] = session.__dict__.get("profile_ids16", 0) + 1
    return 100 + session.__dict__["profile_ids16"]


def charging_profile(session, kind, purpose, limit, connector_id=None, stack_offset=0, for_transaction=True):
    """csChargingProfiles from the configured values (CONFIGURED_STACK_LEVEL, _CHARGING_RATE_UNIT,
    _CHARGING_SCHEDULE_DURATION, _NUMBER_PHASES, _RECURRENCY_KIND): an Absolute or Recurring one starts
    now and is valid for the duration; a TxProfile names the station's transaction on the connector."""
    config = session.config
    now = cs.utcnow().replace(microsecond=0)
    duration = config.integer("charging_schedule_duration")
    schedule = {"duration": duration, "chargingRateUnit": config.charging_rate_unit,
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": _limit(session, limit),
                                            "numberPhases": config.integer("number_phases")}]}
    profile = {"chargingProfileId": _next_profile_id(session),
               "stackLevel": config.integer("stack_level") + stack_offset,
               "chargingProfilePurpose": purpose, "chargingProfileKind": kind, "chargingSchedule": schedule}
    if kind != "Relative":
        schedule["startSchedule"] = cs.iso(now)
        profile["validFrom"], profile["validTo"] = cs.iso(now), cs.iso(now + timedelta(seconds=duration))
    if kind == "Recurring":
        profile["recurrencyKind"] = config.recurrency_kind
    if purpose == "TxProfile" and for_transaction:
        profile["transactionId"] = session.station.current_transaction16(connector_id).transaction_id
    return profile


def _sent_profiles(session):
    return session.__dict__.setdefault("sent_profiles16", [])


def ask_set_profile(session, kind, purpose, limit, connector_id, stack_offset=0):
    profile = charging_profile(_require16(session), kind, purpose, limit, connector_id, stack_offset)
    _sent_profiles(session).append(profile)
    article = "an" if kind[:1] in "AEIOU" else "a"
    return ask16(session, f"make the Central System set {article} {kind} {purpose} (limit {limit:g}, stack level "
                          f"{profile['stackLevel']}) on connector {connector_id}", "SetChargingProfile",
                 {"connectorId": connector_id, "csChargingProfiles": profile})


def ask_remote_start_with_profile(session, connector_id, id_tag, kind, limit):
    profile = charging_profile(_require16(session), kind, "TxProfile", limit, connector_id, for_transaction=False)
    _sent_profiles(session).append(profile)
    return ask16(session, f"make the Central System start a transaction on connector {connector_id} for idTag "
                          f"{id_tag} with a {kind} TxProfile", "RemoteStartTransaction",
                 {"connectorId": connector_id, "idTag": id_tag, "chargingProfile": profile})


def ask_clear_first_by_id(session):
    sent = _sent_profiles(_require16(session))
    if not sent:
        session.fail("the CSMS was asked to set no charging profile in this scenario, so there is none to clear")
    return ask16(session, f"make the Central System clear charging profile {sent[0]['chargingProfileId']}",
                 "ClearChargingProfile", {"id": sent[0]["chargingProfileId"]})


def ask_clear_by_criteria(session, purpose, connector_id, stack_offset):
    level = session.config.integer("stack_level") + stack_offset
    return ask16(_require16(session), f"make the Central System clear the {purpose} profiles of connector "
                                      f"{connector_id} at stack level {level}", "ClearChargingProfile",
                 {"connectorId": connector_id, "chargingProfilePurpose": purpose, "stackLevel": level})


def ask_clear_all(session):
    return ask16(_require16(session), "make the Central System clear every charging profile", "ClearChargingProfile",
                 {})


def ask_composite(session, connector_id):
    config = session.config
    return ask16(_require16(session), f"make the Central System get the composite schedule of connector "
                                      f"{connector_id}", "GetCompositeSchedule",
                 {"connectorId": connector_id, "duration": config.integer("charging_schedule_duration"),
                  "chargingRateUnit": config.charging_rate_unit})


PROFILE_FIELDS = ("chargingProfileId", "transactionId", "stackLevel", "chargingProfilePurpose",
                  "chargingProfileKind", "recurrencyKind", "validFrom", "validTo", "chargingSchedule")
SPECIAL = re.compile(r"^(now|now \+ duration|\(the transaction\)|\(configured number of phases\)|"
                     r"\(configured stack level \+ \d+\)|\(the first profile's id\))$")


def _full_path(action, path):
    """Rows name csChargingProfiles fields directly, chargingSchedule.X, and period.X (the first period)."""
    if action not in ("SetChargingProfile", "RemoteStartTransaction"):
        return path
    prefix = "csChargingProfiles" if action == "SetChargingProfile" else "chargingProfile"
    if path.startswith("period."):
        return f"{prefix}.chargingSchedule.chargingSchedulePeriod[0].{path[len('period.'):]}"
    if path.split(".")[0] in PROFILE_FIELDS:
        return f"{prefix}.{path}"
    return path


def _special(session, connector_id, payload, path, text):
    """'' when a special value holds, else what is wrong."""
    config = session.config
    actual = expect.resolve(payload, path)
    shown = "absent" if actual is expect.ABSENT else repr(actual)
    if text in ("now", "now + duration"):
        slack = config.seconds("action_timeout") + 5
        offset = config.integer("charging_schedule_duration") if text != "now" else 0
        expected = cs.utcnow() + timedelta(seconds=offset)
        try:
            moment = cs.parse_time(actual) if actual is not expect.ABSENT else None
        except ValueError:
            moment = None
        if moment is None or abs((moment - expected).total_seconds()) > slack:
            return f"{path} is {shown}, expected {text} ({cs.iso(expected)}, within {slack:g} s)"
        return ""
    if text == "(the transaction)":
        tx = session.station.current_transaction16(connector_id)
        return "" if actual == tx.transaction_id else \
            f"{path} is {shown}, expected the transactionId the CSMS gave: {tx.transaction_id}"
    if text == "(configured number of phases)":
        phases = config.integer("number_phases")
        if actual == phases or (actual is expect.ABSENT and phases == 3):
            return ""
        return f"{path} is {shown}, expected {phases}" + (" or absent" if phases == 3 else "")
    m = re.fullmatch(r"\(configured stack level \+ (\d+)\)", text)
    if m:
        level = config.integer("stack_level") + int(m.group(1))
        return "" if actual == level else f"{path} is {shown}, expected {level} (the configured stack level + " \
                                          f"{m.group(1)})"
    if text == "(the first profile's id)":
        sent = _sent_profiles(session)
        if not sent:
            session.fail("the CSMS was asked to set no charging profile in this scenario")
        wanted = sent[0]["chargingProfileId"]
        return "" if actual == wanted else f"{path} is {shown}, expected {wanted}, the id of the first profile"
    return None


def _check_rows(session, action, connector_id, rows, base=()):
    rows = [(_full_path(action, path), value) for path, value in rows]
    plain = list(base) + [(p, v) for p, v in rows if not SPECIAL.match(v)]
    payload = session.expect_request(action, plain)
    problems = [_special(session, connector_id, payload, p, v) for p, v in rows if SPECIAL.match(v)]
    problems = [p for p in problems if p]
    if problems:
        session.fail(f"the CSMS sent {action}Request {json.dumps(payload)}\n  " + "\n  ".join(problems))
    return payload


def check_profile_request(session, action, connector_id, rows):
    """The CSMS's next SetChargingProfile (or RemoteStartTransaction) is for the connector, its profile
    follows the 1.6 rules, and every row holds."""
    from ..csms.reference.ocpp16_advanced import profile_problems16
    _require16(session)
    payload = _check_rows(session, action, connector_id, rows, [("connectorId", str(connector_id))])
    profile = payload["csChargingProfiles"] if action == "SetChargingProfile" else payload.get("chargingProfile")
    if profile is None:
        session.fail(f"the CSMS's {action}.req carries no charging profile: {json.dumps(payload)}")
    problems = profile_problems16(profile, connector_id)
    if action == "RemoteStartTransaction":
        problems = [p for p in problems if "connector 0" not in p]
    if problems:
        session.fail(f"the charging profile of the CSMS's {action}.req breaks the OCPP 1.6 rules:\n  "
                     + "\n  ".join(problems))
    return payload


def check_clear_request(session, rows):
    return _check_rows(_require16(session), "ClearChargingProfile", None, rows)


# -- what the CSMS recorded (trigger API /api/octt/1.6/{station}/{name}-record)

def csms_record(session, name, description):
    """The CSMS's record of the station, or None (a manual check, not judged) when it offers none."""
    session.wait_triggers()    # the CSMS has the station's answers to what it was asked to send
    client = session.target.trigger
    if client is None:
        _not_judged(f"{description} (no trigger API to read its record)")
        return None
    station_id = session.station.station_id
    response = client.post(f"/api/octt/1.6/{station_id}/{name}-record")
    if response.status_code == 404:
        _not_judged(f"{description} (its trigger API has no {name}-record)")
        return None
    if not response.ok:
        session.fail(f"could not read the CSMS's {name}-record: {response.describe()}")
    return response.body


def check_profile_count(session, count):
    record = csms_record(_require16(session), "charging-profiles", f"it knows {count} charging profile(s) of the "
                                                                   f"station")
    if record is None:
        return
    profiles = record.get("profiles", [])
    if len(profiles) != count:
        session.fail(f"the CSMS records {len(profiles)} charging profile(s) installed on the station, expected "
                     f"{count}: {json.dumps(profiles)}")


def check_composite_recorded(session, connector_id):
    record = csms_record(_require16(session), "charging-profiles",
                         f"it keeps the composite schedule the station reported for connector {connector_id}")
    if record is None:
        return
    kept = record.get("compositeSchedules", {}).get(str(connector_id))
    reported = (csms_commands._answer_in_trace(session, "GetCompositeSchedule") or {}).get("chargingSchedule")
    if kept is None or kept != reported:
        session.fail(f"the CSMS records {json.dumps(kept)} as the composite schedule of connector {connector_id}, "
                     f"but the station reported {json.dumps(reported)}")


# -- DataTransfer (TC_064)

def check_data_transfer_refused(session):
    response = session.check_answer("DataTransfer", [("status", '"Rejected" or "UnknownMessageId" or '
                                                               '"UnknownVendorId" or "Accepted"')])
    if response["status"] == "Accepted":
        # sys.__stderr__: shown even where behave captures the output of a passing step
        print(f"\nWARNING: the CSMS accepted DataTransfer for vendorId {session.config.vendor_id!r}, which it "
              f"should not implement (TC_064_CSMS allows Accepted, with this warning)", file=sys.__stderr__)


# -- A01 password (AuthorizationKey)

def authorization_key_fallback(session):
    """The AuthorizationKey the suite asks a CSMS without the update-basic-auth-password command to
    set: NEW_BASIC_AUTH_PASSWORD in hexadecimal (16 to 20 bytes)."""
    raw = session.config.new_password
    if HEX_KEY.match(raw):
        return raw
    return raw.encode()[:20].ljust(16, b"0").hex().upper()


def ask_authorization_key(session):
    """Manual action: the CSMS gives the station a new AuthorizationKey (ChangeConfiguration)."""
    import concurrent.futures
    station = _require16(session).station
    _undo_later(session, "set_basic_auth_password", station.station_id, station.password)
    future = csms_commands.ask(session, "make the Central System update the station's Basic auth password",
                               "update-basic-auth-password", {}, "ChangeConfiguration",
                               {"key": "AuthorizationKey", "value": authorization_key_fallback(session)})
    if future is not None:
        # Once the CSMS reports, it has settled the password: the next connection meets its decision.
        concurrent.futures.wait([future], session.config.seconds("action_timeout") + 10)


def authorization_key_set(station):
    for entry in reversed(station.requests_from_csms("ChangeConfiguration")):
        if entry.frame.payload.get("key") == "AuthorizationKey":
            return entry.frame.payload.get("value")
    return None


def connect_with_authorization_key(session):
    station = session.station
    password = authorization_key_set(station)
    if password is None:
        session.fail("the CSMS has not set the AuthorizationKey of the station in this scenario")
    return session.connect(station, password=password)


def check_authorization_key(session):
    value = authorization_key_set(session.station)
    if value is None:
        session.fail("the CSMS has not set the AuthorizationKey of the station in this scenario")
    if not HEX_KEY.match(value):
        session.fail(f"the AuthorizationKey the CSMS set, {value!r}, is not 16 to 20 bytes written as 32 to 40 "
                     f"hexadecimal digits (A00.FR.205)")


# -- A05 security profile

def ask_security_profile(session, profile):
    station = _require16(session).station
    config = session.config
    original = {config.station_id_16_sp2: 2, config.station_id_16_sp3: 3}.get(station.station_id, 1)
    _undo_later(session, "set_security_profile", station.station_id, original)
    csms_commands.ask(session, f"make the Central System upgrade the station to security profile {profile}",
                      "upgrade-security-profile", {"securityProfile": profile}, "ChangeConfiguration",
                      {"key": "SecurityProfile", "value": str(profile)})


# -- A02 certificate signing

def send_sign_certificate(session):
    """SignCertificate.req with a new CSR for the station's ChargePointCertificate (CN = the identity)."""
    station = _require16(session).require_connected()
    of16(station.model)
    csr = certificates.station_certificates(session, station).new_csr("ChargingStationCertificate",
                                                                      station.station_id)
    return session.send("SignCertificate", {"csr": csr}, station)


# -- M03-M05 certificates

def ask_install(session, certificate_type):
    payload = {"certificateType": certificate_type, "certificate": pem(root16(certificate_type).certificate)}
    session.__dict__.setdefault("installed16", []).append(payload)
    return ask16(_require16(session), f"make the Central System install the {certificate_type}",
                 "InstallCertificate", payload)


def check_install_request(session, certificate_type):
    payload = _require16(session).expect_request("InstallCertificate", [("certificateType", certificate_type)])
    expected = root16(certificate_type).certificate
    try:
        sent = certificates.parse_chain(payload["certificate"])[0]
    except ValueError as exc:
        session.fail(f"the certificate of the CSMS's InstallCertificate cannot be read: {exc}")
    if sent != expected:
        session.fail(f"the CSMS's InstallCertificate carries {sent.subject.rfc4514_string()}, not the configured "
                     f"{certificate_type} {expected.subject.rfc4514_string()}")


def certificate_installed(session, certificate_type):
    """Memory state CertificateInstalled: the CSMS installs the certificate and the station accepts it."""
    ask_install(session, certificate_type)
    check_install_request(session, certificate_type)
    csms_commands.check_reported_answer(session, "InstallCertificate", [("status", "Accepted")])


def ask_installed_ids(session, certificate_type):
    return ask16(_require16(session), f"make the Central System get the installed {certificate_type}s",
                 "GetInstalledCertificateIds", {"certificateType": certificate_type})


def _delete_installed(client, station_id, certificate_type, certificate_pem, station_hash, provenance=None):
    """delete-installed-certificate; a trigger API without it gets get-installed-certificate-ids and
    delete-certificate with the station's hash data of that certificate, as the public 1.6 suites do.
    The hash data is then the suite's, not the CSMS's: the scenario cannot pass on it (provenance)."""
    response = client.post(f"/api/octt/1.6/{station_id}/delete-installed-certificate",
                           {"certificateType": certificate_type, "certificate": certificate_pem})
    if response.status_code not in csms_commands.NO_SUCH_COMMAND:
        return response
    listing = client.call16(station_id, "get-installed-certificate-ids", {"certificateType": certificate_type})
    if not listing.ok:
        return listing
    payload = {"certificateHashData": station_hash()}
    if provenance is not None:
        provenance.supplied("DeleteCertificate", payload, f"{client.name} delete-certificate (it has no "
                            f"delete-installed-certificate command)", decided=("certificateHashData",))
    return client.call16(station_id, "delete-certificate", payload)


def ask_delete(session, certificate_type):
    """Manual action: delete the certificate of this type the CSMS installed in this scenario."""
    installed = [p for p in session.__dict__.get("installed16", []) if p["certificateType"] == certificate_type]
    if not installed:
        session.fail(f"the CSMS installed no {certificate_type} in this scenario, so there is none to delete")
    station = _require16(session).station
    future = session.trigger(f"make the Central System delete the {certificate_type} it installed",
                             _delete_installed, station.station_id, certificate_type, installed[-1]["certificate"],
                             lambda: installed_hash_data(session, certificate_type), session.provenance)
    csms_commands._keep(session, "DeleteCertificate", future, "delete the installed certificate")
    return future


def installed_hash_data(session, certificate_type):
    """The station's own hash data (its hashAlgorithm) of the certificate the CSMS installed last."""
    station = session.station
    certs = of16(station.model)
    certificate = root16(certificate_type).certificate
    return ocsp_mod.hash_data(certificate, certificate, certs.hash_algorithm)


def check_delete_request(session, certificate_type):
    """DeleteCertificate.req with the hash data of the certificate the CSMS installed, as the station
    computes it with its hashAlgorithm (TC_076: the OCTT compares with its own calculation)."""
    payload = _require16(session).expect_request("DeleteCertificate")
    expected = installed_hash_data(session, certificate_type)
    if not certificates.same_hash_data(payload["certificateHashData"], expected):
        session.fail(f"the CSMS's DeleteCertificate names {json.dumps(payload['certificateHashData'])}, not the "
                     f"{certificate_type} it installed: {json.dumps(expected)}")


# -- security events

def check_security_event(session, event_type):
    record = csms_record(_require16(session), "security-events", f"it recorded the security event {event_type}")
    if record is None:
        return
    types = [e.get("type") for e in record.get("events", [])]
    if event_type not in types:
        session.fail(f"the CSMS records the security events {types}, not {event_type}")


# -- GetLog (TC_079)

def check_log_record(session, log_type, status):
    record = csms_record(_require16(session), "log", f"the {log_type} upload is {status}")
    if record is None:
        return
    asked = [e.frame.payload["requestId"] for e in session.station.requests_from_csms("GetLog")]
    logs = [entry for entry in record.get("logs", []) if entry.get("requestId") in asked
            and entry.get("logType") == log_type]
    if not logs:
        session.fail(f"the CSMS records no {log_type} request of this scenario: {json.dumps(record)}")
    last = logs[-1]["statuses"][-1] if logs[-1].get("statuses") else logs[-1].get("answer")
    if last != status:
        session.fail(f"the CSMS records the {log_type} upload as {last!r}, expected {status!r}: {json.dumps(logs[-1])}")


# -- signed firmware update (TC_080, TC_081)

def signed_update_request(session, invalid_signature=False):
    from . import firmware
    payload = firmware.update_firmware_request(session, signed=True)
    if invalid_signature:
        good = base64.b64decode(payload["firmware"]["signature"])
        payload["firmware"]["signature"] = base64.b64encode(bytes(b ^ 0x5A for b in good)).decode()
    return payload


def ask_signed_update(session, invalid_signature=False):
    payload = signed_update_request(_require16(session), invalid_signature)
    what = " with an invalid signature" if invalid_signature else ""
    return ask16(session, f"make the Central System update the firmware securely{what}", "SignedUpdateFirmware",
                 payload)


def check_signed_update_request(session, invalid_signature=False):
    """SignedUpdateFirmware.req with the configured location and signing certificate, and the configured
    signature (or, for TC_081, a signature that is not the configured one)."""
    from . import firmware
    package = firmware.firmware_package(session.config)
    payload = _require16(session).expect_request("SignedUpdateFirmware", [("firmware.location", package.location)])
    sent = payload["firmware"]
    problems = []
    if sent.get("signingCertificate", "").strip() != package.signing_certificate.strip():
        problems.append("firmware.signingCertificate is not the configured signing certificate")
    if invalid_signature and sent.get("signature") == package.signature:
        problems.append("firmware.signature is the valid, configured signature, not an invalid one")
    if not invalid_signature and sent.get("signature") != package.signature:
        problems.append(f"firmware.signature is {sent.get('signature')!r}, not the configured signature")
    if problems:
        session.fail(f"the CSMS sent SignedUpdateFirmwareRequest {json.dumps(payload)}\n  " + "\n  ".join(problems))
    return payload


def send_signed_firmware_statuses(session, statuses):
    from ..words import enum_value
    requests = _require16(session).station.requests_from_csms("SignedUpdateFirmware")
    if not requests:
        session.fail("the CSMS has sent no SignedUpdateFirmware in this scenario")
    request_id = requests[-1].frame.payload["requestId"]
    for status in statuses:
        enum_value("FirmwareStatus", status)     # the 1.6 security extension uses the 2.0.1 values
        session.send_expecting_answer("SignedFirmwareStatusNotification", {"status": status, "requestId": request_id})


def check_signed_firmware_record(session, state):
    record = csms_record(_require16(session), "signed-firmware", f"the signed firmware update is {state}")
    if record is None:
        return
    asked = {e.frame.payload["requestId"] for e in session.station.requests_from_csms("SignedUpdateFirmware")}
    updates = [u for u in record.get("updates", []) if u.get("requestId") in asked]
    actual = updates[-1]["state"] if updates else "(none)"
    if actual != state:
        session.fail(f"the CSMS records the signed firmware update as {actual}, expected {state}: "
                     f"{json.dumps(updates)[:1500]}")
    if record.get("anomalies"):
        session.fail("the CSMS found signed firmware statuses out of order in a conformant sequence:\n  "
                     + "\n  ".join(a["problem"] for a in record["anomalies"]))


# -- TLS (TC_086, TC_087)

def tls_problems(session, handshake):
    """TLS 1.2 or newer on the connection, with TLS 1.2 a cipher suite of the 1.6 security whitepaper.
    That the CSMS takes each of the whitepaper's four suites (section 2.4, as the OCTT wants) is the step
    'the CSMS takes TLS 1.2 with each cipher suite the OCTT requires' (support/tls_checks.py)."""
    if handshake is None or not handshake.accepted:
        return [f"there is no accepted connection ({handshake.describe() if handshake else 'no attempt'})"]
    if not handshake.tls_version:
        return ["the connection is not over TLS"]
    if handshake.tls_version not in ("TLSv1.2", "TLSv1.3"):
        return [f"TLS version {handshake.tls_version}, expected TLSv1.2 or newer"]
    if handshake.tls_version == "TLSv1.2" and handshake.cipher not in OCPP16_SUITES:
        return [f"cipher suite {handshake.cipher} is not one the OCPP 1.6 security whitepaper lists"]
    return []


def _not_judged(what):
    """A record the CSMS cannot show: OCTT's 1.6 cases list no CSMS-side validation of it, so the check
    is printed for the operator and left out (the scenario's other checks still judge)."""
    from ..outcomes import live
    live(f"    manual check on the CSMS, not judged by the suite: {what}")
