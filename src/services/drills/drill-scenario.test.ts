import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { WardServer } from '../../http/build-server.js';
import { runWorkerOnce } from '../../jobs/worker.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, serviceContext } from '../../test-support/factories.js';
import { buildTestServer, call } from '../../test-support/http.js';
import { startSmtpSink, startWebhookSink } from '../../test-support/notification-sinks.js';
import { hashSecret } from '../ids.js';
import { smtpSender } from '../outbox/transports.js';
import { verifyWebhookSignature, webhookHeaders } from '../outbox/webhook-signature.js';
import { addContact } from '../readiness/add-contact.js';
import { drillReport } from './drill-report.js';
import { startDrill } from './start-drill.js';

const minute = 60_000;
const secretKey = Buffer.alloc(32, 7);
const linkPattern = /https:\/\/ward\.example\.nhs\.uk(\/api\/v1\/drill-acknowledgements\/([A-Za-z0-9_-]+))/;

describeEachEngine('communication drill, end to end', ({ database, it }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookSink>>;
  let server: WardServer | undefined;
  before(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookSink();
  });
  after(async () => {
    await server?.app.close();
    await smtp.stop();
    await hooks.stop();
  });

  it('messages every contact on every channel; links acknowledge once, expire with the window; silent organisations are flagged', async () => {
    const clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    const app = server.app;
    const email = smtpSender(smtp.url, 'Ward <ward@test.ward>');
    const worker = () => runWorkerOnce({ context, delivery: { email, secretKey, workerId: 'drill-worker' } });
    try {
      const alpha = await makeOrganisation(context, { name: 'Alpha Hospitals' });
      const beta = await makeOrganisation(context, { name: 'Beta Healthcare' });
      const gamma = await makeOrganisation(context, { name: 'Gamma Community' });
      const delta = await makeOrganisation(context, { name: 'Delta Mental Health' });
      const national = { principal: (await makeUser(context, 'national-admin')).principal };
      const alphaAdmin = { principal: (await makeUser(context, 'org-admin', { organisation: alpha })).principal };

      const alice = await addContact(context, alphaAdmin, { odsCode: alpha.odsCode, name: 'Alice Ward', role: 'Head of IT', email: 'alice@alpha.nhs.uk', altEmail: 'alice.alpha@outlook.example', phone: '+44 161 496 0000', webhookUrl: hooks.url, secretKey });
      assert.ok(alice.webhookSecret);
      await addContact(context, national, { odsCode: beta.odsCode, name: 'Bob Jones', role: 'SIRO', email: 'bob@beta.nhs.uk', altEmail: 'bob.beta@proton.example' });
      await addContact(context, national, { odsCode: gamma.odsCode, name: 'Gina Patel', role: 'Duty manager', email: 'gina@gamma.nhs.uk' });
      // The out-of-band address must be outside the organisation's mail system; another organisation's admin is refused.
      await assert.rejects(addContact(context, alphaAdmin, { odsCode: alpha.odsCode, name: 'X', role: 'Y', email: 'x@alpha.nhs.uk', altEmail: 'x2@alpha.nhs.uk' }), { code: 'INVALID_INPUT' });
      await assert.rejects(addContact(context, alphaAdmin, { odsCode: beta.odsCode, name: 'X', role: 'Y', email: 'x@beta.nhs.uk' }), { code: 'FORBIDDEN' });

      // Only the national team runs drills.
      await assert.rejects(startDrill(context, alphaAdmin, { title: 'Nope', windowHours: 4, publicUrl: 'https://ward.example.nhs.uk' }), { code: 'FORBIDDEN' });
      const started = await startDrill(context, national, { title: 'Ransomware out-of-hours call-out', odsCodes: [alpha.odsCode, beta.odsCode, gamma.odsCode, delta.odsCode], windowHours: 4, publicUrl: 'https://ward.example.nhs.uk' });
      assert.deepEqual([started.organisations, started.messages, started.withoutContacts, started.windowEndsAt], [4, 6, [delta.odsCode], '2026-11-28T13:00:00.000Z']);

      // Delivered by the worker through the outbox: five e-mails and one signed webhook call.
      const tick = await worker();
      assert.equal(tick.outbox.sent, 6);
      assert.deepEqual(smtp.messages.map((m) => m.to[0]).sort(), ['alice.alpha@outlook.example', 'alice@alpha.nhs.uk', 'bob.beta@proton.example', 'bob@beta.nhs.uk', 'gina@gamma.nhs.uk']);
      const linkTo = (address: string) => {
        const mail = smtp.messages.find((m) => m.to[0] === address);
        assert.match(mail?.subject ?? '', /DRILL DR-2026-0001/);
        const match = linkPattern.exec(mail?.text ?? '');
        assert.ok(match?.[1] && match[2], `no link in the mail to ${address}`);
        return { path: match[1], token: match[2] };
      };
      assert.equal(hooks.received.length, 1);
      const hook = hooks.received[0];
      assert.ok(hook);
      const header = (name: string) => String(hook.headers[name] ?? '');
      assert.ok(verifyWebhookSignature(alice.webhookSecret, { timestamp: header(webhookHeaders.timestamp), signature: header(webhookHeaders.signature) }, hook.body, { now: clock.now() }));
      assert.equal(header(webhookHeaders.event), 'drill.message');
      const hookPayload = JSON.parse(hook.body) as { acknowledgeUrl: string; channel: string; contact: { name: string } };
      assert.deepEqual([hookPayload.channel, hookPayload.contact.name], ['webhook', 'Alice Ward']);
      const hookMatch = linkPattern.exec(hookPayload.acknowledgeUrl);
      assert.ok(hookMatch?.[1] && hookMatch[2]);

      // Only hashes of the tokens are stored.
      const stored = await context.database.db.selectFrom('drill_messages').select('token_hash').execute();
      const everyToken = [hookMatch[2], ...smtp.messages.map((m) => linkPattern.exec(m.text)?.[2] ?? '')];
      assert.deepEqual(stored.map((s) => s.token_hash).sort(), everyToken.map(hashSecret).sort());
      assert.equal(new Set(everyToken).size, 6);

      // Opening a link (a mail scanner, a preview) does not acknowledge.
      const bobEmail = linkTo('bob@beta.nhs.uk');
      const opened = await call(app, { method: 'GET', url: bobEmail.path });
      assert.deepEqual([opened.status, (opened.body as { state: string }).state, (opened.body as { channel: string }).channel], [200, 'valid', 'email']);

      // Alpha answers on its webhook after 12 minutes; no sign-in, the link is the credential.
      clock.advance(12 * minute);
      const viaHook = await call(app, { method: 'POST', url: hookMatch[1], payload: {} });
      assert.equal(viaHook.status, 200);
      assert.deepEqual(viaHook.body, { reference: 'DR-2026-0001', odsCode: alpha.odsCode, contact: 'Alice Ward', channel: 'webhook', acknowledgedAt: '2026-11-28T09:12:00.000Z', secondsToAcknowledge: 720 });

      // Beta's deputy answers on the out-of-band address after 42 minutes; replaying that link is refused.
      clock.advance(30 * minute);
      const bobAlt = linkTo('bob.beta@proton.example');
      assert.equal((await call(app, { method: 'POST', url: bobAlt.path, payload: { name: 'Deputy SIRO' } })).status, 200);
      const replay = await call(app, { method: 'POST', url: bobAlt.path, payload: {} });
      assert.equal(replay.status, 410);
      assert.equal((replay.body as { error: { code: string; message: string } }).error.code, 'GONE');
      assert.match((replay.body as { error: { message: string } }).error.message, /already used/);

      // Alpha's primary e-mail is acknowledged too (reach by channel counts it; Alpha's time stays 12 minutes).
      clock.advance(60 * minute);
      const aliceAck = await call(app, { method: 'POST', url: linkTo('alice@alpha.nhs.uk').path });
      assert.equal(aliceAck.status, 200, JSON.stringify(aliceAck.body));

      // An unknown token is simply not found.
      assert.equal((await call(app, { method: 'POST', url: '/api/v1/drill-acknowledgements/bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtbm8tbm8tbm8' })).status, 404);

      // The window ends: Bob's primary link has expired; Gamma never answered and Delta had no contact.
      clock.advance(3 * 60 * minute);
      const late = await call(app, { method: 'POST', url: bobEmail.path });
      assert.equal(late.status, 410);
      assert.match((late.body as { error: { message: string } }).error.message, /expired/);
      assert.equal(((await call(app, { method: 'GET', url: bobEmail.path })).body as { state: string }).state, 'expired');

      let report = await drillReport(context, national, 'DR-2026-0001');
      assert.deepEqual([report.state, report.notReached], ['window-ended', [gamma.odsCode, delta.odsCode]]);
      await assert.rejects(drillReport(context, alphaAdmin, 'DR-2026-0001'), { code: 'FORBIDDEN' });

      // The worker closes the drill at the end of its window and flags the organisations not reached.
      const closing = await worker();
      const drillTask = closing.tasks.find((t) => t.name === 'drill-windows');
      assert.deepEqual(drillTask?.ok && drillTask.result, { closed: [{ reference: 'DR-2026-0001', closedAt: clock.now().toISOString(), flagged: [gamma.odsCode, delta.odsCode] }] });
      report = await drillReport(context, national, 'DR-2026-0001');
      assert.equal(report.state, 'closed');
      assert.deepEqual(report.totals, { organisations: 4, reached: 2, notReached: 2, awaiting: 0, messages: 6, acknowledgedMessages: 3 });
      assert.deepEqual(report.byChannel, [
        { channel: 'email', messages: 3, delivered: 3, failed: 0, pending: 0, acknowledged: 1, acknowledgedPercent: 33.3 },
        { channel: 'alt-email', messages: 2, delivered: 2, failed: 0, pending: 0, acknowledged: 1, acknowledgedPercent: 50 },
        { channel: 'webhook', messages: 1, delivered: 1, failed: 0, pending: 0, acknowledged: 1, acknowledgedPercent: 100 },
      ]);
      assert.deepEqual(report.timeToAcknowledge, { count: 2, min: 720, median: 720, p90: 2520, max: 2520 });
      const byCode = new Map(report.organisations.map((o) => [o.odsCode, o]));
      assert.deepEqual([byCode.get(alpha.odsCode)?.firstChannel, byCode.get(alpha.odsCode)?.acknowledgedBy], ['webhook', 'Alice Ward']);
      assert.deepEqual([byCode.get(beta.odsCode)?.firstChannel, byCode.get(beta.odsCode)?.acknowledgedBy, byCode.get(beta.odsCode)?.secondsToAcknowledge], ['alt-email', 'Bob Jones (Deputy SIRO)', 2520]);
      assert.deepEqual([byCode.get(gamma.odsCode)?.notReached, byCode.get(delta.odsCode)?.messages], [true, 0]);
      const flagged = await context.database.db.selectFrom('drill_organisations').select('organisation_id').where('flagged_at', 'is not', null).execute();
      assert.deepEqual(flagged.map((f) => f.organisation_id).sort(), [gamma.id, delta.id].sort());

      // A second worker round changes nothing; every step is in the audit log.
      assert.deepEqual((await worker()).tasks.find((t) => t.name === 'drill-windows'), { name: 'drill-windows', ok: true, result: { closed: [] } });
      const actions = await context.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'drill.%').orderBy('seq').execute();
      assert.deepEqual(actions.map((a) => a.action), ['drill.started', 'drill.acknowledged', 'drill.acknowledged', 'drill.acknowledged', 'drill.closed']);
    } finally {
      email.close();
    }
  });
});
