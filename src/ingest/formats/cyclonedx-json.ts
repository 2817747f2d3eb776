import type { Readable } from 'node:stream';
import type { EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat, FormatSample, ParseContext } from '../evidence-format.js';
import { excessiveNestingOffset } from '../text/json-nesting.js';
import { lineAndColumn, parseJsonDocument } from '../text/parse-json-document.js';
import { readText } from '../text/read-text.js';
import { unreadable } from '../text/unreadable.js';
import { bomRecords, knownCycloneDxSpecs } from './cyclonedx-bom.js';
import { isJsonObject, nonBlankString } from '../text/json-values.js';

export type CycloneDxLimits = {
  /** STACK.md §7: JSON.parse of a whole document is fine up to about 256 MB. */
  maxDocumentBytes: number;
  /** Deeper nesting than any real BOM has is refused before parsing. */
  maxNesting: number;
};

const defaultLimits: CycloneDxLimits = { maxDocumentBytes: 256 * 1024 * 1024, maxNesting: 256 };

const isObject = isJsonObject;
const str = nonBlankString;
const knownSpecs = knownCycloneDxSpecs;

export function createCycloneDxJsonFormat(limits: CycloneDxLimits = defaultLimits): EvidenceFormat {
  return {
    id: 'cyclonedx-json',
    label: 'CycloneDX SBOM (JSON, spec 1.2–1.7)',
    version: 1,
    extensions: ['.cdx.json', '.bom.json', '.json'],
    detect,
    parse: (input, context) => parse(input, context, limits),
  };
}

export const cycloneDxJsonFormat = createCycloneDxJsonFormat();

function detect(sample: FormatSample): boolean {
  const head = sample.head.trimStart();
  return (
    head.startsWith('{') && (/"bomFormat"\s*:/.test(head) || /cyclonedx\.org\/schema\/bom-1\.\d/.test(head))
  );
}

async function* parse(
  input: Readable,
  context: ParseContext,
  limits: CycloneDxLimits,
): AsyncGenerator<EvidenceRecord> {
  const file = context.fileName;
  const text = await readText(input, {
    fileName: file,
    maxBytes: limits.maxDocumentBytes,
    signal: context.signal,
  });
  const deep = excessiveNestingOffset(text, limits.maxNesting);
  if (deep >= 0)
    throw unreadable(`JSON nested deeper than ${limits.maxNesting} levels`, {
      file,
      ...lineAndColumn(text, deep),
    });
  const bom = parseJsonDocument(text, file);
  if (!isObject(bom))
    throw unreadable('not a CycloneDX BOM: the document is not a JSON object', { file, line: 1, column: 1 });
  const at = (key: string): { file: string; line: number; column: number } => {
    const offset = text.indexOf(`"${key}"`);
    return { file, ...lineAndColumn(text, Math.max(0, offset)) };
  };
  if (bom.bomFormat !== 'CycloneDX') {
    const found = typeof bom.bomFormat === 'string' ? `"${bom.bomFormat}"` : 'missing';
    throw unreadable(
      `not a CycloneDX BOM: bomFormat is ${found}, expected "CycloneDX"`,
      'bomFormat' in bom ? at('bomFormat') : { file, line: 1 },
    );
  }
  const spec = str(bom.specVersion);
  if (!spec || !knownSpecs.has(spec)) {
    yield {
      kind: 'warning',
      message: `specVersion ${spec ?? 'missing'} is not one Ward knows (1.2–1.7); read as 1.6`,
      location: at('specVersion'),
    };
  }

  yield* bomRecords(bom, file, (_node, path) => ({ file, path }));
}
