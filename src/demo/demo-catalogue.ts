/**
 * What the demo estate is made of: the evidence rounds from 2017 to today, the operating systems of
 * each round, the third-party software (real products and versions that the bundled NVD records
 * name, with the real dates their fixes shipped) and the Windows security updates a scanner reports
 * missing in each round (real CVEs and Microsoft release dates). Plugin ids other than Nessus
 * 97833 (MS17-010) are Ward's own labels, not Tenable's.
 */

/** One evidence round: every organisation is inventoried and scanned at `at`. */
export type Round = {
  id: string;
  at: string;
  label: string;
  maturity: number;
  /** The round whose operating systems this one shares (a re-scan weeks later). */ osRound?: string;
};

/** The rounds before today; today's round is added at run time. `maturity` scales how well organisations keep up. */
export const historyRounds: readonly Round[] = [
  { id: '2017-03', at: '2017-03-31T10:00:00.000Z', label: 'March 2017 (before WannaCry)', maturity: 0.1 },
  { id: '2020-06', at: '2020-06-30T10:00:00.000Z', label: 'June 2020', maturity: 0.55 },
  { id: '2025-06', at: '2025-06-30T10:00:00.000Z', label: 'June 2025', maturity: 0.85 },
];

/** The WannaCry replay: CareCERT-style alert for MS17-010 on 12 May 2017, re-scans over the following weeks. */
export const wannaCry = {
  reference: 'CC-2017-0001',
  title: 'WannaCry ransomware: patch MS17-010 (SMBv1) on every Windows device',
  issuedAt: '2017-05-12T16:00:00.000Z',
  cves: [
    'CVE-2017-0143',
    'CVE-2017-0144',
    'CVE-2017-0145',
    'CVE-2017-0146',
    'CVE-2017-0147',
    'CVE-2017-0148',
  ],
  /** Each organisation re-scans once between these days after the alert. */
  rescanDays: [3, 60] as const,
};

/** A current alert for the March 2026 Windows updates, issued two days after Patch Tuesday. */
export const march2026 = {
  reference: 'CC-2026-0042',
  title: 'Windows RPC runtime remote code execution (March 2026 security updates)',
  issuedAt: '2026-03-12T09:00:00.000Z',
  cves: ['CVE-2026-23669', 'CVE-2026-24294'],
};

export type OsChoice = { name: string; version: string; build: string; legacy: boolean; server: boolean };

const os = (name: string, version: string, build: string, legacy = false, server = false): OsChoice => ({
  name,
  version,
  build,
  legacy,
  server,
});

/** Patched and unpatched builds of each OS per round (the unpatched UBR is older than the round's fix). */
type OsLine = { os: OsChoice; patchedUbr: number; laggingUbr: number };
const line = (
  name: string,
  version: string,
  base: string,
  patched: number,
  lagging: number,
  legacy = false,
  server = false,
): OsLine => ({ os: os(name, version, base, legacy, server), patchedUbr: patched, laggingUbr: lagging });

const win7 = (p: number, l: number) => line('Microsoft Windows 7 Enterprise', 'SP1', '6.1.7601', p, l, true);
const s2008 = (p: number, l: number) =>
  line('Microsoft Windows Server 2008 R2 Standard', 'SP1', '6.1.7601', p, l, true, true);

/** End-user OS lines by round, with weights. */
export const desktopOs: Record<string, readonly (readonly [OsLine, number])[]> = {
  '2017-03': [
    [win7(23714, 23572), 78],
    [line('Microsoft Windows 10 Enterprise', '1607', '10.0.14393', 953, 693), 18],
    [line('Microsoft Windows XP Professional', 'SP3', '5.1.2600', 5512, 5512, true), 4],
  ],
  '2020-06': [
    [win7(24556, 24384), 22],
    [line('Microsoft Windows 10 Enterprise', '1809', '10.0.17763', 1294, 1158), 38],
    [line('Microsoft Windows 10 Enterprise', '1909', '10.0.18363', 900, 720), 40],
  ],
  '2023-06': [
    [win7(26321, 24556), 4],
    [line('Microsoft Windows 10 Enterprise', '21H2', '10.0.19044', 3086, 2604), 30],
    [line('Microsoft Windows 10 Enterprise', '22H2', '10.0.19045', 3086, 2604), 54],
    [line('Microsoft Windows 11 Enterprise', '22H2', '10.0.22621', 1848, 1413), 12],
  ],
  '2025-06': [
    [win7(26321, 24556), 2],
    [line('Microsoft Windows 10 Enterprise', '22H2', '10.0.19045', 5965, 5487), 58],
    [line('Microsoft Windows 11 Enterprise', '23H2', '10.0.22631', 5472, 4890), 22],
    [line('Microsoft Windows 11 Enterprise', '24H2', '10.0.26100', 4349, 3775), 18],
  ],
  now: [
    [win7(26321, 24556), 1.5],
    [line('Microsoft Windows 10 Enterprise', '22H2', '10.0.19045', 7171, 6575), 30],
    [line('Microsoft Windows 11 Enterprise', '23H2', '10.0.22631', 6899, 6133), 18],
    [line('Microsoft Windows 11 Enterprise', '24H2', '10.0.26100', 8146, 7623), 50.5],
  ],
};

/** Server OS lines by round. */
export const serverOs: Record<string, readonly (readonly [OsLine, number])[]> = {
  '2017-03': [
    [s2008(23714, 23572), 55],
    [line('Microsoft Windows Server 2012 R2 Standard', '', '6.3.9600', 18603, 18524), 45],
  ],
  '2020-06': [
    [s2008(24556, 24384), 25],
    [line('Microsoft Windows Server 2012 R2 Standard', '', '6.3.9600', 19720, 19599), 40],
    [line('Microsoft Windows Server 2016 Standard', '1607', '10.0.14393', 3750, 3504), 35],
  ],
  '2023-06': [
    [s2008(26321, 24556), 10],
    [line('Microsoft Windows Server 2016 Standard', '1607', '10.0.14393', 5989, 5582), 40],
    [line('Microsoft Windows Server 2019 Standard', '1809', '10.0.17763', 4499, 4010), 50],
  ],
  '2025-06': [
    [s2008(26321, 24556), 6],
    [line('Microsoft Windows Server 2016 Standard', '1607', '10.0.14393', 8148, 7699), 30],
    [line('Microsoft Windows Server 2019 Standard', '1809', '10.0.17763', 7314, 6893), 40],
    [line('Microsoft Windows Server 2022 Standard', '21H2', '10.0.20348', 3807, 3453), 24],
  ],
  now: [
    [s2008(26321, 24556), 4],
    [line('Microsoft Windows Server 2016 Standard', '1607', '10.0.14393', 8957, 8519), 22],
    [line('Microsoft Windows Server 2019 Standard', '1809', '10.0.17763', 8519, 7919), 34],
    [line('Microsoft Windows Server 2022 Standard', '21H2', '10.0.20348', 4893, 4405), 40],
  ],
};

/** A product's releases (real version numbers) with the day each shipped. */
export type Product = {
  name: string;
  vendor: string;
  cpeVendor: string;
  cpeProduct: string;
  servers: boolean;
  desktops: boolean;
  share: number;
  releases: readonly (readonly [string, string])[];
};

export const products: readonly Product[] = [
  {
    name: 'Google Chrome',
    vendor: 'Google LLC',
    cpeVendor: 'google',
    cpeProduct: 'chrome',
    servers: false,
    desktops: true,
    share: 0.85,
    releases: [
      ['57.0.2987.133', '2017-03-29'],
      ['83.0.4103.116', '2020-06-22'],
      ['114.0.5735.199', '2023-06-26'],
      ['116.0.5845.96', '2023-08-15'],
      ['116.0.5845.187', '2023-09-11'],
      ['126.0.6478.127', '2024-06-24'],
      ['137.0.7151.120', '2025-06-24'],
      ['142.0.7444.176', '2025-11-20'],
    ],
  },
  {
    name: 'Mozilla Firefox (x64 en-GB)',
    vendor: 'Mozilla',
    cpeVendor: 'mozilla',
    cpeProduct: 'firefox',
    servers: false,
    desktops: true,
    share: 0.3,
    releases: [
      ['52.0.2', '2017-03-27'],
      ['77.0.1', '2020-06-03'],
      ['114.0.2', '2023-06-21'],
      ['117.0.1', '2023-09-12'],
      ['128.0', '2024-07-09'],
      ['140.0', '2025-06-24'],
      ['145.0', '2025-11-11'],
    ],
  },
  {
    name: 'PuTTY release',
    vendor: 'Simon Tatham',
    cpeVendor: 'putty',
    cpeProduct: 'putty',
    servers: true,
    desktops: true,
    share: 0.2,
    releases: [
      ['0.68', '2017-02-21'],
      ['0.73', '2019-09-29'],
      ['0.78', '2022-10-29'],
      ['0.79', '2023-08-26'],
      ['0.81', '2024-04-15'],
      ['0.83', '2025-02-08'],
    ],
  },
  {
    name: 'WinSCP',
    vendor: 'Martin Prikryl',
    cpeVendor: 'winscp',
    cpeProduct: 'winscp',
    servers: true,
    desktops: false,
    share: 0.5,
    releases: [
      ['5.9.4', '2017-02-14'],
      ['5.17.6', '2020-06-01'],
      ['6.1.1', '2023-06-13'],
      ['6.3.3', '2024-04-16'],
      ['6.5.1', '2025-05-13'],
    ],
  },
  {
    name: 'FileZilla Client',
    vendor: 'Tim Kosse',
    cpeVendor: 'filezilla-project',
    cpeProduct: 'filezilla_client',
    servers: true,
    desktops: true,
    share: 0.08,
    releases: [
      ['3.25.1', '2017-03-06'],
      ['3.48.1', '2020-05-19'],
      ['3.64.0', '2023-04-20'],
      ['3.67.0', '2024-04-15'],
      ['3.69.1', '2025-04-29'],
    ],
  },
  {
    name: 'Apache Log4j',
    vendor: 'Apache Software Foundation',
    cpeVendor: 'apache',
    cpeProduct: 'log4j',
    servers: true,
    desktops: false,
    share: 0.35,
    releases: [
      ['2.8.1', '2017-02-26'],
      ['2.13.3', '2020-05-10'],
      ['2.14.1', '2021-03-12'],
      ['2.17.1', '2021-12-27'],
      ['2.20.0', '2023-02-18'],
      ['2.24.3', '2024-12-10'],
    ],
  },
  {
    name: 'OpenSSL',
    vendor: 'OpenSSL Project',
    cpeVendor: 'openssl',
    cpeProduct: 'openssl',
    servers: true,
    desktops: false,
    share: 0.3,
    releases: [
      ['1.0.1e', '2013-02-11'],
      ['1.0.1g', '2014-04-07'],
      ['1.0.2k', '2017-01-26'],
      ['1.1.1g', '2020-04-21'],
      ['3.0.9', '2023-05-30'],
      ['3.0.16', '2025-02-11'],
    ],
  },
];

/** Scanner findings for a vulnerable product version: the fix's release day and a CVSS v3 score (real). */
export const productAdvisories: Record<
  string,
  readonly { cve: string; fixedIn: string; fixedOn: string; cvss3: number; title: string }[]
> = {
  chrome: [
    {
      cve: 'CVE-2023-4863',
      fixedIn: '116.0.5845.187',
      fixedOn: '2023-09-11',
      cvss3: 8.8,
      title: 'Google Chrome < 116.0.5845.187 heap buffer overflow in WebP',
    },
  ],
  firefox: [
    {
      cve: 'CVE-2023-4863',
      fixedIn: '117.0.1',
      fixedOn: '2023-09-12',
      cvss3: 8.8,
      title: 'Mozilla Firefox < 117.0.1 heap buffer overflow in libwebp',
    },
  ],
  putty: [
    {
      cve: 'CVE-2024-31497',
      fixedIn: '0.81',
      fixedOn: '2024-04-15',
      cvss3: 5.9,
      title: 'PuTTY 0.68–0.80 NIST P-521 private key recovery',
    },
  ],
  winscp: [
    {
      cve: 'CVE-2024-31497',
      fixedIn: '6.3.3',
      fixedOn: '2024-04-16',
      cvss3: 5.9,
      title: 'WinSCP < 6.3.3 NIST P-521 private key recovery',
    },
  ],
  filezilla_client: [
    {
      cve: 'CVE-2024-31497',
      fixedIn: '3.67.0',
      fixedOn: '2024-04-15',
      cvss3: 5.9,
      title: 'FileZilla Client < 3.67.0 NIST P-521 private key recovery',
    },
  ],
  log4j: [
    {
      cve: 'CVE-2021-44228',
      fixedIn: '2.17.1',
      fixedOn: '2021-12-10',
      cvss3: 10,
      title: 'Apache Log4j 2 < 2.15.0 remote code execution (Log4Shell)',
    },
  ],
  openssl: [
    {
      cve: 'CVE-2014-0160',
      fixedIn: '1.0.1g',
      fixedOn: '2014-04-07',
      cvss3: 7.5,
      title: 'OpenSSL 1.0.1 < 1.0.1g heartbeat information disclosure (Heartbleed)',
    },
  ],
};

/** Windows updates a scanner reports missing on a device whose build lags, per round (real CVEs, Microsoft release dates). */
export type WindowsAdvisory = {
  pluginId: string;
  title: string;
  cves: readonly string[];
  fixedOn: string;
  cvss3: number;
  appliesTo: (os: OsChoice) => boolean;
};

const isWin7or2008 = (o: OsChoice) => o.build === '6.1.7601';
export const ms17010: WindowsAdvisory = {
  pluginId: '97833',
  title: 'MS17-010: Security Update for Microsoft Windows SMB Server (4013389) (ETERNALBLUE)',
  cves: wannaCry.cves,
  fixedOn: '2017-03-14',
  cvss3: 8.1,
  appliesTo: (o) => o.legacy || o.build.startsWith('10.0.14393') || o.build.startsWith('6.3.9600'),
};

export const windowsAdvisories: Record<string, readonly WindowsAdvisory[]> = {
  '2017-03': [ms17010],
  '2020-06': [
    {
      pluginId: 'ward-2019-0708',
      title: 'Remote Desktop Services remote code execution (BlueKeep)',
      cves: ['CVE-2019-0708'],
      fixedOn: '2019-05-14',
      cvss3: 9.8,
      appliesTo: isWin7or2008,
    },
    {
      pluginId: 'ward-2020-0796',
      title: 'SMBv3 compression remote code execution (SMBGhost)',
      cves: ['CVE-2020-0796'],
      fixedOn: '2020-03-12',
      cvss3: 10,
      appliesTo: (o) => o.build.startsWith('10.0.18363'),
    },
  ],
  '2023-06': [
    {
      pluginId: 'ward-2022-30190',
      title: 'Microsoft Support Diagnostic Tool remote code execution (Follina)',
      cves: ['CVE-2022-30190'],
      fixedOn: '2022-06-14',
      cvss3: 7.8,
      appliesTo: (o) => !o.legacy,
    },
  ],
  '2025-06': [
    {
      pluginId: 'ward-2025-29824',
      title: 'Windows Common Log File System driver elevation of privilege',
      cves: ['CVE-2025-29824'],
      fixedOn: '2025-04-08',
      cvss3: 7.8,
      appliesTo: (o) => !o.legacy,
    },
  ],
  now: [
    {
      pluginId: 'ward-2026-03',
      title: 'Windows security updates for March 2026 (RPC runtime remote code execution)',
      cves: march2026.cves,
      fixedOn: '2026-03-10',
      cvss3: 8.8,
      appliesTo: (o) => !o.legacy,
    },
  ],
};

/** Admin services an external scan may find open, and the ordinary web service. */
export const adminServices: readonly { port: number; service: string }[] = [
  { port: 3389, service: 'ms-wbt-server' },
  { port: 22, service: 'ssh' },
  { port: 23, service: 'telnet' },
  { port: 445, service: 'microsoft-ds' },
];
