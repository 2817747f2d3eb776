import { Readable } from 'node:stream';

/**
 * Returns the first non-whitespace character of a stream (after any UTF-8 BOM) and a stream that
 * still yields every byte, so a parser can choose its mode without reading the file twice.
 */
export async function peekFirstCharacter(
  input: Readable,
): Promise<{ first: string | undefined; stream: Readable }> {
  const iterator = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done === true) break;
    const bytes = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    seen.push(bytes);
    const all = Buffer.concat(seen);
    const start = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
    for (let i = start; i < all.length; i += 1) {
      const byte = all[i] ?? 0;
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
        first = String.fromCharCode(byte);
        break;
      }
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    }
  }
  return { first, stream: Readable.from(replay(), { objectMode: false }) };
}
