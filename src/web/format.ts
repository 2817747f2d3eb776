/** Nunjucks filters: how dates, counts and sizes read on every page. */
const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const number = new Intl.NumberFormat('en-GB');

export function formatDateTime(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
}

export function formatDate(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : date.format(parsed);
}

export function formatNumber(value: unknown): string {
  return typeof value === 'number' ? number.format(value) : typeof value === 'string' ? value : '';
}

export function formatBytes(value: unknown): string {
  if (typeof value !== 'number') return '';
  if (value < 1024) return `${value} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let size = value / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit] ?? 'GB'}`;
}

export const formatFilters = { dateTime: formatDateTime, date: formatDate, number: formatNumber, bytes: formatBytes };
