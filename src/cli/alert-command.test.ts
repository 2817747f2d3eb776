import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { ms17010Cves, qualysSamplePath } from '../services/alerts/alert-test-support.js';
import { issueAlert } from '../services/alerts/issue-alert.js';
import { requestAlertException } from '../services/alerts/respond-to-alert.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../test-support/factories.js';
import { startSmtpSink } from '../test-support/notification-sinks.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward alert and ward worker', ({ url, database, it }) => {
  let exposed: Organisation;
  let clean: Organisation;
  let adminEmail = '';
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    const context = serviceContext(database());
    exposed = await makeOrganisation(context, { region: 'South West' });
    clean = await makeOrganisation(context, { region: 'South West' });
    adminEmail = (await makeUser(context, 'org-admin', { organisation: exposed })).email;
    smtp = await startSmtpSink();
  });
  after(() => smtp.stop());

  it('issues, lists, acknowledges and shows an alert; the worker mails the notices', async () => {
    const cli = (...args: string[]) => runCli(['--db', url(), ...args], { env: { WARD_SMTP_URL: smtp.url } });
    const imported = await cli('import', qualysSamplePath, '--org', exposed.odsCode);
    assert.equal(imported.code, 0, imported.stderr);
    const issued = await cli('--json', 'alert', 'issue', '--reference', 'CC-2026-0042', '--title', 'Patch MS17-010', '--cve', ms17010Cves.join(','), '--region', 'South West', '--guidance', 'Apply **MS17-010**.');
    assert.equal(issued.code, 0, issued.stderr);
    const summary = JSON.parse(issued.stdout) as Record<string, unknown>;
    assert.deepEqual([summary.reference, summary.organisations, summary.exposedOrganisations, summary.affectedAssets, summary.unknownCves], ['CC-2026-0042', 2, 1, 2, ms17010Cves]);
    const noCondition = await cli('alert', 'issue', '--title', 'Nothing to match');
    assert.equal(noCondition.code, 2);
    assert.match(noCondition.stderr, /at least one condition/);

    const list = await cli('alert', 'list');
    assert.match(list.stdout, /CC-2026-0042\s+critical\s+\S+\s+2\s+1\s+2\s+Patch MS17-010/);
    const ack = await cli('alert', 'ack', 'CC-2026-0042', '--org', exposed.odsCode);
    assert.equal(ack.code, 0, ack.stderr);
    assert.match(ack.stdout, /^Acknowledged CC-2026-0042/);
    const status = JSON.parse((await cli('--json', 'alert', 'status', 'CC-2026-0042')).stdout) as { organisations: { odsCode: string; state: string; affectedAssets: number }[] };
    assert.deepEqual(status.organisations.map((o) => [o.odsCode, o.state, o.affectedAssets]).sort(), [[clean.odsCode, 'issued', 0], [exposed.odsCode, 'acknowledged', 2]].sort());
    const mine = await cli('alert', 'status', 'CC-2026-0042', '--org', exposed.odsCode);
    assert.match(mine.stdout, /win2008r2.*91345 names CVE-2017-0143/i);

    const worker = await cli('--json', 'worker', '--once');
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal((JSON.parse(worker.stdout) as { outbox: { sent: number } }).outbox.sent, 1);
    assert.deepEqual(smtp.messages.map((m) => [m.to[0], m.subject]), [[adminEmail, '[Ward] CRITICAL alert CC-2026-0042: Patch MS17-010']]);
  });

  it('ward alert exception reject refuses a pending request and says the organisation stays open', async () => {
    const context = serviceContext(database());
    await issueAlert(context, operator, { reference: 'CC-2026-0043', title: 'Close SMB', severity: 'high', conditions: { ports: [{ port: 445 }] }, target: { odsCodes: [clean.odsCode] } });
    await requestAlertException(context, operator, 'CC-2026-0043', clean.odsCode, { justification: 'A lab analyser we cannot patch', compensatingControls: 'Own VLAN, no SMB through the firewall', expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) });
    const rejected = await runCli(['--db', url(), '--json', 'alert', 'exception', 'reject', 'CC-2026-0043', '--org', clean.odsCode, '--reason', 'Isolate it first']);
    assert.equal(rejected.code, 0, rejected.stderr);
    assert.deepEqual(JSON.parse(rejected.stdout), { reference: 'CC-2026-0043', odsCode: clean.odsCode, exceptionState: 'rejected', status: 'issued' });
  });
});
