"""reports/report.html: one self-contained page (no file, font or script from elsewhere) for a run:
the run's facts, the verdict table per catalog and block, the cases with their verdicts, then per
scenario its steps, its failure with the rule it broke, and its message trace, one frame a line with
the payload behind a <details> (pretty-printed by a few lines of inline script when opened)."""
import html
import json
import os
from collections import Counter

from support.reports import verdicts
from support.reports.verdicts import FAILED, NOT_RUN, OUTCOMES, PASSED, UNNEEDED, WAIVED

CLASS = {PASSED: "passed", FAILED: "failed", NOT_RUN: "notrun", WAIVED: "waived", UNNEEDED: "unneeded", "": "absent"}
STEP_MARK = {"passed": "&#10003;", "failed": "&#10007;", "error": "&#10007;", "waived": "&#8776;",
             "skipped": "&#8211;", "untested": "&#8211;", "undefined": "?"}
MESSAGE_TYPES = {2: "CALL", 3: "CALLRESULT", 4: "CALLERROR"}

CSS = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 24px 40px;color:#1d2330}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccd}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #e3e6ee;text-align:left;
vertical-align:top}td.nw{white-space:nowrap}th{background:#f2f4f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600;background:#f7f8fb}.facts td:first-child{color:#556;white-space:nowrap}
.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600;white-space:nowrap}
.passed{background:#dff3e4;color:#14622e}.failed{background:#fbe0e0;color:#9b1c1c}
.notrun{background:#eceef2;color:#4a5060}.waived{background:#fff1cc;color:#7a5300}
.unneeded{background:#e3ecff;color:#1f4aa8}.absent{color:#99a}
td.n.failed,td.n.passed,td.n.notrun,td.n.waived,td.n.unneeded{background:none}
td.n.failed b{color:#9b1c1c}td.n.waived b{color:#7a5300}td.n.unneeded b{color:#1f4aa8}
details.scenario{border:1px solid #dde1ea;border-radius:6px;margin:6px 0;padding:4px 10px}
details.scenario>summary{cursor:pointer;font-weight:600}details.scenario[open]>summary{margin-bottom:6px}
.meta{color:#556;font-size:12px}pre{white-space:pre-wrap;word-break:break-word;margin:4px 0;
font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.failure{background:#fff4f4;border-left:3px solid #c53030;padding:6px 8px}
.waiver{background:#fffaeb;border-left:3px solid #c98a00;padding:6px 8px}
.note{background:#eef3ff;border-left:3px solid #2b59c3;padding:6px 8px}
ol.steps{margin:4px 0;padding-left:22px}ol.steps li{margin:1px 0}ol.steps .s-failed,ol.steps .s-error{color:#9b1c1c}
ol.steps .s-skipped,ol.steps .s-untested{color:#778}ol.steps .s-waived{color:#7a5300}
.trace{font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-top:1px solid #eef}
.trace details>summary{list-style:none;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.trace details>summary::-webkit-details-marker{display:none}.trace details>summary:hover{background:#f4f6fb}
.trace .ev{color:#667;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.trace .t{color:#889}
.trace .d-sent{color:#1f4aa8}.trace .d-received{color:#14622e}.trace .bad{color:#9b1c1c}
table.st{margin:1px 0 3px;font-size:12px}table.st td{padding:0 8px;border:1px solid #e3e6ee}
.trace pre{background:#f7f8fb;padding:4px 8px;margin:2px 0 6px 16px}
"""

SCRIPT = """
function pretty(d){if(!d.classList||!d.classList.contains('f')||d.dataset.done)return;d.dataset.done=1;
var p=d.querySelector('pre');try{p.textContent=JSON.stringify(JSON.parse(p.textContent),null,2)}catch(x){}}
document.addEventListener('toggle',function(e){pretty(e.target)},true);
document.querySelectorAll('details.f[open]').forEach(pretty);
"""


def esc(text):
    return html.escape(str(text), quote=True)


def badge(outcome):
    return f'<span class="badge {CLASS.get(outcome, "absent")}">{esc(outcome or "not in run")}</span>'


def write(path, reports, table):
    records = reports.records
    anchors = {id(r): f"s{i}" for i, r in enumerate(records)}
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OCPP conformance report"
             f"</title><style>{CSS}</style></head><body>"]
    parts.append(_head(reports))
    parts.append(_verdict_table(table))
    parts.append(_case_list(table, anchors))
    parts.append("<h2>Scenarios</h2>")
    for record in records:
        parts.append(_scenario(record, anchors[id(record)]))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = path + ".part"
    with open(temporary, "w", encoding="utf-8", errors="replace") as f:
        f.write("".join(parts))
    os.replace(temporary, path)


def _head(reports):
    counts = Counter(r.outcome for r in reports.records)
    settings = reports.settings
    facts = [("Started", reports.started.strftime("%Y-%m-%d %H:%M:%S UTC")), ("Suite version", reports.version)]
    if "csms" in reports.sut:
        facts.append(("CSMS under test", reports.sut["csms"]))
    if "station" in reports.sut:
        facts.append(("Station under test", reports.sut["station"]))
    tags = {t for r in reports.records for t in r.tags}
    versions = [v for tag, v in (("ocpp201", "2.0.1"), ("ocpp16", "1.6")) if tag in tags]
    facts.append(("OCPP versions", ", ".join(versions) or "-"))
    if any("station" not in r.tags for r in reports.records):
        facts.append(("Test station identities", f"{settings.station_id} (2.0.1), {settings.station_id_16} (1.6)"))
    facts.append(("Security profile (configured)", settings.security_profile))
    non_default = [f"{k}={v if 'password' not in k else '(set)'} ({settings.sources[k]})"
                   for k, v in settings.values.items() if settings.sources.get(k) not in ("default", "embedded default")]
    non_default += [f"{k}={v} (-D)" for k, v in sorted(getattr(settings, "extra", {}).items())]
    facts.append(("Settings given", "; ".join(non_default) or "none: every setting has its default"))
    if reports.waiver_file:
        facts.append(("Waivers", f"{reports.waiver_file} ({len(reports.waivers)} cases)"))
    totals = " ".join(f"{badge(o)} {counts[o]}" for o in OUTCOMES if counts[o] or o in (PASSED, FAILED, NOT_RUN))
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in facts)
    return (f"<h1>OCPP conformance report</h1><p>{len(reports.records)} scenarios: {totals}</p>"
            f"<table class=\"facts\">{rows}</table>")


def _verdict_table(table):
    heads = ["catalog", "block", "cases", *OUTCOMES, "not in run"]
    out = ["<h2>Verdicts per catalog and block</h2><p class=\"meta\">Cases, not scenarios: a case is failed "
           "if one of its scenarios failed, waived if one was waived, passed if one passed, else not run. "
           "Not in run: catalog cases this run did not select.</p><table><tr>"]
    out += [f"<th>{esc(h)}</th>" for h in heads]
    out.append("</tr>")
    for name, block, numbers in verdicts.table_rows(table):
        cls = ' class="total"' if block == "TOTAL" else ""
        cells = [f"<td>{esc(name)}</td><td>{esc(block)}</td>"]
        for head, n in zip(heads[2:], numbers):
            kind = CLASS.get(head, "")
            shown = f"<b>{n}</b>" if n and head in (FAILED, WAIVED, UNNEEDED) else str(n)
            cells.append(f'<td class="n {kind}">{shown if n else "&middot;"}</td>')
        out.append(f"<tr{cls}>{''.join(cells)}</tr>")
    out.append("</table>")
    return "".join(out)


def _case_list(table, anchors):
    out = ["<h2>Cases</h2>"]
    for name, by_block in table.items():
        ran = [(block, v) for block, vs in by_block.items() for v in vs if v.verdict]
        if not ran:
            continue
        out.append(f"<h3>{esc(name)}</h3><table><tr><th>block</th><th>case</th><th>title</th><th>verdict</th>"
                   f"<th>scenarios</th></tr>")
        for block, v in ran:
            links = ", ".join(
                f'<a href="#{anchors[id(r)]}">{esc(_short_outcome(r.outcome))}</a>' for r in _records_of(v, anchors))
            out.append(f"<tr><td class=\"nw\">{esc(block)}</td><td class=\"nw\">{esc(v.case.case)}</td><td>{esc(v.case.title)}</td>"
                       f"<td>{badge(v.verdict)}</td><td>{links}</td></tr>")
        out.append("</table>")
    return "".join(out)


def _records_of(case_verdict, anchors):
    return [r.record for r in case_verdict.results if id(r.record) in anchors]


def _short_outcome(outcome):
    return {UNNEEDED: "passed (waiver unneeded)"}.get(outcome, outcome)


def _scenario(record, anchor):
    opened = " open" if record.outcome in (FAILED, WAIVED) else ""
    out = [f'<details class="scenario" id="{anchor}"{opened}><summary>{badge(record.outcome)} {esc(record.name)} '
           f'<span class="meta">{record.duration:.2f} s</span></summary>']
    title = f" &middot; {esc(record.catalog)} {esc(record.block)}" if record.case_id else ""
    out.append(f'<div class="meta">{esc(record.feature)} &middot; {esc(record.location)}{title} &middot; '
               f'{esc(" ".join("@" + t for t in record.tags))}</div>')
    if record.outcome == NOT_RUN:
        out.append(f'<p class="note">Not run: {esc(record.reason)}</p>')
    if record.waiver is not None:
        w = record.waiver
        expiry = f"; expires {w.expires.isoformat()}" if w.expires else ""
        ticket = f" ({esc(w.ticket)})" if w.ticket else ""
        out.append(f'<p class="waiver">Waiver: {esc(w.reason)}{ticket}{esc(expiry)}'
                   + (f"<br>{esc(record.waiver_note)}" if record.waiver_note else "") + "</p>")
    if record.failure:
        label = "Waived failure" if record.outcome == WAIVED else "Failure"
        out.append(f'<div class="failure"><b>{label}</b> in <code>{esc(record.failed_step)}</code>'
                   f"<pre>{esc(record.failure)}</pre></div>")
    out.append('<ol class="steps">')
    for keyword, name, status, seconds, error, table, text in record.steps:
        mark = STEP_MARK.get(status, "&#8211;")
        out.append(f'<li class="s-{esc(status)}">{mark} <b>{esc(keyword)}</b> {esc(name)} '
                   f'<span class="meta">{esc(status)}{f", {seconds:.2f} s" if seconds else ""}</span>')
        if table:
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in table)
            out.append(f'<table class="st">{rows}</table>')
        if text:
            out.append(f"<pre>{esc(text)}</pre>")
        out.append("</li>")
    out.append("</ol>")
    out.append(f'<div class="meta">Message trace: {len(record.entries)} entries, '
               f'<a href="{esc(record.trace_file)}">{esc(record.trace_file)}</a></div>')
    out.append(_trace(record.entries))
    out.append("</details>")
    return "".join(out)


def _trace(entries):
    if not entries:
        return '<div class="trace"><div class="ev">(no messages)</div></div>'
    out = ['<div class="trace">']
    actions = {}
    for e in entries:
        head = f'<span class="t">{e["t"]:+8.3f}s</span> {esc(e["peer"])} '
        bad = "".join(f'<div class="bad">!! {esc(v)}</div>' for v in e["violations"])
        note = f'<div class="ev">&nbsp;&nbsp;{esc(e["note"])}</div>' if e["note"] else ""
        if e["direction"] == "event":
            out.append(f'<div class="ev">{head}** {esc(e["frame"])}</div>{note}{bad}')
            continue
        text = e["frame"]
        what = _what(text, actions)
        arrow = "&rarr;" if e["direction"] == "sent" else "&larr;"
        out.append(f'<details class="f"><summary>{head}<span class="d-{e["direction"]}">{arrow} {esc(what)}</span> '
                   f'{esc(text[:160])}</summary><pre>{esc(text)}</pre></details>{note}{bad}')
    out.append("</div>")
    return "".join(out)


def _what(text, actions):
    """'CALL BootNotification', 'CALLRESULT BootNotification', 'CALLERROR FormatViolation' for an OCPP-J frame."""
    if not text.startswith("["):
        return "frame"
    try:
        frame = json.loads(text)
        kind = MESSAGE_TYPES.get(frame[0], "frame")
        if kind == "CALL":
            actions[frame[1]] = frame[2]
            return f"CALL {frame[2]}"
        if kind == "CALLRESULT":
            return f"CALLRESULT {actions.get(frame[1], '')}".rstrip()
        if kind == "CALLERROR":
            return f"CALLERROR {frame[2]} {actions.get(frame[1], '')}".rstrip()
    except Exception:       # not OCPP-J: shown as it came
        pass
    return "frame"
