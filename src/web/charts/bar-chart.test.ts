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
