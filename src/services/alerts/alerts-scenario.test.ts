import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runWorkerOnce } from '../../jobs/worker.js';
import { openDatabase, type WardDatabase } from '../../storage/open-database.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { startSmtpSink, startWebhookSink } from '../../test-support/notification-sinks.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from '../imports/import-evidence.js';
import { intelTestFile, nvdFiles } from '../intel/intel-test-support.js';
import { loadIntelFiles } from '../intel/load-intel-files.js';
import { addWebhook } from '../outbox/add-webhook.js';
import { claimDueNotifications, drainOutbox } from '../outbox/deliver-outbox.js';
import { smtpSender } from '../outbox/transports.js';
import { verifyWebhookSignature, webhookHeaders } from '../outbox/webhook-signature.js';
import { currentDeviceImports } from '../evidence/current-evidence.js';
import { isCurrentFor } from './compute-exposure.js';
import { derivedQualysReport, ms17010Cves, qualysSamplePath } from './alert-test-support.js';
import { issueAlert } from './issue-alert.js';
import { alertBoard, organisationAlertStatus } from './read-alerts.js';
import { acknowledgeAlert, approveAlertException, requestAlertException } from './respond-to-alert.js';

const hour = 3600_000;
const secretKey = Buffer.alloc(32, 7);
const scratch = mkdtempSync(join(tmpdir(), 'ward-alerts-'));
/** Later tests share the database: webhooks of earlier ones must not add deliveries to their counts. */
async function disableWebhooks(context: ServiceContext): Promise<void> {
  await context.database.db.updateTable('webhooks').set({ disabled_at: context.clock.now().toISOString() }).where('disabled_at', 'is', null).execute();
}
const lynisPath = fileURLToPath(new URL('../../ingest/formats/testdata/lynis/lynis_one_vuln.dat', import.meta.url));

describeEachEngine('MS17-010 critical alert, end to end', ({ database, engine, it, url }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookSink>>;
  before(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
  });
  after(async () => {
    await smtp.stop();
    await hooks.stop();
  });

  it('issue, exposed and not, acknowledge, still open, overdue and escalated, remediated from evidence, re-opened', async () => {
    const clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    const email = smtpSender(smtp.url, 'Ward <ward@test.ward>');
    const worker = (id: string) => runWorkerOnce({ context, delivery: { email, secretKey, workerId: id } });
    try {
      await loadIntelFiles(context, operator, { files: nvdFiles.filter((f) => f.includes('2017-014')).map(intelTestFile) });
      const exposed = await makeOrganisation(context, { region: 'North West' });
      const clean = await makeOrganisation(context, { region: 'London' });
      const exposedAdmin = await makeUser(context, 'org-admin', { organisation: exposed });
      const cleanAdmin = await makeUser(context, 'org-admin', { organisation: clean });
      const national = await makeUser(context, 'national-admin');
      const hook = await addWebhook(context, operator, { url: hooks.url, name: 'national SOC', secretKey });

      await importEvidence(context, operator, { odsCode: exposed.odsCode, filePath: qualysSamplePath, fileName: 'Qualys_Sample_Report.xml' });
      await importEvidence(context, operator, { odsCode: clean.odsCode, filePath: lynisPath, fileName: 'lynis_one_vuln.dat' });
      clock.advance(60_000);

      const issued = await issueAlert(context, national.principal ? { principal: national.principal } : operator, {
        reference: 'CC-2026-0042', title: 'Patch MS17-010 (EternalBlue) now', severity: 'critical',
        description: 'SMBv1 remote code execution exploited by **WannaCry**.', guidance: 'Apply MS17-010 or a later rollup; disable SMBv1.',
        conditions: { cves: ms17010Cves }, target: { regions: ['North West', 'London'] },
      });
      assert.deepEqual([issued.organisations, issued.exposedOrganisations, issued.affectedAssets, issued.unknownCves], [2, 1, 2, []]);

      const exposedView = await organisationAlertStatus(context, { principal: exposedAdmin.principal }, 'CC-2026-0042', exposed.odsCode);
      assert.deepEqual(exposedView.affectedAssets.map((a) => a.hostname?.toLowerCase()).sort(), ['trn-win2012-dc', 'win2008r2']);
      assert.match(exposedView.affectedAssets[0]?.reasons.join(' ') ?? '', /91345 names CVE-2017-014\d/);
      assert.equal((await organisationAlertStatus(context, { principal: cleanAdmin.principal }, 'CC-2026-0042', clean.odsCode)).organisation.affectedAssets, 0);
      // An organisation user cannot read another organisation's state.
      await assert.rejects(organisationAlertStatus(context, { principal: cleanAdmin.principal }, 'CC-2026-0042', exposed.odsCode), { code: 'FORBIDDEN' });

      // Issue notices: one e-mail per organisation admin, one webhook call per organisation.
      let tick = await worker('w1');
      assert.equal(tick.outbox.sent, 4);
      assert.deepEqual(smtp.messages.map((m) => m.to[0]).sort(), [cleanAdmin.email, exposedAdmin.email].sort());
      assert.match(smtp.messages.find((m) => m.to[0] === exposedAdmin.email)?.text ?? '', /2 affected asset/);

      clock.advance(hour);
      const ack = await acknowledgeAlert(context, { principal: exposedAdmin.principal }, 'CC-2026-0042', exposed.odsCode);
      assert.equal(ack.late, false);

      // A newer scan that still shows MS17-010 on one host: stays open.
      clock.advance(hour);
      await importEvidence(context, operator, { odsCode: exposed.odsCode, filePath: derivedQualysReport(join(scratch, `${engine}-one-fixed.xml`), { fixedHosts: ['64.41.200.246'], generatedAt: '2026-11-28T10:30:00Z' }), fileName: 'one-fixed.xml' });
      let board = await alertBoard(context, { principal: national.principal }, 'CC-2026-0042');
      const stateOf = (code: string) => board.organisations.find((o) => o.odsCode === code);
      assert.deepEqual([stateOf(exposed.odsCode)?.state, stateOf(exposed.odsCode)?.affectedAssets], ['acknowledged', 1]);

      // 48 hours pass: the clean organisation never acknowledged; it is overdue and escalated.
      const mailsBefore = smtp.messages.length;
      const hooksBefore = hooks.received.length;
      clock.advance(47 * hour);
      tick = await worker('w1');
      board = await alertBoard(context, { principal: national.principal }, 'CC-2026-0042');
      assert.deepEqual([stateOf(clean.odsCode)?.state, stateOf(clean.odsCode)?.overdue, stateOf(clean.odsCode)?.escalations], ['escalated', 'acknowledgement', 1]);
      assert.equal(stateOf(exposed.odsCode)?.state, 'acknowledged');
      const escalationMails = smtp.messages.slice(mailsBefore);
      assert.deepEqual(escalationMails.map((m) => m.to[0]).sort(), [cleanAdmin.email, national.email].sort());
      assert.match(escalationMails[0]?.subject ?? '', /ESCALATION 1: CC-2026-0042 overdue for acknowledgement/);
      const escalationHooks = hooks.received.slice(hooksBefore);
      assert.equal(escalationHooks.length, 1);
      const delivered = escalationHooks[0];
      assert.ok(delivered);
      const headerOf = (name: string) => String(delivered.headers[name] ?? '');
      assert.ok(verifyWebhookSignature(hook.secret, { timestamp: headerOf(webhookHeaders.timestamp), signature: headerOf(webhookHeaders.signature) }, delivered.body, { now: clock.now() }));
      assert.equal(verifyWebhookSignature('another secret entirely', { timestamp: headerOf(webhookHeaders.timestamp), signature: headerOf(webhookHeaders.signature) }, delivered.body, { now: clock.now() }), false);
      assert.deepEqual(JSON.parse(delivered.body), { event: 'alert.escalated', occurrence: 1, alert: { reference: 'CC-2026-0042', title: 'Patch MS17-010 (EternalBlue) now', severity: 'critical', ackDeadline: '2026-11-30T09:01:00.000Z', remediationDeadline: '2026-12-12T09:01:00.000Z' }, organisation: { odsCode: clean.odsCode, name: clean.name }, state: 'escalated', overdue: 'acknowledgement', escalation: 1, affectedCount: 0, at: clock.now().toISOString() });

      // Nothing new within the escalation interval; a repeat after it.
      clock.advance(hour);
      assert.equal((await worker('w1')).outbox.sent, 0);
      clock.advance(24 * hour);
      assert.equal((await worker('w1')).outbox.sent, 3);
      assert.equal((await alertBoard(context, { principal: national.principal }, 'CC-2026-0042')).organisations.find((o) => o.odsCode === clean.odsCode)?.escalations, 2);

      // The fix shows in the next scan of every host: remediated, verified from evidence.
      clock.advance(hour);
      await importEvidence(context, operator, { odsCode: exposed.odsCode, filePath: derivedQualysReport(join(scratch, `${engine}-fixed.xml`), { fixedHosts: ['64.41.200.246', '64.41.200.249'], generatedAt: '2026-12-01T10:30:00Z' }), fileName: 'fixed.xml' });
      board = await alertBoard(context, { principal: national.principal }, 'CC-2026-0042');
      assert.deepEqual([stateOf(exposed.odsCode)?.state, stateOf(exposed.odsCode)?.affectedAssets], ['remediated', 0]);
      assert.equal(board.totals.acknowledgedWithinDeadlinePercent, 50);
      assert.equal(board.totals.remediatedWithinDeadlinePercent, 100);
      assert.deepEqual(board.burnDown.map((p) => [p.organisationsExposed, p.assetsExposed]), [[1, 2], [1, 1], [0, 0]]);

      // The clean organisation asks for an exception; a national admin approves it.
      await requestAlertException(context, { principal: cleanAdmin.principal }, 'CC-2026-0042', clean.odsCode, { justification: 'Legacy MRI scanner cannot take the patch', compensatingControls: 'Isolated VLAN, SMB blocked at the firewall', expiresAt: '2027-01-31' });
      await assert.rejects(approveAlertException(context, { principal: cleanAdmin.principal }, 'CC-2026-0042', clean.odsCode), { code: 'FORBIDDEN' });
      await approveAlertException(context, { principal: national.principal }, 'CC-2026-0042', clean.odsCode);

      // A later scan shows it again: re-opened.
      clock.advance(hour);
      await importEvidence(context, operator, { odsCode: exposed.odsCode, filePath: derivedQualysReport(join(scratch, `${engine}-again.xml`), { fixedHosts: ['64.41.200.249'], generatedAt: '2026-12-02T10:30:00Z' }), fileName: 'again.xml' });
      board = await alertBoard(context, { principal: national.principal }, 'CC-2026-0042');
      assert.deepEqual([stateOf(exposed.odsCode)?.state, stateOf(exposed.odsCode)?.reopened, stateOf(clean.odsCode)?.state], ['acknowledged', 1, 'exception']);

      // The exposure's current-evidence check agrees with the shared rule (currentDeviceImports).
      const rows = await context.database.db.selectFrom('device_observations').select(['device_id', 'import_id']).where('organisation_id', '=', exposed.id).execute();
      assert.equal(new Set(rows.map((r) => r.import_id)).size, 4);
      const isCurrent = await isCurrentFor(context, new Map(rows.map((r) => [r.device_id, exposed.id])));
      const byRule = new Set((await currentDeviceImports(context.database, exposed.id)).map((c) => `${c.deviceId} ${c.importId}`));
      assert.deepEqual(rows.map((r) => isCurrent(r.device_id, r.import_id)), rows.map((r) => byRule.has(`${r.device_id} ${r.import_id}`)));

      const actions = await context.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'alert.%').orderBy('seq').execute();
      assert.deepEqual(actions.map((a) => a.action), ['alert.issued', 'alert.acknowledged', 'alert.overdue', 'alert.escalated', 'alert.escalated', 'alert.remediated', 'alert.exception-requested', 'alert.exception-approved', 'alert.reopened']);
    } finally {
      email.close();
    }
  });

  it('a worker that dies after claiming a notice loses nothing: after the lease another sends it exactly once', async () => {
    const clock = manualClock(new Date('2026-12-20T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    const email = smtpSender(smtp.url, 'Ward <ward@test.ward>');
    try {
      await disableWebhooks(context);
      await drainOutbox({ database: context.database, clock, workerId: 'flush', email, secretKey });
      const organisation = await makeOrganisation(context);
      const admin = await makeUser(context, 'org-admin', { organisation });
      await issueAlert(context, operator, { reference: 'CC-2026-0100', title: 'SMBv1 enabled', severity: 'high', conditions: { observations: [{ key: 'smb1.enabled', equals: true }] }, target: { odsCodes: [organisation.odsCode] } });
      const before = smtp.messages.length;
      const claimed = await claimDueNotifications({ database: context.database, clock, workerId: 'doomed', email, secretKey, leaseSeconds: 300 });
      assert.equal(claimed.length, 1);
      // The doomed worker "dies" here: no send, no mark. A new worker within the lease leaves it alone.
      const survivor = { database: context.database, clock, workerId: 'survivor', email, secretKey, leaseSeconds: 300 };
      assert.equal((await drainOutbox(survivor)).sent, 0);
      clock.advance(301_000);
      assert.equal((await drainOutbox(survivor)).sent, 1);
      assert.equal((await drainOutbox(survivor)).sent, 0);
      const received = smtp.messages.slice(before);
      assert.deepEqual(received.map((m) => m.to[0]), [admin.email]);
      assert.equal(received[0]?.messageId, `<${claimed[0]?.id ?? ''}@outbox.ward>`);
      const row = await context.database.db.selectFrom('outbox').selectAll().where('id', '=', claimed[0]?.id ?? '').executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.attempts], ['sent', 2]);
    } finally {
      email.close();
    }
  });

  it('failed webhooks are retried with back-off, then recorded as failed', async () => {
    const clock = manualClock(new Date('2026-12-21T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    await disableWebhooks(context);
    await drainOutbox({ database: context.database, clock, workerId: 'flush', email: null, secretKey, postWebhook: () => Promise.resolve({ status: 204 }) });
    const organisation = await makeOrganisation(context);
    await addWebhook(context, operator, { url: hooks.url, odsCode: organisation.odsCode, secretKey });
    await issueAlert(context, operator, { reference: 'CC-2026-0101', title: 'Port 445 open', severity: 'high', conditions: { ports: [{ port: 445 }] }, target: { odsCodes: [organisation.odsCode] } });
    hooks.status.next = 503;
    const options = { database: context.database, clock, workerId: 'w', email: null, secretKey, retryBaseSeconds: 10 };
    const seen = () => hooks.received.filter((r) => r.body.includes('CC-2026-0101')).length;
    const outcomes: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const result = await drainOutbox(options);
      outcomes.push(result.retrying + 10 * result.failed);
      // Before the back-off has elapsed nothing is retried.
      clock.advance(10_000 * 2 ** (attempt - 1) - 1000);
      assert.equal((await drainOutbox(options)).claimed, 0);
      clock.advance(1000);
    }
    hooks.status.next = 204;
    assert.deepEqual(outcomes, [1, 1, 1, 1, 1, 1, 1, 10]);
    assert.equal(seen(), 8);
    const failed = await context.database.db.selectFrom('outbox').select(['status', 'last_error']).where('body', 'like', '%CC-2026-0101%').executeTakeFirstOrThrow();
    assert.deepEqual(failed, { status: 'failed', last_error: 'webhook answered HTTP 503' });
    assert.ok(await context.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'notification.failed').executeTakeFirst());
  });

  it('two workers (two connections) draining the same outbox never send a notice twice', async () => {
    const clock = manualClock(new Date('2026-12-22T09:00:00Z'));
    const context: ServiceContext = serviceContext(database(), { clock });
    const email = smtpSender(smtp.url, 'Ward <ward@test.ward>');
    const second: WardDatabase = await openDatabase(engine === 'sqlite' ? { engine: 'sqlite', path: url().slice('sqlite:'.length), display: 'second' } : { engine: 'postgres', url: url(), display: 'second' });
    try {
      await disableWebhooks(context);
      await drainOutbox({ database: context.database, clock, workerId: 'flush', email, secretKey });
      const organisations = [];
      for (let k = 0; k < 4; k += 1) organisations.push(await makeOrganisation(context, { region: 'Midlands' }));
      for (const organisation of organisations) for (let k = 0; k < 10; k += 1) await makeUser(context, 'org-admin', { organisation });
      await issueAlert(context, operator, { reference: 'CC-2026-0102', title: 'Log4Shell', severity: 'critical', conditions: { cves: ['CVE-2021-44228'] }, target: { regions: ['Midlands'] } });
      const before = smtp.messages.length;
      const drain = (db: WardDatabase, id: string) => drainOutbox({ database: db, clock, workerId: id, email, secretKey, batchSize: 2 });
      const [a, b] = await Promise.all([drain(context.database, 'a'), drain(second, 'b')]);
      assert.equal(a.sent + b.sent, 40);
      const ids = smtp.messages.slice(before).map((m) => m.messageId);
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40);
      if (engine === 'postgres') assert.ok(a.sent > 0 && b.sent > 0, `both workers took part: ${a.sent} + ${b.sent}`);
    } finally {
      await second.close();
      email.close();
    }
  });
});
