import assert from 'node:assert/strict';
import { describeEachEngine } from '../test-support/engines.js';
import { manualClock, serviceContext } from '../test-support/factories.js';
import { wannaCry } from './demo-catalogue.js';
import { loadDemo } from './load-demo.js';

describeEachEngine('ward demo (tiny national estate)', ({ database, it }) => {
  it('loads organisations, imports evidence since 2017 through the import path, assesses at each point in time and replays WannaCry', async () => {
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const context = serviceContext(database(), { clock });
    const messages: string[] = [];
    const summary = await loadDemo(context, { organisations: 4, devicesPerOrg: 10, seed: 'test-seed' }, (m) =>
      messages.push(m),
    );
    const { db } = database();
    assert.equal(summary.generated, true);
    assert.equal(summary.organisations, 4);
    assert.ok(
      messages.some((m) => m.includes('intel files')),
      'progress is reported',
    );

    const organisations = await db.selectFrom('organisations').select(['id', 'ods_code', 'region']).execute();
    assert.equal(organisations.length, 4);
    assert.ok(organisations.every((o) => o.region !== null));

    // Evidence came through imports: every evidence row belongs to a completed import of its organisation.
    const imports = await db
      .selectFrom('imports')
      .select(['id', 'organisation_id', 'format', 'status', 'created_at'])
      .execute();
    assert.ok(imports.every((i) => i.status === 'completed'));
    assert.deepEqual([...new Set(imports.map((i) => i.format))].sort(), [
      'device-inventory-csv',
      'entra-registration',
      'nessus',
      'nmap',
    ]);
    for (const o of organisations)
      assert.equal(
        imports.filter((i) => i.organisation_id === o.id).length,
        5 * 3 + 2,
        `${o.ods_code}: 5 rounds × (inventory, scan, boundary), and the Entra ID export of the two rounds since 2022`,
      );
    assert.ok(
      imports.some((i) => i.created_at.startsWith('2017-03')) &&
        imports.some((i) => i.created_at.startsWith('2026-11')),
    );
    const orphanSoftware = await db
      .selectFrom('software as s')
      .leftJoin('imports as i', 'i.id', 's.import_id')
      .select('s.seq')
      .where('i.id', 'is', null)
      .execute();
    assert.equal(orphanSoftware.length, 0);
    const software = await db.selectFrom('software').select(['cpe']).distinct().execute();
    assert.ok(
      software.some((s) => s.cpe?.includes(':google:chrome:')),
      'real product versions',
    );
    assert.ok((await db.selectFrom('boundary_scans').selectAll().execute()).length >= 4);

    // Assessments at past clock times: history back to 2017, the latest today, scores spread.
    const assessments = await db
      .selectFrom('assessments')
      .select(['organisation_id', 'as_of', 'percent', 'created_at'])
      .execute();
    const years = new Set(assessments.map((a) => a.as_of.slice(0, 4)));
    assert.ok(
      years.has('2017') && years.has('2020') && years.has('2025') && years.has('2026'),
      [...years].join(),
    );
    assert.ok(
      assessments.every((a) => a.created_at.slice(0, 10) === a.as_of),
      'each snapshot was taken at its own point in time',
    );
    const latest = organisations.map(
      (o) =>
        assessments
          .filter((a) => a.organisation_id === o.id)
          .sort((a, b) => a.as_of.localeCompare(b.as_of))
          .at(-1)?.percent ?? -1,
    );
    assert.ok(
      latest.every((p) => p > 20 && p <= 100),
      latest.join(),
    );
    assert.ok(Math.max(...latest) - Math.min(...latest) > 3, `a spread of scores: ${latest.join()}`);
    assert.equal(summary.national.assessed, 4);
    // The exemplary organisation meets every requirement, MFA on its cloud accounts included.
    assert.ok(summary.national.passing >= 1, `passing: ${summary.national.passing}; latest scores ${latest.join()}`);
    const accounts = await db.selectFrom('cloud_accounts').select(['mfa_state']).execute();
    assert.ok(accounts.some((a) => a.mfa_state === 'capable') && accounts.some((a) => a.mfa_state === 'not-capable'), 'a spread of MFA states');
    assert.ok(summary.national.trend.some((t) => t.month.startsWith('2017')));

    // The WannaCry replay: the alert with MS17-010's CVEs, exposure in 2017, acknowledgements spread over time.
    const alert = await db
      .selectFrom('alerts')
      .selectAll()
      .where('reference', '=', wannaCry.reference)
      .executeTakeFirstOrThrow();
    assert.ok(alert.conditions.includes('CVE-2017-0144'));
    const states = await db
      .selectFrom('alert_organisations')
      .selectAll()
      .where('alert_id', '=', alert.id)
      .execute();
    assert.equal(states.length, 4);
    const acknowledged = states.filter((s) => s.acknowledged_at !== null);
    assert.ok(acknowledged.length >= 1, 'some organisations acknowledged');
    assert.ok(
      acknowledged.every(
        (s) => (s.acknowledged_at ?? '') > wannaCry.issuedAt && (s.acknowledged_at ?? '') < '2017-06',
      ),
    );
    assert.ok(
      states.some((s) => s.first_exposed_at !== null),
      'organisations were exposed when it was issued',
    );

    // Incident readiness: a closed drill in which every organisation that acknowledged on no channel is flagged.
    const drill = await db.selectFrom('drills').selectAll().executeTakeFirstOrThrow();
    assert.ok(drill.closed_at !== null && drill.closed_at === drill.window_ends_at, 'closed at the end of its window');
    const reached = await db.selectFrom('drill_organisations').selectAll().where('drill_id', '=', drill.id).execute();
    assert.equal(reached.length, 4);
    assert.ok(reached.every((r) => (r.first_acknowledged_at === null) === (r.flagged_at !== null)), 'flagged exactly when never acknowledged');
    const acknowledgedMessages = await db.selectFrom('drill_messages').select(['acknowledged_at', 'created_at', 'expires_at']).where('drill_id', '=', drill.id).where('acknowledged_at', 'is not', null).execute();
    assert.ok(acknowledgedMessages.every((m) => (m.acknowledged_at ?? '') > m.created_at && (m.acknowledged_at ?? '') <= m.expires_at));
    const contacts = await db.selectFrom('readiness_contacts').select('organisation_id').execute();
    assert.ok(reached.filter((r) => !contacts.some((c) => c.organisation_id === r.organisation_id)).every((r) => r.flagged_at !== null), 'no contacts: not reached');

    // Running it again changes nothing but the passwords.
    const again = await loadDemo(context, { organisations: 4, devicesPerOrg: 10, seed: 'test-seed' });
    assert.equal(again.generated, false);
    assert.equal((await db.selectFrom('imports').select('id').execute()).length, imports.length);
    assert.notEqual(again.logins[0]?.password, summary.logins[0]?.password);
  });
});
