"""@station features, block F Remote control: what the OCTT station cases of the block need beyond the
reusable states (Authorized and StopAuthorized "(remote)" are in station_states.py) and the generic
command and message sentences (features/station/ocpp201/F_remote_control_octt.feature): the messages a
TriggerMessage without evse asks of every EVSE (F06.FR.11), and the UpdateFirmware that puts the station
in Downloading (TC_F_19_CS)."""
from . import expect
from .station_states import transactions_at_every_evse
from ..csms.scripted import build_update_firmware

# F06.FR.11: requestedMessage -> how a message of it names its EVSE
EVSE_FIELDS = {"MeterValues": "evseId", "TransactionEvent": "evse.id"}


def _every_evse(session, action):
    """[(EVSE id, the transactionId its message must carry or None)] a TriggerMessage without evse asks for."""
    if action == "MeterValues":
        return [(evse, None) for evse in range(1, session.config.integer("number_of_evses") + 1)]
    running = [(evse, state.transaction_id) for evse, state in transactions_at_every_evse(session)]
    if not running:
        session.fail("no transaction runs at any EVSE in this scenario, so there is no TransactionEvent to expect "
                     "for every EVSE; bring the station to state EnergyTransferStarted first")
    return running


def expect_for_every_evse(session, command, action, rows):
    """F06.FR.11 (OCTT TC_F_12/14_CS "This step needs to be executed for every EVSE"): after its answer to
    the CSMS's `command` (a TriggerMessage without evse) the station sends `action` for each EVSE, fitting the
    rows and naming the EVSE (MeterValues evseId: every configured EVSE, CONFIGURED_NUMBER_OF_EVSES;
    TransactionEvent evse.id: every EVSE where the scenario's transaction runs, with its transactionId)."""
    if action not in EVSE_FIELDS:
        raise expect.StepError(f"'{action}' is not a message a TriggerMessage asks of every EVSE; use "
                               f"{' or '.join(EVSE_FIELDS)}")
    answer = session.command_answer_entry(command)
    for evse, transaction_id in _every_evse(session, action):
        wanted = list(rows) + [(EVSE_FIELDS[action], str(evse))]
        if transaction_id is not None:
            wanted.append(("transactionInfo.transactionId", transaction_id))

        def fits(payload, wanted=wanted):
            return not expect.fields_mismatches(session.version, action, True, payload, wanted, session.config)
        session.expect_message(action, wanted, after=answer, matches=fits,
                               what=f" for EVSE {evse} after answering {command} (F06.FR.11: a TriggerMessage "
                                    f"without evse asks it of every EVSE) with "
                               + ", ".join(f"{p} {v}" for p, v in wanted))


def update_firmware(session, hours_ago):
    """OCTT TC_F_19_CS step 1: UpdateFirmware with firmware.location the configured one (station_firmware_location,
    else a made-up address), retrieveDateTime this many hours ago, no installDateTime, and the configured
    signingCertificate and signature (CONFIGURED_SIGNING_CERTIFICATE, CONFIGURED_SIGNATURE; made up when
    both are empty)."""
    from ..station.firmware import firmware_package
    from .station_firmware import trust_made_up_firmware
    trust_made_up_firmware(session)
    package = firmware_package(session.config)
    payload = build_update_firmware(session.script.firmware_location, retrieve_in_seconds=-float(hours_ago) * 3600)
    payload["firmware"]["signingCertificate"] = package.signing_certificate
    payload["firmware"]["signature"] = package.signature
    session.command("UpdateFirmware", payload)
