
/** echarts is large: it is loaded on the first chart, not when the server starts. */
let echartsModule: Promise<typeof import('echarts')> | null = null;

/** An echarts option as plain data (echarts' own option type marks series fields deprecated). */
export type ChartOption = Record<string, unknown>;

/** NHS blue, and the NHS font stack, so the chart belongs to the page. */
export const nhsBlue = '#005eb8';
export const fontFamily = 'Frutiger W01, Arial, sans-serif';
export const axisLabel = { color: '#4c6272', fontFamily, fontSize: 14 };

/**
 * One echarts option as an SVG string, rendered on the server (no DOM, no browser script), made
 * safe for a strict Content-Security-Policy: inline `style` attributes become SVG presentation
 * attributes and echarts' hover `<style>` block is dropped. `title` names the chart for screen
 * readers; pages give the same figures as a table beside it.
 */
export async function renderSvgChart(option: ChartOption, size: { width: number; height: number; title: string }): Promise<string> {
  // Rendering costs tens of milliseconds a chart; the same figures give the same SVG, so it is kept.
  const key = JSON.stringify([option, size]);
  const known = rendered.get(key);
  if (known !== undefined) return known;
  const svg = await renderUncached(option, size);
  if (rendered.size >= renderedLimit) rendered.delete(rendered.keys().next().value ?? '');
  rendered.set(key, svg);
  return svg;
}

const rendered = new Map<string, string>();
const renderedLimit = 200;

async function renderUncached(option: ChartOption, size: { width: number; height: number; title: string }): Promise<string> {
  const echarts = await (echartsModule ??= import('echarts'));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  chart.setOption(option as Parameters<typeof chart.setOption>[0]);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return makeCspSafe(svg, size.title);
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function makeCspSafe(svg: string, title: string): string {
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
