import { formatCpe, cpeMatches, parseCpe, type CpeName, type CpeValue } from '../cpe/index.js';
import { comparatorFor, type VersionScheme } from '../versions/index.js';
import type { NvdConfiguration, NvdCpeMatch, NvdCve, NvdNode } from './nvd-model.js';
import { checkRange, hasVersionRange } from './version-range.js';

/** One thing installed on the device (an application, the OS, the hardware), named by a CPE. */
export type DevicePlatform = {
  cpe: string | CpeName;
  /** How this product numbers its versions; NVD-style generic ordering when absent. */
  scheme?: VersionScheme;
};

export type DeviceProfile = {
  platforms: readonly DevicePlatform[];
  /** Let an attribute the device does not know (ANY) match a specific criteria value. Default false. */
  allowSubset?: boolean;
};

export type MatchEvidence = {
  criteria: string;
  matchCriteriaId: string | undefined;
  vulnerable: boolean;
  /** The device platform that matched, as a CPE formatted string. */
  platform: string;
  /** Human-readable, e.g. `log4j 2.14.1 in [2.0.1, 2.15.0)`. */
  detail: string;
};

export type ApplicabilityResult = {
  cveId: string;
  applies: boolean;
  /** Index of the first configuration that applies. */
  configurationIndex: number | undefined;
  matches: MatchEvidence[];
  /** Why not, when it does not apply: bounds the device's versions fell outside, unmet AND parts. */
  nearMisses: string[];
  reason: string;
};

type ResolvedPlatform = { name: CpeName; text: string; scheme: VersionScheme };

const show = (value: CpeValue): string => (value.kind === 'value' ? value.text : value.kind === 'any' ? '*' : '-');

function label(name: CpeName): string {
  const update = name.update.kind === 'value' ? ` ${name.update.text}` : '';
  return `${show(name.product)} ${show(name.version)}${update}`;
}

type MatchOutcome = { evidence: MatchEvidence | undefined; nearMisses: string[] };

function evaluateMatch(match: NvdCpeMatch, platforms: readonly ResolvedPlatform[], allowSubset: boolean): MatchOutcome {
  const nearMisses: string[] = [];
  const ranged = hasVersionRange(match) && match.cpe.version.kind === 'any';
  for (const platform of platforms) {
    if (!ranged) {
      if (cpeMatches(match.cpe, platform.name, { allowSubset })) {
        return { evidence: { ...base(match, platform), detail: `${label(platform.name)} matches ${match.criteria}` }, nearMisses };
      }
      continue;
    }
    if (!cpeMatches(match.cpe, platform.name, { allowSubset, skip: ['version'] })) continue;
    const version = platform.name.version;
    if (version.kind !== 'value' || version.prefix !== '' || version.suffix !== '') {
      nearMisses.push(`${show(platform.name.product)}: version unknown, cannot test ${match.criteria}`);
      continue;
    }
    const check = checkRange(version.text, match, comparatorFor(platform.scheme));
    const product = show(platform.name.product);
    if (check.inRange) {
      return { evidence: { ...base(match, platform), detail: `${product} ${version.text} in ${check.bound}` }, nearMisses };
    }
    nearMisses.push(`${product} ${version.text} not in ${check.bound} (${check.failed ?? ''})`);
  }
  return { evidence: undefined, nearMisses };
}

function base(match: NvdCpeMatch, platform: ResolvedPlatform): Omit<MatchEvidence, 'detail'> {
  return { criteria: match.criteria, matchCriteriaId: match.matchCriteriaId, vulnerable: match.vulnerable, platform: platform.text };
}

type NodeOutcome = { value: boolean; matches: MatchEvidence[]; nearMisses: string[] };

function evaluateNode(node: NvdNode, platforms: readonly ResolvedPlatform[], allowSubset: boolean): NodeOutcome {
  const outcomes = node.cpeMatch.map((match) => evaluateMatch(match, platforms, allowSubset));
  const hits = outcomes.flatMap((o) => (o.evidence ? [o.evidence] : []));
  const raw = node.operator === 'AND' ? hits.length === node.cpeMatch.length && hits.length > 0 : hits.length > 0;
  const nearMisses = outcomes.flatMap((o) => o.nearMisses);
  if (!node.negate) return { value: raw, matches: raw ? hits : [], nearMisses };
  // A negated node holds when the device does NOT have what it lists; that absence is the evidence.
  const listed = node.cpeMatch.map((m) => m.criteria).join(' | ');
  return raw
    ? { value: false, matches: [], nearMisses: [...nearMisses, `excluded by negated node: device has ${hits.map((h) => h.detail).join(', ')}`] }
    : { value: true, matches: [], nearMisses: [`negated node satisfied: device has none of ${listed}`] };
}

type ConfigurationOutcome = { applies: boolean; matches: MatchEvidence[]; nearMisses: string[]; notes: string[] };

function evaluateConfiguration(configuration: NvdConfiguration, platforms: readonly ResolvedPlatform[], allowSubset: boolean): ConfigurationOutcome {
  const nodes = configuration.nodes.map((node) => evaluateNode(node, platforms, allowSubset));
  const raw = configuration.operator === 'AND' ? nodes.every((n) => n.value) : nodes.some((n) => n.value);
  const value = configuration.negate ? !raw : raw;
  const matches = value ? nodes.filter((n) => n.value).flatMap((n) => n.matches) : [];
  const notes = nodes.filter((n) => n.value && n.matches.length === 0).flatMap((n) => n.nearMisses);
  const nearMisses = nodes.flatMap((n) => (n.value ? [] : n.nearMisses));
  if (configuration.operator === 'AND' && !value) {
    const met = nodes.filter((n) => n.value).flatMap((n) => n.matches.map((m) => m.detail));
    const unmet = configuration.nodes.filter((_, k) => nodes[k]?.value !== true);
    if (met.length > 0) {
      nearMisses.push(`partly met: ${met.join(', ')}; missing ${unmet.map((n) => n.cpeMatch.map((m) => m.criteria).join(' | ')).join(' AND ')}`);
    }
  }
  // Running only the platform half of "application X on OS Y" does not make a device vulnerable.
  return { applies: value && matches.some((m) => m.vulnerable), matches, nearMisses, notes };
}

function resolve(platform: DevicePlatform): ResolvedPlatform {
  const name = typeof platform.cpe === 'string' ? parseCpe(platform.cpe) : platform.cpe;
  return { name, text: typeof platform.cpe === 'string' ? platform.cpe : formatCpe(name), scheme: platform.scheme ?? 'generic' };
}

/**
 * Does this CVE apply to this device? Walks every configuration (nodes combined by the
 * configuration's operator, AND/OR nodes, negated nodes) and returns the first that applies with
 * the criteria and bounds that matched, or the near misses when none does.
 */
export function evaluateApplicability(cve: NvdCve, device: DeviceProfile): ApplicabilityResult {
  const platforms = device.platforms.map(resolve);
  const allowSubset = device.allowSubset ?? false;
  const nearMisses: string[] = [];
  for (const [index, configuration] of cve.configurations.entries()) {
    const outcome = evaluateConfiguration(configuration, platforms, allowSubset);
    if (outcome.applies) {
      const vulnerable = outcome.matches.filter((m) => m.vulnerable).map((m) => m.detail);
      const context = outcome.matches.filter((m) => !m.vulnerable).map((m) => m.detail);
      const running = context.length > 0 ? ` running on ${context.join(', ')}` : '';
      const notes = outcome.notes.length > 0 ? `; ${outcome.notes.join('; ')}` : '';
      return {
        cveId: cve.id,
        applies: true,
        configurationIndex: index,
        matches: outcome.matches,
        nearMisses: [],
        reason: `${cve.id} applies (configuration ${index + 1}): ${vulnerable.join(', ')}${running}${notes}`,
      };
    }
    nearMisses.push(...outcome.nearMisses);
  }
  const unique = [...new Set(nearMisses)];
  const why = cve.configurations.length === 0 ? 'NVD has no configurations for it yet' : unique.length > 0 ? unique.join('; ') : 'no configuration names any platform of this device';
  return { cveId: cve.id, applies: false, configurationIndex: undefined, matches: [], nearMisses: unique, reason: `${cve.id} does not apply: ${why}` };
}
