import type { CvrfDocument, CvrfVulnerability } from '../../intel/msrc/index.js';
import { WindowsPatchIndex, type PatchStatus } from '../../intel/msrc/index.js';
import type { MsrcRemediationTable } from '../../storage/schema.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { chunks } from '../intel/upsert-helpers.js';
import { pushTo } from '../../core/multi-map.js';

export type WindowsJudgement = PatchStatus & { fixReleasedOn: string | undefined; fixedBuild: string | undefined; evidence: 'build' | 'kbs' };

/**
 * Microsoft's fixes for the Windows products of an estate, rebuilt from msrc_remediations into the
 * document shape the patch judgement reads, indexed once per product, and each distinct (product,
 * build, installed KBs) judged once per read: 250 identical desktops cost one judgement.
 */
type ProductFixes = { index: WindowsPatchIndex; cves: { cve: string; fixReleasedOn: string | undefined; fixedBuild: string | undefined }[] };

export class WindowsUpdates {
  private readonly memo = new Map<string, WindowsJudgement[]>();

  private constructor(private readonly byProduct: Map<string, ProductFixes>) {}

  static async load(database: WardDatabase, productNames: Iterable<string>): Promise<WindowsUpdates> {
    const byProduct = new Map<string, ProductFixes>();
    for (const batch of chunks([...new Set(productNames)])) {
      const rows = await database.db.selectFrom('msrc_remediations').selectAll().where('product_name', 'in', batch).execute();
      const grouped = new Map<string, MsrcRemediationTable[]>();
      for (const row of rows) pushTo(grouped, row.product_name, row);
      for (const [name, productRows] of grouped) {
        const cves = [...groupBy(productRows, (r) => r.cve_id)].map(([cve, cveRows]) => ({
          cve,
          fixReleasedOn: cveRows.reduce<string | undefined>((first, r) => (first === undefined || r.release_date < first ? r.release_date : first), undefined),
          fixedBuild: cveRows.find((r) => r.fixed_build !== null)?.fixed_build ?? undefined,
        }));
        byProduct.set(name, { index: new WindowsPatchIndex(documentsOf(productRows), name), cves });
      }
    }
    return new WindowsUpdates(byProduct);
  }

  /**
   * The CVEs Microsoft fixed for this product that the device still lacks. Without a full build
   * (with UBR) and without any installed-KB evidence nothing is claimed: absence of evidence is
   * not a missing patch.
   */
  judge(productName: string, build: string | undefined, installedKbs: readonly string[]): WindowsJudgement[] {
    const hasUbr = build !== undefined && build.split('.').length >= 4;
    if (!hasUbr && installedKbs.length === 0) return [];
    const key = `${productName}\u0000${build ?? ''}\u0000${[...installedKbs].sort().join(',')}`;
    const known = this.memo.get(key);
    if (known) return known;
    const product = this.byProduct.get(productName);
    const device = { installedKbs, ...(build ? { build } : {}) };
    const out: WindowsJudgement[] = product
      ? product.cves.map(({ cve, fixReleasedOn, fixedBuild }) => ({ ...product.index.status(device, cve), fixReleasedOn, fixedBuild, evidence: fixedBuild !== undefined && hasUbr ? 'build' : 'kbs' }))
      : [];
    this.memo.set(key, out);
    return out;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) pushTo(out, key(item), item);
  return out;
}

function documentsOf(rows: readonly MsrcRemediationTable[]): CvrfDocument[] {
  return [...groupBy(rows, (r) => r.document_id)].map(([id, documentRows]) => {
    const vulnerabilities: CvrfVulnerability[] = [...groupBy(documentRows, (r) => r.cve_id)].map(([cve, cveRows]) => ({
      cve,
      title: '',
      affectedProductIds: [...new Set(cveRows.map((r) => r.product_id))],
      remediations: cveRows.map((r) => ({ type: 'Vendor Fix', kb: r.kb, description: r.kb, url: undefined, subType: r.sub_type ?? undefined, supersedes: JSON.parse(r.supersedes) as string[], productIds: [r.product_id], fixedBuild: r.fixed_build ?? undefined })),
    }));
    return { id, title: id, releaseDate: documentRows[0]?.release_date ?? '', products: new Map(documentRows.map((r) => [r.product_id, r.product_name])), vulnerabilities };
  });
}
