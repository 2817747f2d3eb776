/** echarts is large: it is loaded on the first chart, not when the server starts. */
let echartsModule: Promise<typeof import('echarts')> | null = null;

export const loadEcharts = () => (echartsModule ??= import('echarts'));

export type BarChartInput = {
  /** Read by screen readers as the chart's name; the figures are also given as a table beside it. */
  title: string;
  bars: { label: string; value: number }[];
  width?: number;
  /** Horizontal bars read better with long labels such as region names. */
  horizontal?: boolean;
};

/** NHS blue, and the NHS font stack, so the chart belongs to the page. */
export const nhsBlue = '#005eb8';
export const fontFamily = 'Frutiger W01, Arial, sans-serif';

/**
 * A bar chart as an SVG string, rendered on the server by echarts (no DOM, no browser script).
 * The SVG is made safe for a strict Content-Security-Policy: inline `style` attributes become SVG
 * presentation attributes and echarts' hover `<style>` block is dropped.
 */
export async function renderBarChart(input: BarChartInput): Promise<string> {
  const echarts = await loadEcharts();
  const width = input.width ?? 640;
  const height = input.horizontal ? Math.max(160, 40 + input.bars.length * 32) : 320;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const categories = { type: 'category' as const, data: input.bars.map((bar) => bar.label), axisLabel: { color: '#212b32', fontFamily, fontSize: 14 }, ...(input.horizontal ? { inverse: true } : {}) };
  const values = { type: 'value' as const, minInterval: 1, axisLabel: { color: '#4c6272', fontFamily, fontSize: 14 } };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily },
    grid: { left: input.horizontal ? 220 : 48, right: 48, top: 16, bottom: 40 },
    xAxis: input.horizontal ? values : categories,
    yAxis: input.horizontal ? categories : values,
    series: [
      {
        type: 'bar',
        data: input.bars.map((bar) => bar.value),
        itemStyle: { color: nhsBlue },
        label: { show: true, position: input.horizontal ? 'right' : 'top', color: '#212b32', fontFamily, fontSize: 14 },
        barMaxWidth: 48,
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return makeCspSafe(svg, input.title);
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function makeCspSafe(svg: string, title: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_match, declarations: string) =>
      declarations
        .split(';')
        .map((declaration) => declaration.split(':').map((part) => part.trim()))
        .filter((parts): parts is [string, string] => parts.length === 2 && /^[a-z-]+$/.test(parts[0] ?? '') && (parts[1] ?? '') !== '')
        .map(([property, value]) => ` ${property}="${escapeAttribute(value)}"`)
        .join(''),
    )
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(title)}" focusable="false" `);
}
