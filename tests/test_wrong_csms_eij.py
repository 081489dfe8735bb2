"""Blocks E (Transactions), I (Tariff and Cost) and J (Meter Values): each scenario below fails
against the reference CSMS with one fault switched on (-D csms_faults=...), with a message that
says what the CSMS did wrong, and passes without it."""
import pytest

from behave_runner import assert_fails_with_fault, run_behave

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("seq_no_per_station", "TC_E_53_CSMS", "seqNo 0 is not above the last seqNo"),
    ("trust_transaction_tokens", "TC_E_16_CSMS", 'idTokenInfo.status is "Accepted", expected Invalid or Unknown'),
    ("drop_transaction_id_token_info", "TC_E_10_CSMS", "idTokenInfo.status is absent, expected Accepted"),
    ("no_gap_check", "TC_E_31_CSMS", "did not send GetTransactionStatusRequest"),
    ("reject_signed_meter_values", "TC_E_11_CSMS", "CALLERROR NotSupported"),
    ("no_cost_updates", "TC_I_01_CSMS", "did not send CostUpdatedRequest"),
    ("no_total_cost", "TC_I_02_CSMS", "totalCost is absent, expected (present)"),
    ("cost_from_zero", "TC_I_02_CSMS", "the TransactionEventResponse has totalCost"),
    ("reject_main_meter", "TC_J_01_CSMS", "MeterValues answered CALLERROR PropertyConstraintViolation"),
    ("reject_signed_meter_values", "TC_J_04_CSMS", "signed meter values are not supported"),
    ("reject_signed_meter_values", "TC_J_11_CSMS", "signed meter values are not supported"),
    ("silent=MeterValues", "TC_J_01_CSMS", "MeterValues: no answer before the deadline"),
]


@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[f"{m[0]}-{m[1]}" for m in MUTANTS])
def test_scenario_fails_against_wrong_csms(fault, case, words):
    extra = ["-D", "message_timeout=0.5"] if fault.startswith("silent") else []
    assert_fails_with_fault("csms_faults", fault, case, words, *extra)


def test_same_scenarios_pass_against_the_reference_csms():
    tags = ",".join(sorted({f"@{case}" for _, case, _ in MUTANTS}))
    code, output, verdicts = run_behave(f"--tags={tags}")
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}, verdicts



# ---------------------------------------------------------------------- the reference CSMS's own rules

def _reference():
    import asyncio
    from types import SimpleNamespace

    from support.reference.csms import ReferenceCsms
    from support.rpc import error_codes

    csms = ReferenceCsms()
    csms.store.add_station("CP_T", "pw")
    csms.store.add_token("TOKEN_OK", "ISO14443", "Accepted", "GROUP")
    station = csms.store.stations["CP_T"]
    station.registration = "Accepted"
    connection = SimpleNamespace(codes=error_codes("2.0.1"), peer="CP_T")
    sent = []

    async def fake_send(station_id, action, payload, timeout=None):
        sent.append((action, payload))

    csms._spawn = lambda coro: coro.close()      # no network: background sends are not run
    csms.send = fake_send

    def event(event_type, tx, seq, **extra):
        payload = {"eventType": event_type, "timestamp": "2030-01-01T00:00:00Z", "triggerReason": "Authorized",
                   "seqNo": seq, "transactionInfo": {"transactionId": tx, **extra.pop("info", {})}, **extra}
        return asyncio.run(csms.on_TransactionEvent(station, connection, payload))

    return csms, event


def _energy(wh, context="Sample.Periodic"):
    return [{"timestamp": "2030-01-01T00:00:00Z", "sampledValue": [{"value": wh, "context": context}]}]


def test_seq_no_restarts_per_transaction_and_a_repeated_message_changes_nothing():
    csms, event = _reference()
    event("Started", "A", 0, evse={"id": 1}, idToken={"idToken": "TOKEN_OK", "type": "ISO14443"})
    event("Ended", "A", 1, info={"stoppedReason": "EVDisconnected"}, meterValue=_energy(1000))
    first = event("Started", "B", 0, evse={"id": 1}, idToken={"idToken": "TOKEN_OK", "type": "ISO14443"})
    again = event("Started", "B", 0, evse={"id": 1}, idToken={"idToken": "TOKEN_OK", "type": "ISO14443"})
    assert first == again and first["idTokenInfo"]["status"] == "Accepted"
    assert len(csms.store.transactions["B"].events) == 1
    assert csms.store.transactions["A"].stopped_reason == "EVDisconnected"


def test_late_offline_messages_do_not_roll_the_state_back_and_gaps_are_noticed():
    csms, event = _reference()
    event("Started", "T", 0, evse={"id": 1}, info={"chargingState": "Charging"})
    answer = event("Ended", "T", 3, offline=True, info={"chargingState": "Idle"})
    tx = csms.store.transactions["T"]
    assert answer == {"totalCost": 0.0}
    assert tx.missing_seq_nos == [1, 2] and tx.status_requested
    event("Updated", "T", 1, offline=True, info={"chargingState": "SuspendedEV"})
    assert tx.charging_state == "Idle" and tx.offline_events == 2
    assert csms.missing_seq_nos(tx) == [2]


def test_a_new_transaction_on_an_evse_ends_the_one_believed_ongoing_there():
    csms, event = _reference()
    event("Started", "OLD", 0, evse={"id": 2})
    event("Started", "NEW", 0, evse={"id": 2})
    assert csms.store.transactions["OLD"].ended and not csms.store.transactions["NEW"].ended
    assert [tx.transaction_id for tx in csms.ongoing_transactions("CP_T", 2)] == ["NEW"]


def test_the_final_cost_is_the_energy_of_the_transaction_at_the_tariff():
    csms, event = _reference()
    csms.energy_tariff = 0.30
    event("Started", "C", 0, evse={"id": 1}, meterValue=_energy(1000, "Transaction.Begin"))
    event("Updated", "C", 1, meterValue=[{"timestamp": "2030-01-01T00:01:00Z", "sampledValue": [
        {"value": 3.5, "unitOfMeasure": {"unit": "kWh"}}]}])
    answer = event("Ended", "C", 2, meterValue=_energy(6000, "Transaction.End"))
    assert answer["totalCost"] == 1.5


def test_invalid_signed_data_and_energy_units_are_refused():
    from support.rpc import CallError
    csms, event = _reference()
    bad_signature = [{"timestamp": "2030-01-01T00:00:00Z", "sampledValue": [{"value": 1, "signedMeterValue": {
        "signedMeterData": "not base64!", "signingMethod": "x", "encodingMethod": "OCMF", "publicKey": ""}}]}]
    with pytest.raises(CallError, match="signedMeterData is not Base64"):
        event("Started", "S", 0, meterValue=bad_signature)
    assert "S" not in csms.store.transactions
    with pytest.raises(CallError, match="needs Wh or kWh"):
        event("Started", "U", 0, meterValue=[{"timestamp": "2030-01-01T00:00:00Z", "sampledValue": [
            {"value": 1, "measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "A"}}]}])


def test_signed_meter_values_of_the_test_station_verify():
    import base64
    from datetime import datetime, timezone

    from support.reference.csms.meter_values import verify_signature
    from support.station.metering import signed_meter_value
    signed = signed_meter_value("CP_T", datetime.now(timezone.utc), 1234.5, "Transaction.End")
    data, key = base64.b64decode(signed["signedMeterData"]), base64.b64decode(signed["publicKey"])
    assert verify_signature(data, signed["encodingMethod"], signed["signingMethod"], key) == "valid"
    tampered = data.replace(b'"RV":1.2345', b'"RV":9.2345')
    assert verify_signature(tampered, signed["encodingMethod"], signed["signingMethod"], key) == "invalid"


def test_events_of_a_transaction_it_did_not_see_start_are_accepted():
    csms, event = _reference()
    assert event("Updated", "UNSEEN", 7, evse={"id": 1}, info={"chargingState": "Charging"}) == {}
    answer = event("Ended", "UNSEEN", 8, idToken={"idToken": "TOKEN_OK", "type": "ISO14443"},
                   info={"stoppedReason": "Local"})
    tx = csms.store.transactions["UNSEEN"]
    assert answer["idTokenInfo"]["status"] == "Accepted" and tx.stop_id_token == "TOKEN_OK"
    assert tx.started_seq_no is None and tx.missing_seq_nos == []
