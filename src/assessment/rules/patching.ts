/**
 * CE-PATCH-14D: qualifying vulnerabilities must be fixed within 14 days of the vendor releasing
 * the fix (DOMAIN.md §1.4 E3-005…007; §2.2 TC2 T2-001…009; §7 "14-day clock").
 *
 * Day counting: the clock starts on the day the fix is released (day 0). A device is late only
 * when more than 14 days have passed, so a fix released 14 days before the as-of date is still
 * within the window and one released today is not late. Both scanner findings and the intel
 * matches of installed software are judged; a CVE reported by both is reported once, from intel,
 * because intel knows the product and the fixed version the remediation plan needs.
 */
import type { Device, ScannerFinding } from '../assessment-input.js';
import { daysBetween } from '../dates.js';
import type { Reason } from '../outcome.js';
import type { Rule } from '../rule.js';
import { qualifies } from './qualifying-vulnerability.js';
import { check, deviceSubject, perDevice } from './rule-helpers.js';

export const patchWindowDays = 14;

type Candidate = {
  cve: string | undefined;
  findingId: string | undefined;
  /** Built only for the candidates that become reasons: most never do. */
  label: () => string;
  product: string;
  fixedVersion: string | undefined;
  severity: string | undefined;
  cvssV3: number | undefined;
  fixReleasedOn: string | null | undefined;
  kev: boolean;
  epss: number | undefined;
  source: 'intel' | 'scanner';
};

function fromIntel(device: Device): Candidate[] {
  return (device.software ?? []).flatMap((software) =>
    software.vulnerabilities.map((v) => ({
      cve: v.cve,
      findingId: undefined,
      label: () => `${v.cve} in ${software.name} ${software.version ?? '(version unknown)'}`,
      product: software.name,
      fixedVersion: v.fixedVersion,
      severity: v.vendorSeverity,
      cvssV3: v.cvssV3,
      fixReleasedOn: v.fixReleasedOn,
      kev: v.kev,
      epss: v.epss,
      source: 'intel' as const,
    })),
  );
}

function fromScanner(finding: ScannerFinding): Candidate {
  return {
    cve: finding.cves[0],
    findingId: finding.id,
    label: () => `${finding.tool} ${finding.checkId} "${finding.title}"${finding.cves.length > 0 ? ` (${finding.cves.join(', ')})` : ''}`,
    product: finding.product ?? finding.title,
    fixedVersion: finding.fixedVersion,
    severity: finding.severity,
    cvssV3: finding.cvssV3,
    fixReleasedOn: finding.fixReleasedOn,
    kev: finding.kev,
    epss: finding.epss,
    source: 'scanner',
  };
}

function candidates(device: Device): Candidate[] {
  const intel = fromIntel(device);
  // Only intel that can be judged (fix date known) replaces the scanner's view of a CVE.
  const known = new Set(intel.filter((c) => c.fixReleasedOn !== undefined).map((c) => c.cve));
  const scanner = (device.findings ?? []).filter((f) => f.cves.length === 0 || f.cves.some((cve) => !known.has(cve))).map(fromScanner);
  return [...intel, ...scanner];
}

function judge(device: Device, candidate: Candidate, asOf: string): Reason | undefined {
  const qualification = qualifies({ severity: candidate.severity, cvssV3: candidate.cvssV3 });
  if (!qualification.qualifies || candidate.fixReleasedOn === null) return undefined;
  if (candidate.fixReleasedOn === undefined) {
    return {
      deviceId: device.id,
      deviceName: device.name,
      findingId: candidate.findingId,
      cve: candidate.cve,
      code: 'patch.fix-date-unknown',
      outcome: 'not-evidenced',
      message: `${device.name}: ${candidate.label()} qualifies (${qualification.because}) but the fix release date is unknown, so the 14-day window cannot be checked.`,
    };
  }
  const age = daysBetween(candidate.fixReleasedOn, asOf);
  if (age <= patchWindowDays) return undefined;
  return {
    deviceId: device.id,
    deviceName: device.name,
    findingId: candidate.findingId,
    cve: candidate.cve,
    code: 'patch.late',
    outcome: 'fail',
    message: `${device.name}: ${candidate.label()} (${qualification.because}) has had a fix since ${candidate.fixReleasedOn}, ${age} days ago (limit ${patchWindowDays}).`,
    facts: { daysSinceFix: age, fixReleasedOn: candidate.fixReleasedOn, cvssV3: candidate.cvssV3 ?? null, severity: candidate.severity ?? null, kev: candidate.kev, epss: candidate.epss ?? null, source: candidate.source },
    remedy: { kind: 'update-software', product: candidate.product, fixedVersion: candidate.fixedVersion, cve: candidate.cve, kev: candidate.kev, epss: candidate.epss },
  };
}

/** A device is evidenced by an authenticated scan or a software inventory; anything less cannot show a missing patch. */
function hasPatchEvidence(device: Device): boolean {
  return device.software !== undefined || (device.findings !== undefined && device.credentialedScan);
}

export const patchingRule: Rule = {
  id: 'CE-PATCH-14D',
  title: 'High-risk vulnerability fixes applied within 14 days',
  requirementIds: ['CE-SUM-03', 'CE-SUM-04', 'CEP-TC2'],
  control: 'security-update-management',
  area: 'vulnerability-management',
  evidenceNeeded: ['vulnerability-scan', 'software-inventory', 'vulnerability-intel'],
  evaluate(input, asOf) {
    return perDevice(patchingRule, input, (device) => {
      const reasons = candidates(device)
        .map((c) => judge(device, c, asOf))
        .filter((r): r is Reason => r !== undefined);
      if (!reasons.some((r) => r.outcome === 'fail') && !hasPatchEvidence(device)) {
        reasons.push({
          deviceId: device.id, deviceName: device.name,
          code: 'patch.no-evidence',
          outcome: 'not-evidenced',
          message: `${device.name}: no authenticated vulnerability scan and no software inventory, so missing fixes cannot be ruled out.`,
        });
      }
      if (reasons.length === 0) {
        reasons.push({ deviceId: device.id, deviceName: device.name, code: 'patch.current', outcome: 'pass', message: `${device.name}: no qualifying vulnerability has had a fix for more than ${patchWindowDays} days.` });
      }
      return check(patchingRule, deviceSubject(device), reasons);
    });
  },
};
