import { jsonErrorOffset } from './json-error-offset.js';
import { unreadable } from './unreadable.js';

/** JSON.parse with a syntax error turned into `file:line:column`, which V8 does not give. */
export function parseJsonDocument(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const offset = Math.max(0, jsonErrorOffset(text));
    const { line, column } = lineAndColumn(text, offset);
    const detail = offset >= text.length ? 'the JSON ends too early (truncated?)' : 'invalid JSON';
    throw unreadable(detail, { file: fileName, line, column }, error);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
