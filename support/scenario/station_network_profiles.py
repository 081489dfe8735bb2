"""Block B, B09/B10 against a station under test: migrating to another network connection profile
(OCTT TC_B_45_CS - TC_B_50_CS). The steps in features/steps/station_network_profile_steps.py call these
with the scenario's StationScenarioSession.

The test CSMS has a second address: another ws:// port of the same CSMS (TestCsms.open_second_listener)
or, with security profile 2 or 3, a second wss:// port whose server certificate the scenario chooses
(TlsFrontDoor.open_second_address). It gives the station that address in the configuration slot not in
use, puts that slot first in OCPPCommCtrlr.NetworkConfigurationPriority and resets the station unless
it restarts its connection by itself; then it follows the station's connection attempts at both
addresses: either address may refuse the station's next attempts (TestCsms.refuse_attempts: HTTP 503,
OCTT "will NOT respond"), and over TLS the station may end the handshake at a server certificate it
does not trust.
"""
import time

from ..csms.scripted import ATTEMPT_AT, build_get_variables, build_install_certificate, build_set_variables
from ..pki.ocsp import hash_data
from ..pki.store import TestPki
from .outcomes import NotRun
from .station_session import CLOSED, CONNECTED, seconds_text

ADDRESSES = ("first", "second")
ANY_ADDRESS = "either"
OUTCOMES = ("failed", "connected")
RULE = ("B10 (NetworkConfigurationPriority: the station tries its network connection profiles in this order, "
        "each NetworkProfileConnectionAttempts times)")
TLS_TOO_TRUSTING = ("M05 (AdditionalRootCertificateCheck): once a new CSMS root certificate replaced the old one, only "
                    "the new one vouches for the CSMS of a new network connection profile; the old one, kept as "
                    "fallback, only for the profile in use before")
TLS_TOO_STRICT = ("A00/M05: the station refused a server certificate that a CSMS root certificate it holds vouches "
                  "for (an installed one, or the old one kept as fallback for the profile in use before)")
# The server certificate the second wss:// address presents -> the TLS front door's endpoint.
SECOND_ADDRESS_CERTIFICATES = {"the new CSMS root certificate 2": "new CSMS root",
                               "the old CSMS root certificate": "valid"}


def _step_error(message):
    from .expect import StepError
    return StepError(message)


def _state(session):
    state = getattr(session, "octt_migration", None)
    if state is None:
        state = session.octt_migration = {}
    return state


# ---------------------------------------------------------------------- what the test CSMS does

def refuse(session, address, count=None):
    """The station's next `count` connection attempts (None: all) at this address are refused."""
    if address not in ADDRESSES:
        raise _step_error(f"the test CSMS's addresses are {' and '.join(ADDRESSES)}, not {address!r}")
    session.csms.refuse_attempts(session.station_id, address, count)


def open_tls_second_address(session, certificate):
    """The second address of the test CSMS is a wss:// one presenting a server certificate from this root."""
    from . import station_security
    if certificate not in SECOND_ADDRESS_CERTIFICATES:
        raise _step_error(f"no server certificate from {certificate!r}; say one of "
                          + ", ".join(f'"{c}"' for c in SECOND_ADDRESS_CERTIFICATES))
    if session.tls is None or not session.tls.profile or session.tls.profile < 2:
        raise _step_error('a wss:// second address needs TLS: say "Given the test CSMS uses security profile 2" first')
    door = station_security.of(session).door
    url = session.run(door.open_second_address(SECOND_ADDRESS_CERTIFICATES[certificate]))
    if not any(what == "second TLS address" for what, _ in session.cleanups):
        session.cleanups.append(("second TLS address", door.close_second_address))
    _state(session)["tls_url"] = url


def _slot_in_use(session):
    """OCTT "<Configured configurationSlot> or <Configured configurationSlot2> depending on which one is already
    in use" (errata 2023-12): the station's OCPPCommCtrlr.ActiveNetworkProfile when it reports one of the two,
    else the configured slot. Returns (the slot for the new profile, the slot in use)."""
    config = session.config
    first, second = config.integer("configuration_slot"), config.integer("configuration_slot_2")
    session.command("GetVariables", build_get_variables(["OCPPCommCtrlr.ActiveNetworkProfile"]))
    outcome = session.command_outcome("GetVariables")
    result = (((outcome.response or {}).get("getVariableResult") or [{}]) if outcome.ok else [{}])[0]
    active = result.get("attributeValue") if result.get("attributeStatus") == "Accepted" else None
    if active is not None and active.strip() == str(second):
        return first, second
    return second, first


def give_second_address(session):
    """TC_B_45_CS step 1: SetNetworkProfile for the configuration slot not in use with the second address of
    the test CSMS (<ocppCsmsUrl that is not currently active>), the configured messageTimeout (station_timeout)
    and ocppInterface, OCPP20 and the security profile in use."""
    state = _state(session)
    new, previous = _slot_in_use(session)
    url = state.get("tls_url") or session.run(session.csms.open_second_listener())
    profile = session.script.security_profile or session.config.integer("security_profile")
    data = {"messageTimeout": int(session.timeout) or 1, "ocppCsmsUrl": url,
            "ocppInterface": session.config.ocpp_interface, "ocppTransport": "JSON", "ocppVersion": "OCPP20",
            "securityProfile": profile}
    state.update(slot=new, previous=previous, url=url)
    session.command("SetNetworkProfile", {"configurationSlot": new, "connectionData": data})


def put_new_slot_first(session):
    """Step 3: SetVariables OCPPCommCtrlr.NetworkConfigurationPriority = "<new slot>,<slot in use>" (errata
    2023-12: the slot of step 1, then the one configured before). From here on the station may restart its
    connection: what it does at either address is for the later steps."""
    state = _state(session)
    if "slot" not in state:
        raise _step_error("give the station the second address first (SetNetworkProfile, step 1)")
    session._connections_before_now_are_old()
    session.command("SetVariables", build_set_variables([{
        "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"},
        "attributeValue": f"{state['slot']},{state['previous']}"}]))


def reset_unless_reconnecting(session):
    """Step 5 as the 2023-12 errata give it: Reset OnIdle when the station answered the priority with
    RebootRequired, or when it does not restart its connection by itself (within station_timeout); the
    ResetResponse must be Accepted (step 6)."""
    outcome = session.command_outcome("SetVariables")
    statuses = [r.get("attributeStatus") for r in (outcome.response or {}).get("setVariableResult", [])]
    session.reboot_pending = True       # whichever way, the station connects (and boots) again
    if "RebootRequired" not in statuses:
        closed = session.trace.wait_for(lambda e: session._is_event(e, CLOSED), session.timeout,
                                        session._connection_start())
        if closed is not None:
            return
    session.command("Reset", {"type": "OnIdle"})
    session.check_command_answer("Reset", [("status", "Accepted")])


def install_new_root(session):
    """Memory state CertificateInstalled: InstallCertificate CSMSRootCertificate with <Configured (new) CSMS
    Root certificate 2> (the CSMS root CA 2, signed by the CSMS root CA), Accepted; a station that does not
    take it cannot be brought into the case's state: not run."""
    from ..pki.authority import pem
    certificate = TestPki().csms_root_2_signed()
    session.command("InstallCertificate", build_install_certificate(pem(certificate), "CSMSRootCertificate"))
    outcome = session.command_outcome("InstallCertificate")
    status = (outcome.response or {}).get("status") if outcome.ok else outcome.describe()
    if status != "Accepted":
        raise NotRun(f"the station answered {status} to installing the new CSMS root certificate 2, the case's "
                     f"memory state CertificateInstalled (OCTT 'Before: Memory State')")


def require_additional_root_certificate_check(session):
    """OCTT prerequisite "The Charging Station supports AS-2: AdditionalRootCertificateCheck": the embedded
    reference station is made such a station; another one must report SecurityCtrlr.
    AdditionalRootCertificateCheck true, else the case is not for it: not run."""
    if session.config.station_embedded:
        if session.driver is None:
            session.driver = session.make_driver()
        session.driver.station.settings.additional_root_certificate_check = True
        return
    from .station_states import require_variable
    require_variable(session, "SecurityCtrlr.AdditionalRootCertificateCheck", "true")


# ---------------------------------------------------------------------- the station's connection attempts

class _Attempt:
    def __init__(self, address, outcome, at, entry=None, text=""):
        self.address, self.outcome, self.at, self.entry, self.text = address, outcome, at, entry, text

    def describe(self):
        return f"{self.outcome} at the {self.address} address" + (f" ({self.text})" if self.text else "")


def _ws_attempts(session, start):
    """The station's connection attempts at the ws:// addresses from trace index `start` on, in order: an
    attempt event of TestCsms.refuse_connection, or a connection the CSMS took (at the address whose attempt
    event came last before it, else the first)."""
    attempts, taken = [], None
    prefix = {address: ATTEMPT_AT.format(address=address) for address in ADDRESSES}
    for entry in list(session.trace.entries)[start:]:
        if entry.peer != session.station_id or entry.frame is not None:
            continue
        for address, text in prefix.items():
            if entry.text.startswith(text):
                if entry.text.endswith("taken"):
                    taken = (address, entry)
                else:
                    attempts.append(_Attempt(address, "failed", entry.at, entry, "refused with HTTP 503"))
                    taken = None
        if entry.text.startswith(CONNECTED):
            address, at = taken if taken is not None else ("first", entry)
            attempts.append(_Attempt(address, "connected", at.at, entry))
            taken = None
    return attempts


def _tls_attempts(session, first):
    """The station's TLS connection attempts at the wss:// addresses, from handshake `first` on; one still
    under way ends the list."""
    attempts = []
    for handshake in session.tls.door.handshakes[first:]:
        if handshake.upgraded and not handshake.refusal:
            outcome = "connected"
        elif handshake.closed or handshake.refusal:
            outcome = "failed"
        else:
            break
        attempts.append(_Attempt(handshake.address, outcome, None, handshake, handshake.describe()))
    return attempts


def expect_attempts(session, table):
    """The station's connection attempts since it left its connection, in order, are the table's rows
    (| address | attempts | outcome |: address first, second or either; outcome failed or connected, the
    last row's only). Each attempt is awaited for the reboot deadline, or longer when the waits between its
    attempts so far say its back-off is longer (StationScenarioSession.BACKOFF_ALLOWANCE)."""
    expected = []
    for row in table:
        address, outcome = row["address"].strip(), row["outcome"].strip()
        if address not in ADDRESSES + (ANY_ADDRESS,):
            raise _step_error(f"address is first, second or {ANY_ADDRESS}, not {address!r}")
        if outcome not in OUTCOMES:
            raise _step_error(f"outcome is failed or connected, not {outcome!r}")
        expected += [(address, outcome)] * int(row["attempts"])
    if not expected or any(o == "connected" for _, o in expected[:-1]):
        raise _step_error("only the last attempt of the table can be 'connected'")
    tls = bool(_state(session).get("tls_url"))
    if tls:
        first_handshake = session.tls.accounted
        read = lambda: _tls_attempts(session, first_handshake)  # noqa: E731
    else:
        closed = session.trace.wait_for(lambda e: session._is_event(e, CLOSED), session.reboot_timeout,
                                        session._connection_start())
        if closed is None:
            session.fail(f"the station's connection to the test CSMS did not close within "
                         f"{seconds_text(session.reboot_timeout)} s: it did not restart its connection to take "
                         f"the new network connection profile")
        read = lambda: _ws_attempts(session, closed.seq + 1)  # noqa: E731
    start = time.monotonic()
    attempts = []
    while True:
        attempts = read()
        for index, (attempt, (address, outcome)) in enumerate(zip(attempts, expected)):
            if (address != ANY_ADDRESS and attempt.address != address) or attempt.outcome != outcome:
                _fail_attempts(session, attempts[:index + 1], expected, tls)
        if len(attempts) >= len(expected) or (attempts and attempts[-1].outcome == "connected"):
            break
        times = [a.at for a in attempts if a.at is not None]
        last_gap = times[-1] - times[-2] if len(times) > 1 else 0.0
        since = times[-1] if times else start
        deadline = since + max(session.reboot_timeout, session.BACKOFF_ALLOWANCE * last_gap + session.timeout)
        count = len(attempts)
        if not session.trace.wait_until(lambda: len(read()) > count, max(0.0, deadline - time.monotonic())):
            break
    if len(attempts) < len(expected):
        _fail_attempts(session, attempts, expected, tls, late=True)
    connected = attempts[-1]
    if tls:
        session.tls.accounted = first_handshake + len(attempts)
        session.tls.last_connected = connected.entry
        mark = session.trace.wait_for(lambda e: session._is_event(e, CONNECTED), session.timeout,
                                      session._connection_start())
        if mark is not None:
            session.connection_mark = mark.seq
    else:
        session.connection_mark = connected.entry.seq
    _state(session)["attempts"] = attempts


def _fail_attempts(session, attempts, expected, tls, late=False):
    def say(items):
        return "; ".join(f"{i + 1}. {a}" for i, a in enumerate(items)) or "none"
    seen = say([a.describe() for a in attempts])
    wanted = say([f"{outcome} at the {address} address" if address != ANY_ADDRESS else f"{outcome} at either address"
                  for address, outcome in expected])
    where = "wss:// (TLS)" if tls else "ws://"
    why = ("and no further attempt came in time" if late else "which is not what the migration asks")
    rule = RULE
    if tls and attempts and not late:
        wrong, (_, outcome) = attempts[-1], expected[len(attempts) - 1]
        if wrong.outcome == "connected" and outcome == "failed":
            rule = TLS_TOO_TRUSTING + "; " + RULE
        elif wrong.outcome == "failed" and outcome == "connected":
            rule = TLS_TOO_STRICT + "; " + RULE
    session.fail(f"{rule}: since the station left its connection, its connection attempts at the test CSMS's "
                 f"{where} addresses were: {seen}; {why}. Expected: {wanted}")


def expect_back_off_before_connecting(session):
    """TC_B_49_CS steps 11-12: the station's successful attempt came no sooner than the configured
    RetryBackOffWaitMinimum (scaled; 20 ms for the timers) after its last failed one (C-47: once every
    network connection profile failed, the default reconnection mechanism)."""
    attempts = _state(session).get("attempts")
    if not attempts or attempts[-1].outcome != "connected" or len(attempts) < 2 or attempts[-2].at is None:
        raise _step_error("check the station's connection attempts first (a failed one, then the one that got "
                          "through, at the ws:// addresses)")
    minimum = session.protocol_seconds(session.config.integer("retry_back_off_wait_minimum"))
    gap = attempts[-1].at - attempts[-2].at
    if gap < minimum - 0.02:
        session.fail(f"B10.FR.07 / C-47 (OCTT TC_B_49_CS steps 11-12): once every network connection profile "
                     f"failed the station falls back to its reconnection back-off, but it connected {gap:.3f} s "
                     f"after its last failed attempt, before RetryBackOffWaitMinimum ({minimum:.3f} s) had passed")


# ---------------------------------------------------------------------- certificates (M05)

def _same_hash_data(data, certificate):
    algorithm = data.get("hashAlgorithm", "SHA256")
    try:
        wanted = hash_data(certificate, certificate, algorithm)
        return (data.get("issuerNameHash", "").lower() == wanted["issuerNameHash"]
                and data.get("issuerKeyHash", "").lower() == wanted["issuerKeyHash"]
                and int(data.get("serialNumber", "x"), 16) == int(wanted["serialNumber"], 16))
    except (KeyError, ValueError):
        return False


def check_old_root_listed(session):
    """TC_B_47_CS step 12: the answer to GetInstalledCertificateIds (CSMSRootCertificate) lists the old CSMS
    root certificate: the station kept it as its fallback, since it did not connect using the new one (so
    TC_M_31_CS step 8; TC_M_09_CS step 4: it refused a new one the old one did not sign)."""
    answer = session.check_command_answer("GetInstalledCertificateIds", [("status", "Accepted")])
    old = TestPki().csms_root.certificate
    chain = answer.get("certificateHashDataChain") or []
    if any(entry.get("certificateType") == "CSMSRootCertificate" and _same_hash_data(entry.get("certificateHashData")
                                                                                     or {}, old) for entry in chain):
        return
    listed = [f"{e.get('certificateType')} serial {(e.get('certificateHashData') or {}).get('serialNumber')}"
              for e in chain]
    session.fail(f"M05.FR.10/14 (OCTT TC_B_47_CS step 12, TC_M_09_CS, TC_M_31_CS): the station still holds the old "
                 f"CSMS root certificate (serial {old.serial_number:x}): a new one not signed by it is refused, and one "
                 f"signed by it keeps the old one as fallback until the station connected using the new one; but "
                 f"GetInstalledCertificateIds lists {', '.join(listed) or 'nothing'}")
