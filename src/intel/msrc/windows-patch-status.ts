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

type CveFixes = { fixes: Fix[]; affected: boolean };

/**
 * Microsoft's fixes for ONE product across the loaded documents, indexed once: every update (KB)
 * with its release date and the KBs it supersedes, and per CVE the fixes that cover the product.
 * Judging a device against one CVE is then a lookup, not a walk over every document; an estate's
 * read judges hundreds of CVEs per distinct build.
 */
export class WindowsPatchIndex {
  private readonly updates = new Map<string, Update>();
  private readonly byCve = new Map<string, CveFixes>();
  private readonly productSeen: boolean;

  constructor(
    documents: readonly CvrfDocument[],
    readonly productName: string,
  ) {
    let productSeen = false;
    for (const document of documents) {
      const ids = new Set([...document.products].filter(([, name]) => sameName(name, productName)).map(([id]) => id));
      if (ids.size === 0) continue;
      productSeen = true;
      const covers = (r: CvrfRemediation): boolean => r.type === 'Vendor Fix' && r.kb !== undefined && r.productIds.some((id) => ids.has(id));
      for (const vulnerability of document.vulnerabilities) {
        let entry = this.byCve.get(vulnerability.cve);
        if (!entry) this.byCve.set(vulnerability.cve, (entry = { fixes: [], affected: false }));
        let covered = false;
        for (const remediation of vulnerability.remediations) {
          if (!covers(remediation)) continue;
          covered = true;
          const kb = remediation.kb ?? '';
          const known = this.updates.get(kb);
          const released = known !== undefined && known.released < document.releaseDate ? known.released : document.releaseDate;
          this.updates.set(kb, { subType: remediation.subType, released, supersedes: [...new Set([...(known?.supersedes ?? []), ...remediation.supersedes])] });
          entry.fixes.push({ kb, subType: remediation.subType, released: document.releaseDate, documentId: document.id, fixedBuild: remediation.fixedBuild });
        }
        entry.affected ||= covered || vulnerability.affectedProductIds.some((id) => ids.has(id));
      }
    }
    this.productSeen = productSeen;
  }

  /** The CVEs the loaded documents list for this product (affected or not). */
  cves(): string[] {
    return [...this.byCve.keys()];
  }

  /**
   * Is this device (of this index's product) patched for `cve`? Evidence in order of strength: a
   * fixed build (Windows 10+ documents carry one per product), a fix KB installed, an installed KB
   * that supersedes a fix KB (transitively), or a later cumulative update for the same product. A
   * build without its UBR is "unknown", never "patched".
   */
  status(device: { build?: string; installedKbs: readonly string[] }, cve: string): PatchStatus {
    const productName = this.productName;
    if (!this.productSeen) return { cve, status: 'unknown', reason: `no loaded MSRC document names the product "${productName}"` };
    const entry = this.byCve.get(cve);
    if (!entry) return { cve, status: 'unknown', reason: `${cve} is not in the loaded MSRC documents` };
    const { fixes } = entry;
    if (!entry.affected || fixes.length === 0) return { cve, status: 'not-affected', reason: `${cve} does not list ${productName}` };

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
      const chain = supersessionPath(kb, fixKbs, this.updates);
      const reached = chain ? fixKbs.get(chain.at(-1) ?? '') : undefined;
      if (chain && reached) return { cve, status: 'patched', reason: `KB${chain.join(' supersedes KB')}, which fixes it (${describe(reached)})` };
    }
    for (const kb of installed) {
      const update = this.updates.get(kb);
      if (!update || !isCumulative(update, productName)) continue;
      const covered = fixes.find((f) => f.released <= update.released);
      if (covered) {
        return { cve, status: 'patched', reason: `KB${kb} (${update.subType ?? 'update'}, ${update.released}) is cumulative and not older than ${describe(covered)}` };
      }
    }
    const needed = [...fixKbs.values()].map(describe).join(' or ');
    return { cve, status: 'vulnerable', reason: `none of ${needed} is installed, nor a later update that includes it` };
  }
}

/**
 * Is this Windows device patched for `cve`, according to the loaded MSRC documents? One judgement;
 * to judge many devices or CVEs of one product, build a `WindowsPatchIndex` once.
 */
export function windowsPatchStatus(documents: readonly CvrfDocument[], device: WindowsDevice, cve: string): PatchStatus {
  return new WindowsPatchIndex(documents, device.productName).status(device, cve);
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
