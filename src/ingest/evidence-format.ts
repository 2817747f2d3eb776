import type { Readable } from 'node:stream';
import type { EvidenceRecord } from './evidence.js';

/** What detection may look at: cheap to obtain, never the whole file. */
export type FormatSample = {
  fileName: string;
  /** The first KiB of the file (at most), decoded as UTF-8 with any BOM removed. */
  head: string;
};

export type ParseContext = {
  /** Used in every error and warning location. */
  fileName: string;
  signal?: AbortSignal;
};

/**
 * One evidence format. `detect` is cheap and separate from `parse`; `version` changes whenever the
 * parser's output changes, so stored imports can be re-parsed when a parser improves.
 *
 * `parse` streams: it reads `input` (bytes) chunk by chunk and yields records as it goes, never
 * holding the whole file. A bad record becomes an `IngestWarning`; an unreadable document throws a
 * `WardError` with code `INGEST_UNREADABLE` and a location (file, line or element).
 */
export interface EvidenceFormat {
  readonly id: string;
  readonly label: string;
  readonly version: number;
  /** File name patterns users recognise, e.g. ".nessus"; informational. */
  readonly extensions: readonly string[];
  detect(sample: FormatSample): boolean;
  parse(input: Readable, context: ParseContext): AsyncIterable<EvidenceRecord>;
}
