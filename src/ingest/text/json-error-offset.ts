/**
 * Finds where a JSON text first goes wrong. Only used after JSON.parse has failed: V8 gives a
 * position for most errors but not for "Unexpected token", and never a line or column.
 * Iterative (an explicit stack), so hostile nesting cannot overflow the call stack.
 */
export function jsonErrorOffset(text: string): number {
  const stack: ('array' | 'object')[] = [];
  // What the grammar allows next.
  let expect: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end' =
    'value';
  let i = 0;
  const n = text.length;

  const closeContainer = (): void => {
    stack.pop();
    expect = stack.length === 0 ? 'end' : 'comma-or-close';
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'end':
        return i;
      case 'colon':
        if (c !== ':') return i;
        expect = 'value';
        i += 1;
        continue;
      case 'comma-or-close':
        if (c === ',') expect = top === 'object' ? 'key' : 'value';
        else if ((c === ']' && top === 'array') || (c === '}' && top === 'object')) closeContainer();
        else return i;
        i += 1;
        continue;
      case 'key':
      case 'key-or-close': {
        if (c === '}' && expect === 'key-or-close') {
          closeContainer();
          i += 1;
          continue;
        }
        if (c !== '"') return i;
        const end = scanString(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = 'colon';
        continue;
      }
      case 'value':
      case 'value-or-close': {
        if (c === ']' && expect === 'value-or-close') {
          closeContainer();
          i += 1;
          continue;
        }
        if (c === '[' || c === '{') {
          stack.push(c === '[' ? 'array' : 'object');
          expect = c === '[' ? 'value-or-close' : 'key-or-close';
          i += 1;
          continue;
        }
        const end = c === '"' ? scanString(text, i) : scanLiteral(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = stack.length === 0 ? 'end' : 'comma-or-close';
        continue;
      }
    }
  }
  return expect === 'end' ? -1 : n;
}

/** Returns the index after the closing quote, or -(offset of the fault + 1). */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -(i + 1);
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1);
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next)) return -(i + 1);
      i += 2;
      continue;
    }
    i += 1;
  }
  return -(text.length + 1);
}

const literal = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanLiteral(text: string, start: number): number {
  literal.lastIndex = start;
  const match = literal.exec(text);
  return match ? start + match[0].length : -(start + 1);
}
