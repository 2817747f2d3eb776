import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { importEvidence } from '../imports/import-evidence.js';
import { assembleAssessmentInput } from './assemble-assessment-input.js';
import { recordManualResult } from './record-manual-result.js';
import { runAssessment } from './run-assessment.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-cloud-'));
const fixture = (path: string) => fileURLToPath(new URL(`../../ingest/formats/testdata/${path}`, import.meta.url));
const registrationExample = fixture('entra-registration/userregistrationdetails-v1.0-example.json');
const alex = '86462606-fde0-4fc4-9e0c-a20eb73e54c6';

const registrationPage = (rows: object[]) =>
  JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails', value: rows });
const signInPage = (rows: object[]) => JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns', value: rows });

describeEachEngine('cloud accounts from Entra ID exports', ({ database, it }) => {
  it('stores the accounts with the import, and the assessment judges the newest export per format, sign-ins over registration', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock });
    const organisation = await makeOrganisation(context);
    const other = await makeOrganisation(context);
    const importText = async (odsCode: string, name: string, text: string) => {
      clock.advance(60_000);
      const path = join(scratch, `${odsCode}-${name}`);
      writeFileSync(path, text);
      return importEvidence(context, operator, { odsCode, filePath: path, fileName: name });
    };
    const path = join(scratch, `${organisation.odsCode}-registration.json`);
    copyFileSync(registrationExample, path);
    const first = await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: path, fileName: 'registration.json' });
    assert.equal(first.format, 'entra-registration');
    assert.deepEqual([first.assets, first.cloudAccounts, first.warnings], [1, 3, 0]);
    // An inventory that lists Microsoft 365 and another SaaS as cloud services of their own.
    await importText(organisation.odsCode, 'inventory.csv', 'hostname,device_type\nMicrosoft 365,Cloud service\nClinical Portal,SaaS\n');
    await importText(other.odsCode, 'theirs.json', registrationPage([{ id: 'x', userPrincipalName: 'x@other.nhs.uk', isAdmin: true, isMfaCapable: false, isMfaRegistered: false }]));

    let input = await assembleAssessmentInput(context, organisation.id, { ceVersion: '3.3' });
    const [portal, tenant, ...rest] = input.cloudServices ?? [];
    assert.equal(rest.length, 0);
    assert.ok(tenant && portal);
    assert.equal(tenant.name, 'Microsoft 365 (tenant contoso.com)');
    assert.equal(tenant.identityProvider, 'entra:contoso.com');
    assert.deepEqual(
      tenant.accounts.map((a) => [a.username, a.role, a.mfaEnabled]),
      [['AlexW@Contoso.com', 'user', true], ['AllanD@Contoso.com', 'user', undefined], ['BiancaP@Contoso.com', 'user', true]],
    );
    assert.match(tenant.accounts[0]?.mfaEvidence ?? '', /^registration report: MFA capable/);
    // The inventory's "Microsoft 365" is the tenant; the other SaaS has no accounts of its own.
    assert.deepEqual([portal.name, portal.accounts], ['Clinical Portal', []]);

    // A newer registration export replaces the older one; sign-in logs add what was required.
    await importText(organisation.odsCode, 'registration-2.json', registrationPage([
      { id: alex, userPrincipalName: 'AlexW@Contoso.com', isAdmin: true, isMfaRegistered: true, isMfaCapable: true, userType: 'member' },
      { id: 'new-user', userPrincipalName: 'newuser@contoso.com', isAdmin: false, isMfaRegistered: false, isMfaCapable: false, userType: 'member' },
    ]));
    const signIns = await importText(organisation.odsCode, 'signins.json', signInPage([
      { id: 's1', userId: alex, userPrincipalName: 'AlexW@Contoso.com', appDisplayName: 'Azure Portal', authenticationRequirement: 'singleFactorAuthentication', isInteractive: true, status: { errorCode: 0 } },
    ]));
    assert.equal(signIns.format, 'entra-signins');
    input = await assembleAssessmentInput(context, organisation.id, { ceVersion: '3.3' });
    const accounts = input.cloudServices?.[1]?.accounts ?? [];
    assert.deepEqual(accounts.map((a) => [a.username, a.role, a.mfaEnabled]), [['AlexW@Contoso.com', 'admin', false], ['newuser@contoso.com', 'user', false]]);
    assert.match(accounts[0]?.mfaEvidence ?? '', /^sign-in logs: 1 of 1 .* single factor only/);
    const stored = await context.database.db.selectFrom('cloud_accounts').select(['import_id']).where('organisation_id', '=', organisation.id).execute();
    assert.equal(stored.length, 3 + 2 + 1, 'older exports stay as history');

    // The rule and the assessor's TC4 test see the tenant; the snapshot explains each account.
    const tenantId = input.cloudServices?.[1]?.id ?? '';
    for (const role of ['user', 'admin']) await recordManualResult(context, operator, { odsCode: organisation.odsCode, test: 'tc4-mfa', result: 'pass', cloudServiceId: tenantId, accountRole: role });
    const assessment = await runAssessment(context, operator, { odsCode: organisation.odsCode });
    const mfa = assessment.checks.filter((c) => c.ruleId === 'CE-MFA');
    assert.deepEqual(mfa.map((c) => c.outcome).sort(), ['fail', 'fail', 'not-evidenced']);
    assert.ok(mfa.some((c) => (c.reasons ?? []).some((r) => /administrator account AlexW@Contoso.com signs in without MFA \(sign-in logs/.test(r.message))));
    assert.deepEqual(assessment.checks.filter((c) => c.ruleId === 'CE-TC4-ASSESSOR').map((c) => c.outcome).sort(), ['not-evidenced', 'pass']);
  });

  it('a broken export stores nothing', async () => {
    const context = serviceContext(database(), { clock: manualClock() });
    const organisation = await makeOrganisation(context);
    const path = join(scratch, `${organisation.odsCode}-broken.json`);
    copyFileSync(fixture('entra-registration/broken-truncated-page.json'), path);
    await assert.rejects(importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: path, fileName: 'broken.json', format: 'entra-registration' }), (error: unknown) => isWardError(error) && error.code === 'INGEST_UNREADABLE' && error.message.includes('broken.json'));
    for (const table of ['imports', 'devices', 'cloud_accounts'] as const) {
      const rows = await context.database.db.selectFrom(table).select('organisation_id').where('organisation_id', '=', organisation.id).execute();
      assert.equal(rows.length, 0, table);
    }
  });
});
