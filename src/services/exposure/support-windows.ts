import type { SupportWindow } from '../../assessment/assessment-input.js';
import { findRelease, type LifecycleRelease, type Milestone } from '../../intel/lifecycle/index.js';
import type { LifecycleReleaseTable } from '../../storage/schema.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { pushTo } from '../../core/multi-map.js';

const milestone = (text: string | null): Milestone => (text === null ? undefined : text === 'true' ? true : text === 'false' ? false : text);

function release(row: LifecycleReleaseTable): LifecycleRelease {
  return { cycle: row.cycle, label: row.label ?? undefined, releaseDate: row.release_date ?? undefined, support: milestone(row.support_end), eol: milestone(row.eol), extendedSupport: milestone(row.extended_support_end), lts: row.lts === 1, latest: row.latest ?? undefined };
}

/**
 * A release's support window in the assessment's convention: `supportEndsOn` is the LAST supported
 * day, which is the date endoflife.date publishes as `eol`. An end known only as "passed" (no
 * date) cannot be written that way, so it gives no window at all rather than a made-up date.
 */
function windowOf(r: LifecycleRelease): SupportWindow | undefined {
  if (r.eol === true) return undefined;
  const window: SupportWindow = { cycle: r.cycle, supportEndsOn: typeof r.eol === 'string' ? r.eol : null };
  if (typeof r.extendedSupport === 'string') window.extendedSupportEndsOn = r.extendedSupport;
  return window;
}

/** Lifecycle releases of the products asked for, read once per exposure read. */
export class SupportWindows {
  private constructor(private readonly byProduct: Map<string, LifecycleRelease[]>) {}

  static async load(database: WardDatabase, products: Iterable<string>): Promise<SupportWindows> {
    const wanted = [...new Set(products)];
    const byProduct = new Map<string, LifecycleRelease[]>();
    if (wanted.length > 0) {
      for (const row of await database.db.selectFrom('lifecycle_releases').selectAll().where('product', 'in', wanted).execute()) {
        pushTo(byProduct, row.product, release(row));
      }
    }
    return new SupportWindows(byProduct);
  }

  /** The first of the cycle ids the product knows (ids in order of preference). */
  forCycles(product: string, cycles: readonly string[]): SupportWindow | undefined {
    const releases = this.byProduct.get(product) ?? [];
    for (const cycle of cycles) {
      const found = releases.find((r) => r.cycle.toLowerCase() === cycle.toLowerCase());
      if (found) return windowOf(found);
    }
    return undefined;
  }

  /** The cycle a product version falls in (`2.14.1` → log4j `2`). */
  forVersion(product: string, version: string): SupportWindow | undefined {
    const found = findRelease(this.byProduct.get(product) ?? [], version);
    return found ? windowOf(found) : undefined;
  }
}
