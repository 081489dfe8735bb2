"""Security of the test station (block A): the password the CSMS gives it, and connecting with one
security profile or another as the same station (A05 upgrades)."""
import concurrent.futures

from . import certificates


def set_variables_answer(attribute_status):
    """A SetVariables answer builder: every item gets this attributeStatus (Accepted, Rejected, ...);
    an Accepted value is kept in the station's device model."""
    def build(model, payload):
        results = []
        for item in payload["setVariableData"]:
            if attribute_status == "Accepted":
                variable = item["variable"]
                model.variables[(item["component"]["name"], variable["name"], variable.get("instance"))] = \
                    item["attributeValue"]
            result = {"attributeStatus": attribute_status, "component": item["component"],
                      "variable": item["variable"]}
            if "attributeType" in item:
                result["attributeType"] = item["attributeType"]
            results.append(result)
        return {"setVariableResult": results}
    return build


def password_set_by_csms(station):
    """The BasicAuthPassword of the last SetVariables the CSMS sent to the station, or None."""
    for entry in reversed(station.requests_from_csms("SetVariables")):
        for item in entry.frame.payload.get("setVariableData", []):
            if item["component"]["name"] == "SecurityCtrlr" and item["variable"]["name"] == "BasicAuthPassword":
                return item["attributeValue"]
    return None


def network_profile(session, profile):
    """SetNetworkProfileRequest for the configured slot with this security profile: the ocppCsmsUrl
    is the configured one, else the CSMS's wss:// URL for profiles 2 and 3 and its ws:// URL for 1."""
    config = session.config
    url = config.ocpp_csms_url or (config.csms_tls_url if profile >= 2 else None) or session.target.url
    payload = session.network_profile()
    payload["connectionData"].update(ocppCsmsUrl=url, securityProfile=profile)
    return payload


def priority_with_slot(station, slot):
    """NetworkConfigurationPriority with `slot` first, then the station's other slots in their order."""
    current = station.model.variables.get(("OCPPCommCtrlr", "NetworkConfigurationPriority", None), "")
    others = [s.strip() for s in current.split(",") if s.strip() and s.strip() != str(slot)]
    return ",".join([str(slot)] + others)


def last_network_profile_slot(session, station):
    requests = station.requests_from_csms("SetNetworkProfile")
    if not requests:
        session.fail("the CSMS has not sent SetNetworkProfile to the station in this scenario")
    return requests[-1].frame.payload["configurationSlot"]


def use_profile(session, station, profile):
    """Make `station` connect with this security profile from now on (same identity): 1 over ws://,
    2 over TLS with Basic auth, 3 over TLS with its client certificate (the one the CSMS signed in
    this scenario, else the configured one for the profile 3 station)."""
    from .tls import client_context
    config = session.config
    if profile == 1:
        station.tls = None
        return station
    if not config.csms_tls_url or not config.tls_ca_cert:
        session.fail("security profiles 2 and 3 need CSMS_WSS_ADDRESS and TLS_CA_CERT")
    station.tls_url = config.csms_tls_url
    if profile == 2:
        station.tls = client_context(config.tls_ca_cert)
        return station
    signed = certificates.of(station.model).signed.get("ChargingStationCertificate")
    if signed is not None:
        station.tls = certificates.client_tls_with(config.tls_ca_cert, *signed)
    elif station.station_id == config.sp3_station_id and config.tls_client_cert:
        station.tls = client_context(config.tls_ca_cert, config.tls_client_cert, config.tls_client_key)
    else:
        session.fail(f"the station {station.station_id} has no client certificate for security profile 3: "
                     f"renew its charging station certificate first")
    return station


# ---------------------------------------------------------------------- scenario operations (steps call these)

def _undo_later(session, method, *args):
    """Put back what a scenario changed in the CSMS once it ends (a real CSMS keeps it otherwise)."""
    client = session.target.trigger
    if client is not None:
        session.cleanups.append(lambda: getattr(client, method)(*args))


def ask_password_update(session):
    """Manual action: the CSMS gives the station a new BasicAuthPassword (SetVariables)."""
    from ..scenario import csms_commands
    station = session.station
    _undo_later(session, "set_basic_auth_password", station.station_id, station.password)
    description = "make the CSMS update the station's Basic auth password"
    future = session.trigger(description, "update_basic_auth_password", station.station_id)
    csms_commands._keep(session, "SetVariables", future, description)
    if future is not None:
        # The station answers on its own; once the CSMS reports, it has settled the password, so the
        # station's next connection meets the CSMS's decision (the report itself is checked later).
        concurrent.futures.wait([future], session.config.seconds("action_timeout") + 10)


def connect_with_new_password(session):
    station = session.station
    password = password_set_by_csms(station)
    if password is None:
        session.fail("the CSMS has not set SecurityCtrlr.BasicAuthPassword on the station in this scenario")
    return session.connect(station, password=password)


def ask_network_profile(session, profile):
    """Manual action: a new network connection profile with this security profile."""
    station = session.station
    _undo_later(session, "set_security_profile", station.station_id,
                {station.station_id: 1, session.config.sp2_station_id: 2,
                 session.config.sp3_station_id: 3}.get(station.station_id, 1))
    session.trigger(f"make the CSMS set a network connection profile with security profile {profile}", "call",
                    station.station_id, "SetNetworkProfile", network_profile(session, profile))


def ask_priority(session):
    """Manual action: NetworkConfigurationPriority with the slot of the new network connection profile first."""
    station = session.station
    slot = last_network_profile_slot(session, station)
    data = [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"},
             "attributeValue": priority_with_slot(station, slot)}]
    session.trigger(f"make the CSMS put configuration slot {slot} first", "set_variables", station.station_id, data)


def check_priority_request(session):
    """SetVariables OCPPCommCtrlr.NetworkConfigurationPriority whose value contains the new slot."""
    station = session.station
    slot = last_network_profile_slot(session, station)
    payload = session.expect_request("SetVariables")
    for item in payload["setVariableData"]:
        if (item["component"]["name"], item["variable"]["name"]) == ("OCPPCommCtrlr", "NetworkConfigurationPriority"):
            slots = [s.strip() for s in item["attributeValue"].split(",")]
            if str(slot) not in slots:
                session.fail(f"the CSMS set NetworkConfigurationPriority to {item['attributeValue']!r}, "
                             f"which does not contain configuration slot {slot}")
            return
    session.fail(f"the CSMS's SetVariables does not set OCPPCommCtrlr.NetworkConfigurationPriority: {payload}")


def connect_with_profile(session, profile):
    station = use_profile(session, session.station, profile)
    return session.connect(station)
