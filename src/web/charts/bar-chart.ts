import { axisLabel, fontFamily, nhsBlue, renderSvgChart, type ChartOption } from './svg-chart.js';

/** More bars than this are drawn without a value on each. */
const maxLabelledBars = 24;

export type BarChartInput = {
  /** Read by screen readers as the chart's name; the figures are also given as a table beside it. */
  title: string;
  bars: { label: string; value: number }[];
  width?: number;
  /** Horizontal bars read better with long labels such as region names. */
  horizontal?: boolean;
};

/**
 * A bar chart as an SVG string, rendered on the server by echarts (no DOM, no browser script).
 * The SVG is made safe for a strict Content-Security-Policy: inline `style` attributes become SVG
 * presentation attributes and echarts' hover `<style>` block is dropped.
 */
export async function renderBarChart(input: BarChartInput): Promise<string> {
  const width = input.width ?? 640;
  // Horizontal bars are named on the left: room for the longest name (about 0.6 em a character at
  // 14 px), but never more than half the chart, so long OS names are not cut off at the edge.
  const longestLabel = Math.max(0, ...input.bars.map((bar) => bar.label.length));
  const labelRoom = Math.min(Math.round(width / 2), Math.max(120, 24 + Math.ceil(longestLabel * 8.4)));
  const height = input.horizontal ? Math.max(160, 40 + input.bars.length * 32) : 320;
  const categories = { type: 'category' as const, data: input.bars.map((bar) => bar.label), axisLabel: { color: '#212b32', fontFamily, fontSize: 14 }, ...(input.horizontal ? { inverse: true } : {}) };
  const values = { type: 'value' as const, minInterval: 1, axisLabel };
  const option: ChartOption = {
    animation: false,
    textStyle: { fontFamily },
    // Vertical bars carry their value above them: the top margin keeps the tallest one's label inside.
    grid: { left: input.horizontal ? labelRoom : 48, right: 48, top: input.horizontal ? 16 : 32, bottom: 40 },
    xAxis: input.horizontal ? values : categories,
    yAxis: input.horizontal ? categories : values,
    series: [
      {
        type: 'bar',
        data: input.bars.map((bar) => bar.value),
        itemStyle: { color: nhsBlue },
        // Past two dozen bars the value labels run into each other (a decade of months): the table beside the chart has the figures.
        label: { show: input.bars.length <= maxLabelledBars, position: input.horizontal ? 'right' : 'top', color: '#212b32', fontFamily, fontSize: 14 },
        barMaxWidth: 48,
      },
    ],
  };
  return renderSvgChart(option, { width, height, title: input.title });
}
