/**
 * The demo estate, pure and deterministic: each organisation's devices (stable names across
 * rounds), and what one round's evidence says of them: OS and build, software versions, missing
 * updates, configuration, anti-malware. An organisation's `maturity` (0–1, drawn from the seed)
 * drives how far behind it runs; the round's own factor makes earlier years worse.
 */
import {
  desktopOs,
  ms17010,
  productAdvisories,
  products,
  serverOs,
  windowsAdvisories,
  type OsChoice,
  type Round,
  type WindowsAdvisory,
} from './demo-catalogue.js';
import { randomFor, type Random } from './prng.js';

export type DemoOrganisation = {
  odsCode: string;
  name: string;
  region: string | null;
  maturity: number;
  devices: number;
  servers: number;
};

export type DemoSoftware = { name: string; vendor: string; version: string; cpe: string };
export type DemoFinding = {
  checkId: string;
  title: string;
  cves: readonly string[];
  fixedOn: string;
  cvss3: number;
};

export type DemoDevice = {
  hostname: string;
  ip: string;
  server: boolean;
  os: OsChoice;
  lastSeen: string;
  software: DemoSoftware[];
  findings: DemoFinding[];
  configuration: Record<string, string | number | boolean | null>;
  avProduct: string;
  avSignatureDate: string;
  esuEnrolled: boolean;
};

/** Trust size from its name: large teaching trusts run more devices than ambulance or community trusts. */
function sizeFactor(name: string): number {
  const lower = name.toLowerCase();
  if (/ambulance/.test(lower)) return 0.45;
  if (/mental health|partnership|community|care|health and care/.test(lower)) return 0.7;
  if (/university|teaching|hospitals/.test(lower)) return 1.5;
  return 1;
}

/** Maturity spread: most organisations in the middle, a few exemplary, a tail well behind. */
function drawMaturity(random: Random, position: number): number {
  // About one in twenty keeps everything in order: every twentieth in list order, and a few more by chance.
  if (position % 20 === 2 || random.chance(0.03)) return 1;
  const base = (random.next() + random.next() + random.next()) / 3;
  return Math.min(0.95, Math.max(0.05, base * 0.5));
}

export function demoOrganisation(
  seed: string,
  trust: { odsCode: string; name: string; region: string | null },
  devicesPerOrg: number,
  position: number,
): DemoOrganisation {
  const random = randomFor(seed, 'organisation', trust.odsCode);
  const maturity = drawMaturity(random, position);
  const devices = Math.max(
    4,
    Math.round(devicesPerOrg * sizeFactor(trust.name) * (0.75 + random.next() * 0.5)),
  );
  return { ...trust, maturity, devices, servers: Math.max(1, Math.round(devices * 0.08)) };
}

const day = (iso: string, offsetDays = 0): string =>
  new Date(Date.parse(iso) + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The newest release shipped on or before `onDay`. */
function releaseAt(releases: readonly (readonly [string, string])[], onDay: string): string | undefined {
  let found: string | undefined;
  for (const [version, shipped] of releases) if (shipped <= onDay) found = version;
  return found;
}

function versionBefore(a: string, b: string): boolean {
  const pa = a.split(/[.]/).map((p) => Number.parseInt(p, 10));
  const pb = b.split(/[.]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return a < b;
}

/** One device as one round's evidence describes it. */
export function demoDevice(
  seed: string,
  organisation: DemoOrganisation,
  index: number,
  round: Round,
): DemoDevice {
  const server = index < organisation.servers;
  const hostname = server
    ? `${organisation.odsCode}-SRV-${String(index + 1).padStart(3, '0')}`
    : `${organisation.odsCode}-WS-${String(index + 1 - organisation.servers).padStart(5, '0')}`;
  // Stable per device across rounds: the device's own temperament, and which legacy box stays legacy.
  const stable = randomFor(seed, 'device', organisation.odsCode, index);
  const stubborn = stable.next();
  const random = randomFor(seed, 'device', organisation.odsCode, index, round.id);
  const m = organisation.maturity * round.maturity;
  const roundKey = round.osRound ?? (round.id in desktopOs ? round.id : 'now');
  const lines = (server ? serverOs : desktopOs)[roundKey] ?? [];
  // Legacy systems linger on the devices least likely to change (medical devices, old servers).
  let osLine = randomFor(seed, 'os', organisation.odsCode, index, roundKey).weighted(lines);
  if (osLine.os.legacy && organisation.maturity === 1 && roundKey !== '2017-03')
    osLine = lines.at(-1)?.[0] ?? osLine;
  // The exemplary few have finished their Windows 11 migration: no desktop on a release past its support.
  if (!server && organisation.maturity === 1 && roundKey === 'now') osLine = lines.at(-1)?.[0] ?? osLine;
  if (!osLine.os.legacy && stubborn > 0.985 - (1 - organisation.maturity) * 0.03 && organisation.maturity < 1)
    osLine = lines.find(([l]) => l.os.legacy)?.[0] ?? osLine;
  const patchedWell = random.chance(0.2 + 0.8 * m);
  const ubr = patchedWell ? osLine.patchedUbr : osLine.laggingUbr;
  const os: OsChoice = {
    ...osLine.os,
    build:
      osLine.os.build.split('.').length >= 3 && !osLine.os.legacy
        ? `${osLine.os.build}.${ubr}`
        : osLine.os.build,
  };
  const asOf = day(round.at);
  const lagDays = patchedWell ? random.int(0, 10) : random.int(45, 900);

  const software: DemoSoftware[] = [];
  const findings: DemoFinding[] = [];
  for (const product of products) {
    if (server ? !product.servers : !product.desktops) continue;
    if (!randomFor(seed, 'installs', organisation.odsCode, index, product.cpeProduct).chance(product.share))
      continue;
    const version = releaseAt(product.releases, day(round.at, -lagDays)) ?? product.releases[0]?.[0];
    if (version === undefined) continue;
    software.push({
      name: product.name.startsWith('PuTTY') ? `PuTTY release ${version} (64-bit)` : product.name,
      vendor: product.vendor,
      version,
      cpe: `cpe:2.3:a:${product.cpeVendor}:${product.cpeProduct}:${version}:*:*:*:*:*:*:*`,
    });
    for (const advisory of productAdvisories[product.cpeProduct] ?? []) {
      if (advisory.fixedOn <= asOf && versionBefore(version, advisory.fixedIn))
        findings.push({
          checkId: `ward-${product.cpeProduct}-${advisory.cve}`,
          title: advisory.title,
          cves: [advisory.cve],
          fixedOn: advisory.fixedOn,
          cvss3: advisory.cvss3,
        });
    }
  }
  const advisories: WindowsAdvisory[] = [...(windowsAdvisories[roundKey] ?? [])];
  // MS17-010 stays missing on the legacy systems that were never patched.
  if (roundKey !== '2017-03' && os.legacy && stubborn > 0.5 + organisation.maturity * 0.5)
    advisories.push(ms17010);
  for (const advisory of advisories) {
    if (!advisory.appliesTo(os) || advisory.fixedOn > asOf) continue;
    // Stubborn legacy systems keep missing MS17-010; otherwise a device misses what its lag leaves out.
    const missing = advisory === ms17010 && roundKey !== '2017-03' ? true : !patchedWell;
    if (missing)
      findings.push({
        checkId: advisory.pluginId,
        title: advisory.title,
        cves: advisory.cves,
        fixedOn: advisory.fixedOn,
        cvss3: advisory.cvss3,
      });
  }

  const good = (p: number) => random.chance(p);
  const primaryUser = server
    ? null
    : `user${String(index + 1).padStart(5, '0')}@${organisation.odsCode.toLowerCase()}.nhs.uk`;
  const avCurrent = good(0.55 + 0.45 * m);
  const configuration: DemoDevice['configuration'] = {
    'firewall.enabled': good(0.7 + 0.3 * m),
    'autorun.enabled': !good(0.55 + 0.45 * m),
    'smb1.enabled': os.legacy ? good(0.85) : !good(0.6 + 0.4 * m),
    'av.enabled': good(0.8 + 0.2 * m),
    'av.signature_age_days': avCurrent ? random.int(0, 3) : random.int(9, 60),
    'lockout.threshold': good(0.55 + 0.45 * m) ? random.pick([5, 10]) : 0,
    'default_accounts.enabled': good(0.6 + 0.4 * m) ? '' : random.pick(['Guest', 'Administrator']),
    'local_admins.members': good(0.5 + 0.5 * m)
      ? `${organisation.odsCode}\\Desktop Admins`
      : `${organisation.odsCode}\\Desktop Admins, ${primaryUser ?? 'svc-backup'}`,
  };
  if (primaryUser !== null) configuration.primary_user = primaryUser;
  const win10 = os.name.includes('Windows 10');
  return {
    hostname,
    ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    server,
    os,
    lastSeen: new Date(Date.parse(round.at) - random.int(0, 6) * 86_400_000).toISOString(),
    software,
    findings,
    configuration,
    avProduct: server && !good(0.9 + 0.1 * m) ? '' : 'Microsoft Defender Antivirus',
    avSignatureDate: day(round.at, -(configuration['av.signature_age_days'] as number)),
    esuEnrolled: win10 && roundKey === 'now' && good(0.35 + 0.65 * m),
  };
}
