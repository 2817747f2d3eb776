import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBarChart } from './bar-chart.js';

test('the server-rendered bar chart is an SVG a strict CSP allows, with escaped labels and a name', async () => {
  const svg = await renderBarChart({ title: 'Organisations "per" region', horizontal: true, bars: [{ label: 'London <b>&', value: 3 }, { label: 'North West', value: 12 }] });
  assert.match(svg, /^<svg role="img" aria-label="Organisations &quot;per&quot; region"/);
  assert.doesNotMatch(svg, /style/i, 'no style attribute or element');
  assert.doesNotMatch(svg, /ecmeta_|<script/);
  assert.match(svg, />London &lt;b&gt;&amp;</);
  assert.match(svg, /font-family="Frutiger W01, Arial, sans-serif"/);
  assert.equal((svg.match(/fill="#005eb8"/g) ?? []).length, 2, 'one bar per value');
});

test('horizontal bars leave room on the left for long names such as operating systems', async () => {
  const label = 'Microsoft Windows 10 Enterprise 22H2';
  const svg = await renderBarChart({ title: 'Devices past OS support', horizontal: true, bars: [{ label, value: 11 }, { label: 'Windows 7', value: 1 }] });
  const anchor = new RegExp(`text-anchor="end"[^>]*transform="translate\\(([\\d.]+) [\\d.]+\\)"[^>]*>${label}<`).exec(svg);
  assert.ok(anchor, 'the long name is drawn whole, right-aligned to the axis');
  // At 14 px a character is about 7 px wide on average in Arial (wider in the fallback fonts), so the name needs this much room.
  assert.ok(Number(anchor[1]) >= label.length * 7, `the name ends at x=${anchor[1]}, too close to the left edge for ${label.length} characters`);
});

test('a long series (a decade of months) is drawn without a value label on each bar, which would overlap', async () => {
  const months = Array.from({ length: 120 }, (_, i) => ({ label: `m${i}`, value: i % 40 === 0 ? 2 : 0 }));
  const long = await renderBarChart({ title: 'Incidents by month', bars: months });
  const short = await renderBarChart({ title: 'Incidents by month', bars: months.slice(0, 12) });
  const valueLabels = (svg: string) => (svg.match(/<text[^>]*>[02]<\/text>/g) ?? []).length;
  assert.ok(valueLabels(short) >= 12, 'twelve bars carry their values');
  assert.ok(valueLabels(long) < 10, `120 bars carry ${valueLabels(long)} value labels`);
});
