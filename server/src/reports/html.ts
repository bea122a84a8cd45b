/**
 * The report as one self-contained HTML page (no script, no external asset): inline SVG bar
 * charts, a print stylesheet (A4, page breaks between sections, charts sized for paper), so
 * "Save as PDF" in a browser or a headless print gives a document leadership can circulate.
 */
import { day, hours, money, shortDay } from "./format.ts";
import { chartValue, figureCells, INVESTMENT_HEADERS, INVESTMENT_NOTE, investmentCells, QOQ_HEADERS, signalList } from "./markdown.ts";
import { VERDICT_LABELS, type Report, type ReportChart } from "./model.ts";

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

// Paul Tol's bright scheme: distinguishable with the common colour-vision deficiencies.
const BAR = "#4477AA";
const LINES = ["#CCBB44", "#EE6677", "#AA3377"];

/** A bar chart of a weekly series with its threshold lines, as inline SVG (labelled for screen readers). */
export function svgBarChart(chart: ReportChart, label: string): string {
  const width = 640;
  const height = 200;
  const left = 56;
  const right = 120;
  const top = 12;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = chart.points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(...values, ...chart.thresholds.map((t) => t.value), chart.unit === "fraction" ? 0.05 : 1) * 1.1;
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const n = Math.max(chart.points.length, 1);
  const slot = plotW / n;
  const barW = Math.max(slot * 0.7, 1);
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${label}-t ${label}-d" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${label}-t">${escapeHtml(chart.title)}</title>`,
    `<desc id="${label}-d">${escapeHtml(chart.points.map((p) => `week of ${p.weekStart}: ${chartValue(chart, p.value)}`).join("; "))}</desc>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#666" stroke-width="1"/>`,
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" dominant-baseline="middle" class="axis">0</text>`,
    `<text x="${left - 6}" y="${y(max / 1.1)}" text-anchor="end" dominant-baseline="middle" class="axis">${escapeHtml(chartValue(chart, max / 1.1))}</text>`,
  );
  chart.points.forEach((p, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    if (p.value === null) {
      parts.push(`<text x="${x + barW / 2}" y="${top + plotH - 4}" text-anchor="middle" class="na">n/a</text>`);
    } else {
      const h = Math.max(top + plotH - y(p.value), p.value > 0 ? 1 : 0);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${BAR}"><title>${escapeHtml(`${p.weekStart}: ${chartValue(chart, p.value)}`)}</title></rect>`,
      );
    }
    if (i % 2 === 0) {
      parts.push(`<text x="${x + barW / 2}" y="${height - 8}" text-anchor="middle" class="axis">${escapeHtml(shortDay(p.weekStart))}</text>`);
    }
  });
  // Labels of close lines (15% and 20%) are pushed apart so both stay readable.
  let lastLabelY = Infinity;
  [...chart.thresholds]
    .sort((a, b) => a.value - b.value)
    .forEach((t, i) => {
      const ty = y(t.value);
      const labelY = Math.min(ty, lastLabelY - 12);
      lastLabelY = labelY;
      const colour = LINES[i % LINES.length] ?? LINES[0];
      parts.push(
        `<line x1="${left}" y1="${ty.toFixed(1)}" x2="${left + plotW}" y2="${ty.toFixed(1)}" stroke="${colour}" stroke-width="2" stroke-dasharray="${i === 0 ? "6 4" : "2 3"}"/>`,
        `<text x="${left + plotW + 4}" y="${labelY.toFixed(1)}" dominant-baseline="middle" class="axis">${escapeHtml(t.label)}</text>`,
      );
    });
  parts.push("</svg>");
  return parts.join("");
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 70rem; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta, .rule, .note { color: #555; }
.verdict { border: 3px solid #555; border-radius: 6px; padding: .8rem 1.2rem; }
.verdict.fund-now { border-color: #AA3377; }
.verdict.watch { border-color: #CCBB44; }
.verdict.not-yet { border-color: #4477AA; }
.verdict .label { font-size: 1.4rem; font-weight: 700; }
.figures { display: flex; gap: 2.5rem; margin-top: .6rem; }
.figures div strong { display: block; font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.prev td { color: #555; border-bottom: 2px solid #bbb; }
.finding { margin: .8rem 0 1.2rem; break-inside: avoid; page-break-inside: avoid; }
.status { font-weight: 700; }
.status.firing { color: #AA3377; }
.status.warning { color: #8a7a00; }
svg.chart { width: 100%; max-width: 40rem; height: auto; display: block; }
svg.chart .axis { font-size: 11px; fill: #444; }
svg.chart .na { font-size: 9px; fill: #888; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  nav, .no-print { display: none !important; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  svg.chart { width: 16cm; max-width: 100%; }
  table { font-size: 8.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

export function renderHtml(report: Report): string {
  const q = report.quarter;
  const p = report.previousQuarter;
  const v = report.verdict;
  const e = escapeHtml;
  const body: string[] = [];

  body.push(`<header><h1>${e(report.organization)}: quarterly DevOps report, ${e(q.label)}</h1>`);
  body.push(
    `<p class="meta">Window ${e(day(q.from))} to ${e(day(q.to))} (UTC, end exclusive)${q.complete ? "" : `, quarter in progress: figures up to ${e(q.asOf)}`}; compared with ${e(p.label)}. Generated ${e(report.generatedAt)}.</p></header>`,
  );

  body.push(`<section class="first" aria-labelledby="verdict-h"><h2 id="verdict-h">Verdict</h2>`);
  body.push(`<div class="verdict ${e(v.verdict)}"><div class="label">${e(VERDICT_LABELS[v.verdict])}</div><p>${e(v.headline)}</p>`);
  body.push(
    `<div class="figures"><div>Engineer-hours a week lost to ops work<strong>${e(hours(v.hoursPerWeek))}</strong><span class="note">${e(p.label)}: ${e(hours(v.previous.hoursPerWeek))}</span></div>` +
      `<div>Their cost a week at ${e(money(report.hourlyRate, report.currency))} an hour<strong>${e(money(v.costPerWeek, report.currency))}</strong><span class="note">${e(p.label)}: ${e(money(v.previous.costPerWeek, report.currency))}</span></div>` +
      `<div>${e(p.label)} verdict<strong>${e(VERDICT_LABELS[v.previous.verdict])}</strong></div></div></div>`,
  );
  body.push(`<table><thead><tr><th scope="col">Team</th><th scope="col">Verdict</th><th scope="col">Firing</th><th scope="col">Warning</th></tr></thead><tbody>`);
  for (const t of v.teams) {
    body.push(`<tr><th scope="row">${e(t.name)}</th><td>${e(VERDICT_LABELS[t.verdict])}</td><td>${e(signalList(t.firing))}</td><td>${e(signalList(t.warning))}</td></tr>`);
  }
  body.push(`</tbody></table>`);
  if (report.maturity.length > 0) {
    body.push(`<h3>Maturity: which phase each team has reached, and what to fund first</h3><ul class="maturity">`);
    for (const m of report.maturity) {
      const since = m.previousPhase === null || m.previousPhase === m.phase ? "" : ` (${p.label}: phase ${m.previousPhase})`;
      const items = m.fundFirst.map((item) => `<li>Fund first (phase ${item.phase}, ${e(item.title.toLowerCase())}): ${e(item.text)}</li>`).join("");
      body.push(`<li><strong>${e(m.name)}</strong>: ${e(m.line)}${e(since)}${items === "" ? "" : `<ul>${items}</ul>`}</li>`);
    }
    body.push(`</ul>`);
  }
  body.push(`</section>`);

  body.push(`<section aria-labelledby="signals-h"><h2 id="signals-h">Signals</h2>`);
  if (report.signals.length === 0) body.push(`<p>No fund-DevOps signal fires or warns for any team this quarter.</p>`);
  report.signals.forEach((s, si) => {
    body.push(`<h3>${e(s.title)}</h3><p class="rule">Fires when ${e(s.rule)}.</p>`);
    s.findings.forEach((f, fi) => {
      body.push(`<div class="finding"><p><span class="status ${e(f.status)}">${f.status === "firing" ? "Firing" : "Warning"}</span>: ${e(f.sentence)}.</p>`);
      if (f.chart !== null) body.push(`<figure>${svgBarChart(f.chart, `c${si}-${fi}`)}<figcaption class="note">${e(f.teamName)}: ${e(f.chart.title)}</figcaption></figure>`);
      body.push(`</div>`);
    });
  });
  body.push(`</section>`);

  body.push(`<section aria-labelledby="qoq-h"><h2 id="qoq-h">Quarter over quarter: ${e(q.label)} against ${e(p.label)}</h2>`);
  body.push(`<table><thead><tr><th scope="col">Team</th><th scope="col">Quarter</th>${QOQ_HEADERS.map((h) => `<th scope="col">${e(h)}</th>`).join("")}</tr></thead><tbody>`);
  for (const t of report.teams) {
    body.push(`<tr><th scope="row" rowspan="2">${e(t.name)}</th><td>${e(q.label)}</td>${figureCells(t.current, report.currency, t.trends).map((c) => `<td>${e(c)}</td>`).join("")}</tr>`);
    body.push(`<tr class="prev"><td>${e(p.label)}</td>${figureCells(t.previous, report.currency).map((c) => `<td>${e(c)}</td>`).join("")}</tr>`);
  }
  body.push(`</tbody></table>`);
  body.push(`<h3>Where engineering time goes: ops work and investment</h3>`);
  body.push(`<table><thead><tr><th scope="col">Team</th><th scope="col">Quarter</th>${INVESTMENT_HEADERS.map((h) => `<th scope="col">${e(h)}</th>`).join("")}</tr></thead><tbody>`);
  for (const t of report.teams) {
    body.push(`<tr><th scope="row" rowspan="2">${e(t.name)}</th><td>${e(q.label)}</td>${investmentCells(t.current).map((c) => `<td>${e(c)}</td>`).join("")}</tr>`);
    body.push(`<tr class="prev"><td>${e(p.label)}</td>${investmentCells(t.previous).map((c) => `<td>${e(c)}</td>`).join("")}</tr>`);
  }
  body.push(`</tbody></table><p class="note">${e(INVESTMENT_NOTE)}</p>`);
  body.push(
    `<p class="note">DORA tiers follow the 2023 benchmarks. Ops share: the team's ops-work ledger — alerts, incidents, pipeline and deployment toil, ops changes (estimated) — over all its members' working time. n/a means no data. Hours and cost are the last 4 weeks of each quarter.</p></section>`,
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.organization)}: DevOps report ${e(q.label)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body.join("\n")}
</main>
</body>
</html>
`;
}
