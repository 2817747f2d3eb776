import { axisLabel, fontFamily, nhsBlue, renderSvgChart, type ChartOption } from './svg-chart.js';

export type LineChartInput = {
  title: string;
  points: { label: string; value: number | null }[];
  /** Fixes the value axis, e.g. 0–100 for percentages. */
  max?: number;
  /** Written after each value-axis figure, e.g. '%'. */
  unit?: string;
  width?: number;
};

/** A line over time (months, dates) as a CSP-safe SVG; gaps (null) break the line. */
export function renderLineChart(input: LineChartInput): Promise<string> {
  const option: ChartOption = {
    animation: false,
    textStyle: { fontFamily },
    grid: { left: 56, right: 32, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: input.points.map((p) => p.label), axisLabel: { ...axisLabel, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, ...(input.max !== undefined ? { max: input.max } : {}), minInterval: 1, axisLabel: input.unit ? { ...axisLabel, formatter: `{value}${input.unit}` } : axisLabel },
    series: [{ type: 'line', data: input.points.map((p) => p.value), itemStyle: { color: nhsBlue }, lineStyle: { color: nhsBlue, width: 3 }, symbolSize: 6, connectNulls: false }],
  };
  return renderSvgChart(option, { width: input.width ?? 640, height: 300, title: input.title });
}
