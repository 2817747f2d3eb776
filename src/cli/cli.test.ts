import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachEngine } from '../test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward CLI', ({ url, database, engine, it }) => {
  it('org add, org list --json, user add, token create and audit verify work end to end', async () => {
    const db = ['--db', url()];
    const added = await runCli([...db, 'org', 'add', '--ods', 'rj1', '--name', "Guy's and St Thomas' NHS Foundation Trust", '--region', 'London']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added RJ1 Guy's and St Thomas' NHS Foundation Trust \(trust, London\)/);

    const listed = await runCli([...db, 'org', 'list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const document = JSON.parse(listed.stdout) as { organisations: { odsCode: string; name: string; region: string }[] };
    assert.deepEqual(document.organisations.map((o) => [o.odsCode, o.region]), [['RJ1', 'London']]);

    const user = await runCli([...db, '--json', 'user', 'add', '--email', 'Lead@GSTT.nhs.uk', '--name', 'Security Lead', '--role', 'org-admin', '--org', 'RJ1', '--password-stdin'], { stdin: 'a long enough password\n' });
    assert.equal(user.code, 0, user.stderr);
    const created = JSON.parse(user.stdout) as { email: string; role: string; password?: string };
    assert.equal(created.email, 'lead@gstt.nhs.uk');
    assert.equal(created.password, undefined, 'a password given on stdin is never echoed');

    const generated = await runCli([...db, '--json', 'user', 'add', '--email', 'analyst@ward.nhs.uk', '--name', 'Analyst', '--role', 'national-analyst']);
    assert.equal(generated.code, 0, generated.stderr);
    assert.ok(((JSON.parse(generated.stdout) as { password: string }).password).length >= 20);

    const token = await runCli([...db, '--json', 'token', 'create', '--org', 'RJ1', '--name', 'nessus pipeline', '--capabilities', 'ingest']);
    assert.equal(token.code, 0, token.stderr);
    const secret = (JSON.parse(token.stdout) as { token: string }).token;
    assert.match(secret, /^ward_/);
    const stored = await database().db.selectFrom('api_tokens').select('secret_hash').execute();
    assert.ok(!JSON.stringify(stored).includes(secret.split('.')[1] ?? 'x'));

    const verify = await runCli([...db, '--json', 'audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    const verification = JSON.parse(verify.stdout) as { ok: boolean; rows: number };
    assert.deepEqual([verification.ok, verification.rows], [true, 4]);
  });

  it('bad input gets a message on stderr, the documented exit code, and changes nothing', async () => {
    const db = ['--db', url()];
    const cases: [string[], number, RegExp][] = [
      [['org', 'add', '--ods', 'RJ1', '--name', 'Duplicate'], 4, /already exists/],
      [['org', 'add', '--ods', 'R!1', '--name', 'Bad'], 2, /not an ODS code/],
      [['org', 'add', '--ods', 'ZZ9'], 2, /required option '--name/],
      [['user', 'add', '--email', 'x@y.nhs.uk', '--name', 'X', '--role', 'org-admin', '--org', 'QQQ'], 3, /Organisation QQQ not found/],
      [['token', 'create', '--org', 'RJ1', '--name', 'x', '--capabilities', 'root'], 2, /Capabilities must be/],
    ];
    const before = await database().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    for (const [args, code, message] of cases) {
      const result = await runCli([...db, ...args]);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
    const jsonError = await runCli([...db, '--json', 'org', 'add', '--ods', 'RJ1', '--name', 'Duplicate']);
    assert.equal(jsonError.stdout, '');
    assert.equal((JSON.parse(jsonError.stderr) as { error: { code: string } }).error.code, 'CONFLICT');
    const after = await database().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('audit verify exits 8 and names the row when an entry was edited behind its back', async () => {
    const { db } = database();
    if (engine === 'postgres') {
      await db.connection().execute(async (connection) => {
        await sql`set session_replication_role = replica`.execute(connection);
        await sql`update audit_log set actor_label = 'someone else' where seq = 2`.execute(connection);
        await sql`set session_replication_role = default`.execute(connection);
      });
    } else {
      await sql`drop trigger audit_log_no_update`.execute(db);
      await sql`update audit_log set actor_label = 'someone else' where seq = 2`.execute(db);
    }
    const result = await runCli(['--db', url(), 'audit', 'verify']);
    assert.equal(result.code, 8);
    assert.match(result.stdout, /TAMPERED: #2 edited/);
  });
});

describeEachEngine('ward CLI database errors', ({ it }) => {
  it('a bad --db URL and an unreachable server exit 6 with a clear message', async () => {
    const bad = await runCli(['--db', 'mysql://root:pw@localhost/ward', 'org', 'list']);
    assert.equal(bad.code, 6);
    assert.match(bad.stderr, /Database URL "mysql:…" is not usable/);
    const unreachable = await runCli(['org', 'list'], { env: { WARD_DB: 'postgres://ward:pw@127.0.0.1:1/ward' } });
    assert.equal(unreachable.code, 6);
    assert.match(unreachable.stderr, /Cannot reach the database at postgres:\/\/ward:\*\*\*@127\.0\.0\.1:1\/ward/);
  });
});
