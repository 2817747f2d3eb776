import type { Readable } from 'node:stream';
import { PackageURL } from 'packageurl-js';
import type {
  AssetRecord,
  EvidenceRecord,
  IngestWarning,
  OperatingSystem,
  SoftwareRecord,
} from '../evidence.js';
import type { EvidenceFormat, FormatSample, ParseContext } from '../evidence-format.js';
import { excessiveNestingOffset } from '../text/json-nesting.js';
import { lineAndColumn, parseJsonDocument } from '../text/parse-json-document.js';
import { readText } from '../text/read-text.js';
import { unreadable } from '../text/unreadable.js';
import { findingOf, isDismissed } from './cyclonedx-vulnerabilities.js';
import { arrayOrEmpty, isJsonObject, nonBlankString, type JsonObject } from '../text/json-values.js';

export type CycloneDxLimits = {
  /** STACK.md §7: JSON.parse of a whole document is fine up to about 256 MB. */
  maxDocumentBytes: number;
  /** Deeper nesting than any real BOM has is refused before parsing. */
  maxNesting: number;
};

const defaultLimits: CycloneDxLimits = { maxDocumentBytes: 256 * 1024 * 1024, maxNesting: 256 };

type Json = JsonObject;
const isObject = isJsonObject;
const str = nonBlankString;
const list = arrayOrEmpty;

const knownSpecs = new Set(['1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);

// Component types that describe installed software; hardware, data sets and models do not.
const softwareTypes = new Set([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'firmware',
  'file',
  'operating-system',
]);

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

  const metadata = isObject(bom.metadata) ? bom.metadata : {};
  const subject = isObject(metadata.component) ? metadata.component : undefined;
  const assetRef = str(subject?.['bom-ref']) ?? str(subject?.name) ?? str(bom.serialNumber) ?? `sbom:${file}`;
  const asset = subjectAsset(assetRef, subject, bom, file);

  const software: SoftwareRecord[] = [];
  const warnings: IngestWarning[] = [];
  const names = new Map<string, string>();
  // Explicit stack: nesting is already bounded, but recursion is not needed to walk it.
  const stack: { component: unknown; path: string }[] = list(bom.components)
    .map((component, index) => ({ component, path: `/components/${index}` }))
    .reverse();
  if (subject) {
    list(subject.components).forEach((component, index) =>
      stack.push({ component, path: `/metadata/component/components/${index}` }),
    );
  }
  while (stack.length > 0) {
    const { component, path } = stack.pop() ?? { component: undefined, path: '' };
    if (!isObject(component)) {
      warnings.push({
        kind: 'warning',
        message: 'component is not an object; skipped',
        location: { file, path },
      });
      continue;
    }
    const children = list(component.components);
    for (let index = children.length - 1; index >= 0; index -= 1)
      stack.push({ component: children[index], path: `${path}/components/${index}` });
    const name = str(component.name);
    if (!name) {
      warnings.push({ kind: 'warning', message: 'component has no name; skipped', location: { file, path } });
      continue;
    }
    const version = str(component.version);
    const ref = str(component['bom-ref']);
    if (ref) names.set(ref, version ? `${name} ${version}` : name);
    const type = str(component.type) ?? 'library';
    if (type === 'operating-system') {
      asset.os ??= operatingSystemOf(name, version);
      continue;
    }
    if (!softwareTypes.has(type)) continue;
    const record: SoftwareRecord = {
      kind: 'software',
      assetRef,
      name,
      source: 'cyclonedx',
      location: { file, path },
    };
    const vendor = str(component.group) ?? str(component.publisher);
    if (vendor) record.vendor = vendor;
    if (version) record.version = version;
    const cpe = str(component.cpe);
    if (cpe) record.cpe = cpe;
    const purl = str(component.purl);
    if (purl) {
      try {
        const parsed = PackageURL.fromString(purl);
        record.purl = parsed.toString();
        record.packageType = parsed.type;
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'invalid';
        warnings.push({
          kind: 'warning',
          message: `purl "${purl}" is not valid (${reason}); kept without it`,
          location: { file, path },
        });
      }
    }
    software.push(record);
  }

  yield asset;
  yield* warnings;
  yield* software;

  if (subject) {
    const ref = str(subject['bom-ref']);
    if (ref) names.set(ref, str(subject.name) ?? ref);
  }
  for (const [index, vulnerability] of list(bom.vulnerabilities).entries()) {
    const path = `/vulnerabilities/${index}`;
    if (!isObject(vulnerability)) {
      yield { kind: 'warning', message: 'vulnerability is not an object; skipped', location: { file, path } };
      continue;
    }
    if (isDismissed(vulnerability)) continue;
    const finding = findingOf(vulnerability, assetRef, names, path, file);
    if (finding) yield finding;
    else yield { kind: 'warning', message: 'vulnerability has no id; skipped', location: { file, path } };
  }
}

function operatingSystemOf(name: string, version: string | undefined): OperatingSystem {
  const lower = name.toLowerCase();
  const family = lower.includes('windows')
    ? 'windows'
    : /mac ?os|darwin/.test(lower)
      ? 'macos'
      : /linux|ubuntu|debian|alpine|rhel|red hat|centos|fedora|suse|rocky|alma|amazon|wolfi/.test(lower)
        ? 'linux'
        : undefined;
  const os: OperatingSystem = { name: version && !name.includes(version) ? `${name} ${version}` : name };
  if (family) os.family = family;
  if (version) os.version = version;
  return os;
}

/**
 * The BOM's subject (metadata.component) becomes the asset. AssetRecord has no field for a
 * software product's name, so it is kept in externalIds; a device subject gives the hostname and
 * an operating-system subject the OS.
 */
function subjectAsset(assetRef: string, subject: Json | undefined, bom: Json, file: string): AssetRecord {
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef,
    assetKind: 'unknown',
    ipAddresses: [],
    macAddresses: [],
    location: { file, path: subject ? '/metadata/component' : '' },
  };
  const externalIds: Record<string, string> = {};
  const serial = str(bom.serialNumber);
  if (serial) externalIds.sbomSerialNumber = serial;
  if (subject) {
    const name = str(subject.name);
    const version = str(subject.version);
    const group = str(subject.group);
    const type = str(subject.type);
    if (name)
      externalIds.sbomSubject = [group ? `${group}/${name}` : name, version].filter(Boolean).join('@');
    if (type) externalIds.sbomSubjectType = type;
    if (type === 'device' && name) asset.hostname = name;
    if (type === 'operating-system' && name) asset.os = operatingSystemOf(name, version);
  }
  if (Object.keys(externalIds).length > 0) asset.externalIds = externalIds;
  return asset;
}
