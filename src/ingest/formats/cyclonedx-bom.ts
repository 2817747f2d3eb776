/**
 * What a CycloneDX BOM says, once it is in the JSON shape: the subject becomes the asset, every
 * component (nested ones included) a software record, embedded vulnerabilities findings. Shared by
 * the JSON and XML parsers, which only differ in how they read the document and locate its parts.
 */
import { PackageURL } from 'packageurl-js';
import type { SourceLocation } from '../../core/errors.js';
import type {
  AssetRecord,
  EvidenceRecord,
  IngestWarning,
  OperatingSystem,
  SoftwareRecord,
} from '../evidence.js';
import { findingOf, isDismissed } from './cyclonedx-vulnerabilities.js';
import { arrayOrEmpty, isJsonObject, nonBlankString, type JsonObject } from '../text/json-values.js';

type Json = JsonObject;
const isObject = isJsonObject;
const str = nonBlankString;
const list = arrayOrEmpty;

/** Spec versions Ward reads; others are read as 1.6 with a warning. */
export const knownCycloneDxSpecs: ReadonlySet<string> = new Set(['1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);

/**
 * Where a part of the BOM is. `path` is its JSON pointer in the JSON shape; `node` the object
 * itself when there is one, so a reader that kept positions can give them.
 */
export type BomLocator = (node: Json | undefined, path: string) => SourceLocation;

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

export function* bomRecords(bom: Json, file: string, locate: BomLocator): Generator<EvidenceRecord> {
  const metadata = isObject(bom.metadata) ? bom.metadata : {};
  const subject = isObject(metadata.component) ? metadata.component : undefined;
  const assetRef = str(subject?.['bom-ref']) ?? str(subject?.name) ?? str(bom.serialNumber) ?? `sbom:${file}`;
  const asset = subjectAsset(assetRef, subject, bom, locate(subject, subject ? '/metadata/component' : ''));

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
        location: locate(undefined, path),
      });
      continue;
    }
    const at = locate(component, path);
    const children = list(component.components);
    for (let index = children.length - 1; index >= 0; index -= 1)
      stack.push({ component: children[index], path: `${path}/components/${index}` });
    const name = str(component.name);
    if (!name) {
      warnings.push({ kind: 'warning', message: 'component has no name; skipped', location: at });
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
      location: at,
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
          location: at,
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
      yield {
        kind: 'warning',
        message: 'vulnerability is not an object; skipped',
        location: locate(undefined, path),
      };
      continue;
    }
    if (isDismissed(vulnerability)) continue;
    const finding = findingOf(vulnerability, assetRef, names, path, file);
    if (finding) {
      finding.location = locate(vulnerability, path);
      yield finding;
    } else
      yield {
        kind: 'warning',
        message: 'vulnerability has no id; skipped',
        location: locate(vulnerability, path),
      };
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
function subjectAsset(
  assetRef: string,
  subject: Json | undefined,
  bom: Json,
  location: SourceLocation,
): AssetRecord {
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef,
    assetKind: 'unknown',
    ipAddresses: [],
    macAddresses: [],
    location,
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
