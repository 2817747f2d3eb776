/**
 * What the organisation board report says, assembled from the use cases (each authorises): the
 * data step, kept apart from the PDF layout so the same figures can feed other formats. Sections
 * the actor may not read are null and the layout leaves them out.
 */
import { areas, controls } from '../../assessment/controls.js';
import { areaLabels, controlLabels } from '../../assessment/labels.js';
import type { Actor } from '../../core/principal.js';
import { legacySystems, type LegacyGroup } from '../../services/assessment/device-support.js';
import type { ServiceContext } from '../../services/context.js';
import { readOrganisationOverview, type OrganisationOverview } from '../../services/organisations/read-organisation-overview.js';

export type ScoreRow = { label: string; percent: number | null; passed: number; applicable: number; failed: number; notEvidenced: number };

export type FailureExplained = { ruleId: string; title: string; failed: number; notEvidenced: number; examples: { subject: string; reason: string }[] };

export type OrganisationReport = {
  organisation: { odsCode: string; name: string; region: string | null };
  generatedAt: string;
  assessment: {
    percent: number | null;
    verdict: 'pass' | 'fail';
    acceptable: boolean;
    acceptableBecause: string;
    asOf: string;
    ceVersion: string;
    devices: number;
    applicable: number;
    passed: number;
    failed: number;
    notEvidenced: number;
    byControl: ScoreRow[];
    byArea: ScoreRow[];
    failures: FailureExplained[];
    plan: { description: string; checksRegained: number; scoreGain: number; kev: boolean; cves: string[] }[];
    legacy: LegacyGroup[];
  } | null;
  /** Oldest first. */
  trend: { asOf: string; percent: number | null }[] | null;
  alerts: OrganisationOverview['alerts'];
  readiness: OrganisationOverview['readiness'];
  drills: OrganisationOverview['drills'];
  incidents: OrganisationOverview['incidents'];
};

/** Examples per failing rule in the report: a board reads the pattern, the page and the API give every check. */
const examplesPerRule = 5;

export async function assembleOrganisationReport(context: ServiceContext, actor: Actor, odsCode: string): Promise<OrganisationReport> {
  const overview = await readOrganisationOverview(context, actor, odsCode, { historyLimit: 100 });
  const latest = overview.assessment?.latest ?? null;
  const row = (label: string, t: { percent: number | null; passed: number; applicable: number; failed: number; notEvidenced: number }): ScoreRow => ({ label, percent: t.percent, passed: t.passed, applicable: t.applicable, failed: t.failed, notEvidenced: t.notEvidenced });
  return {
    organisation: { odsCode: overview.organisation.odsCode, name: overview.organisation.name, region: overview.organisation.region },
    generatedAt: context.clock.now().toISOString(),
    assessment: latest
      ? {
          percent: latest.percent, verdict: latest.verdict, acceptable: latest.acceptable, acceptableBecause: latest.score.acceptable.because, asOf: latest.asOf, ceVersion: latest.ceVersion,
          devices: latest.deviceCount, applicable: latest.applicable, passed: latest.passed, failed: latest.failed, notEvidenced: latest.notEvidenced,
          byControl: controls.map((c) => row(controlLabels[c], latest.score.byControl[c])),
          byArea: areas.map((a) => row(areaLabels[a], latest.score.byArea[a])),
          failures: latest.rules
            .filter((r) => r.failed + r.notEvidenced > 0)
            .sort((a, b) => b.failed - a.failed || b.notEvidenced - a.notEvidenced || a.ruleId.localeCompare(b.ruleId))
            .map((r) => ({
              ruleId: r.ruleId, title: r.title, failed: r.failed, notEvidenced: r.notEvidenced,
              examples: latest.checks
                .filter((c) => c.ruleId === r.ruleId && (c.outcome === 'fail' || c.outcome === 'not-evidenced'))
                .sort((a, b) => Number(b.outcome === 'fail') - Number(a.outcome === 'fail') || a.subject.name.localeCompare(b.subject.name))
                .slice(0, examplesPerRule)
                .map((c) => ({ subject: c.subject.name, reason: c.reasons?.[0]?.message ?? c.outcome })),
            })),
          plan: latest.plan.actions.map((a) => ({ description: a.description, checksRegained: a.pointsRegained, scoreGain: a.scoreGain, kev: a.kev, cves: a.cves })),
          legacy: legacySystems(latest.checks),
        }
      : null,
    trend: overview.assessment ? [...overview.assessment.history].reverse().map((h) => ({ asOf: h.asOf.slice(0, 10), percent: h.percent })) : null,
    alerts: overview.alerts,
    readiness: overview.readiness,
    drills: overview.drills,
    incidents: overview.incidents,
  };
}
