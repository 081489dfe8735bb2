"""What a scenario changed at a real station through the test CSMS, and putting it back.

The embedded reference station is a new station every scenario; a real station is the same one all
run long. A scenario that sets a variable (SetVariables; 1.6 ChangeConfiguration), takes an EVSE out
of service (ChangeAvailability Inoperative), installs a charging profile or reserves an EVSE would
leave the next scenario a station that is no longer in its default state. The ledger watches the
test CSMS's commands to the station under test:

- before a SetVariables / ChangeConfiguration it reads the values it is about to change
  (GetVariables / GetConfiguration);
- after an accepted change it notes the command that undoes it;
- when the scenario ends it sends those commands, last change first;
- a scenario in which the station authorized idTags ends with ClearCache (clear_cache(), called by the
  session): a real station's Authorization Cache would otherwise let a later scenario's idTag through
  without the Authorize that case expects. A station that answers Rejected (no cache, or a cache it
  will not clear) is noted in `refusals`, printed, not judged and not tried again.

Reads and restores are the suite's housekeeping: the trace marks them, and they are not counted as
the scenario's commands (the session's own list of commands is separate).
"""
import copy
import logging

from ..csms.scripted import build_get_variables, build_set_variables
from ..csms.ocpp16.scripted import build_get_configuration

log = logging.getLogger(__name__)

ACCEPTED_CHANGE = {"Accepted", "RebootRequired", "Scheduled"}

# Station id -> why its Authorization Cache may still hold the idTags of earlier scenarios (it refused the
# ClearCache the suite sent after one): run-wide, since the station is. A later scenario that waits in
# vain for an Authorize is then not run, for the station may have authorized from that cache (allowed).
UNCLEARED_CACHES = {}


def _variable_key(item):
    component = item.get("component", {})
    variable = item.get("variable", {})
    return (component.get("name"), component.get("instance"), (component.get("evse") or {}).get("id"),
            (component.get("evse") or {}).get("connectorId"), variable.get("name"), variable.get("instance"),
            item.get("attributeType", "Actual"))


def _variable_ref(item):
    """component, variable and attributeType of a SetVariables item, as GetVariables takes them."""
    ref = {"component": copy.deepcopy(item["component"]), "variable": copy.deepcopy(item["variable"])}
    if item.get("attributeType"):
        ref["attributeType"] = item["attributeType"]
    return ref


class ChangeLedger:
    """The undo list of one scenario at one station (OCPP 2.0.1 or 1.6)."""

    def __init__(self, csms, station_id, version):
        self.csms = csms
        self.station_id = station_id
        self.v16 = version.startswith("1.6")
        self.originals = {}      # variable key (1.6: configuration key) -> (ref, value) read before a change
        self.undo = []           # (what, action, payload), in the order the changes were made
        self.refusals = []       # housekeeping the station answered with a refusal (ClearCache Rejected)

    # ------------------------------------------------------------------ watching the commands

    async def before(self, action, payload):
        """Read what a change is about to overwrite (once per variable per scenario)."""
        try:
            if action == "SetVariables" and not self.v16:
                refs = [_variable_ref(i) for i in payload.get("setVariableData", [])
                        if isinstance(i, dict) and "component" in i and "variable" in i
                        and _variable_key(i) not in self.originals]
                if refs:
                    answer = await self._housekeeping("GetVariables", build_get_variables(refs),
                                                      "read the variables the scenario changes, to put them back")
                    for result in (answer.response or {}).get("getVariableResult", []) if answer else []:
                        if result.get("attributeStatus") == "Accepted" and "attributeValue" in result:
                            ref = _variable_ref(result)
                            self.originals[_variable_key(result)] = (ref, result["attributeValue"])
            elif action == "ChangeConfiguration" and self.v16:
                key = payload.get("key")
                if isinstance(key, str) and key not in self.originals:
                    answer = await self._housekeeping("GetConfiguration", build_get_configuration([key]),
                                                      f"read {key}, to put it back after the scenario")
                    for entry in (answer.response or {}).get("configurationKey", []) if answer else []:
                        if entry.get("key") == key and not entry.get("readonly") and "value" in entry:
                            self.originals[key] = (key, entry["value"])
        except Exception as exc:       # the scenario goes on; only the restore is lost
            log.warning("could not read what %s changes: %s", action, exc)

    def after(self, action, payload, outcome):
        """Note how to undo a change the station accepted."""
        if outcome is None or not outcome.ok:
            return
        response = outcome.response or {}
        if action == "SetVariables" and not self.v16:
            results = {_variable_key(r): r.get("attributeStatus") for r in response.get("setVariableResult", [])}
            back = []
            for item in payload.get("setVariableData", []):
                key = _variable_key(item) if isinstance(item, dict) else None
                if key in self.originals and results.get(key) in ACCEPTED_CHANGE:
                    ref, value = self.originals[key]
                    back.append(dict(ref, attributeValue=value))
            if back:
                self.undo.append(("variables", "SetVariables", build_set_variables(back)))
        elif action == "ChangeConfiguration" and self.v16:
            key = payload.get("key")
            if key in self.originals and response.get("status") in ACCEPTED_CHANGE:
                self.undo.append((f"configuration key {key}", "ChangeConfiguration",
                                  {"key": key, "value": self.originals[key][1]}))
        elif action == "ChangeAvailability" and response.get("status") in ACCEPTED_CHANGE:
            if self.v16:
                connector = payload.get("connectorId", 0)
                scope = f"connector {connector}" if connector else "the Charge Point"
                inoperative = payload.get("type") == "Inoperative"
                back = {"connectorId": connector, "type": "Operative"}
            else:
                evse = payload.get("evse") or {}
                scope = (f"EVSE {evse.get('id')}" + (f" connector {evse['connectorId']}" if "connectorId" in evse else "")
                         if evse else "the station")
                inoperative = payload.get("operationalStatus") == "Inoperative"
                back = {"operationalStatus": "Operative"}
                if payload.get("evse"):
                    back["evse"] = copy.deepcopy(payload["evse"])
            what = f"availability of {scope}"
            # The scenario put it back itself (TC_013_CS): nothing left to undo there.
            self.undo = [u for u in self.undo if u[0] != what]
            if inoperative:
                self.undo.append((what, "ChangeAvailability", back))
        elif action == "SetChargingProfile" and response.get("status") == "Accepted":
            profile = payload.get("csChargingProfiles" if self.v16 else "chargingProfile") or {}
            if "id" in profile:
                key = "id" if self.v16 else "chargingProfileId"
                self.undo.append((f"charging profile {profile['id']}", "ClearChargingProfile", {key: profile["id"]}))
        elif action == "ReserveNow" and response.get("status") == "Accepted":
            reservation = payload.get("reservationId" if self.v16 else "id")
            if reservation is not None:
                self.undo.append((f"reservation {reservation}", "CancelReservation", {"reservationId": reservation}))

    def clear_cache(self):
        """The station authorized idTags in the scenario: ClearCache when it ends, before the other
        restores (while the scenario's configuration, an enabled cache, is still in place); once."""
        if not any(action == "ClearCache" for _, action, _ in self.undo):
            self.undo.append(("authorization cache", "ClearCache", {}))

    # ------------------------------------------------------------------ putting it back

    @property
    def changed(self):
        return bool(self.undo)

    async def restore(self):
        """Send the undo commands, last change first; returns the problems (what could not go back)."""
        problems, left = [], []
        for what, action, payload in reversed(self.undo):
            try:
                outcome = await self._housekeeping(action, payload, f"put back the {what} the scenario changed")
            except LookupError:
                outcome = None
            if outcome is None or not outcome.ok:
                problems.append(f"{what}: {outcome.describe() if outcome else 'the station is not connected'}")
                left.insert(0, (what, action, payload))
            elif action == "ClearCache" and (outcome.response or {}).get("status") != "Accepted":
                self.refusals.append(f"the station answered ClearCache with "
                                     f"{(outcome.response or {}).get('status')}: its authorization cache may "
                                     f"still hold the idTags of the scenario")
                UNCLEARED_CACHES[self.station_id] = (f"it answered ClearCache with "
                                                     f"{(outcome.response or {}).get('status')} after an earlier "
                                                     f"scenario")
            elif action == "ClearCache":
                UNCLEARED_CACHES.pop(self.station_id, None)
        self.undo = left            # what did not go back may be tried again
        return problems

    async def _housekeeping(self, action, payload, why):
        """A command of the suite's own, past the ledger (watch=False), marked in the trace."""
        self.csms.note(self.station_id, f"the suite sends {action} to {why} (not part of the scenario)")
        return await self.csms.send(self.station_id, action, payload, watch=False)
