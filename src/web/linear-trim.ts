import nunjucks from 'nunjucks';

/**
 * nunjucks' own `trim` filter strips with `/^\s*|\s*$/g`, which retries `\s*$` at every position
 * of every run of white space: quadratic on the long, deeply indented HTML the NHS design-system
 * macros trim (a 277-device organisation page spent half its render time there). String#trim
 * removes exactly the same characters (ECMAScript WhiteSpace and LineTerminator) in one pass, and
 * an escaped-and-safe string stays safe, as nunjucks' filter keeps it.
 */
export function linearTrim(value: unknown): unknown {
  if (value instanceof nunjucks.runtime.SafeString) return new nunjucks.runtime.SafeString(value.val.trim());
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
}
