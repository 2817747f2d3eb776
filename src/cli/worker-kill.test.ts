import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { drainOutbox } from '../services/outbox/deliver-outbox.js';
import { enqueueNotifications, type Notification } from '../services/outbox/notification.js';
import { smtpSender } from '../services/outbox/transports.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../test-support/factories.js';
import { startSmtpSink } from '../test-support/notification-sinks.js';
import { wardNodeArguments } from '../test-support/run-cli.js';

const notices = 60;
const leaseSeconds = 5;

describeEachEngine('kill -9 of ward worker during notification delivery', ({ url, database, it }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    smtp = await startSmtpSink();
  });
  after(() => smtp.stop());

  it('after a restart every notice is delivered, none lost, and only the one in flight may repeat with its Message-ID', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const queued: Notification[] = Array.from({ length: notices }, (_, i) => ({
      channel: 'email',
      to: `contact-${i}@trust.example.nhs.uk`,
      subject: `Notice ${i}`,
      text: `Notice number ${i}`,
      dedupeKey: `kill-test:${organisation.id}:${i}`,
      event: 'test.notice',
      organisationId: organisation.id,
    }));
    await database().db.transaction().execute((trx) => enqueueNotifications(trx, queued, new Date()));

    // The real worker, delivering to the real SMTP sink, killed once some notices have arrived.
    const child = spawn(process.execPath, [...wardNodeArguments(), '--db', url(), 'worker'], {
      env: { ...process.env, WARD_DB: '', WARD_SMTP_URL: smtp.url, WARD_NOTIFY_LEASE_SECONDS: String(leaseSeconds), WARD_WORKER_POLL_SECONDS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const watch = setInterval(() => {
      if (smtp.messages.length >= 10) child.kill('SIGKILL');
    }, 2);
    const signal = await exited;
    clearInterval(watch);
    const atKill = smtp.messages.length;
    assert.equal(signal, 'SIGKILL', `the worker ended before it was killed: ${stderr.slice(-400)}`);
    assert.ok(atKill < notices, `all ${notices} notices were delivered before the kill`);

    const rows = () => database().db.selectFrom('outbox').select(['id', 'status']).where('organisation_id', '=', organisation.id).execute();
    const stranded = (await rows()).filter((r) => r.status === 'sending').length;
    assert.ok(stranded > 0, 'the kill left claimed notices behind');

    // Restart: a new worker once the dead one's leases have run out (the clock is moved, not waited for).
    const clock = manualClock(new Date(Date.now() + (leaseSeconds + 5) * 1000));
    const email = smtpSender(smtp.url, 'Ward <ward@localhost>');
    try {
      const drained = await drainOutbox({ database: database(), clock, workerId: 'restarted', email, secretKey: null });
      assert.equal(drained.failed, 0);
    } finally {
      email.close();
    }

    const after = await rows();
    assert.deepEqual([...new Set(after.map((r) => r.status))], ['sent'], 'every notice is sent');
    const expectedIds = after.map((r) => `<${r.id}@outbox.ward>`).sort();
    const received = smtp.messages.map((m) => m.messageId).filter((id) => expectedIds.includes(id));
    assert.deepEqual([...new Set(received)].sort(), expectedIds, 'no notice lost, none invented');
    const repeats = received.length - expectedIds.length;
    assert.ok(repeats <= 1, `${repeats} notices arrived twice; at most the one in flight at the kill may`);
    console.log(`worker killed after ${atKill}/${notices} notices, ${stranded} claimed rows stranded, ${repeats} repeated after restart`);
    assert.equal((await verifyAudit(context, operator)).ok, true);
  });
});
