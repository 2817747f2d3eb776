import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderLineChart } from './line-chart.js';

test('the server-rendered line chart is a named SVG without style, one path for the series', async () => {
  const svg = await renderLineChart({ title: 'Average score by month', max: 100, points: [{ label: '2026-01', value: 40 }, { label: '2026-02', value: 55.5 }, { label: '2026-03', value: 61 }] });
  assert.match(svg, /^<svg role="img" aria-label="Average score by month"/);
  assert.doesNotMatch(svg, /style/i);
  assert.match(svg, />2026-02</);
  assert.ok((svg.match(/stroke="#005eb8"/g) ?? []).length >= 1, 'the series is drawn in NHS blue');
});
