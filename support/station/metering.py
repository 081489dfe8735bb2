"""Meter values of the test station (OCPP 2.0.1 J): an energy meter per EVSE (0 = the main meter),
sampled values, signed meter values, and the metering profile that completes TransactionEvents.

The meter lives on a consistent timeline: each EVSE's register starts at 1000 Wh six intervals in
the past and grows at 11 kW (faster with short intervals: at least 1 kWh per interval), readings
never go back in time, and clock-aligned readings fall on multiples of the clock-aligned interval. So the suite sends clock-aligned, sampled and Tx-ended
series at once, with timestamps that are exactly an interval apart, instead of waiting for the
intervals to pass (OCTT sends them as time goes by; the CSMS sees the same data).

Signed values are OCMF readings signed with ECDSA P-256 / SHA-256; the public key goes with them
(as with PublicKeyWithSignedMeterValue = EveryMeterValue), so a CSMS can verify each one.
"""
import base64
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ..scenario.expect import StepError

ENERGY = "Energy.Active.Import.Register"
START_WH = 1000.0
POWER_W = 11000.0
SERIES_LENGTH = 3            # readings of a Tx-ended series before the Transaction.End one
CONTEXTS = ("Interruption.Begin", "Interruption.End", "Other", "Sample.Clock", "Sample.Periodic",
            "Transaction.Begin", "Transaction.End", "Trigger")
SIGNING_METHOD = "ECDSA-secp256r1-SHA256"

_KEY = None


def _now():
    return datetime.now(timezone.utc)


def iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _signing_key():
    global _KEY
    if _KEY is None:
        from cryptography.hazmat.primitives.asymmetric import ec
        _KEY = ec.generate_private_key(ec.SECP256R1())
    return _KEY


def public_key_base64(key=None):
    from cryptography.hazmat.primitives import serialization
    der = (key or _signing_key()).public_key().public_bytes(serialization.Encoding.DER,
                                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def signed_meter_value(station_id, moment, wh, context, key=None, issuer="ocpp-conformance-suite test station"):
    """SignedMeterValueType of one energy reading: an OCMF document signed with ECDSA P-256 (the test
    station's key, or `key`: a meter's own), its public key beside it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    key = key or _signing_key()
    kind = {"Transaction.Begin": "B", "Transaction.End": "E"}.get(context, "T")
    document = json.dumps({"FV": "1.0", "GI": issuer, "GS": station_id, "PG": "T1",
                           "RD": [{"TM": moment.strftime("%Y-%m-%dT%H:%M:%S,") + f"{moment.microsecond // 1000:03d}"
                                   "+0000 S", "TX": kind, "RV": round(wh / 1000.0, 4), "RI": "1-b:1.8.0",
                                   "RU": "kWh", "ST": "G"}]}, separators=(",", ":"))
    der_signature = key.sign(document.encode(), ec.ECDSA(hashes.SHA256()))
    # OCMF carries the signature as hex of its DER (ASN.1) form.
    signature = json.dumps({"SA": SIGNING_METHOD, "SD": der_signature.hex()}, separators=(",", ":"))
    data = f"OCMF|{document}|{signature}"
    return {"signedMeterData": base64.b64encode(data.encode()).decode(), "signingMethod": SIGNING_METHOD,
            "encodingMethod": "OCMF", "publicKey": public_key_base64(key)}


@dataclass
class MeteringProfile:
    """What the station adds to TransactionEvents on its own (its SampledDataCtrlr / AlignedDataCtrlr):
    begin: a Transaction.Begin reading in the first event that names the EVSE;
    end: None, "Transaction.End" (one reading), "Sample.Clock" or "Sample.Periodic" (a series at the
    Tx-ended interval, then Transaction.End) in the Ended event."""
    begin: bool = False
    end: str = None


@dataclass
class EnergyMeter:
    station_id: str
    clock_interval: float = 900.0
    sampled_interval: float = 60.0
    ended_interval: float = 60.0
    signed: bool = False
    profile: MeteringProfile = field(default_factory=MeteringProfile)
    registers: dict = field(default_factory=dict)    # evseId -> [moment, Wh]
    sent: dict = field(default_factory=dict)         # transactionId -> [Wh of every energy reading sent]
    begun: set = field(default_factory=set)          # transactionIds that got their Transaction.Begin

    # ------------------------------------------------------------------ the timeline

    def _state(self, evse_id):
        if evse_id not in self.registers:
            span = (SERIES_LENGTH + 3) * max(self.clock_interval, self.sampled_interval, self.ended_interval)
            self.registers[evse_id] = [_now() - timedelta(seconds=span), START_WH + 100.0 * evse_id]
        return self.registers[evse_id]

    @property
    def power_w(self):
        """11 kW, or faster when the intervals are short, so that every interval adds at least 1 kWh:
        a transaction then costs something worth printing whatever the intervals are."""
        return max(POWER_W, 1000.0 * 3600.0 / min(self.clock_interval, self.sampled_interval, self.ended_interval))

    def _advance(self, evse_id, moment):
        state = self._state(evse_id)
        if moment > state[0]:
            state[1] += self.power_w * (moment - state[0]).total_seconds() / 3600.0
            state[0] = moment
        return state

    def last_reading_time(self, evse_id):
        return self._state(evse_id)[0]

    def next_clock_time(self, after, interval=None):
        """The first multiple of the interval (counted from midnight UTC) after a moment, not after now."""
        interval = interval or self.clock_interval
        midnight = after.replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = (after - midnight).total_seconds()
        candidate = midnight + timedelta(seconds=(int(elapsed // interval) + 1) * interval)
        return min(candidate, _now())

    def next_time(self, evse_id, context):
        last = self.last_reading_time(evse_id)
        if context == "Sample.Clock":
            return self.next_clock_time(last)
        if context == "Sample.Periodic":
            return min(last + timedelta(seconds=self.sampled_interval), _now())
        if context == "Transaction.Begin":
            return last
        return _now()

    def clock_rounds(self, evse_ids, count, interval=None):
        """`count` clock-aligned moments after every listed meter's last reading (one timestamp per round)."""
        moment = max(self.last_reading_time(e) for e in evse_ids)
        rounds = []
        for _ in range(count):
            moment = self.next_clock_time(moment, interval)
            rounds.append(moment)
        return rounds

    # ------------------------------------------------------------------ readings

    def sampled_value(self, wh, context, moment):
        value = {"value": round(wh, 1), "context": context, "measurand": ENERGY, "unitOfMeasure": {"unit": "Wh"}}
        if self.signed:
            value["signedMeterValue"] = signed_meter_value(self.station_id, moment, wh, context)
        return value

    def meter_value(self, evse_id, context, moment=None, value=None, transaction_id=None):
        """MeterValueType with one energy reading of an EVSE, taken at `moment` (default: the next
        moment that suits the context); `value` sets the register (Wh) from then on."""
        if context not in CONTEXTS:
            import difflib
            hint = difflib.get_close_matches(context, CONTEXTS, 1, 0.5)
            raise StepError(f"'{context}' is not a ReadingContext" +
                            (f"; did you mean {hint[0]}?" if hint else f"; it is one of {', '.join(CONTEXTS)}"))
        moment = moment or self.next_time(evse_id, context)
        state = self._advance(evse_id, moment)
        if value is not None:
            state[1] = float(value)
        if transaction_id is not None:
            self.sent.setdefault(transaction_id, []).append(state[1])
        return {"timestamp": iso(moment), "sampledValue": [self.sampled_value(state[1], context, moment)]}

    def ended_series(self, evse_id, context, transaction_id):
        """Tx-ended meter values: readings at the Tx-ended interval in `context` (unless the profile
        says Transaction.End only), then the Transaction.End reading."""
        values = []
        if context != "Transaction.End":
            moment = self.last_reading_time(evse_id)
            for _ in range(SERIES_LENGTH):
                if context == "Sample.Clock":
                    moment = self.next_clock_time(moment, self.ended_interval)
                else:
                    moment = min(moment + timedelta(seconds=self.ended_interval), _now())
                values.append(self.meter_value(evse_id, context, moment, transaction_id=transaction_id))
        values.append(self.meter_value(evse_id, "Transaction.End", _now(), transaction_id=transaction_id))
        return values

    def energy_wh(self, transaction_id):
        """Energy of a transaction by the readings the station sent: highest minus lowest register."""
        values = self.sent.get(transaction_id, [])
        return (max(values) - min(values)) if values else None

    # ------------------------------------------------------------------ TransactionEvent hook

    def complete_event(self, station, payload, tx):
        """Add what the profile says to a TransactionEvent that has no meter values of its own."""
        if "meterValue" in payload:
            return
        evse_id = payload.get("evse", {}).get("id", tx.evse_id)
        values = []
        if self.profile.begin and "evse" in payload and tx.transaction_id not in self.begun:
            self.begun.add(tx.transaction_id)
            values.append(self.meter_value(evse_id, "Transaction.Begin", transaction_id=tx.transaction_id))
        if self.profile.end and payload["eventType"] == "Ended":
            values.extend(self.ended_series(evse_id, self.profile.end, tx.transaction_id))
        if values:
            payload["meterValue"] = values


def meter(station, config=None):
    """The station's energy meter (made on first use, with the intervals of the configuration)."""
    existing = getattr(station, "meter", None)
    if existing is None:
        existing = station.meter = EnergyMeter(station.station_id)
        if config is not None:
            existing.clock_interval = config.seconds("clock_aligned_interval")
            existing.sampled_interval = config.seconds("sampled_interval")
            existing.ended_interval = config.seconds("tx_ended_interval")
        station.transaction_hooks.append(existing.complete_event)
    return existing


def transaction_meter_value(station, config, evse_id, context, value=None, signed=None):
    """One MeterValueType for the current transaction of an EVSE (recorded as sent in it)."""
    energy_meter = meter(station, config)
    tx = station.model.transaction(evse_id)
    previous = energy_meter.signed
    if signed is not None:
        energy_meter.signed = signed
    try:
        return energy_meter.meter_value(evse_id, context, value=value, transaction_id=tx.transaction_id)
    finally:
        energy_meter.signed = previous


# ---------------------------------------------------------------------- messages without a transaction

def meter_values_payload(station, config, evse_id, context, moment):
    energy_meter = meter(station, config)
    return {"evseId": evse_id, "meterValue": [energy_meter.meter_value(evse_id, context, moment)]}


def fiscal_metering_event(station, evse_id, meter_values_payload_):
    """NotifyEvent that goes with a clock-aligned MeterValues: FiscalMetering, trigger Periodic."""
    reading = meter_values_payload_["meterValue"][0]
    component = {"name": "FiscalMetering"}
    if evse_id:
        component["evse"] = {"id": evse_id}
    return {"generatedAt": iso(_now()), "seqNo": 0, "tbc": False, "eventData": [{
        "eventId": next(station._event_ids), "timestamp": reading["timestamp"], "trigger": "Periodic",
        "actualValue": str(reading["sampledValue"][0]["value"]), "eventNotificationType": "HardWiredMonitor",
        "component": component, "variable": {"name": "EnergyActiveImportRegister"}}]}


# ---------------------------------------------------------------------- what the steps send and check

def _ongoing(station):
    return {evse: tx for evse, tx in sorted(station.model.transactions.items()) if not tx.ended and tx.seq_no >= 0}


def send_clock_aligned(session, station, config, count):
    """J01: `count` rounds of clock-aligned meter values, one timestamp per round: MeterValues and a
    FiscalMetering NotifyEvent for the main meter (evseId 0) and every idle EVSE, and a
    TransactionEvent (MeterValueClock) for every EVSE with an ongoing transaction."""
    station = session.require_connected(station)
    energy_meter = meter(station, config)
    ongoing = _ongoing(station)
    idle = [0] + [evse for evse in sorted({key[0] for key in station.model.connectors}) if evse not in ongoing]
    for moment in energy_meter.clock_rounds(idle + list(ongoing), count):
        for evse_id in idle:
            payload = meter_values_payload(station, config, evse_id, "Sample.Clock", moment)
            session.send("MeterValues", payload, station)
            session.send("NotifyEvent", fiscal_metering_event(station, evse_id, payload), station)
        for evse_id, tx in ongoing.items():
            reading = energy_meter.meter_value(evse_id, "Sample.Clock", moment, transaction_id=tx.transaction_id)
            session.send("TransactionEvent", station.transaction_event_payload(
                evse_id, "Updated", "MeterValueClock", extra={"meterValue": [reading]}), station)


def send_sampled(session, station, config, evse_id, count):
    """J02: `count` TransactionEvents (Updated, MeterValuePeriodic) of the ongoing transaction of an
    EVSE, each with a Sample.Periodic reading one sampled interval after the previous one."""
    station = session.require_connected(station)
    if evse_id not in _ongoing(station):
        raise StepError(f"the station has no ongoing transaction on EVSE {evse_id} to sample meter values of")
    for _ in range(count):
        reading = transaction_meter_value(station, config, evse_id, "Sample.Periodic")
        session.send("TransactionEvent", station.transaction_event_payload(
            evse_id, "Updated", "MeterValuePeriodic", extra={"meterValue": [reading]}), station)


def _carried(request):
    """(contexts, signed) of the meter values in a MeterValues or TransactionEvent request."""
    contexts, signed = set(), False
    for meter_value in request.get("meterValue", []):
        for sampled in meter_value["sampledValue"]:
            contexts.add(sampled.get("context", "Sample.Periodic"))
            signed = signed or "signedMeterValue" in sampled
    return contexts, signed


def check_meter_values_answered(session, station, contexts=(), signed=False):
    """Every MeterValues / TransactionEvent the station sent with meter values in these contexts
    (or signed ones) got a schema-valid CALLRESULT; each context (and signing) was sent at least once."""
    sent = [o for o in station.outcomes if o.action in ("MeterValues", "TransactionEvent") and o.request.get("meterValue")]
    for context in contexts:
        if context not in CONTEXTS:
            import difflib
            hint = difflib.get_close_matches(context, CONTEXTS, 1, 0.5)
            raise StepError(f"'{context}' is not a ReadingContext" + (f"; did you mean {hint[0]}?" if hint else ""))
        if not any(context in _carried(o.request)[0] for o in sent):
            raise StepError(f"the station sent no meter value with context {context} in this scenario")
    if signed and not any(_carried(o.request)[1] for o in sent):
        raise StepError("the station sent no signed meter value in this scenario")
    relevant = [o for o in sent if (_carried(o.request)[0] & set(contexts)) or (signed and _carried(o.request)[1])]
    bad = [o.describe() + ("; " + "; ".join(o.violations) if o.violations else "") for o in relevant
           if not o.ok or o.violations]
    if bad:
        what = "signed meter values" if signed else f"meter values in context {', '.join(contexts)}"
        session.fail(f"the CSMS did not answer every message with {what} with a valid CALLRESULT:\n  " + "\n  ".join(bad))
    session.check_peer_violations()
