import { windowsBuildComparator } from '../versions/index.js';
import type { CvrfDocument, CvrfRemediation } from './cvrf-model.js';

export type WindowsDevice = {
  /** The MSRC product name, e.g. `Windows 7 for x64-based Systems Service Pack 1`. */
  productName: string;
  /** `Major.Minor.Build.UBR` when known, e.g. `10.0.19045.6456`. */
  build?: string;
  /** Installed KB numbers, with or without the `KB` prefix. */
  installedKbs: readonly string[];
};

export type PatchStatus = {
  cve: string;
  status: 'patched' | 'vulnerable' | 'not-affected' | 'unknown';
  reason: string;
};

type Fix = { kb: string; subType: string | undefined; released: string; documentId: string; fixedBuild: string | undefined };
type Update = { subType: string | undefined; released: string; supersedes: string[] };

const normaliseKb = (kb: string): string => kb.trim().replace(/^KB/i, '');
const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Monthly rollups (Windows 7/8.1, Server 2008 R2/2012) and the Windows 10/11 and Server 2016+
 * cumulative updates contain every earlier fix; security-only updates and standalone KBs do not.
 */
function isCumulative(update: Update, productName: string): boolean {
  if (update.subType === 'Monthly Rollup') return true;
  return update.subType === 'Security Update' && /^Windows (10|11)\b|^Windows Server (2016|2019|2022|2025)\b|^Windows Server, version/i.test(productName);
}

const describe = (fix: Fix): string => `KB${fix.kb} (${fix.subType ?? 'update'}, ${fix.documentId})`;

/**
 * Is this Windows device patched for `cve`, according to the loaded MSRC documents? Evidence in
 * order of strength: a fixed build (Windows 10+ documents carry one per product), a fix KB
 * installed, an installed KB that supersedes a fix KB (transitively), or a later cumulative update
 * for the same product. A build without its UBR is "unknown", never "patched".
 */
export function windowsPatchStatus(documents: readonly CvrfDocument[], device: WindowsDevice, cve: string): PatchStatus {
  const fixes: Fix[] = [];
  const updates = new Map<string, Update>();
  let cveSeen = false;
  let productSeen = false;
  let affected = false;
  for (const document of documents) {
    const ids = new Set([...document.products].filter(([, name]) => sameName(name, device.productName)).map(([id]) => id));
    if (ids.size === 0) continue;
    productSeen = true;
    const covers = (r: CvrfRemediation): boolean => r.type === 'Vendor Fix' && r.kb !== undefined && r.productIds.some((id) => ids.has(id));
    for (const vulnerability of document.vulnerabilities) {
      for (const remediation of vulnerability.remediations.filter(covers)) {
        const kb = remediation.kb ?? '';
        const known = updates.get(kb);
        const released = known !== undefined && known.released < document.releaseDate ? known.released : document.releaseDate;
        updates.set(kb, { subType: remediation.subType, released, supersedes: [...new Set([...(known?.supersedes ?? []), ...remediation.supersedes])] });
        if (vulnerability.cve === cve) {
          fixes.push({ kb, subType: remediation.subType, released: document.releaseDate, documentId: document.id, fixedBuild: remediation.fixedBuild });
        }
      }
      if (vulnerability.cve === cve) {
        cveSeen = true;
        affected ||= vulnerability.affectedProductIds.some((id) => ids.has(id)) || vulnerability.remediations.some(covers);
      }
    }
  }
  if (!productSeen) return { cve, status: 'unknown', reason: `no loaded MSRC document names the product "${device.productName}"` };
  if (!cveSeen) return { cve, status: 'unknown', reason: `${cve} is not in the loaded MSRC documents` };
  if (!affected || fixes.length === 0) return { cve, status: 'not-affected', reason: `${cve} does not list ${device.productName}` };

  const withBuild = fixes.find((f) => f.fixedBuild !== undefined);
  if (withBuild?.fixedBuild !== undefined && device.build !== undefined) {
    const parts = device.build.trim().split('.').length;
    if (parts < 4 || !windowsBuildComparator.isValid(device.build)) {
      return { cve, status: 'unknown', reason: `build ${device.build} has no UBR; the fix is build ${withBuild.fixedBuild} (${describe(withBuild)})` };
    }
    const patched = windowsBuildComparator.compare(device.build, withBuild.fixedBuild) >= 0;
    return patched
      ? { cve, status: 'patched', reason: `build ${device.build} ≥ fixed build ${withBuild.fixedBuild} (${describe(withBuild)})` }
      : { cve, status: 'vulnerable', reason: `build ${device.build} < fixed build ${withBuild.fixedBuild}: install ${describe(withBuild)} or later` };
  }

  const installed = device.installedKbs.map(normaliseKb);
  const fixKbs = new Map(fixes.map((f) => [f.kb, f]));
  for (const kb of installed) {
    const direct = fixKbs.get(kb);
    if (direct) return { cve, status: 'patched', reason: `${describe(direct)} is installed` };
  }
  for (const kb of installed) {
    const chain = supersessionPath(kb, fixKbs, updates);
    const reached = chain ? fixKbs.get(chain.at(-1) ?? '') : undefined;
    if (chain && reached) return { cve, status: 'patched', reason: `KB${chain.join(' supersedes KB')}, which fixes it (${describe(reached)})` };
  }
  for (const kb of installed) {
    const update = updates.get(kb);
    if (!update || !isCumulative(update, device.productName)) continue;
    const covered = fixes.find((f) => f.released <= update.released);
    if (covered) {
      return { cve, status: 'patched', reason: `KB${kb} (${update.subType ?? 'update'}, ${update.released}) is cumulative and not older than ${describe(covered)}` };
    }
  }
  const needed = [...fixKbs.values()].map(describe).join(' or ');
  return { cve, status: 'vulnerable', reason: `none of ${needed} is installed, nor a later update that includes it` };
}

/** Breadth-first walk of "supersedes" edges from an installed KB to any fix KB. */
function supersessionPath(start: string, targets: ReadonlyMap<string, Fix>, updates: ReadonlyMap<string, Update>): string[] | undefined {
  const queue: string[][] = [[start]];
  const seen = new Set([start]);
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const last = path.at(-1) ?? '';
    if (path.length > 1 && targets.has(last)) return path;
    for (const next of updates.get(last)?.supersedes ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return undefined;
}
