import assert from 'node:assert/strict';
import { totpCodeAt } from '../services/second-factor/totp-code.js';
import { totpStatus } from '../services/second-factor/reset-totp.js';
import { startSession } from '../services/sessions/start-session.js';
import { describeEachEngine } from '../test-support/engines.js';
import { serviceContext } from '../test-support/factories.js';
import { runCli } from '../test-support/run-cli.js';

const env = { WARD_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };

describeEachEngine('ward user totp', ({ url, database, it }) => {
  it('enrol prints the otpauth URI once, confirm takes a code, reset removes it; sign-in follows each change', async () => {
    const db = ['--db', url()];
    const added = await runCli([...db, 'user', 'add', '--email', 'lead@ward.nhs.uk', '--name', 'Lead', '--role', 'national-admin', '--password-stdin'], { stdin: 'a long enough password\n' });
    assert.equal(added.code, 0, added.stderr);
    const keyless = await runCli([...db, 'user', 'totp', 'enrol', '--email', 'lead@ward.nhs.uk'], { env: { WARD_SECRET_KEY: '' } });
    assert.equal(keyless.code, 6, keyless.stderr);
    assert.match(keyless.stderr, /WARD_SECRET_KEY is not set/);

    const enrol = await runCli([...db, '--json', 'user', 'totp', 'enrol', '--email', 'LEAD@ward.nhs.uk'], { env });
    assert.equal(enrol.code, 0, enrol.stderr);
    const { uri, secret } = JSON.parse(enrol.stdout) as { uri: string; secret: string };
    assert.match(uri, /^otpauth:\/\/totp\/Ward:lead%40ward\.nhs\.uk\?issuer=Ward&secret=/);
    const wrong = await runCli([...db, 'user', 'totp', 'confirm', '--email', 'lead@ward.nhs.uk', '--code', '12345x'], { env });
    assert.notEqual(wrong.code, 0);
    const confirm = await runCli([...db, 'user', 'totp', 'confirm', '--email', 'lead@ward.nhs.uk', '--code', totpCodeAt(secret, new Date())], { env });
    assert.equal(confirm.code, 0, confirm.stderr);

    const context = serviceContext(database(), { security: { nationalTotpRequired: true } });
    assert.equal((await startSession(context, { email: 'lead@ward.nhs.uk', password: 'a long enough password' })).stage, 'totp-pending');
    const reset = await runCli([...db, 'user', 'totp', 'reset', '--email', 'lead@ward.nhs.uk'], { env });
    assert.equal(reset.code, 0, reset.stderr);
    const user = await database().db.selectFrom('users').select('id').where('email', '=', 'lead@ward.nhs.uk').executeTakeFirstOrThrow();
    assert.equal(await totpStatus(context, user.id), 'none');
    assert.equal((await startSession(context, { email: 'lead@ward.nhs.uk', password: 'a long enough password' })).stage, 'totp-enrol');
  });
});
