"""How the suite makes a CSMS act: the adapter interface.

OCTT's manual actions ("make the CSMS send a Reset", "make the next boot Pending", "know this idToken
as Blocked") reach a CSMS through an adapter. The trigger API client (trigger_client.TriggerClient)
is one; a product's own API is another (citrineos.CitrineOsAdapter), chosen with
`-D csms_adapter=NAME`. Without any, a person performs them (support/scenario/operator.py).

Every method returns a TriggerResponse (status code, decoded body) so the steps read all adapters
alike. What an adapter cannot do, it says:
- `unsupported(method, *args)` names, before anything is sent, an action it has no way to perform;
  the scenario is then "not run: <adapter> has no route for ...", never failed;
- `post(path)` of an engine command it does not know answers 404, so the suite falls back to
  `call/{Action}` with a payload it builds itself, and marks that request "supplied by the suite";
- raising ActionUnsupported inside a method has the same effect as `unsupported`.

`decides` names the engine commands (docs/trigger-api.md, "Commands in which the CSMS decides") for
which the product builds the request itself.
"""


class ActionUnsupported(Exception):
    """The adapter has no way to make the CSMS do this; the scenario is not run."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class CsmsAdapter:
    name = "adapter"
    base_url = ""
    # Pacing a product needs, in seconds (0: none):
    settle_after_connect = 0    # it drops requests made this soon after a station connected
    call_lock_seconds = 0       # after a station CALL it never answered, it takes no CALL of that station
                                # for this long, even on a new connection

    # ------------------------------------------------------------------ what it can do

    def unsupported(self, method, *args, **kwargs):
        """A reason when this adapter cannot perform `method` (a TriggerClient method name) with these
        arguments; None when it can."""
        if not callable(getattr(type(self), method, None)):
            return f"{self.name} has no way to {method.replace('_', ' ')}"
        return None

    def describe(self):
        return f"{self.name} at {self.base_url}"

    def prepare(self, config):
        """Called once before the first scenario: register what the suite's cases need (stations,
        passwords, idTokens) where the product's API allows it. Returns notes for the run banner."""
        return []

    def close(self):
        pass

    # ------------------------------------------------------------------ the operations the steps use
    # (all optional; a subclass implements what its product can do)

    def _unsupported(self, what):
        raise ActionUnsupported(f"{self.name} has no route to {what}")

    def post(self, path, body=None, answer_timeout=None):
        from .trigger_client import TriggerResponse
        return TriggerResponse(404, {"error": f"{self.name} has no command {path}"}, "POST", path)

    def call(self, station, action, payload=None, answer_timeout=None):
        self._unsupported(f"send {action}")

    def call16(self, station, kebab_action, payload=None, answer_timeout=None):
        self._unsupported(f"send the OCPP 1.6 {kebab_action}")

    def trigger_message(self, station, requested_message, evse=None, answer_timeout=None):
        body = {"requestedMessage": requested_message}
        if evse is not None:
            body["evse"] = evse
        return self.call(station, "TriggerMessage", body, answer_timeout)

    def get_variables(self, station, data):
        return self.call(station, "GetVariables", {"getVariableData": data})

    def set_variables(self, station, data):
        return self.call(station, "SetVariables", {"setVariableData": data})

    def station_record(self, station, record):
        return self.post(f"/{record}")
