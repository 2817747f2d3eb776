import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach } from 'node:test';
import { isWardError } from '../../core/errors.js';
import type { Organisation } from '../../core/organisation.js';
import { systemActor } from '../../core/principal.js';
import { fakeClientId, fakeSecret, fakeTenant, startFakeDefender, type FakeDefender } from '../../test-support/defender-server.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import type { ServiceContext } from '../context.js';
import { defaultDefenderEndpoints } from './connector-settings.js';
import { listConnectors } from './list-connectors.js';
import { pullDefender } from './pull-defender.js';
import { registerDefenderConnector } from './register-defender-connector.js';
import { runDueConnectorPulls } from './run-due-connector-pulls.js';

/** What one full pull of the fixtures stores: three devices, each described once. */
const fullPull = { assets: 3, software: 4, findings: 4, services: 0, observations: 53, warnings: 0 };

describeEachEngine('Defender connector', ({ database, it }) => {
  let fake: FakeDefender;
  let context: ServiceContext;
  let organisation: Organisation;
  const clock = manualClock();
  const sleeps: number[] = [];

  before(async () => {
    fake = await startFakeDefender();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.intercept = undefined;
    sleeps.length = 0;
    context = {
      ...serviceContext(database(), { clock }),
      connectors: {
        secretKey: randomBytes(32),
        defender: { ...defaultDefenderEndpoints, tokenUrl: fake.tokenUrl, apiBaseUrl: fake.baseUrl, pageSize: 2 },
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    };
    organisation = await makeOrganisation(context);
    await registerDefenderConnector(context, operator, organisation.odsCode, { tenantId: fakeTenant, clientId: fakeClientId, clientSecret: fakeSecret, intervalMinutes: 60 });
  });

  const counts = (summary: { assets: number; software: number; findings: number; services: number; observations: number; warnings: number }) => {
    const { assets, software, findings, services, observations, warnings } = summary;
    return { assets, software, findings, services, observations, warnings };
  };
  const importsOf = async () => context.database.db.selectFrom('imports').selectAll().where('organisation_id', '=', organisation.id).execute();
  const spooled = async () => Number((await context.database.db.selectFrom('connector_pull_pages').select((eb) => eb.fn.countAll<number | string>().as('n')).where('organisation_id', '=', organisation.id).executeTakeFirstOrThrow()).n);

  it('stores the secret sealed and never shows it', async () => {
    const row = await context.database.db.selectFrom('connectors').selectAll().where('organisation_id', '=', organisation.id).executeTakeFirstOrThrow();
    assert.ok(!row.secret_ciphertext.includes(fakeSecret));
    assert.match(row.secret_ciphertext, /^v1\./);
    const [view] = await listConnectors(context, operator, organisation.odsCode);
    assert.equal(JSON.stringify(view).includes(fakeSecret), false);
    assert.equal(view?.secretSet, true);
    const audit = await context.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', row.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.stringify(audit).includes(fakeSecret), false);
  });

  it('pulls every page of every export and imports them as ONE evidence set', async () => {
    const result = await pullDefender(context, operator, organisation.odsCode);
    assert.equal(result.resumed, false);
    assert.equal(result.pagesFetched, 2 + 2 + 7 + 2 + 2);
    assert.deepEqual(counts(result.import), fullPull);
    assert.equal(result.import.format, 'defender-api');
    assert.equal(fake.tokensIssued > 0, true);
    assert.ok(fake.requests.filter((r) => r.method === 'GET').every((r) => r.authorization?.startsWith('Bearer token-')));
    const imports = await importsOf();
    assert.equal(imports.length, 1);
    assert.equal(await spooled(), 0, 'spooled pages are dropped once imported');
    // Defender's own verdicts sit beside Ward's matching as findings of tool "defender".
    const findings = await context.database.db.selectFrom('findings').select(['tool', 'cves']).where('import_id', '=', result.import.importId).execute();
    assert.deepEqual([...new Set(findings.map((f) => f.tool))], ['defender']);
    // The observations feed the assessment's DeviceConfiguration keys.
    const keys = new Set((await context.database.db.selectFrom('observations').select('key').where('import_id', '=', result.import.importId).execute()).map((o) => o.key));
    for (const key of ['firewall.enabled', 'smb1.enabled', 'autorun.enabled', 'av.present', 'av.enabled', 'av.signature_age_days']) assert.ok(keys.has(key), key);
    const [connector] = await listConnectors(context, operator, organisation.odsCode);
    assert.equal(connector?.lastStatus, 'completed');
    assert.equal(connector?.lastImportId, result.import.importId);
    // The same data pulled again is a duplicate: nothing changes.
    const again = await pullDefender(context, operator, organisation.odsCode);
    assert.equal(again.import.duplicate, true);
    assert.equal((await importsOf()).length, 1);
  });

  it('waits out HTTP 429 for as long as Retry-After says', async () => {
    let throttled = 0;
    fake.intercept = (request) => {
      if (request.path === '/api/machines/SoftwareInventoryByMachine' && request.page === 1 && throttled < 2) {
        throttled += 1;
        return { status: 429, headers: { 'retry-after': '7' }, body: '{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded. Try again in 7 seconds."}}' };
      }
      return undefined;
    };
    const result = await pullDefender(context, operator, organisation.odsCode);
    assert.deepEqual(sleeps, [7000, 7000]);
    assert.deepEqual(counts(result.import), fullPull);
  });

  it('signs in again once when the token expires mid-pull', async () => {
    const before = fake.tokensIssued;
    let expired = false;
    fake.intercept = (request) => {
      if (!expired && request.path === '/api/machines/SecureConfigurationsAssessmentByMachine' && request.page === 3) {
        expired = true;
        fake.expireTokens();
      }
      return undefined;
    };
    const result = await pullDefender(context, operator, organisation.odsCode);
    assert.equal(fake.tokensIssued - before, 2, 'one token at the start, one after the 401');
    assert.deepEqual(counts(result.import), fullPull);
  });

  it('refuses a wrong secret with a message that does not carry it', async () => {
    await registerDefenderConnector(context, operator, organisation.odsCode, { tenantId: fakeTenant, clientId: fakeClientId, clientSecret: 'not-the-secret' });
    await assert.rejects(pullDefender(context, operator, organisation.odsCode), (error: unknown) => {
      assert.ok(isWardError(error) && error.code === 'UPSTREAM_FAILED', String(error));
      assert.match(error.message, /invalid_client/);
      assert.ok(!error.message.includes('not-the-secret'));
      return true;
    });
    assert.equal((await importsOf()).length, 0);
  });

  it('fails a malformed page clearly and imports nothing', async () => {
    fake.intercept = (request) =>
      request.path === '/api/machines/SoftwareVulnerabilitiesByMachine' && request.page === 1 ? { status: 200, body: '{"@odata.context":"x","value":[{"cveId":"CVE-2024-1",' } : undefined;
    await assert.rejects(pullDefender(context, operator, organisation.odsCode), (error: unknown) => {
      assert.ok(isWardError(error) && error.code === 'INGEST_UNREADABLE', String(error));
      assert.match(error.message, /vulnerabilities page 2 is not JSON/);
      return true;
    });
    assert.equal((await importsOf()).length, 0);
    assert.equal(await spooled(), 0);
    const [connector] = await listConnectors(context, operator, organisation.odsCode);
    assert.equal(connector?.lastStatus, 'failed');
    // The next pull starts afresh and succeeds.
    fake.intercept = undefined;
    const result = await pullDefender(context, operator, organisation.odsCode);
    assert.equal(result.resumed, false);
    assert.deepEqual(counts(result.import), fullPull);
  });

  it('resumes after an interruption without fetching the pages it already has', async () => {
    let outage = true;
    fake.intercept = (request) => (outage && request.path === '/api/machines/SoftwareInventoryByMachine' && request.page === 1 ? 'destroy' : undefined);
    await assert.rejects(pullDefender(context, operator, organisation.odsCode), (error: unknown) => isWardError(error) && error.code === 'UPSTREAM_FAILED');
    assert.equal(await spooled(), 2 + 2 + 7 + 1);
    assert.equal((await importsOf()).length, 0);
    const [interrupted] = await listConnectors(context, operator, organisation.odsCode);
    assert.equal(interrupted?.lastStatus, 'interrupted');
    outage = false;
    fake.requests.length = 0;
    const result = await pullDefender(context, operator, organisation.odsCode);
    assert.equal(result.resumed, true);
    assert.equal(result.pagesFetched, 1 + 2);
    assert.ok(!fake.requests.some((r) => r.path === '/api/machines'), 'machines were not fetched again');
    assert.deepEqual(counts(result.import), fullPull);
    assert.equal((await importsOf()).length, 1);
  });

  it('runs due pulls on their interval', async () => {
    const scheduler = systemActor('scheduler:test');
    const first = await runDueConnectorPulls(context, scheduler);
    const mine = first.filter((o) => o.odsCode === organisation.odsCode);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.status, 'completed');
    const soon = await runDueConnectorPulls(context, scheduler);
    assert.equal(soon.filter((o) => o.odsCode === organisation.odsCode).length, 0, 'not due again before its interval');
    clock.advance(61 * 60_000);
    const later = await runDueConnectorPulls(context, scheduler);
    assert.equal(later.find((o) => o.odsCode === organisation.odsCode)?.duplicate, true);
  });

  it('two processes running due pulls at once pull a connector once: the first claims it', async () => {
    const scheduler = systemActor('scheduler:test');
    const otherProcess = { ...context };
    const tokensBefore = fake.tokensIssued;
    const [a, b] = await Promise.all([runDueConnectorPulls(context, scheduler), runDueConnectorPulls(otherProcess, scheduler)]);
    const mine = [...a, ...b].filter((o) => o.odsCode === organisation.odsCode);
    assert.equal(mine.length, 1, JSON.stringify(mine));
    assert.equal(mine[0]?.status, 'completed');
    assert.equal((await importsOf()).length, 1);
    assert.equal(fake.tokensIssued - tokensBefore, 1, 'one sign-in to Defender');
  });
});
