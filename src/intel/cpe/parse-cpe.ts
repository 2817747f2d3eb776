import { invalidInput } from '../../core/errors.js';
import { ANY, NA, cpeAttributes, type CpeName, type CpeValue } from './cpe-name.js';

/** Splits on colons that are not escaped; a backslash always takes the next character with it. */
function splitFields(input: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let k = 0; k < input.length; k++) {
    const ch = input[k] ?? '';
    if (ch === '\\') {
      if (k + 1 >= input.length) throw invalidInput(`CPE ends with a lone backslash: ${input}`);
      current += ch + (input[k + 1] ?? '');
      k++;
    } else if (ch === ':') {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields;
}

function parseValue(raw: string, attribute: string, input: string): CpeValue {
  if (raw === '*') return ANY;
  if (raw === '-') return NA;
  if (raw === '') throw invalidInput(`CPE attribute ${attribute} is empty in ${input}`);
  let suffix = '';
  let text = '';
  let k = 0;
  if (raw[0] === '*') k = 1;
  else while (raw[k] === '?') k++;
  const prefix = raw.slice(0, k);
  for (; k < raw.length; k++) {
    const ch = raw[k] ?? '';
    if (ch === '\\') {
      text += raw[k + 1] ?? '';
      k++;
      continue;
    }
    if (ch === '*' || ch === '?') {
      // Unquoted wildcards may only close the value: a single `*` or a run of `?`.
      const tail = raw.slice(k);
      if (tail !== '*' && !/^\?+$/.test(tail)) {
        throw invalidInput(`CPE attribute ${attribute} has a wildcard inside the value (${raw}) in ${input}`);
      }
      suffix = tail;
      break;
    }
    if (ch.charCodeAt(0) < 0x21 || ch.charCodeAt(0) > 0x7e) {
      throw invalidInput(`CPE attribute ${attribute} has a non-printable or non-ASCII character in ${input}`);
    }
    text += ch;
  }
  if (text === '' && prefix === '*' && suffix !== '') {
    throw invalidInput(`CPE attribute ${attribute} is only wildcards (${raw}) in ${input}`);
  }
  return { kind: 'value', text, prefix, suffix };
}

/**
 * Reads a CPE 2.3 formatted string (`cpe:2.3:part:vendor:product:...`, 13 colon-separated fields).
 * Escaped characters (`\:`, `\*`, `\\`) are literal; unescaped `*`/`?` are wildcards.
 */
export function parseCpe(input: string): CpeName {
  const fields = splitFields(input.trim());
  if (fields[0]?.toLowerCase() !== 'cpe' || fields[1] !== '2.3') {
    throw invalidInput(`Not a CPE 2.3 formatted string (must start with "cpe:2.3:"): ${input}`);
  }
  if (fields.length !== 13) {
    throw invalidInput(`A CPE 2.3 formatted string has 13 fields, this one has ${fields.length}: ${input}`);
  }
  const values = fields.slice(2);
  const entries = cpeAttributes.map((attribute, index) => [attribute, parseValue(values[index] ?? '', attribute, input)] as const);
  const name = Object.fromEntries(entries) as Record<(typeof cpeAttributes)[number], CpeValue>;
  const part = name.part;
  if (part.kind === 'na' || (part.kind === 'value' && !/^[aoh]$/i.test(part.text + part.prefix + part.suffix))) {
    throw invalidInput(`CPE part must be a, o, h or *: ${input}`);
  }
  return name;
}

/** Like parseCpe, but returns undefined instead of throwing: for feeds with occasional junk. */
export function tryParseCpe(input: string): CpeName | undefined {
  try {
    return parseCpe(input);
  } catch {
    return undefined;
  }
}
