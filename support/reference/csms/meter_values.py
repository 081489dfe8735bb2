"""J MeterValues: meter values from MeterValuesRequest and from TransactionEvent, checked and stored.

The RPC layer already refuses what breaks the schema (a timestamp that is not RFC 3339, a context
that is not a ReadingContext, ...). On top of that the reference CSMS checks what the schema cannot
say, and answers a CALLERROR PropertyConstraintViolation (OCPP-J: "a field contains an invalid
value") when:

- signedMeterData or publicKey is not Base64 (the schema calls both "Base64 encoded");
- an energy measurand comes in a unit that is not an energy unit (Wh, kWh, varh, kvarh, VAh, kVAh);
- a MeterValuesRequest names an EVSE the station never reported (once it reported some).

A signed value in OCMF, signed with ECDSA over a P-256 or P-384 curve, with a public key, is
verified; the result is stored with the reading ("valid" / "invalid" / "unverified"). A bad
signature is recorded, not refused: OCPP leaves that judgement to the driver and the billing.

Readings are stored per station (`self.meter_readings[station_id]`, the newest 2000) and, for a
transaction, its Energy.Active.Import.Register readings go to `TransactionRecord.energy_readings`,
which the tariff (tariff.py) turns into a cost.
"""
import base64
import binascii
import json
import math

from ...rpc import CallError
from .core import Faults

Faults.declare({
    "reject_signed_meter_values": False,  # CALLERROR for any sampledValue with a signedMeterValue
    "reject_main_meter": False,           # CALLERROR for MeterValues of evseId 0 (the main meter)
})

ENERGY_UNITS = {"Wh": 1.0, "kWh": 1000.0}
OTHER_ENERGY_UNITS = {"varh", "kvarh", "VAh", "kVAh"}
MAX_READINGS = 2000
ENERGY_REGISTER = "Energy.Active.Import.Register"


class MeterValues:
    def init_state(self):
        super().init_state()
        self.meter_readings = {}      # station_id -> list of reading dicts, oldest first

    async def on_MeterValues(self, station, connection, payload):
        evse_id = payload["evseId"]
        codes = connection.codes
        if evse_id == 0 and self.faults.reject_main_meter:
            raise CallError(codes.property_violation, "evseId 0 is not an EVSE of this station")
        known = {evse for evse, _connector in station.connectors}
        if evse_id > 0 and known and evse_id not in known:
            raise CallError(codes.property_violation,
                            f"evseId {evse_id} is not an EVSE of {station.station_id} (it reported {sorted(known)})")
        self.take_meter_values(station, connection, evse_id, payload["meterValue"])
        return {}

    # ------------------------------------------------------------------ shared with TransactionEvent

    def check_meter_values(self, connection, meter_values):
        """Readings of a meterValue list, checked; raises CallError for an invalid value."""
        readings = []
        for index, meter_value in enumerate(meter_values):
            for sv_index, sampled in enumerate(meter_value["sampledValue"]):
                where = f"meterValue[{index}].sampledValue[{sv_index}]"
                readings.append(self._reading(connection, where, meter_value["timestamp"], sampled))
        return readings

    def take_meter_values(self, station, connection, evse_id, meter_values, transaction=None):
        """Check and store the readings; energy register readings also go to the transaction."""
        readings = self.check_meter_values(connection, meter_values)
        store = self.meter_readings.setdefault(station.station_id, [])
        for reading in readings:
            reading["evse_id"] = evse_id
            reading["transaction_id"] = transaction.transaction_id if transaction else None
            store.append(reading)
            if transaction is not None and reading["wh"] is not None:
                transaction.energy_readings.append((reading["timestamp"], reading["wh"], reading["context"]))
        del store[:-MAX_READINGS]
        return readings

    # ------------------------------------------------------------------ one sampled value

    def _reading(self, connection, where, timestamp, sampled):
        codes = connection.codes
        measurand = sampled.get("measurand", ENERGY_REGISTER)
        unit_of_measure = sampled.get("unitOfMeasure", {})
        unit = unit_of_measure.get("unit", "Wh" if measurand.startswith("Energy") else None)
        multiplier = unit_of_measure.get("multiplier", 0)
        try:      # 10.0 ** (not 10 **): a huge multiplier must not make a huge integer first
            value = float(sampled["value"]) * 10.0 ** multiplier
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise CallError(codes.property_violation,
                            f"{where}: value {sampled['value']} with multiplier {multiplier} is out of range")
        if measurand.startswith("Energy") and unit not in ENERGY_UNITS and unit not in OTHER_ENERGY_UNITS:
            raise CallError(codes.property_violation,
                            f"{where}: {measurand} in {unit!r}; an energy value needs Wh or kWh (or varh, VAh)")
        reading = {"timestamp": timestamp, "context": sampled.get("context", "Sample.Periodic"),
                   "measurand": measurand, "phase": sampled.get("phase"), "location": sampled.get("location"),
                   "value": value, "unit": unit, "wh": None, "signature": None}
        if measurand == ENERGY_REGISTER and reading["phase"] is None and unit in ENERGY_UNITS:
            reading["wh"] = value * ENERGY_UNITS[unit]
        if "signedMeterValue" in sampled:
            if self.faults.reject_signed_meter_values:
                raise CallError(codes.not_supported, f"{where}: signed meter values are not supported")
            reading["signature"] = self._check_signed(codes, where, sampled["signedMeterValue"])
        return reading

    @staticmethod
    def _check_signed(codes, where, signed):
        try:
            data = base64.b64decode(signed["signedMeterData"], validate=True)
        except (binascii.Error, ValueError):
            raise CallError(codes.property_violation,
                            f"{where}.signedMeterValue.signedMeterData is not Base64") from None
        key = None
        if signed["publicKey"]:
            try:
                key = base64.b64decode(signed["publicKey"], validate=True)
            except (binascii.Error, ValueError):
                raise CallError(codes.property_violation,
                                f"{where}.signedMeterValue.publicKey is not Base64") from None
        return verify_signature(data, signed["encodingMethod"], signed["signingMethod"], key)


def verify_signature(data, encoding_method, signing_method, public_key_der):
    """'valid' / 'invalid' for an OCMF reading signed with ECDSA and a DER public key; else 'unverified'."""
    if encoding_method.upper() != "OCMF" or not signing_method.upper().startswith("ECDSA") or not public_key_der:
        return "unverified"
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    try:
        text = data.decode("utf-8")
        marker, payload, signature_part = text.split("|", 2)
        signature = json.loads(signature_part)
        key = serialization.load_der_public_key(public_key_der)
        if marker != "OCMF" or not isinstance(key, ec.EllipticCurvePublicKey):
            return "invalid"
        digest = hashes.SHA384() if "SHA384" in signing_method.upper() else hashes.SHA256()
        key.verify(bytes.fromhex(signature["SD"]), payload.encode("utf-8"), ec.ECDSA(digest))
        return "valid"
    except (InvalidSignature, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return "invalid"
