import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WardError } from '../core/errors.js';
import { parseDatabaseUrl } from './database-url.js';

test('no URL means the embedded database under ./ward-data', () => {
  assert.deepEqual(parseDatabaseUrl(undefined, '/srv/ward'), { engine: 'sqlite', path: '/srv/ward/ward-data/ward.db', display: 'sqlite:/srv/ward/ward-data/ward.db' });
});

test('sqlite: takes relative and absolute paths', () => {
  assert.equal(parseDatabaseUrl('sqlite:data/x.db', '/srv').engine, 'sqlite');
  assert.deepEqual(parseDatabaseUrl('sqlite:data/x.db', '/srv'), { engine: 'sqlite', path: '/srv/data/x.db', display: 'sqlite:/srv/data/x.db' });
  assert.equal(parseDatabaseUrl('sqlite:///var/lib/ward.db', '/srv').engine === 'sqlite' && parseDatabaseUrl('sqlite:///var/lib/ward.db').display, 'sqlite:/var/lib/ward.db');
});

test('postgres URLs keep the URL but never display the password', () => {
  const target = parseDatabaseUrl('postgres://ward:s3cret@db.example:5432/ward');
  assert.equal(target.engine, 'postgres');
  assert.ok(!target.display.includes('s3cret'));
  assert.equal(parseDatabaseUrl('postgresql://u@h/db').engine, 'postgres');
});

test('anything else is refused with DB_URL_INVALID, and the message does not echo secrets', () => {
  for (const bad of ['mysql://root:hunter2@h/db', 'sqlite:', 'ward.db', 'postgres://']) {
    assert.throws(
      () => parseDatabaseUrl(bad),
      (error: unknown) => error instanceof WardError && error.code === 'DB_URL_INVALID' && !error.message.includes('hunter2'),
      bad,
    );
  }
});
