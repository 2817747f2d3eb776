/**
 * Incident readiness in the demo: contacts, IR plans (some missing, some overdue for review),
 * exercises with open and overdue actions, WannaCry-era and recent incidents, and a communication
 * drill four days ago in which some organisations never answered. Everything goes through the
 * readiness, drill and incident use cases at the demo clock's time; the drill's links are taken
 * from the messages it queued, as the recipients would read them.
 */
import { isWardError } from '../core/errors.js';
import { acknowledgeDrill } from '../services/drills/acknowledge-drill.js';
import { closeDrill } from '../services/drills/close-drill.js';
import { startDrill } from '../services/drills/start-drill.js';
import { reportIncident } from '../services/incidents/report-incident.js';
import { addContact } from '../services/readiness/add-contact.js';
import { addExercise } from '../services/readiness/add-exercise.js';
import { uploadPlan } from '../services/readiness/upload-plan.js';
import { wannaCry } from './demo-catalogue.js';
import type { DemoStep } from './demo-steps.js';
import { randomFor } from './prng.js';

const dayMs = 86_400_000;
const dayOf = (at: Date, days: number) => new Date(at.getTime() + days * dayMs).toISOString().slice(0, 10);
const at = (base: Date, hours: number) => new Date(base.getTime() + hours * 3_600_000).toISOString();

/** A one-page PDF: the plan upload checks documents from their bytes. */
function planDocument(name: string, version: string): Buffer {
  const text = `${name} incident response plan ${version} (demo)`;
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

const tokenInLink = /drill-acknowledgements\/([A-Za-z0-9_-]+)/;

export const readinessStep: DemoStep = {
  id: 'readiness',
  title: 'incident readiness: contacts, plans, exercises, incidents and a drill',
  async run(run) {
    const now = run.startedAt;
    const counts = { contacts: 0, plans: 0, exercises: 0, incidents: 0, acknowledged: 0 };
    run.clock.set(at(now, -24 * 30));
    for (const organisation of run.organisations) {
      const random = randomFor(run.seed, 'readiness', organisation.odsCode);
      const code = organisation.odsCode.toLowerCase();
      // The least mature have no contacts at all: the drill shows them as unreachable.
      if (random.chance(0.35 + 0.65 * organisation.maturity)) {
        await addContact(run.context, run.actor, { odsCode: organisation.odsCode, name: 'Head of Cyber Security', role: 'security lead', email: `cyber.security@${code}.nhs.uk`, altEmail: `${code}.oncall@ward-demo.net`, phone: '+44 20 7946 0000' });
        await addContact(run.context, run.actor, { odsCode: organisation.odsCode, name: 'On-call IT Manager', role: 'on-call', email: `it.oncall@${code}.nhs.uk` });
        counts.contacts += 2;
      }
      if (random.chance(0.3 + 0.65 * organisation.maturity)) {
        const approved = -random.int(30, 700);
        await uploadPlan(run.context, run.actor, { odsCode: organisation.odsCode, fileName: `${organisation.odsCode}-ir-plan.pdf`, content: planDocument(organisation.name, 'v2'), version: 'v2', owner: 'Chief Information Officer', approvedOn: dayOf(now, approved - 30), nextReviewOn: dayOf(now, approved + 365) });
        counts.plans += 1;
      }
      if (random.chance(organisation.maturity)) {
        const held = -random.int(20, 400);
        await addExercise(run.context, run.actor, {
          odsCode: organisation.odsCode,
          heldOn: dayOf(now, held - 30),
          type: random.pick(['tabletop', 'simulation', 'live']),
          scenario: 'Ransomware encrypts the patient administration system out of hours',
          participants: ['IT', 'Clinical safety officer', 'Communications', 'Emergency planning'],
          nationalBodiesContacted: random.chance(0.5),
          findings: 'Out-of-hours escalation relied on e-mail; the offline copy of the plan was out of date.',
          actions: [
            { description: 'Print and store offline copies of the plan at each site', owner: 'Emergency planning lead', dueOn: dayOf(now, held + 30) },
            { description: 'Add an out-of-band contact for the national team', owner: 'Head of Cyber Security', dueOn: dayOf(now, held + 90) },
          ],
        });
        counts.exercises += 1;
      }
    }

    // WannaCry: the least mature were hit on 12 May 2017; a couple of recent phishing incidents.
    for (const organisation of run.organisations) {
      const random = randomFor(run.seed, 'incident', organisation.odsCode);
      if (random.chance(0.7 * (1 - organisation.maturity))) {
        run.clock.set('2017-05-15T09:00:00.000Z');
        const appointments = random.int(50, 2500);
        const input = { odsCode: organisation.odsCode, type: 'ransomware', summary: 'WannaCry encrypted workstations; appointments and operations were cancelled while systems were rebuilt.', startedAt: '2017-05-12T11:40:00Z', endedAt: '2017-05-19T17:00:00Z', systemsAffected: ['Windows 7 workstations', 'Radiology imaging'], servicesAffected: ['Outpatients', 'Elective surgery', 'A&E diverted'], appointmentsCancelled: appointments, operationsCancelled: Math.round(appointments / 12), estimatedCostPounds: appointments * 400, nationalSupportRequested: random.chance(0.6) };
        try {
          await reportIncident(run.context, run.actor, { ...input, alertReference: wannaCry.reference });
        } catch (error) {
          // Organisations the alert was not sent to report the incident without the link.
          if (!(isWardError(error) && error.code === 'INVALID_INPUT')) throw error;
          await reportIncident(run.context, run.actor, input);
        }
        counts.incidents += 1;
      }
      if (random.chance(0.25)) {
        run.clock.set(at(now, -24 * 60));
        await reportIncident(run.context, run.actor, { odsCode: organisation.odsCode, type: 'phishing', summary: 'Credential phishing led to one mailbox being used to send further phishing.', startedAt: at(now, -24 * 62), endedAt: at(now, -24 * 61), systemsAffected: ['E-mail'], servicesAffected: [], estimatedCostPounds: random.int(2000, 20000) });
        counts.incidents += 1;
      }
    }

    // The drill: 48 hours from four days ago; most contacts answer, some late, some never.
    const started = new Date(now.getTime() - 4 * dayMs);
    run.clock.set(started.toISOString());
    const drill = await startDrill(run.context, run.actor, { title: 'Quarterly out-of-hours communication drill', windowHours: 48, publicUrl: run.context.publicUrl ?? 'http://localhost:8080' });
    const messages = await run.context.database.db.selectFrom('outbox').select(['body', 'organisation_id']).where('event', '=', 'drill.message').where('created_at', '=', started.toISOString()).execute();
    const codeOf = new Map([...run.ids].map(([odsCode, id]) => [id, odsCode]));
    const answers = messages.flatMap((message) => {
      const token = tokenInLink.exec(message.body)?.[1];
      const organisation = run.organisations.find((o) => o.odsCode === codeOf.get(message.organisation_id ?? ''));
      if (token === undefined || organisation === undefined) return [];
      const random = randomFor(run.seed, 'drill', token.slice(0, 8));
      if (!random.chance(0.3 + 0.6 * organisation.maturity)) return [];
      return [{ token, afterMinutes: random.int(3, organisation.maturity > 0.5 ? 240 : 2400) }];
    });
    for (const answer of answers.sort((a, b) => a.afterMinutes - b.afterMinutes)) {
      run.clock.set(new Date(started.getTime() + answer.afterMinutes * 60_000).toISOString());
      try {
        await acknowledgeDrill(run.context, run.actor, answer.token, { name: 'demo recipient' });
        counts.acknowledged += 1;
      } catch (error) {
        // A second channel of the same contact after the window: refused, as it would be.
        if (!(isWardError(error) && error.code === 'GONE')) throw error;
      }
    }
    run.clock.set(drill.windowEndsAt);
    const closed = await closeDrill(run.context, run.actor, drill.reference);
    run.clock.set(now.toISOString());
    run.progress(
      `readiness: ${counts.contacts} contacts, ${counts.plans} plans, ${counts.exercises} exercises, ${counts.incidents} incidents; drill ${drill.reference}: ${drill.messages} messages, ${counts.acknowledged} acknowledged, ${closed.flagged.length} organisations not reached`,
    );
  },
};
