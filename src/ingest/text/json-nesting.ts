/**
 * Offset at which a JSON text first nests deeper than `maxDepth`, or -1. Run before JSON.parse on
 * documents whose tree Ward walks, so a hostile file is refused with a line and column instead of
 * exhausting the walker. Strings are skipped, so brackets inside them do not count.
 */
export function excessiveNestingOffset(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      i += 1;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return i;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return -1;
}
