import type { Secret } from '../../../config/secret.js';

/** Where `ward intel sync` fetches each feed from (settings.ts reads them from WARD_* variables). */
export type IntelSyncSettings = {
  nvd: { url: string; apiKey: Secret | null };
  kevUrl: string;
  epssUrl: string;
  endoflife: { url: string; products: readonly string[] };
  msrcUrl: string;
  /**
   * CVE JSON 5 (cvelistV5 raw tree, which carries CISA's Vulnrichment ADP container) and OSV
   * (per-ecosystem all.zip); absent settings skip those two sources (issue 12).
   */
  coverage?: { cve5Url: string; osvUrl: string; osvEcosystems: readonly string[]; kevGapLimit: number };
  /** Longest wait for one response, headers and body. */
  timeoutMs: number;
};

export const defaultIntelSyncUrls = {
  nvd: 'https://services.nvd.nist.gov/rest/json/cves/2.0',
  kev: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  epss: 'https://epss.cyentia.com/epss_scores-current.csv.gz',
  endoflife: 'https://endoflife.date/api/v1',
  msrc: 'https://api.msrc.microsoft.com/cvrf/v3.0',
  cve5: 'https://raw.githubusercontent.com/CVEProject/cvelistV5/main/cves',
  osv: 'https://osv-vulnerabilities.storage.googleapis.com',
} as const;

/** OSV ecosystems of the distributions Ward matches packages for. */
export const defaultOsvEcosystems: readonly string[] = ['Debian', 'Ubuntu', 'AlmaLinux', 'Rocky Linux', 'Red Hat', 'Alpine'];

/**
 * The endoflife.date products synced by default: the Windows families the lifecycle judgements
 * need first, then the server and desktop products most often found in an NHS estate.
 */
export const defaultEndoflifeProducts: readonly string[] = [
  'windows', 'windows-server', 'windows-embedded', 'mssqlserver', 'msexchange', 'office', 'sharepoint', 'internet-explorer', 'dotnet',
  'dotnetfx', 'chrome', 'firefox', 'log4j', 'openssl', 'oracle-jdk', 'ubuntu', 'debian', 'rhel', 'vmware-esxi', 'citrix-vad',
];
