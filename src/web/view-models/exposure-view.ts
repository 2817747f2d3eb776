/**
 * The organisation page's "Vulnerability exposure" panel: one row per CVE from
 * `listOrganisationExposure` (the readable face of `readOrganisationExposure`), known-exploited
 * first, then by CVSS, paged on the server. The same rows feed the panel's CSV/XLSX export.
 */
import type { CveExposure, ExposureListing } from '../../services/exposure/list-organisation-exposure.js';
import { formatDate, formatNumber } from '../format.js';
import { escapeHtml } from './html.js';
import { pagination } from './pagination.js';

export const exposurePageSize = 25;

/** Known-exploited first, then the highest CVSS (unknown last), then the most devices, then the id. */
export function byKevThenCvss(a: CveExposure, b: CveExposure): number {
  return Number(b.kev) - Number(a.kev) || (b.cvssV3 ?? -1) - (a.cvssV3 ?? -1) || deviceCount(b) - deviceCount(a) || a.cve.localeCompare(b.cve);
}

/** Devices exposed to the CVE (a device with the CVE in two products counts once). */
export const deviceCount = (v: CveExposure) => new Set(v.devices.map((d) => d.deviceId)).size;

/** The distinct products (software or OS, with their versions) that carry the CVE on this estate. */
export const productsOf = (v: CveExposure) => [...new Set(v.devices.map((d) => d.subject))].sort();

/** The fix as intel knows it: the fixed version or KB, and the day it was released; empty when unknown. */
export function fixOf(v: CveExposure): string {
  return [v.fixedVersion ?? '', v.fixReleasedOn ? `released ${formatDate(v.fixReleasedOn)}` : ''].filter((part) => part !== '').join(', ');
}

export const epssText = (epss: number | null) => (epss === null ? '' : `${(epss * 100).toFixed(1)}%`);

const shownProducts = 3;

export function exposureView(code: string, listing: ExposureListing, page: number, href: (page: number) => string) {
  const all = [...listing.vulnerabilities].sort(byKevThenCvss);
  const pageCount = Math.max(1, Math.ceil(all.length / exposurePageSize));
  const current = Math.min(Math.max(page, 1), pageCount);
  return {
    total: all.length,
    kev: all.filter((v) => v.kev).length,
    devices: listing.devices,
    exposedDevices: listing.exposedDevices,
    unsupportedSystems: listing.unsupportedSystems.length,
    page: current,
    pageCount,
    rows: all.slice((current - 1) * exposurePageSize, current * exposurePageSize).map((v) => {
      const products = productsOf(v);
      const more = products.length - shownProducts;
      return [
        { html: `<a class="nhsuk-link" href="https://nvd.nist.gov/vuln/detail/${encodeURIComponent(v.cve)}" rel="noreferrer">${escapeHtml(v.cve)}</a>` },
        { text: v.cvssV3 === null ? '–' : v.cvssV3.toFixed(1), format: 'numeric' },
        { html: v.kev ? '<strong class="nhsuk-tag nhsuk-tag--red">Yes</strong>' : 'No' },
        { text: v.epss === null ? '–' : epssText(v.epss), format: 'numeric' },
        { text: formatNumber(deviceCount(v)), format: 'numeric' },
        { text: products.slice(0, shownProducts).join('; ') + (more > 0 ? ` and ${more} more` : '') },
        { text: fixOf(v) || 'Not known' },
      ];
    }),
    pagination: pagination({ page: current, pageCount, total: all.length }, href),
    exportCsv: `/organisations/${code}/export/exposure?format=csv`,
    exportXlsx: `/organisations/${code}/export/exposure?format=xlsx`,
  };
}
