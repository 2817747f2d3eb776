import { fontFamily, loadEcharts, makeCspSafe, nhsBlue } from './bar-chart.js';

export type TrendChartInput = {
  /** Read by screen readers as the chart's name; the figures are also given as a table beside it. */
  title: string;
  points: { label: string; value: number | null }[];
  /** Fixed top of the value axis (100 for percentages). */
  max?: number;
  unit?: string;
  width?: number;
};

/**
 * A line over time as an SVG string, rendered on the server by echarts like the bar chart, and made
 * safe for the Content-Security-Policy the same way. Gaps (null) break the line rather than drop to 0.
 */
export async function renderTrendChart(input: TrendChartInput): Promise<string> {
  const echarts = await loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: input.width ?? 640, height: 280 });
  const unit = input.unit ?? '';
  chart.setOption({
    animation: false,
    textStyle: { fontFamily },
    grid: { left: 56, right: 32, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: input.points.map((p) => p.label), axisLabel: { color: '#212b32', fontFamily, fontSize: 13, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, ...(input.max !== undefined ? { max: input.max } : {}), axisLabel: { color: '#4c6272', fontFamily, fontSize: 13, formatter: `{value}${unit}` } },
    series: [{ type: 'line', data: input.points.map((p) => p.value), connectNulls: false, symbol: 'circle', symbolSize: 7, lineStyle: { color: nhsBlue, width: 3 }, itemStyle: { color: nhsBlue } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return makeCspSafe(svg, input.title);
}
