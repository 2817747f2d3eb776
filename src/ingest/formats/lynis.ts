import type { Readable } from 'node:stream';
import { PackageURL } from 'packageurl-js';
import type { SourceLocation } from '../../core/errors.js';
import type { AssetRecord, EvidenceRecord, FindingRecord, OsFamily, SoftwareRecord } from '../evidence.js';
import type { EvidenceFormat, FormatSample, ParseContext } from '../evidence-format.js';
import { readLines } from '../text/read-lines.js';
import { unreadable } from '../text/unreadable.js';
import { canonicalKeys, flag, lynisObservationKeys, observationValue } from './lynis-observations.js';

export type LynisLimits = {
  /** `installed_packages_array` holds every package on one line: tens of KiB on a server. */
  maxLineBytes: number;
};

type Entry = { value: string; line: number };

const keyPattern = /^[A-Za-z0-9_.-]+(\[\])?$/;

export function createLynisFormat(limits: LynisLimits = { maxLineBytes: 4 * 1024 * 1024 }): EvidenceFormat {
  return {
    id: 'lynis',
    label: 'Lynis report (report.dat)',
    version: 1,
    extensions: ['.dat'],
    detect,
    parse: (input, context) => parse(input, context, limits),
  };
}

export const lynisFormat = createLynisFormat();

function detect(sample: FormatSample): boolean {
  return (
    sample.head.startsWith('# Lynis Report') ||
    (/^report_version_major=/m.test(sample.head) && /^lynis_version=/m.test(sample.head))
  );
}

async function* parse(
  input: Readable,
  context: ParseContext,
  limits: LynisLimits,
): AsyncGenerator<EvidenceRecord> {
  const file = context.fileName;
  const scalars = new Map<string, Entry>();
  const arrays = new Map<string, Entry[]>();
  const warnings: EvidenceRecord[] = [];
  let meaningful = 0;
  for await (const { text, line } of readLines(input, {
    fileName: file,
    maxLineBytes: limits.maxLineBytes,
    signal: context.signal,
  })) {
    if (text.trim() === '' || text.startsWith('#')) continue;
    const equals = text.indexOf('=');
    const key = equals > 0 ? text.slice(0, equals) : '';
    if (!keyPattern.test(key)) {
      // A report starts with key=value lines; anything else first is another kind of file.
      if (meaningful === 0) throw unreadable('not a Lynis report: expected key=value lines', { file, line });
      warnings.push({ kind: 'warning', message: 'line is not key=value; skipped', location: { file, line } });
      continue;
    }
    meaningful += 1;
    const value = text.slice(equals + 1);
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const list = arrays.get(name) ?? [];
      list.push({ value, line });
      arrays.set(name, list);
    } else scalars.set(key, { value, line });
  }
  if (!scalars.has('lynis_version') && !scalars.has('report_version_major')) {
    throw unreadable('not a Lynis report: no lynis_version or report_version_major', { file, line: 1 });
  }
  yield* warnings;
  if (scalars.get('finish')?.value !== 'true') {
    yield {
      kind: 'warning',
      message: 'the report has no finish=true: the audit was interrupted or the file is truncated',
      location: { file },
    };
  }

  const get = (key: string): string | undefined => {
    const value = scalars.get(key)?.value.trim();
    return value ? value : undefined;
  };
  const at = (entry: Entry | undefined): SourceLocation => (entry ? { file, line: entry.line } : { file });
  const hostname = get('hostname');
  const assetRef = hostname ?? `lynis:${file}`;
  yield assetOf(assetRef, get, at(scalars.get('hostname') ?? scalars.get('os')));

  for (const [name, severity] of [
    ['warning', 'medium'],
    ['suggestion', 'low'],
  ] as const) {
    for (const entry of arrays.get(name) ?? []) {
      const finding = findingOf(assetRef, entry.value, severity, at(entry));
      if (finding) yield finding;
      else yield { kind: 'warning', message: `${name}[] entry has no test id; skipped`, location: at(entry) };
    }
  }

  yield* packages(
    assetRef,
    scalars.get('installed_packages_array'),
    arrays.get('installed_package') ?? [],
    get,
    at,
  );

  const observedAt = isoLocal(get('report_datetime_end') ?? get('report_datetime_start'));
  const observe = (key: string, value: string | number | boolean | null, entry: Entry): EvidenceRecord => ({
    kind: 'observation',
    assetRef,
    key,
    value,
    source: 'lynis',
    location: at(entry),
    ...(observedAt ? { observedAt } : {}),
  });
  const hardening = scalars.get('hardening_index');
  if (hardening && /^\d+$/.test(hardening.value.trim()))
    yield observe('lynis.hardening_index', Number(hardening.value), hardening);
  for (const key of lynisObservationKeys) {
    const entry = scalars.get(key);
    if (!entry) continue;
    yield observe(`lynis.${key}`, observationValue(entry.value), entry);
    const canonical = canonicalKeys[key];
    const bool = flag(entry.value);
    if (canonical && bool !== undefined) yield observe(canonical, bool, entry);
  }
}

function osFamily(os: string | undefined): OsFamily | undefined {
  const lower = os?.toLowerCase();
  if (!lower) return undefined;
  if (lower === 'linux') return 'linux';
  if (lower === 'macos' || lower === 'darwin') return 'macos';
  return 'unix';
}

function assetOf(
  assetRef: string,
  get: (key: string) => string | undefined,
  location: SourceLocation,
): AssetRecord {
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef,
    assetKind: 'unknown',
    ipAddresses: [],
    macAddresses: [],
    // Lynis audits the system it runs on, with local access.
    credentialed: true,
    location,
  };
  const hostname = get('hostname');
  if (hostname) asset.hostname = hostname;
  const name = get('os_fullname') ?? get('os_name') ?? get('os');
  if (name) {
    asset.os = { name };
    const family = osFamily(get('os'));
    if (family) asset.os.family = family;
    const version = get('os_version');
    if (version) asset.os.version = version;
    const kernel = get('os_kernel_version_full');
    if (kernel) asset.os.build = kernel;
  }
  const started = isoLocal(get('report_datetime_start'));
  if (started) asset.scanStartedAt = started;
  const ended = isoLocal(get('report_datetime_end'));
  if (ended) asset.scanEndedAt = ended;
  return asset;
}

/**
 * `warning[]` and `suggestion[]` are `TEST-ID|text|details|solution|`, "-" for an empty part.
 * Lynis gives no severity. Warnings are what it flags as needing attention, so medium;
 * suggestions are hardening advice, so low. Neither is high: Lynis does not assess exploitability.
 */
function findingOf(
  assetRef: string,
  raw: string,
  severity: 'medium' | 'low',
  location: SourceLocation,
): FindingRecord | undefined {
  const [id, text, details, solution] = raw.split('|').map((part) => part.trim());
  if (!id) return undefined;
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef,
    tool: 'lynis',
    checkId: id,
    title: text && text !== '-' ? text : id,
    severity,
    cves: [],
    cvss: [],
    location,
  };
  if (details && details !== '-') finding.output = details;
  if (solution && solution !== '-') finding.solution = solution;
  return finding;
}

function* packages(
  assetRef: string,
  array: Entry | undefined,
  singles: Entry[],
  get: (key: string) => string | undefined,
  at: (entry: Entry | undefined) => SourceLocation,
): Generator<SoftwareRecord> {
  // Debian-family and RPM-family reports; other systems get no package type.
  const family = `${get('linux_version') ?? ''} ${get('os_name') ?? ''}`.toLowerCase();
  const type = /debian|ubuntu|mint|kali|raspbian/.test(family)
    ? 'deb'
    : /red ?hat|centos|fedora|rocky|alma|suse|oracle/.test(family)
      ? 'rpm'
      : undefined;
  const namespace = get('os_name')?.toLowerCase().split(/\s+/)[0];
  const seen = new Set<string>();
  const entries: { text: string; entry: Entry }[] = [];
  if (array) for (const text of array.value.split('|')) entries.push({ text, entry: array });
  for (const entry of singles) entries.push({ text: entry.value, entry });
  for (const { text, entry } of entries) {
    const [name, version] = text.split(',').map((part) => part.trim());
    if (!name || seen.has(text)) continue;
    seen.add(text);
    const record: SoftwareRecord = {
      kind: 'software',
      assetRef,
      name,
      source: 'lynis:installed_packages',
      location: at(entry),
    };
    if (version) record.version = version;
    if (type) {
      record.packageType = type;
      // dpkg names may carry an architecture ("gcc-14-base:amd64"); purl wants it as a qualifier.
      const [base = name, arch] = name.split(':');
      try {
        if (namespace)
          record.purl = new PackageURL(
            type,
            namespace,
            base,
            version,
            arch ? { arch } : undefined,
            undefined,
          ).toString();
      } catch {
        // An unusual name or version is kept without purl rather than dropped.
      }
    }
    yield record;
  }
}

/** report_datetime_* are the audited host's local time with no zone; kept without one. */
function isoLocal(value: string | undefined): string | undefined {
  const match = value && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match ? `${match[1]}T${match[2]}` : undefined;
}
