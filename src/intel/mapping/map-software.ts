import { PackageURL } from 'packageurl-js';
import { formatCpe, literal, ANY, type CpeName, type CpeValue } from '../cpe/index.js';
import { readCpeName } from './cpe-uri.js';
import { softwareAliases, type SoftwareAlias } from './software-aliases.js';
import { upstreamVersion, versionInName } from './upstream-version.js';

/** One installed-software row as an inventory, scanner or SBOM reported it. */
export type SoftwareDescription = {
  name: string;
  vendor?: string | null | undefined;
  version?: string | null | undefined;
  cpe?: string | null | undefined;
  purl?: string | null | undefined;
  packageType?: string | null | undefined;
};

export type MappingMethod = 'cpe' | 'purl' | 'alias' | 'nvd-name';

/** What an installed product is in NVD's naming, and how sure Ward is of it. */
export type SoftwareMapping = {
  part: string;
  vendor: string;
  product: string;
  /** The version as NVD ranges compare it (upstream part of a distribution version); absent when unknown. */
  version: string | undefined;
  /** 1: a CPE or purl the tool gave; 0.9: reviewed alias; 0.7 / 0.5: NVD product name (with / without the vendor agreeing). */
  confidence: number;
  method: MappingMethod;
  note: string;
  /** endoflife.date product, when the alias table knows one. */
  lifecycle?: string;
};

export type MappingOutcome = { mapped: SoftwareMapping } | { unmapped: string };

/** Vendors that NVD data names with this exact product (lower case); empty when NVD has none. */
export type NvdProductLookup = (product: string) => readonly string[];

const show = (value: CpeValue): string | undefined => (value.kind === 'value' ? value.text.toLowerCase() : undefined);
const distributionTypes = new Set(['deb', 'rpm', 'apk']);

function mapped(alias: SoftwareAlias, version: string | undefined, confidence: number, method: MappingMethod, why: string): MappingOutcome {
  return { mapped: { part: 'a', vendor: alias.vendor, product: alias.product, version, confidence, method, note: `${why}: ${alias.note}`, ...(alias.lifecycle ? { lifecycle: alias.lifecycle } : {}) } };
}

function aliasForPackage(ecosystem: string, name: string): SoftwareAlias | undefined {
  const wanted = name.toLowerCase();
  return softwareAliases.find((a) => a.packages?.ecosystems.includes(ecosystem) === true && a.packages.names.includes(wanted));
}

/** The version NVD should compare, from the row's version or, failing that, its name. */
function comparableVersion(software: SoftwareDescription, ecosystem: string | undefined): { version: string | undefined; note: string } {
  const raw = software.version?.trim() || versionInName(software.name);
  if (!raw) return { version: undefined, note: '' };
  if (ecosystem === 'deb' || ecosystem === 'rpm' || ecosystem === 'apk') {
    const upstream = upstreamVersion(raw, ecosystem);
    return { version: upstream || raw, note: upstream !== raw ? `; ${ecosystem} version ${raw} compared as upstream ${upstream} (distribution backports are not known to NVD)` : '' };
  }
  return { version: raw, note: '' };
}

/** Display name → NVD-style product names to look up: "Wireshark 4.2.3 x64" → `wireshark`. */
export function productNameCandidates(software: SoftwareDescription): string[] {
  const base = software.name
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b(x64|x86|amd64|arm64|64-bit|32-bit|win64|win32)\b/g, ' ')
    .replace(/(^|\s)v?\d+(\.\d+)*[a-z]?(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!base) return [];
  const candidates = [base.replace(/ /g, '_')];
  const vendor = software.vendor?.toLowerCase().split(/[\s,]+/)[0];
  if (vendor && base.startsWith(`${vendor} `)) candidates.push(base.slice(vendor.length + 1).replace(/ /g, '_'));
  return [...new Set(candidates)];
}

function fromCpe(name: CpeName, software: SoftwareDescription, given: string): MappingOutcome {
  const vendor = show(name.vendor);
  const product = show(name.product);
  if (!vendor || !product) return { unmapped: `the CPE ${given} names no vendor or product` };
  const version = show(name.version) ?? comparableVersion(software, software.packageType ?? undefined).version;
  return { mapped: { part: show(name.part) ?? 'a', vendor, product, version, confidence: 1, method: 'cpe', note: `CPE given by the source: ${given}` } };
}

/**
 * Maps one installed-software row to an NVD vendor/product, most certain evidence first: a CPE
 * the tool gave, a purl known to the alias table, a distribution package or display name in the
 * alias table, then an exact match of the normalised name with a product NVD data names. Anything
 * else is unmapped, with the reason.
 */
export function mapSoftware(software: SoftwareDescription, nvdProducts: NvdProductLookup): MappingOutcome {
  if (software.cpe) {
    const name = readCpeName(software.cpe);
    if (name) return fromCpe(name, software, software.cpe);
  }
  let ecosystem = software.packageType?.toLowerCase() ?? undefined;
  let packageName: string | undefined;
  if (software.purl) {
    try {
      const purl = PackageURL.fromString(software.purl);
      ecosystem = purl.type;
      const qualified = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
      const alias = aliasForPackage(purl.type, qualified) ?? aliasForPackage(purl.type, purl.name);
      const version = comparableVersion({ ...software, version: purl.version ?? software.version }, purl.type);
      if (alias) return mapped(alias, version.version, 1, 'purl', `purl ${software.purl}${version.note}`);
      packageName = purl.name;
    } catch {
      // An invalid purl is no evidence; the name still is.
    }
  }
  const version = comparableVersion(software, ecosystem);
  if (ecosystem && distributionTypes.has(ecosystem)) {
    const alias = aliasForPackage(ecosystem, packageName ?? software.name);
    if (alias) return mapped(alias, version.version, 0.9, 'alias', `${ecosystem} package ${packageName ?? software.name}${version.note}`);
  }
  const byName = softwareAliases.find((a) => a.name?.test(software.name.trim()) === true);
  if (byName) return mapped(byName, version.version, 0.9, 'alias', `name "${software.name}"${version.note}`);

  const names = packageName ? [packageName.toLowerCase(), ...productNameCandidates(software)] : productNameCandidates(software);
  const givenVendor = software.vendor?.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ')[0];
  for (const product of names) {
    const vendors = nvdProducts(product);
    if (vendors.length === 0) continue;
    const agreeing = givenVendor ? vendors.find((v) => v === givenVendor || v.startsWith(`${givenVendor}_`)) : undefined;
    const vendor = agreeing ?? (vendors.length === 1 ? vendors[0] : undefined);
    if (vendor === undefined) return { unmapped: `"${product}" is a product of ${vendors.length} NVD vendors (${vendors.slice(0, 5).join(', ')}); add an alias to choose` };
    const confidence = agreeing ? 0.7 : 0.5;
    return { mapped: { part: 'a', vendor, product, version: version.version, confidence, method: 'nvd-name', note: `name "${software.name}" is NVD product ${vendor}:${product}${agreeing ? ' (vendor agrees)' : ''}${version.note}` } };
  }
  return { unmapped: `no CPE, no known purl, no alias and no NVD product named ${names.map((n) => `"${n}"`).join(' or ') || 'like it'}` };
}

/** The CPE 2.3 formatted string of a mapping, version included when known. */
export function mappingCpe(mapping: SoftwareMapping): string {
  const name: CpeName = {
    part: literal(mapping.part),
    vendor: literal(mapping.vendor),
    product: literal(mapping.product),
    version: mapping.version ? literal(mapping.version) : ANY,
    update: ANY,
    edition: ANY,
    language: ANY,
    swEdition: ANY,
    targetSw: ANY,
    targetHw: ANY,
    other: ANY,
  };
  return formatCpe(name);
}
