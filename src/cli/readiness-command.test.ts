import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { docxPlan, pdfPlan } from '../services/readiness/readiness-test-support.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, serviceContext } from '../test-support/factories.js';
import { startSmtpSink } from '../test-support/notification-sinks.js';
import { runCli } from '../test-support/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-readiness-cli-'));

describeEachEngine('ward contact, plan, exercise, action, drill and incident', ({ url, database, engine, it }) => {
  let alpha: Organisation;
  let beta: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    const context = serviceContext(database());
    alpha = await makeOrganisation(context);
    beta = await makeOrganisation(context);
    smtp = await startSmtpSink();
  });
  after(() => smtp.stop());

  it('records readiness, runs a drill through the worker and totals incidents, with --json documents', async () => {
    const cli = (...args: string[]) => runCli(['--db', url(), ...args], { env: { WARD_SMTP_URL: smtp.url, WARD_PUBLIC_URL: 'https://ward.example.nhs.uk/' } });
    const json = async <T>(...args: string[]): Promise<T> => {
      const result = await cli('--json', ...args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    };

    await json('contact', 'add', '--org', alpha.odsCode, '--name', 'Alice Ward', '--role', 'Head of IT', '--email', 'alice@alpha.nhs.uk', '--alt-email', 'alice@proton.example', '--phone', '+44 161 496 0000');
    assert.deepEqual((await json<{ contacts: { name: string; altEmail: string }[] }>('contact', 'list', '--org', alpha.odsCode)).contacts.map((c) => [c.name, c.altEmail]), [['Alice Ward', 'alice@proton.example']]);

    const pdfPath = join(scratch, `${engine}-alpha.pdf`);
    writeFileSync(pdfPath, await pdfPlan('Alpha plan'));
    const docxPath = join(scratch, `${engine}-beta.docx`);
    writeFileSync(docxPath, docxPlan('Beta plan'));
    const fakePath = join(scratch, `${engine}-fake.pdf`);
    writeFileSync(fakePath, 'not a plan at all\n');
    const uploaded = await json<{ documentType: string; version: string }>('plan', 'upload', pdfPath, '--org', alpha.odsCode, '--version', '3.1', '--owner', 'CIO', '--approved', '2026-01-10', '--next-review', '2099-01-10');
    assert.deepEqual([uploaded.documentType, uploaded.version], ['pdf', '3.1']);
    await json('plan', 'upload', docxPath, '--org', beta.odsCode, '--version', '1', '--owner', 'SIRO', '--approved', '2020-01-01', '--next-review', '2021-01-01');
    const refused = await cli('plan', 'upload', fakePath, '--org', beta.odsCode, '--version', '2', '--owner', 'SIRO', '--approved', '2026-01-01', '--next-review', '2027-01-01');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /must be a PDF or a Word \(\.docx\) document/);
    const overdue = await json<{ organisations: { odsCode: string; status: string }[] }>('plan', 'overdue');
    assert.deepEqual(overdue.organisations.map((o) => [o.odsCode, o.status]), [[beta.odsCode, 'overdue']]);

    const exercise = await json<{ actions: { id: string; overdue: boolean }[] }>('exercise', 'add', '--org', alpha.odsCode, '--date', '2020-01-15', '--type', 'tabletop', '--scenario', 'Ransomware', '--participant', 'IT', '--participant', 'Board', '--national-bodies-contacted', '--action', 'Print the plan | IT lead | 2020-02-01');
    assert.deepEqual(exercise.actions.map((a) => a.overdue), [true]);
    assert.equal((await json<{ actions: unknown[] }>('action', 'overdue')).actions.length, 1);
    await json('action', 'update', exercise.actions[0]?.id ?? '', '--org', alpha.odsCode, '--status', 'done');
    assert.equal((await json<{ actions: unknown[] }>('action', 'overdue', '--org', alpha.odsCode)).actions.length, 0);

    const started = await json<{ reference: string; messages: number; withoutContacts: string[] }>('drill', 'start', '--title', 'Out-of-hours call-out', '--org', `${alpha.odsCode},${beta.odsCode}`, '--window-hours', '2');
    assert.deepEqual([started.messages, started.withoutContacts], [2, [beta.odsCode]]);
    const worker = await json<{ outbox: { sent: number } }>('worker', '--once');
    assert.equal(worker.outbox.sent, 2);
    assert.match(smtp.messages.find((m) => m.to[0] === 'alice@alpha.nhs.uk')?.text ?? '', /https:\/\/ward\.example\.nhs\.uk\/api\/v1\/drill-acknowledgements\/[A-Za-z0-9_-]{43}\n/);
    const closed = await json<{ flagged: string[] }>('drill', 'close', started.reference);
    assert.deepEqual(closed.flagged, [alpha.odsCode, beta.odsCode]);
    const drillReport = await cli('drill', 'report', started.reference);
    assert.match(drillReport.stdout, /not reached 2/);
    assert.match(drillReport.stdout, /alt-email\s+1\s+1\s+0\s+0\s+0\s+0/);
    assert.equal((await cli('drill', 'close', started.reference)).code, 4);
    // Narrowed to one channel and one kind: only alpha's out-of-band address is messaged.
    const narrowed = await json<{ messages: number; organisations: number }>('drill', 'start', '--title', 'Out-of-band only', '--org', alpha.odsCode, '--kind', alpha.kind, '--channel', 'alt-email', '--window-hours', '1');
    assert.deepEqual([narrowed.messages, narrowed.organisations], [1, 1]);
    const badChannel = await cli('drill', 'start', '--title', 'x', '--channel', 'pager');
    assert.equal(badChannel.code, 2);
    assert.match(badChannel.stderr, /"pager" is not a channel: use email, alt-email, webhook/);

    await json('incident', 'report', '--org', alpha.odsCode, '--type', 'ransomware', '--summary', 'WannaCry', '--start', '2026-05-12T11:00:00Z', '--appointments', '19000', '--cost', '92,000,000', '--national-support', '--system', 'PAS');
    const totals = await json<{ totals: { incidents: number; appointmentsCancelled: number; estimatedCostPounds: number } }>('incident', 'totals');
    assert.deepEqual(totals.totals, { incidents: 1, appointmentsCancelled: 19000, operationsCancelled: 0, estimatedCostPounds: 92_000_000, nationalSupportRequested: 1 });
    assert.match((await cli('incident', 'list')).stdout, /ransomware\s+2026-05-12T11:00:00.000Z\s+19000\s+0\s+£92,000,000\s+yes/);
  });
});
