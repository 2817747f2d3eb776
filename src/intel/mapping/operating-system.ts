/** A device's operating system as evidence records it (devices.os_* and os_details). */
export type OperatingSystemDescription = {
  name: string;
  family?: string | null | undefined;
  version?: string | null | undefined;
  build?: string | null | undefined;
  servicePack?: string | null | undefined;
  architecture?: string | null | undefined;
  edition?: string | null | undefined;
};

/** Windows 10/11 feature updates by build number (DOMAIN.md §5.2). */
const featureUpdates: Readonly<Record<string, string>> = {
  '10586': '1511', '14393': '1607', '15063': '1703', '16299': '1709', '17134': '1803', '17763': '1809', '18362': '1903', '18363': '1909',
  '19041': '2004', '19042': '20H2', '19043': '21H1', '19044': '21H2', '19045': '22H2',
  '22000': '21H2', '22621': '22H2', '22631': '23H2', '26100': '24H2', '26200': '25H2', '28000': '26H1',
};

const buildNumber = (build: string | null | undefined): string | undefined => {
  const parts = (build ?? '').split('.');
  return parts.length >= 3 ? parts[2] : /^\d{4,5}$/.test(parts[0] ?? '') ? parts[0] : undefined;
};

/** `x64`, `32-bit` or `ARM64`, as MSRC product names spell them; x64 when the evidence does not say. */
function architectureOf(os: OperatingSystemDescription): { label: 'x64-based' | '32-bit' | 'ARM64-based'; assumed: boolean } {
  const text = `${os.architecture ?? ''} ${os.name}`.toLowerCase();
  if (/arm64|aarch64|\barm\b/.test(text)) return { label: 'ARM64-based', assumed: false };
  if (/x64|x86_64|amd64|64-bit|64 bit/.test(text)) return { label: 'x64-based', assumed: false };
  if (/\bx86\b|32-bit|32 bit|i[3-6]86/.test(text)) return { label: '32-bit', assumed: false };
  return { label: 'x64-based', assumed: true };
}

export type MsrcProduct = { productName: string; note: string };

/**
 * The MSRC Security Update Guide product name of a Windows device ("Windows 10 Version 22H2 for
 * x64-based Systems", "Windows 7 for x64-based Systems Service Pack 1"), from its OS name and build.
 * Undefined when the OS is not a Windows release MSRC documents name.
 */
export function msrcProductName(os: OperatingSystemDescription): MsrcProduct | undefined {
  const name = os.name.toLowerCase();
  if (!name.includes('windows')) return undefined;
  const arch = architectureOf(os);
  const note = arch.assumed ? 'architecture not in the evidence: x64 assumed' : '';
  const build = buildNumber(os.build ?? os.version);
  const sp = (number: number) => /service pack|sp\d/i.test(`${os.servicePack ?? ''} ${os.name}`) || build === (number === 1 ? '7601' : '6002') || build === '6003';
  const server = /server/.test(name);
  if (server) {
    if (/2008 r2/.test(name)) return sp(1) ? { productName: 'Windows Server 2008 R2 for x64-based Systems Service Pack 1', note: '' } : undefined;
    if (/2008/.test(name)) return sp(2) ? { productName: `Windows Server 2008 for ${arch.label === '32-bit' ? '32-bit' : 'x64-based'} Systems Service Pack 2`, note } : undefined;
    const year = /20(12 r2|12|16|19|22|25)/.exec(name)?.[0];
    return year ? { productName: `Windows Server ${year.replace('r2', 'R2')}`, note: '' } : undefined;
  }
  if (/windows 7/.test(name)) return sp(1) ? { productName: `Windows 7 for ${arch.label === '32-bit' ? '32-bit' : 'x64-based'} Systems Service Pack 1`, note } : undefined;
  if (/windows 8\.1/.test(name)) return { productName: `Windows 8.1 for ${arch.label === '32-bit' ? '32-bit' : 'x64-based'} systems`, note };
  const major = /windows (10|11)/.exec(name)?.[1];
  if (!major) return undefined;
  if (major === '10' && build === '10240') return { productName: `Windows 10 for ${arch.label} Systems`, note };
  const feature = build ? featureUpdates[build] : undefined;
  if (!feature) return undefined;
  return { productName: `Windows ${major} Version ${feature} for ${arch.label} Systems`, note };
}

/** endoflife.date (product, cycle ids in order of preference) for an OS; empty when unknown. */
export function lifecycleCycles(os: OperatingSystemDescription): { product: string; cycles: string[] }[] {
  const name = os.name.toLowerCase();
  const build = buildNumber(os.build ?? os.version);
  if (name.includes('windows')) {
    if (/server/.test(name)) {
      const release = /20(25|22|19|16|12 r2|12|08 r2|08|03)/.exec(name)?.[0]?.replace(' ', '-');
      if (!release) return [];
      const cycles = release === '2008-r2' ? ['2008-r2-sp1'] : release === '2008' ? ['2008-sp2'] : [release];
      return [{ product: 'windows-server', cycles }];
    }
    if (/windows 7/.test(name)) return [{ product: 'windows', cycles: ['7-sp1'] }];
    if (/windows 8\.1/.test(name)) return [{ product: 'windows', cycles: ['8.1'] }];
    const major = /windows (10|11)/.exec(name)?.[1];
    if (!major || !build) return [];
    if (major === '10' && build === '10240') return [{ product: 'windows', cycles: ['10-1507'] }];
    const feature = featureUpdates[build]?.toLowerCase();
    if (!feature) return [];
    // Enterprise and Education get the longer "-e" servicing; Home and Pro the "-w" one.
    const enterprise = /enterprise|education/.test(`${name} ${os.edition ?? ''}`.toLowerCase());
    const ltsc = /ltsc|ltsb/.test(name);
    const base = `${major}-${feature}`;
    const cycles = ltsc ? [`${base}-e-lts`, `${base}-e`] : enterprise ? [`${base}-e`, base] : [`${base}-w`, base];
    return [{ product: 'windows', cycles }];
  }
  const release = os.version?.trim();
  if (!release) return [];
  if (name.includes('debian')) return [{ product: 'debian', cycles: [release.split('.')[0] ?? release] }];
  if (name.includes('ubuntu')) return [{ product: 'ubuntu', cycles: [/^\d+\.\d+/.exec(release)?.[0] ?? release] }];
  if (/red hat|rhel/.test(name)) return [{ product: 'rhel', cycles: [release.split('.')[0] ?? release] }];
  if (/macos|mac os/.test(name)) return [{ product: 'macos', cycles: [release.split('.')[0] ?? release] }];
  return [];
}

/**
 * CPE names a device's OS goes by in NVD configurations, for "running on" requirements:
 * `cpe:2.3:o:microsoft:windows:-`, the release product (`windows_10_22h2`, `windows_7`), and the
 * distribution for Linux. The OS itself is judged by Microsoft data, not by these.
 */
export function operatingSystemCpes(os: OperatingSystemDescription): string[] {
  const name = os.name.toLowerCase();
  const cpe = (vendor: string, product: string, version = '-', update = '*') => `cpe:2.3:o:${vendor}:${product}:${version}:${update}:*:*:*:*:*:*`;
  const out: string[] = [];
  if (name.includes('windows')) {
    out.push(cpe('microsoft', 'windows'));
    const build = buildNumber(os.build ?? os.version);
    const major = /windows (7|8\.1|10|11)/.exec(name)?.[1];
    if (major && !/server/.test(name)) {
      out.push(cpe('microsoft', `windows_${major}`, '-', major === '7' ? 'sp1' : '*'));
      const feature = build ? featureUpdates[build] : undefined;
      if (feature && (major === '10' || major === '11')) out.push(cpe('microsoft', `windows_${major}_${feature.toLowerCase()}`, os.build?.split('.').length === 4 ? os.build : '-'));
    }
    const server = /server (20\d\d)( r2)?/.exec(name);
    if (server) out.push(cpe('microsoft', `windows_server_${server[1] ?? ''}`, server[2] ? 'r2' : '-'));
  } else if (name.includes('debian')) out.push(cpe('debian', 'debian_linux', `${os.version?.split('.')[0] ?? '*'}.0`));
  else if (name.includes('ubuntu')) out.push(cpe('canonical', 'ubuntu_linux', os.version ?? '*'));
  else if (/macos|mac os/.test(name)) out.push(cpe('apple', 'macos', os.version ?? '*'), cpe('apple', 'mac_os_x', os.version ?? '*'));
  if (os.family === 'linux' || /linux/.test(name)) out.push(cpe('linux', 'linux_kernel', '*'));
  return out;
}
