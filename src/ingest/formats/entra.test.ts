import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectFormat } from '../detect-format.js';
import { entraRegistrationFormat } from './entra-registration.js';
import { entraSignInsFormat } from './entra-signins.js';
import { tenantOf } from './entra-tenant.js';
import { assertOnlyUnreadable, assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';

const registration = 'entra-registration/userregistrationdetails-v1.0-example.json';
const mfaSignIn = 'entra-signins/signin-list-beta-example1-mfa.json';
const singleFactorSignIn = 'entra-signins/signin-list-beta-example2-single-factor.json';
const read = (path: string): string => readFileSync(new URL(path, testdata), 'utf8');

const page = (context: string, rows: unknown[], next?: string): string =>
  JSON.stringify({ '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`, ...(next ? { '@odata.nextLink': next } : {}), value: rows }, null, 2);

const signIn = (user: string, requirement: string, extra: object = {}): object => ({
  id: `${user}-${requirement}-${JSON.stringify(extra).length}`,
  createdDateTime: '2026-11-20T09:00:00Z',
  userPrincipalName: `${user}@trust.example.nhs.uk`,
  userId: `id-${user}`,
  appDisplayName: 'Office 365 Exchange Online',
  authenticationRequirement: requirement,
  isInteractive: true,
  status: { errorCode: 0 },
  ...extra,
});

describe('Entra ID formats: detection', () => {
  it('recognises each real example from its first KiB and leaves Defender pages alone', () => {
    for (const [path, id] of [[registration, 'entra-registration'], [mfaSignIn, 'entra-signins'], [singleFactorSignIn, 'entra-signins']] as const) {
      assert.equal(detectFormat({ fileName: path, head: read(path).slice(0, 1024) }).id, id, path);
    }
    const defender = { fileName: 'machines-page.json', head: read('defender-machines/machines-page.json').slice(0, 1024) };
    assert.notEqual(detectFormat(defender).id.startsWith('entra'), true);
  });
});

describe('Entra ID registration (Graph userRegistrationDetails)', () => {
  it("reads Microsoft's example: the tenant as one cloud service, each user's role and MFA capability", async () => {
    const records = await parseFile(entraRegistrationFormat, registration);
    const [tenant, ...others] = ofKind(records, 'asset');
    assert.equal(others.length, 0);
    assert.ok(tenant);
    assert.equal(tenant.assetKind, 'cloud-service');
    assert.equal(tenant.hostname, 'Microsoft 365 (tenant contoso.com)');
    assert.equal(tenant.serialNumber, 'ENTRA-TENANT:contoso.com');
    const accounts = ofKind(records, 'cloud-account');
    assert.deepEqual(
      accounts.map((a) => [a.userPrincipalName, a.role, a.userType, a.mfaState]),
      [
        ['AlexW@Contoso.com', 'user', 'member', 'capable'],
        ['AllanD@Contoso.com', 'user', 'guest', 'unknown'],
        ['BiancaP@Contoso.com', 'user', 'member', 'capable'],
      ],
    );
    assert.equal(accounts[0]?.accountId, '86462606-fde0-4fc4-9e0c-a20eb73e54c6');
    assert.deepEqual(accounts[0]?.methods, ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']);
    assert.match(accounts[0]?.mfaJudgedBy ?? '', /registration report: MFA capable \(microsoftAuthenticatorPush/);
    assert.deepEqual(accounts[2]?.location, { file: 'userregistrationdetails-v1.0-example.json', line: 45, path: '/0/value/2' });
    assert.equal(ofKind(records, 'warning').length, 0);
  });

  it('reads pages one after another and as an array; admins, unregistered and policy-blocked users; a repeated user is a warning', async () => {
    const row = (id: string, extra: object) => ({ id, userPrincipalName: `${id}@trust.example.nhs.uk`, userType: 'member', ...extra });
    const first = page('reports/authenticationMethods/userRegistrationDetails', [
      row('admin1', { isAdmin: true, isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ['fido2'] }),
      row('nurse1', { isAdmin: false, isMfaRegistered: false, isMfaCapable: false, methodsRegistered: [] }),
    ], 'https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=x');
    const second = page('reports/authenticationMethods/userRegistrationDetails', [
      row('nurse2', { isAdmin: false, isMfaRegistered: true, isMfaCapable: false, methodsRegistered: ['sms'] }),
      row('nurse1', { isAdmin: false, isMfaRegistered: true, isMfaCapable: true }),
      'not a row',
    ]);
    for (const text of [`${first}\n${second}\n`, `[${first},\n${second}]`]) {
      const records = await parseBytes(entraRegistrationFormat, text, 'registration.json');
      assert.deepEqual(
        ofKind(records, 'cloud-account').map((a) => [a.accountId, a.role, a.mfaState]),
        [['admin1', 'admin', 'capable'], ['nurse1', 'user', 'not-capable'], ['nurse2', 'user', 'not-capable']],
      );
      assert.match(ofKind(records, 'cloud-account')[2]?.mfaJudgedBy ?? '', /methods registered \(sms\) but none allowed/);
      const warnings = ofKind(records, 'warning');
      assert.deepEqual(warnings.map((w) => w.message), ['user nurse1 is listed twice; the later row is skipped', 'row is not a JSON object; skipped']);
      assert.equal(warnings[0]?.location?.file, 'registration.json');
      assert.match(warnings[0]?.location?.path ?? '', /^\/(0\/)?1\/value\/1$/);
    }
  });

  it('refuses what is not a registration report, naming the file and the element', async () => {
    await assertUnreadable(parseFile(entraRegistrationFormat, 'entra-registration/broken-graph-error.json'), { file: 'broken-graph-error.json', line: 1, path: '/0' });
    await assertUnreadable(parseFile(entraRegistrationFormat, 'entra-registration/broken-signins-page.json'), { file: 'broken-signins-page.json', path: '/0' });
    await assertUnreadable(parseFile(entraRegistrationFormat, 'entra-registration/broken-truncated-page.json'), { file: 'broken-truncated-page.json', line: 1 });
    await assertUnreadable(parseBytes(entraRegistrationFormat, '', 'empty.json'), { file: 'empty.json' });
    await assertUnreadable(parseBytes(entraRegistrationFormat, 'id,userPrincipalName\n1,a@b.c\n', 'report.csv'), { file: 'report.csv', line: 1 });
    await assertUnreadable(parseBytes(entraRegistrationFormat, '{"id": "x", "displayName": "a group"}', 'groups.json'), { file: 'groups.json', path: '/0' });
    await assertUnreadable(parseBytes(entraRegistrationFormat, '{"value": {"id": "x"}}', 'odd.json'), { file: 'odd.json', path: '/0' });
    const wrong = await parseFile(entraSignInsFormat, registration).then(() => 'parsed', (error: unknown) => String(error));
    assert.match(wrong, /userRegistrationDetails \(authentication methods registration\), not auditLogs\/signIns/);
  });

  it('arbitrary bytes either parse or are INGEST_UNREADABLE', async () => {
    const real = Buffer.from(page('reports/authenticationMethods/userRegistrationDetails', [{ id: 'a', userPrincipalName: 'a@b.nhs.uk', isAdmin: true, isMfaCapable: true }]));
    const mutated = fc.tuple(fc.integer({ min: 0, max: real.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => {
      const copy = Buffer.from(real);
      copy.set(bytes.subarray(0, Math.max(0, copy.length - at)), at);
      return new Uint8Array(copy);
    });
    await assertOnlyUnreadable(entraRegistrationFormat, fc.oneof(mutated, fc.uint8Array({ maxLength: 200 })), 'fuzz.json');
  });
});

describe('Entra ID sign-in logs (Graph auditLogs/signIns)', () => {
  it("reads Microsoft's two examples: MFA required, and a password-only sign-in with an empty status", async () => {
    const mfa = ofKind(await parseFile(entraSignInsFormat, mfaSignIn), 'cloud-account');
    assert.deepEqual(mfa.map((a) => [a.accountId, a.userPrincipalName, a.mfaState, a.role]), [['26be570a-1111-5555-b4e2-a37c6808512d', 'testaccount1@contoso.com', 'enforced', undefined]]);
    assert.equal(mfa[0]?.mfaJudgedBy, 'sign-in logs: 1 of 1 successful interactive sign-ins required MFA');
    const records = await parseFile(entraSignInsFormat, singleFactorSignIn);
    assert.equal(ofKind(records, 'asset')[0]?.serialNumber, 'ENTRA-TENANT:contoso.com');
    const single = ofKind(records, 'cloud-account');
    assert.deepEqual(single.map((a) => [a.userPrincipalName, a.mfaState]), [['jdoe@contoso.com', 'not-enforced']]);
    assert.match(single[0]?.mfaJudgedBy ?? '', /1 of 1 successful interactive sign-ins needed a single factor only \(e\.g\. Azure Portal at 2018-11-06T18:48:33/);
  });

  it('judges each account over its successful interactive sign-ins only', async () => {
    const text = [
      page('auditLogs/signIns', [
        signIn('alice', 'multiFactorAuthentication'),
        signIn('alice', 'MultifactorAuthentication'),
        signIn('bob', 'multiFactorAuthentication'),
        signIn('bob', 'singleFactorAuthentication', { appDisplayName: 'Office 365 SharePoint Online' }),
      ]),
      page('auditLogs/signIns', [
        // Failed and non-interactive sign-ins prove nothing about the account's MFA.
        signIn('carol', 'singleFactorAuthentication', { status: { errorCode: 50126, failureReason: 'Invalid username or password.' } }),
        signIn('alice', 'singleFactorAuthentication', { isInteractive: false }),
        signIn('dave', 'multiFactorAuthentication', { status: { errorCode: '0' } }),
        signIn('erin', 'unknownFutureValue'),
        { id: 'no-user', appDisplayName: 'x', authenticationRequirement: 'singleFactorAuthentication' },
      ]),
    ].join('\n');
    const records = await parseBytes(entraSignInsFormat, text, 'signins.json');
    assert.deepEqual(
      ofKind(records, 'cloud-account').map((a) => [a.accountId, a.mfaState]),
      [['id-alice', 'enforced'], ['id-bob', 'not-enforced'], ['id-dave', 'enforced'], ['id-erin', 'unknown']],
    );
    assert.match(ofKind(records, 'cloud-account')[1]?.mfaJudgedBy ?? '', /1 of 2 .* \(e\.g\. Office 365 SharePoint Online at 2026-11-20/);
    assert.deepEqual(ofKind(records, 'warning').map((w) => w.location?.path), ['/1/value/4']);
  });

  it("refuses Microsoft's own example 1 as published (a trailing comma), at the line of the error", async () => {
    await assertUnreadable(parseFile(entraSignInsFormat, 'entra-signins/broken-signin-list-beta-example1-trailing-comma.json'), { file: 'broken-signin-list-beta-example1-trailing-comma.json', line: 80, path: '/0' });
  });

  it('a file with no successful sign-ins yields no tenant and no accounts', async () => {
    const records = await parseBytes(entraSignInsFormat, page('auditLogs/signIns', [signIn('x', 'singleFactorAuthentication', { status: { errorCode: 50053 } })]), 'locked.json');
    assert.deepEqual(records.filter((r) => r.kind !== 'warning'), []);
  });
});

describe('Entra ID tenant naming', () => {
  it('takes the commonest member domain, else the tenant domain of guests', () => {
    assert.equal(tenantOf(['a@Trust.nhs.uk', 'b@trust.nhs.uk', 'c@other.nhs.uk', 'g_gmail.com#EXT#@trust.onmicrosoft.com']), 'trust.nhs.uk');
    assert.equal(tenantOf(['a@b.nhs.uk', 'c@a.nhs.uk']), 'a.nhs.uk');
    assert.equal(tenantOf(['g_gmail.com#EXT#@trust.onmicrosoft.com']), 'trust.onmicrosoft.com');
    assert.equal(tenantOf(['no-domain']), 'unknown');
  });
});
