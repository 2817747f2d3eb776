/**
 * The demo, as an ordered list of steps. Each step reads and extends the shared `DemoRun`, and
 * moves the demo clock where it needs history. EXTENSION POINT: incident readiness (IR plans,
 * exercises, drills with unreachable organisations, incidents; src/services/readiness) is added
 * as further steps here, placed in the timeline by setting `run.clock` before calling its use
 * cases, so they land in the same history as the evidence and alerts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../core/errors.js';
import { issueAlert } from '../services/alerts/issue-alert.js';
import { acknowledgeAlert } from '../services/alerts/respond-to-alert.js';
import { runAlertDeadlines } from '../services/alerts/run-alert-deadlines.js';
import { drawCePlusSample } from '../services/assessment/draw-ce-plus-sample.js';
import { recordManualResult } from '../services/assessment/record-manual-result.js';
import { loadIntelFiles } from '../services/intel/load-intel-files.js';
import { addOrganisation } from '../services/organisations/add-organisation.js';
import { historyRounds, march2026, wannaCry, type Round } from './demo-catalogue.js';
import { demoOrganisation } from './demo-estate.js';
import { demoTenantDomain } from './demo-evidence.js';
import { assessDue, importRound, type DemoRun } from './demo-run.js';
import { loadNhsIcbs, loadNhsTrusts } from './nhs-trusts.js';
import { randomFor } from './prng.js';
import { readinessStep } from './readiness-step.js';

export type DemoOptions = { organisations: number; devicesPerOrg: number; seed: string };

export type DemoStep = { id: string; title: string; run(run: DemoRun, options: DemoOptions): Promise<void> };

const intelFolder = fileURLToPath(new URL('../../data/intel/', import.meta.url));

/** Real NHS trusts first, then integrated care boards when more organisations are asked for. */
const organisationsStep: DemoStep = {
  id: 'organisations',
  title: 'NHS organisations',
  async run(run, options) {
    const sources = [
      ...loadNhsTrusts().map((t) => ({ ...t, kind: 'trust' })),
      ...loadNhsIcbs().map((t) => ({ ...t, kind: 'icb' })),
    ].slice(0, options.organisations);
    for (const source of sources) {
      try {
        await addOrganisation(run.context, run.actor, {
          odsCode: source.odsCode,
          name: source.name,
          kind: source.kind,
          region: source.region,
        });
      } catch (error) {
        if (!(isWardError(error) && error.code === 'CONFLICT')) throw error;
      }
      const row = await run.context.database.db
        .selectFrom('organisations')
        .select('id')
        .where('ods_code', '=', source.odsCode)
        .executeTakeFirstOrThrow();
      run.ids.set(source.odsCode, row.id);
      run.organisations.push(
        demoOrganisation(run.seed, source, options.devicesPerOrg, run.organisations.length),
      );
    }
    run.counts.devices = run.organisations.reduce((sum, o) => sum + o.devices, 0);
    run.progress(
      `${sources.length} organisations, ${run.counts.devices.toLocaleString('en-GB')} devices each round`,
    );
  },
};

/** The bundled intelligence (data/intel): NVD records, KEV, EPSS, endoflife.date lifecycles, MSRC. */
const intelStep: DemoStep = {
  id: 'intel',
  title: 'bundled vulnerability intelligence',
  async run(run) {
    const files = readdirSync(intelFolder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
      .map((entry) => `${entry.parentPath}/${entry.name}`)
      .sort()
      .map((path) => ({ name: path.slice(intelFolder.length), bytes: readFileSync(path) }));
    const outcomes = await loadIntelFiles(run.context, run.actor, { files });
    const refused = outcomes.filter((o) => o.status === 'refused');
    if (refused.length > 0) throw new Error(`demo: bundled intel refused: ${JSON.stringify(refused)}`);
    run.progress(`${files.length} intel files (${outcomes.filter((o) => o.status === 'loaded').length} new)`);
  },
};

type Event = { at: string; what: string; act(): Promise<void> };

const hours = (iso: string, n: number) => new Date(Date.parse(iso) + n * 3_600_000).toISOString();

/** Who acknowledges an alert when: most within the 48 hours, some late, a few never. */
function acknowledgements(run: DemoRun, reference: string, issuedAt: string): Event[] {
  return run.organisations.flatMap((o) => {
    const random = randomFor(run.seed, 'ack', reference, o.odsCode);
    const roll = random.next();
    if (roll > 0.6 + 0.35 * o.maturity) return [];
    const after = roll < 0.5 + 0.3 * o.maturity ? random.int(1, 44) : random.int(50, 240);
    return [
      {
        at: hours(issuedAt, after),
        what: 'acknowledgement',
        act: async () => {
          await acknowledgeAlert(run.context, run.actor, reference, o.odsCode);
          run.counts.acknowledgements += 1;
        },
      },
    ];
  });
}

function roundEvents(run: DemoRun, round: Round): Event[] {
  return [
    {
      at: round.at,
      what: round.label,
      act: async () => {
        for (const organisation of run.organisations) await importRound(run, organisation, round);
        await assessDue(run);
        run.progress(`${round.label}: evidence imported and assessed`);
      },
    },
  ];
}

function alertEvents(
  run: DemoRun,
  alert: { reference: string; title: string; issuedAt: string; cves: readonly string[] },
): Event[] {
  return [
    {
      at: alert.issuedAt,
      what: `alert ${alert.reference}`,
      act: async () => {
        const issued = await issueAlert(run.context, run.actor, {
          reference: alert.reference,
          title: alert.title,
          severity: 'critical',
          conditions: { cves: [...alert.cves] },
          target: { all: true },
        });
        run.progress(
          `${alert.reference} issued: ${issued.exposedOrganisations} of ${issued.organisations} organisations exposed, ${issued.affectedAssets} assets`,
        );
      },
    },
    ...acknowledgements(run, alert.reference, alert.issuedAt),
    // The scheduler's deadline pass after the 48 hours and after the remediation window.
    {
      at: hours(alert.issuedAt, 49),
      what: 'deadlines',
      act: async () => {
        await runAlertDeadlines(run.context);
      },
    },
    {
      at: hours(alert.issuedAt, 15 * 24),
      what: 'deadlines',
      act: async () => {
        await runAlertDeadlines(run.context);
      },
    },
  ];
}

/** After WannaCry every organisation re-scans once, some within days, some weeks later. */
function rescanEvents(run: DemoRun): Event[] {
  return run.organisations.map((organisation) => {
    const random = randomFor(run.seed, 'rescan', organisation.odsCode);
    const [from, to] = wannaCry.rescanDays;
    const days = Math.round(
      from + (to - from) * (1 - organisation.maturity) * random.next() + random.int(0, 5),
    );
    const at = hours(wannaCry.issuedAt, days * 24);
    const round: Round = {
      id: '2017-rescan',
      at,
      label: 're-scan after WannaCry',
      maturity: 0.8,
      osRound: '2017-03',
    };
    return {
      at,
      what: 'rescan',
      act: async () => {
        await importRound(run, organisation, round);
        await assessDue(run);
      },
    };
  });
}

/** 2017 to last year: evidence rounds, the WannaCry replay, the March 2026 alert; assessed at each point in time. */
const historyStep: DemoStep = {
  id: 'history',
  title: 'history since 2017 (evidence rounds, WannaCry replay, alerts)',
  async run(run) {
    const events: Event[] = [
      ...historyRounds.flatMap((round) => roundEvents(run, round)),
      ...alertEvents(run, wannaCry),
      ...rescanEvents(run),
      ...alertEvents(run, march2026),
    ].sort((a, b) => a.at.localeCompare(b.at));
    for (const event of events) {
      run.clock.set(event.at);
      await event.act();
    }
  },
};

/** Today's round: inventory, credentialed scan and boundary scan, the assessor's CE+ sample and sub-tests, then assessment now. */
const todayStep: DemoStep = {
  id: 'today',
  title: "today's evidence, assessor results and assessment",
  async run(run) {
    const round: Round = {
      id: `now-${run.startedAt.toISOString().slice(0, 10)}`,
      at: hours(run.startedAt.toISOString(), -24),
      label: 'today',
      maturity: 1,
      osRound: 'now',
    };
    run.clock.set(round.at);
    for (const organisation of run.organisations) await importRound(run, organisation, round);
    run.progress('today: evidence imported');
    run.clock.set(hours(run.startedAt.toISOString(), -6));
    for (const organisation of run.organisations) {
      const sample = await drawCePlusSample(run.context, run.actor, {
        odsCode: organisation.odsCode,
        seed: `${run.seed}-${organisation.odsCode}`,
      });
      const random = randomFor(run.seed, 'assessor', organisation.odsCode);
      for (const deviceId of sample.deviceIds) {
        for (const test of ['tc3-email', 'tc3-web', 'tc5-separation']) {
          const result = random.chance(0.55 + 0.45 * organisation.maturity) ? 'pass' : 'fail';
          await recordManualResult(run.context, run.actor, {
            odsCode: organisation.odsCode,
            test,
            result,
            device: deviceId,
            notes: result === 'pass' ? 'Blocked as expected.' : 'Test file opened without a warning.',
          });
          run.counts.manualResults += 1;
        }
      }
      // TC4: the assessor signs in to the Microsoft 365 tenant as a normal user and as an administrator.
      const organisationId = run.ids.get(organisation.odsCode) ?? '';
      const tenant = await run.context.database.db
        .selectFrom('devices')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('serial_number', '=', `ENTRA-TENANT:${demoTenantDomain(organisation)}`)
        .executeTakeFirst();
      for (const accountRole of tenant === undefined ? [] : ['user', 'admin']) {
        const result = random.chance(0.5 + 0.5 * organisation.maturity) ? 'pass' : 'fail';
        await recordManualResult(run.context, run.actor, {
          odsCode: organisation.odsCode,
          test: 'tc4-mfa',
          result,
          cloudServiceId: tenant?.id ?? '',
          accountRole,
          notes: result === 'pass' ? 'Sign-in from a private browser session asked for the Authenticator code first.' : 'Signed in with the password alone.',
        });
        run.counts.manualResults += 1;
      }
    }
    run.clock.set(run.startedAt);
    await assessDue(run);
    run.progress('today: assessor results recorded and every organisation assessed');
  },
};

/** The steps, in order. Add incident-readiness steps after `history` or `today` (see the comment at the top). */
export const demoSteps: readonly DemoStep[] = [organisationsStep, intelStep, historyStep, todayStep, readinessStep];
