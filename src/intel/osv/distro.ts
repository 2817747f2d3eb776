/**
 * Ward's key for a distribution release, shared by OSV ecosystems and device operating systems:
 * `debian:12`, `ubuntu:24.04`, `alpine:3.19`, `almalinux:9`, `rocky:9`, `redhat:9`. The package
 * format decides the version order: dpkg for Debian and Ubuntu, rpm for the Red Hat family, apk
 * for Alpine.
 */
export type DistroFamily = 'debian' | 'ubuntu' | 'alpine' | 'almalinux' | 'rocky' | 'redhat';

export type PackageFormat = 'deb' | 'rpm' | 'apk';

export const formatOfFamily: Readonly<Record<DistroFamily, PackageFormat>> = {
  debian: 'deb',
  ubuntu: 'deb',
  alpine: 'apk',
  almalinux: 'rpm',
  rocky: 'rpm',
  redhat: 'rpm',
};

export function familyOf(distro: string): DistroFamily | undefined {
  const family = distro.split(':')[0];
  return family !== undefined && family in formatOfFamily ? (family as DistroFamily) : undefined;
}

/** `Ubuntu:24.04:LTS` → `ubuntu:24.04`; `Alpine:v3.19` → `alpine:3.19`; `Red Hat:enterprise_linux:9::appstream` → `redhat:9`. */
export function distroOfEcosystem(ecosystem: string): string | undefined {
  const parts = ecosystem.split(':');
  const [name, ...rest] = parts;
  switch (name?.toLowerCase()) {
    case 'debian':
      return rest[0] ? `debian:${rest[0]}` : undefined;
    case 'ubuntu': {
      // `Ubuntu:Pro:18.04:LTS` is the ESM stream of 18.04; Ward treats it as that release.
      const release = rest.find((p) => /^\d+\.\d+$/.test(p));
      return release ? `ubuntu:${release}` : undefined;
    }
    case 'alpine':
      return rest[0] ? `alpine:${rest[0].replace(/^v/, '')}` : undefined;
    case 'almalinux':
      return rest[0] ? `almalinux:${rest[0].split('.')[0] ?? rest[0]}` : undefined;
    case 'rocky linux':
      return rest[0] ? `rocky:${rest[0].split('.')[0] ?? rest[0]}` : undefined;
    case 'red hat': {
      const release = /(\d+)/.exec(rest.join(':'))?.[1];
      return release ? `redhat:${release}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The distribution release of a device from its operating system as evidence names it
 * ("Ubuntu 24.04.1 LTS", "Debian GNU/Linux 12 (bookworm)", "AlmaLinux 9.4", "Alpine Linux v3.19.1").
 */
export function distroOfSystem(os: { name: string; version?: string | null | undefined }): string | undefined {
  const text = `${os.name} ${os.version ?? ''}`;
  const number = (pattern: RegExp): string | undefined => pattern.exec(text)?.[1];
  if (/ubuntu/i.test(text)) {
    const release = number(/(\d{2}\.\d{2})/);
    return release ? `ubuntu:${release}` : undefined;
  }
  if (/debian/i.test(text)) {
    const release = number(/\b(\d{1,2})(?:\.\d+)*\b/);
    return release ? `debian:${release}` : undefined;
  }
  if (/alpine/i.test(text)) {
    const release = number(/v?(\d+\.\d+)/);
    return release ? `alpine:${release}` : undefined;
  }
  const major = number(/\b(\d{1,2})(?:\.\d+)*\b/);
  if (!major) return undefined;
  if (/almalinux/i.test(text)) return `almalinux:${major}`;
  if (/rocky/i.test(text)) return `rocky:${major}`;
  if (/red hat|rhel/i.test(text)) return `redhat:${major}`;
  return undefined;
}
