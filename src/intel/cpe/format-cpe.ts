import { cpeAttributes, type CpeName, type CpeValue } from './cpe-name.js';

/**
 * Quotes every character the formatted string cannot carry bare. NISTIR 7695 §6.2.2.2 leaves
 * letters, digits, `_`, `.` and `-` unquoted; everything else gets a backslash. A value that is
 * exactly `-` must be quoted so it is not read back as NA.
 */
function quote(text: string): string {
  if (text === '-') return '\\-';
  return text.replace(/[^A-Za-z0-9_.-]/g, (ch) => `\\${ch}`);
}

function bindValue(value: CpeValue): string {
  if (value.kind === 'any') return '*';
  if (value.kind === 'na') return '-';
  return `${value.prefix}${quote(value.text)}${value.suffix}`;
}

/** Binds a name back to its CPE 2.3 formatted string; parseCpe(formatCpe(x)) gives x again. */
export function formatCpe(name: CpeName): string {
  return ['cpe', '2.3', ...cpeAttributes.map((attribute) => bindValue(name[attribute]))].join(':');
}
