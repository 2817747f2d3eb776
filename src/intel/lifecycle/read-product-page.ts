import { invalidInput } from '../../core/errors.js';
import { milestone, type LifecycleRelease } from './lifecycle-release.js';

/**
 * Reads the `releases:` list of an endoflife.date product page (`products/*.md`, YAML front
 * matter). Only that list's flat `key: value` items are understood, which is all the pages use
 * there; this avoids a YAML dependency for one narrow shape. Anything else in the list fails loudly.
 */
function scalar(raw: string): string | boolean {
  const text = raw.replace(/\s+#.*$/, '').trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  const quoted = /^"(.*)"$/.exec(text) ?? /^'(.*)'$/.exec(text);
  return quoted ? (quoted[1] ?? '') : text;
}

export function readProductPage(markdown: string, source = 'product page'): LifecycleRelease[] {
  const lines = markdown.split(/\r?\n/);
  if (lines[0] !== '---') throw invalidInput(`${source}: no YAML front matter`);
  const start = lines.indexOf('releases:');
  if (start < 0) throw invalidInput(`${source}: front matter has no releases list`);
  const items: Map<string, string | boolean>[] = [];
  for (let k = start + 1; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (line === '---' || /^\S/.test(line)) break;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = /^ {2}- (\w+):(.*)$/.exec(line);
    const field = /^ {4}(\w+):(.*)$/.exec(line);
    if (item) items.push(new Map([[item[1] ?? '', scalar(item[2] ?? '')]]));
    else if (field && items.length > 0) items.at(-1)?.set(field[1] ?? '', scalar(field[2] ?? ''));
    else throw invalidInput(`${source}: line ${k + 1}: not a flat release field: ${line.trim()}`);
  }
  return items.map((item, index) => {
    const cycle = item.get('releaseCycle');
    if (typeof cycle !== 'string' || cycle === '') throw invalidInput(`${source}: release ${index + 1} has no releaseCycle`);
    const text = (key: string): string | undefined => {
      const value = item.get(key);
      return typeof value === 'string' ? value : undefined;
    };
    const eol = milestone(item.get('eol'));
    if (eol === undefined) throw invalidInput(`${source}: release ${cycle}: eol must be a date or true/false`);
    return {
      cycle,
      label: text('releaseLabel'),
      releaseDate: text('releaseDate'),
      support: milestone(item.get('eoas')),
      eol,
      extendedSupport: milestone(item.get('eoes')),
      lts: item.get('lts') !== undefined && item.get('lts') !== false,
      latest: text('latest'),
    };
  });
}
