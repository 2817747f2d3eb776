import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WardError } from '../core/errors.js';

export type SpooledFile = { path: string; bytes: number; remove(): Promise<void> };

/**
 * Streams an upload to a private temporary file, refusing it once it passes `limitBytes`, so an
 * import never holds a report in memory and parses from a file it can read twice (hash, then parse).
 */
export async function spoolUpload(source: Readable, limitBytes: number): Promise<SpooledFile> {
  const folder = await mkdtemp(join(tmpdir(), 'ward-upload-'));
  const path = join(folder, 'upload');
  const remove = () => rm(folder, { recursive: true, force: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      bytes += chunk.length;
      if (bytes > limitBytes) callback(new WardError('PAYLOAD_TOO_LARGE', `The upload is larger than the ${limitBytes} bytes allowed (WARD_UPLOAD_LIMIT_BYTES)`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(source, limit, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, bytes, remove };
}
