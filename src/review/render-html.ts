/**
 * The review page: one self-contained HTML file (inline CSS and script, a
 * Content-Security-Policy that forbids any fetch), so it can be attached to
 * a CI run or mailed and opened offline. Summary counts, filters (by rule,
 * needs-review only), the needs-review list, the caller-level change list,
 * then a side-by-side diff per file with the rule badges and reasons on
 * each hunk. Every piece of input text goes through `esc`.
 */
import { allFileDiffs, allRemaining, allReviewItems, catalogueOf, type FileDiff, type Hunk } from './hunks.js';
import type { ReviewReport, RuleInfo } from './model.js';
import { apiDetail, range } from './render-text.js';
import { summarize, unitStatus } from './summary.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ESC[c]!);
}

const CSS = `
:root{--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--add:#dafbe1;--addx:#aceebb;--del:#ffebe9;--delx:#ffcecb;--rev:#fff8c5;--mech:#ddf4ff;--mechfg:#0550ae;--need:#fff1e5;--needfg:#953800}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1400px;margin:0 auto;padding:0 16px}h1{font-size:20px;margin:16px 0 8px}h2{font-size:16px;margin:24px 0 8px}
[hidden]{display:none!important}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}.counts li{border:1px solid var(--line);border-radius:6px;padding:4px 10px}.counts b{font-size:16px;margin-right:4px}
.filters{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;display:flex;gap:16px;align-items:center;z-index:1}
table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:2px 8px}.list td,.list th{border-bottom:1px solid var(--line)}
code,.sbs td.code{font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.badge{display:inline-block;border-radius:10px;padding:0 8px;margin:0 4px 0 0;font-size:12px;cursor:pointer;border:1px solid transparent}
.badge.mechanical{background:var(--mech);color:var(--mechfg)}.badge.needs-review{background:var(--need);color:var(--needfg)}.badge.review{background:var(--rev);border-color:#d4a72c}
.file{border:1px solid var(--line);border-radius:6px;margin:12px 0;overflow:hidden}.file>h3{margin:0;padding:6px 10px;background:#f6f8fa;font-size:13px;border-bottom:1px solid var(--line)}
.status{font-weight:normal;color:var(--mute);margin-left:8px}
.hunk-head{padding:6px 10px;background:#f6f8fa;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}.hunk-head .at{color:var(--mute);margin-right:8px}
.why{margin:4px 0 0;padding-left:18px;color:var(--mute)}.why li{margin:0}
.sbs{width:100%;table-layout:fixed}.sbs col.ln{width:48px}.sbs td{padding:0 6px;white-space:pre-wrap;word-break:break-all}.sbs td.ln{color:var(--mute);text-align:right;user-select:none}
.sbs td.del{background:var(--del)}.sbs td.add{background:var(--add)}.sbs td.empty{background:#f6f8fa}.sbs tr.review td.new{outline:2px solid #d4a72c;outline-offset:-2px}
.err{color:#cf222e}.warn{color:var(--needfg)}.mute{color:var(--mute)}details{margin:4px 0}summary{cursor:pointer}pre{white-space:pre-wrap}
`;

const SCRIPT = `
(function(){
  var rule=document.getElementById('filter-rule'),review=document.getElementById('filter-review'),count=document.getElementById('shown-count');
  function apply(){
    var r=rule.value,only=review.checked,shown=0,total=0;
    document.querySelectorAll('.hunk').forEach(function(h){
      total++;
      var ok=(!r||h.getAttribute('data-rules').split(' ').indexOf(r)>=0)&&(!only||h.getAttribute('data-review')==='1');
      h.hidden=!ok;if(ok)shown++;
    });
    document.querySelectorAll('.file').forEach(function(f){
      var hs=f.querySelectorAll('.hunk');
      f.hidden=hs.length?!f.querySelector('.hunk:not([hidden])'):(!!r||only);
    });
    document.querySelectorAll('tr[data-rule]').forEach(function(t){t.hidden=!!r&&t.getAttribute('data-rule')!==r;});
    count.textContent=shown+' of '+total+' hunks shown';
  }
  rule.addEventListener('change',apply);review.addEventListener('change',apply);
  document.querySelectorAll('.badge[data-rule]').forEach(function(b){
    b.addEventListener('click',function(){rule.value=b.getAttribute('data-rule');apply();});
  });
  apply();
})();
`;

function badge(rule: string, info: RuleInfo | undefined): string {
  const kind = info?.kind ?? 'mechanical';
  return `<span class="badge ${esc(kind)}" data-rule="${esc(rule)}" title="${esc(info ? `${kind}: ${info.summary}` : rule)}">${esc(rule)}</span>`;
}

interface Row {
  context?: boolean;
  oldNo?: number;
  oldText?: string;
  newNo?: number;
  newText?: string;
}

/** Pairs a hunk's lines for side by side: context on both sides, each run of deletions beside the additions that follow it. */
function sideBySide(h: Hunk): Row[] {
  const rows: Row[] = [];
  let o = h.oldStart;
  let n = h.newStart;
  let dels: { no: number; text: string }[] = [];
  let adds: { no: number; text: string }[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({ oldNo: dels[i]?.no, oldText: dels[i]?.text, newNo: adds[i]?.no, newText: adds[i]?.text });
    dels = [];
    adds = [];
  };
  for (const l of h.lines) {
    const body = l.slice(1);
    if (l[0] === '-') {
      if (adds.length) flush();
      dels.push({ no: o++, text: body });
    } else if (l[0] === '+') adds.push({ no: n++, text: body });
    else if (l[0] === ' ') {
      flush();
      rows.push({ context: true, oldNo: o++, oldText: body, newNo: n++, newText: body });
    }
    // '\\ No newline at end of file' has no line of its own in a side-by-side view.
  }
  flush();
  return rows;
}

function hunkHtml(h: Hunk, cat: ReadonlyMap<string, RuleInfo>): string {
  const reviewLines = new Map(h.reviews.map((r) => [r.line, r]));
  const rows = sideBySide(h)
    .map((r) => {
      const cls = (side: 'old' | 'new', text: string | undefined) => (text === undefined ? `code ${side} empty` : r.context ? `code ${side}` : `code ${side} ${side === 'old' ? 'del' : 'add'}`);
      const rv = r.newNo !== undefined ? reviewLines.get(r.newNo) : undefined;
      return `<tr${rv ? ` class="review" title="${esc(`needs review [${rv.rule}]: ${rv.message}`)}"` : ''}><td class="ln">${r.oldNo ?? ''}</td><td class="${cls('old', r.oldText)}">${esc(r.oldText ?? '')}</td><td class="ln">${r.newNo ?? ''}</td><td class="${cls('new', r.newText)}">${esc(r.newText ?? '')}</td></tr>`;
    })
    .join('\n');
  const badges = h.rules.map((r) => badge(r, cat.get(r))).join('') + (h.reviews.length ? `<span class="badge review" title="a human must decide">needs review</span>` : '');
  const why = h.provenance.map((p) => `<li><code>${esc(p.rule)}</code>: ${esc(p.why)}</li>`).join('');
  return `<div class="hunk" data-rules="${esc(h.rules.join(' '))}" data-review="${h.reviews.length ? 1 : 0}">
<div class="hunk-head"><code class="at">@@ -${esc(range(h.oldStart, h.oldLines))} +${esc(range(h.newStart, h.newLines))} @@</code>${badges}<ul class="why">${why}</ul></div>
<table class="sbs"><colgroup><col class="ln"><col><col class="ln"><col></colgroup>
${rows}
</table></div>`;
}

function fileHtml(f: FileDiff, cat: ReadonlyMap<string, RuleInfo>): string {
  const body = f.hunks.length ? f.hunks.map((h) => hunkHtml(h, cat)).join('\n') : `<p class="mute" style="padding:6px 10px;margin:0">${esc(f.status)} empty file</p>`;
  return `<article class="file" data-path="${esc(f.shown)}" data-status="${esc(f.status)}">
<h3><code>${esc(f.shown)}</code><span class="status">${esc(f.status)}</span></h3>
${body}
</article>`;
}

export function renderHtml(report: ReviewReport): string {
  const files = allFileDiffs(report);
  const items = allReviewItems(report);
  const s = summarize(report, files);
  const cat = catalogueOf(report);
  const title = `wasi-migrate ${report.command}: review`;
  const counts: [string, number][] = [
    ['units', s.units],
    ['files', s.files],
    ['hunks', s.hunks],
    ['edits', s.edits],
    ['needs review', s.needsReview],
    ['left for a human', s.remaining],
    // No count where the run skipped the API comparison (rather than a false 0).
    ...(s.apiCompared ? [['API changes', s.apiChanges] as [string, number]] : []),
    ['errors', s.errors],
    ['warnings', s.warnings],
  ];
  const used = s.byRule.map((r) => r.rule);
  const units = report.units
    .map((u) => {
      const st = unitStatus(u);
      const msgs = [...u.errors.map((e) => `<li class="err">error: ${esc(e)}</li>`), ...u.warnings.map((w) => `<li class="warn">warning: ${esc(w)}</li>`)].join('');
      const leftNote = u.remaining?.length ? `, ${u.remaining.length} left for a human` : '';
      return `<li><code>${esc(u.label)}</code> <span class="mute">(${esc(u.kind)})</span>: ${esc(st === 'error' ? 'error' : st === 'changes' ? `${u.changes.length} file(s) to change` : 'nothing to migrate')}${esc(leftNote)}${msgs ? `<ul>${msgs}</ul>` : ''}</li>`;
    })
    .join('\n');
  const reviewRows = items
    .map(({ item, shown, action }) => `<tr data-rule="${esc(item.rule)}"><td><code>${esc(shown)}${item.line ? `:${item.line}` : ''}</code></td><td>${badge(item.rule, cat.get(item.rule))}</td><td>${esc(item.message)}</td><td>${esc(action)}</td></tr>`)
    .join('\n');
  const left = allRemaining(report);
  const leftRows = left
    .map(({ unit, item, shown }) => `<tr data-kind="${esc(item.kind)}"><td><code>${esc(shown ? `${shown}${item.line ? `:${item.line}` : ''}` : unit.label)}</code></td><td>${esc(item.kind)}</td><td>${esc(item.message)}</td></tr>`)
    .join('\n');
  const api = report.units
    .filter((u) => u.api)
    .map((u) => {
      const a = u.api!;
      if (!a.ok) return `<h3><code>${esc(u.label)}</code></h3><p class="err">not computed: ${esc(a.reason)}</p>`;
      const rows = a.changes.map((c) => `<tr class="api" data-kind="${esc(c.kind)}"><td>${esc(c.kind)}</td><td><code>${esc(c.item)}</code></td><td>${esc(apiDetail(c).replace(/^(?:: |, | )/, ''))}</td></tr>`).join('\n');
      const notes = (a.notes ?? []).map((n) => `<p class="mute">note: ${esc(n)}</p>`).join('');
      return `<h3><code>${esc(u.label)}</code></h3>${a.changes.length ? `<table class="list"><thead><tr><th>change</th><th>item</th><th>detail</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p class="mute">no change callers can see</p>'}${notes}`;
    })
    .join('\n');
  const ruleDocs = used
    .map((id) => {
      const r = cat.get(id);
      return `<details id="rule-${esc(id)}"><summary>${badge(id, r)} ${esc(r?.summary ?? '')}</summary><pre>${esc(r?.docs ?? 'no documentation recorded for this rule')}</pre>${r?.action ? `<p>Suggested action: ${esc(r.action)}</p>` : ''}</details>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="wasi-migrate ${esc(report.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<ul class="counts" id="summary">
${counts.map(([k, v]) => `<li data-count="${esc(k)}"><b>${v}</b>${esc(k)}</li>`).join('\n')}
</ul>
<div class="filters">
<label>Rule <select id="filter-rule"><option value="">all rules</option>${used.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('')}</select></label>
<label><input type="checkbox" id="filter-review"> only hunks that need review</label>
<span id="shown-count" class="mute"></span>
</div>
</header>
<main>
<section id="units"><h2>Units</h2><ul>
${units}
</ul></section>
<section id="needs-review"><h2>Needs review (${items.length})</h2>
${items.length ? `<table class="list"><thead><tr><th>where</th><th>rule</th><th>reason</th><th>suggested action</th></tr></thead><tbody>\n${reviewRows}\n</tbody></table>` : '<p class="mute">nothing needs a human decision</p>'}
</section>
<section id="left"><h2>Left of the old version (${left.length})</h2>
${left.length ? `<p><code>--check</code> fails until each is gone or marked <code>// wasi-migrate(decided): why</code>.</p><table class="list"><thead><tr><th>where</th><th>what</th><th>why</th></tr></thead><tbody>\n${leftRows}\n</tbody></table>` : '<p class="mute">nothing of the old version is left</p>'}
</section>
<section id="api"><h2>Changes for callers</h2>
${api || '<p class="mute">not computed for this run</p>'}
</section>
<section id="files"><h2>Files (${files.length})</h2>
${files.map((f) => fileHtml(f, cat)).join('\n')}
</section>
<section id="rules"><h2>Rules</h2>
${ruleDocs || '<p class="mute">no rule changed anything</p>'}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
