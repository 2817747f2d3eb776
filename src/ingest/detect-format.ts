import { WardError } from '../core/errors.js';
import type { EvidenceFormat, FormatSample } from './evidence-format.js';
import { evidenceFormats, formatIds } from './formats/index.js';

/**
 * Picks the parser for a file: the `--format` the user named, else the first registered format
 * whose `detect` accepts the sample. Neither case guesses: an unknown name or an unrecognised file
 * is an error listing the ids the user can pass.
 */
export function detectFormat(sample: FormatSample, requested?: string, formats: readonly EvidenceFormat[] = evidenceFormats): EvidenceFormat {
  const known = formatIds(formats).join(', ');
  if (requested !== undefined && requested !== '') {
    const chosen = formats.find((format) => format.id === requested);
    if (!chosen) throw new WardError('INGEST_UNKNOWN_FORMAT', `Unknown format "${requested}"; known formats: ${known}`, { known: formatIds(formats) });
    return chosen;
  }
  const detected = formats.find((format) => format.detect(sample));
  if (!detected) {
    throw new WardError('INGEST_UNKNOWN_FORMAT', `${sample.fileName}: format not recognised; name one with --format (known formats: ${known})`, { known: formatIds(formats) });
  }
  return detected;
}
