import { Unzip, UnzipInflate } from 'fflate';

/** Zip files start with a local file header. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Calls `onEntry` with each file of a zip archive whose name passes `wanted`, one entry at a time
 * and in archive order (the inflated bytes of one entry are held only while it is handled). Zips
 * inside the zip are opened the same way: the CVE Program's bulk download nests `cves.zip` in its
 * release archive. fflate (already installed as a dependency of pdfkit) does the inflating.
 */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, onEntry: (name: string, data: Uint8Array) => void, limitBytes = 1024 * 1024 * 1024): void {
  let failure: unknown;
  const unzip = new Unzip((file) => {
    const isNested = /\.zip$/i.test(file.name);
    if (!isNested && !wanted(file.name)) return;
    const parts: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, data, final) => {
      if (failure !== undefined) return;
      if (error) {
        failure = error;
        return;
      }
      size += data.length;
      if (size > limitBytes) {
        failure = new Error(`${file.name}: larger than ${limitBytes} bytes unpacked`);
        return;
      }
      parts.push(data);
      if (!final) return;
      const whole = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
      parts.length = 0;
      try {
        if (isNested) readZipEntries(whole, wanted, onEntry, limitBytes);
        else onEntry(file.name, whole);
      } catch (caught) {
        failure = caught;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const step = 1024 * 1024;
  for (let offset = 0; offset < bytes.length && failure === undefined; offset += step) {
    unzip.push(bytes.subarray(offset, offset + step), offset + step >= bytes.length);
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('the archive could not be inflated');
}
