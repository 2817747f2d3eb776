import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WardError } from '../core/errors.js';
import { loadSettings } from './settings.js';

test('defaults: embedded database, port 8080, lockout after 10 failures', () => {
  const settings = loadSettings({});
  assert.equal(settings.database.engine, 'sqlite');
  assert.equal(settings.http.port, 8080);
  assert.equal(settings.http.host, '127.0.0.1');
  assert.equal(settings.security.lockoutThreshold, 10);
});

test('command-line overrides win over the environment', () => {
  const settings = loadSettings({ WARD_PORT: '9000', WARD_DB: 'sqlite:/tmp/a.db' }, { port: '9100', db: 'postgres://u@h/d' });
  assert.equal(settings.http.port, 9100);
  assert.equal(settings.database.engine, 'postgres');
});

test('every bad setting is reported at once, and a lockout above 10 is refused', () => {
  assert.throws(
    () => loadSettings({ WARD_PORT: 'eighty', WARD_LOCKOUT_THRESHOLD: '50', WARD_COOKIE_SECURE: 'yes' }),
    (error: unknown) => {
      assert.ok(error instanceof WardError);
      assert.equal(error.code, 'CONFIG_INVALID');
      for (const name of ['WARD_PORT', 'WARD_LOCKOUT_THRESHOLD', 'WARD_COOKIE_SECURE']) assert.match(error.message, new RegExp(name));
      return true;
    },
  );
});

test('notification settings: a 32-byte secret key in hex or base64, an SMTP URL, or a clear refusal', () => {
  const hex = loadSettings({ WARD_SECRET_KEY: 'ab'.repeat(32), WARD_SMTP_URL: 'smtp://mail.example.nhs.uk:587' });
  assert.equal(hex.notifications.secretKey?.length, 32);
  assert.equal(hex.notifications.smtpUrl, 'smtp://mail.example.nhs.uk:587');
  assert.equal(loadSettings({ WARD_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).notifications.secretKey?.length, 32);
  assert.equal(loadSettings({}).notifications.secretKey, null);
  assert.throws(() => loadSettings({ WARD_SECRET_KEY: 'too short', WARD_SMTP_URL: 'http://mail' }), (error: unknown) => {
    assert.ok(error instanceof WardError);
    assert.match(error.message, /WARD_SECRET_KEY: must be 32 bytes/);
    assert.match(error.message, /WARD_SMTP_URL/);
    return true;
  });
});
