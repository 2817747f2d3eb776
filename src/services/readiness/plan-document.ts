import { invalidInput } from '../../core/errors.js';

export type PlanDocumentType = 'pdf' | 'docx';

/** The largest plan document accepted (plans are documents, not evidence dumps). */
export const maxPlanBytes = 20 * 1024 * 1024;

/**
 * Tells a plan's type from its bytes, never from its name: a PDF starts with `%PDF-`; a DOCX is a
 * ZIP whose central directory lists `word/document.xml`. Anything else is refused.
 */
export function planDocumentType(bytes: Buffer): PlanDocumentType {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.readUInt32LE(0) === 0x04034b50 && zipEntryNames(bytes).includes('word/document.xml')) return 'docx';
  throw invalidInput('The plan must be a PDF or a Word (.docx) document: this file is neither (checked from its content, not its name)', { file: 'not-pdf-or-docx' });
}

/** Names in a ZIP's central directory (found from the end-of-central-directory record); [] when it is not a readable ZIP. */
function zipEntryNames(bytes: Buffer): string[] {
  if (bytes.length < 22) return [];
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at -= 1) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return [];
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let entry = 0; entry < count; entry += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return names;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    names.push(bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
