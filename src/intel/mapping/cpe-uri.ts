import { ANY, NA, literal, parseCpe, type CpeName, type CpeValue } from '../cpe/index.js';

function uriValue(raw: string | undefined): CpeValue {
  if (raw === undefined || raw === '' || raw === '*') return ANY;
  if (raw === '-') return NA;
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    text = raw;
  }
  return literal(text);
}

/**
 * Reads a CPE name in either binding: the 2.3 formatted string, or the 2.2 URI (`cpe:/a:vendor:
 * product:version`) that Nessus and Nmap still print. Undefined when it is neither.
 */
export function readCpeName(text: string): CpeName | undefined {
  const trimmed = text.trim();
  if (/^cpe:2\.3:/i.test(trimmed)) {
    try {
      return parseCpe(trimmed);
    } catch {
      return undefined;
    }
  }
  const uri = /^cpe:\/([aoh])((?::[^:]*){0,6})$/i.exec(trimmed);
  if (!uri) return undefined;
  const [vendor, product, version, update, edition, language] = (uri[2] ?? '').slice(1).split(':');
  if (!vendor || !product) return undefined;
  return {
    part: literal((uri[1] ?? 'a').toLowerCase()),
    vendor: uriValue(vendor.toLowerCase()),
    product: uriValue(product.toLowerCase()),
    version: uriValue(version),
    update: uriValue(update),
    edition: uriValue(edition),
    language: uriValue(language),
    swEdition: ANY,
    targetSw: ANY,
    targetHw: ANY,
    other: ANY,
  };
}
