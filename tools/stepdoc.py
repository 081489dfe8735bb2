#!/usr/bin/env python3
"""Generate docs/steps.md, the testers' dictionary of step sentences, from the step docstrings,
grouped by OCPP functional block (A Security ... P DataTransfer, after "Connection and framing" and
"Common"), and in each block by the side under test (the CSMS, or the station).

  python tools/stepdoc.py           # write docs/steps.md
  python tools/stepdoc.py --check   # exit 1 when docs/steps.md is stale or a step lacks a docstring/example

A step goes to the block of its file (FILES); in the files that mix blocks (MIXED) the first rule of
RULES whose words the sentence holds decides, else the file's block.
"""
import argparse
import ast
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = os.path.join(ROOT, "features", "steps")
OUT = os.path.join(ROOT, "docs", "steps.md")
KEYWORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Step"}

# (key, title, one-line introduction, OCPP 1.6 feature profile)
BLOCKS = [
    ("common", "Common",
     "Sentences of every block: send or expect any message by its action name, check any answer with a table, "
     "reusable states.", "all profiles"),
    ("connection", "Connection and framing",
     "The WebSocket connection (handshake, subprotocols, reconnects) and OCPP-J frames (CALL, CALLRESULT, "
     "CALLERROR, raw frames).", "Core"),
    ("A", "A Security",
     "Security profiles 1-3 (Basic auth, TLS, client certificates), BasicAuthPassword, security events.",
     "Security (the 1.6 security whitepaper)"),
    ("B", "B Provisioning",
     "Booting, Heartbeat, configuration variables (GetVariables, SetVariables, reports; 1.6 configuration keys), "
     "Reset, network connection profiles.", "Core"),
    ("C", "C Authorization",
     "Authorize, idTokens (1.6: idTags), the authorization cache, ISO 15118 contract certificates.", "Core"),
    ("D", "D LocalAuthorizationList Management",
     "The local authorization list: full and differential updates, its version.", "LocalAuthListManagement"),
    ("E", "E Transactions",
     "Transactions: TransactionEvent (1.6: StartTransaction, StopTransaction), the offline queue, "
     "the transaction status.", "Core"),
    ("F", "F RemoteControl",
     "Remote start and stop, unlocking a connector, TriggerMessage.", "Core, RemoteTrigger"),
    ("G", "G Availability",
     "ChangeAvailability and the status of connectors (StatusNotification).", "Core"),
    ("H", "H Reservation", "ReserveNow and CancelReservation, the reservation's expiry.", "Reservation"),
    ("I", "I TariffAndCost", "Tariff and cost of a transaction as the CSMS tells it.", "(none)"),
    ("J", "J MeterValues", "Meter values: sampled, clock-aligned, signed, in transactions.", "Core"),
    ("K", "K SmartCharging",
     "Charging profiles (set, read, clear), composite schedules, limits from the EV.", "SmartCharging"),
    ("L", "L FirmwareManagement", "UpdateFirmware, firmware statuses, publishing firmware.",
     "FirmwareManagement (signed updates: Security)"),
    ("M", "M ISO 15118 CertificateManagement",
     "Installing, listing and deleting certificates, certificate signing.", "Security"),
    ("N", "N Diagnostics",
     "Logs and diagnostics uploads, monitoring (reports, monitors, events), customer information.",
     "FirmwareManagement (diagnostics), Security (logs)"),
    ("O", "O DisplayMessage", "Display messages: set, get, clear.", "(none)"),
    ("P", "P DataTransfer", "DataTransfer and customData.", "Core"),
]

FILES = {
    "availability": "G", "certificate": "M", "connection": "connection", "csms_action": "B",
    "csms_request": "common", "data_transfer": "P", "diagnostics": "N", "display": "O", "firmware": "L",
    "local_list": "D", "message": "common", "metering": "J", "remote_control": "F", "reservation": "H",
    "robustness": "connection", "security": "A", "smart_charging": "K", "state": "common",
    "station16_csms": "common", "station16": "common", "station_csms": "common", "station_security": "A",
    "station_provisioning": "B", "station_authorization": "C", "station_transactions": "E",
    "station_metering": "J", "station_diagnostics": "N",
    "station_remote_control": "F", "station_smart_charging": "K",
    "station_availability": "G", "station_certificates": "M",
    "station": "common", "transaction": "E", "v16_configuration_and_offline": "B", "v16_local_list_firmware_reservation": "D",
    "v16_remote_control": "F", "v16_transactions": "E", "v16_trigger_smart_charging_security": "K",
}
MIXED = {"message", "csms_action", "csms_request", "station16_csms", "station16", "station_csms", "station",
         "v16_configuration_and_offline", "v16_local_list_firmware_reservation", "v16_trigger_smart_charging_security",
         "v16_remote_control", "v16_transactions", "certificate", "transaction", "station_remote_control"}
RULES = [
    ("connection", r"raw frame|CALLERROR|connects|connected|reconnect|disconnects|goes down|comes back|"
                   r"loses its connection|connection comes back|subprotocol"),
    ("H", r"[Rr]eserv|expiryDate"),
    ("D", r"local authorization list|SendLocalList"),
    ("L", r"[Ff]irmware"),
    ("N", r"[Dd]iagnostics|log request|[Ll]og_type|GetLog|monitor|customer information|security event|"
          r"upload of"),
    ("K", r"charging profile|TxProfile|composite schedule|SetChargingProfile|GetCompositeSchedule|\{purpose\}|"
          r"TxDefaultProfile"),
    ("A", r"security profile|Basic auth|[Pp]assword|TLS|AuthorizationKey"),
    ("M", r"[Cc]ertificate|CSR|csr\b"),
    ("F", r"[Tt]rigger|[Uu]nlock|RemoteStart|RemoteStop|RequestStart|start a transaction|stop the transaction"),
    ("G", r"[Aa]vailab|unavailable|[Ii]noperative|faulted|StatusNotification|connector status|occupied"),
    ("B", r"configuration key|GetConfiguration|ChangeConfiguration|[Vv]ariables|base report|BootNotification|"
          r"boots|booted|[Hh]eartbeat|powers|[Rr]eset|network connection profile|power"),
    ("C", r"[Aa]uthoriz|idTokens|idTags\b|accepts only|accepts no idTag|[Bb]locked|blocks the|cache|"
          r"parentIdTag|groupIdToken|presents"),
    ("I", r"\bcost"),
    ("J", r"MeterValues|meter values|measurand"),
    ("E", r"[Tt]ransaction|EV is plugged|unplugged|cable|charging session"),
    ("P", r"DataTransfer|customData"),
]


def block_of(file_key, sentences):
    if file_key in MIXED:
        for key, words in RULES:
            if any(re.search(words, s) for s in sentences):
                return key
    return FILES.get(file_key, "common")


def collect():
    """{block: {side: [(sentences, doc)]}} and the problems (steps without a docstring or example)."""
    blocks, problems = {}, []
    for path in sorted(glob.glob(os.path.join(STEPS, "*_steps.py"))):
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        file_key = os.path.basename(path)[:-len("_steps.py")]
        side = "station" if file_key.startswith("station") else "csms"
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            sentences = []
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id in KEYWORDS \
                        and deco.args and isinstance(deco.args[0], ast.Constant):
                    sentences.append(f"{KEYWORDS[deco.func.id]} {deco.args[0].value}")
            if not sentences:
                continue
            doc = ast.get_docstring(node) or ""
            where = f"{os.path.relpath(path, ROOT)}:{node.lineno} {node.name}"
            if not doc:
                problems.append(f"{where}: no docstring")
            elif "Example" not in doc:
                problems.append(f"{where}: the docstring has no 'Example:'")
            block = block_of(file_key, sentences)
            blocks.setdefault(block, {}).setdefault(side, []).append((sentences, doc))
    return blocks, problems


SIDES = [("csms", "The CSMS under test (features/csms): the suite plays the test station"),
         ("station", "The station under test (features/station): the suite plays the test CSMS")]


def render(blocks):
    lines = ["# Step catalog", "",
             "Every sentence the suite understands, grouped by OCPP functional block, and in each block by the",
             "side under test. Generated from the step docstrings by `python tools/stepdoc.py`; do not edit by",
             "hand (CI fails when it is stale). How to write, run and read a scenario: [tester-guide.md](tester-guide.md).",
             "",
             "**Who is who.** *The CSMS* and *the station* (1.6: *the Charge Point*) are your product, the system",
             "under test; *the test station* and *the test CSMS* (1.6: *the test Charge Point*) are played by the",
             "suite. Given and When set the scene and act; Then checks what the system under test did.",
             "",
             "Words in `{braces}` are parameters. Fields are dotted paths into the OCPP payload",
             "(`idTokenInfo.groupIdToken.idToken`, `getVariableData[0].component.name`); expected values may be",
             "`(absent)`, `(empty)` (absent or empty), `(not empty)`, `(present)`, `> 0`, `\"A\" or \"B\"`, or a configured value such as `<GROUP_ID>`.",
             "A sentence ending in \"with\" takes a table (| field | value |) or a doc string.", "",
             "| Block | OCPP 1.6 feature profile | Sentences |", "|---|---|---|"]
    for key, title, _, profile in BLOCKS:
        count = sum(len(s) for side in blocks.get(key, {}).values() for s, _ in side)
        if count:
            anchor = re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")
            lines.append(f"| [{title}](#{anchor}) | {profile} | {count} |")
    lines.append("")
    for key, title, intro, profile in BLOCKS:
        if key not in blocks:
            continue
        lines += [f"## {title}", "", f"{intro} OCPP 1.6 feature profile: {profile}.", ""]
        for side, heading in SIDES:
            entries = blocks[key].get(side)
            if not entries:
                continue
            lines += [f"### {heading}", ""]
            for sentences, doc in entries:
                for sentence in sentences:
                    lines.append(f"- **{sentence}**")
                lines.append("")
                for doc_line in doc.splitlines():
                    lines.append(f"    {doc_line}" if doc_line.strip() else "")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    blocks, problems = collect()
    text = render(blocks)
    if args.check:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            problems.append("docs/steps.md is stale: run `make docs` (python tools/stepdoc.py)")
        for p in problems:
            print(p, file=sys.stderr)
        count = sum(len(s) for sides in blocks.values() for side in sides.values() for s, _ in side)
        print(f"step catalog: {count} sentences, {len(problems)} problems")
        return 1 if problems else 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
