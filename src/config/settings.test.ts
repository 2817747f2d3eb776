import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
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

test('intel sync URLs default to the official sources; a bad URL or product list is reported; the NVD key is never printed', () => {
  const defaults = loadSettings({});
  assert.equal(defaults.intelSync.nvd.url, 'https://services.nvd.nist.gov/rest/json/cves/2.0');
  assert.equal(defaults.intelSync.nvd.apiKey, null);
  assert.ok(defaults.intelSync.endoflife.products.includes('windows-server'));
  const custom = loadSettings({ WARD_KEV_URL: 'http://127.0.0.1:9/kev.json', WARD_ENDOFLIFE_PRODUCTS: 'windows, log4j', WARD_NVD_API_KEY: 'k-secret-1' });
  assert.deepEqual([custom.intelSync.kevUrl, custom.intelSync.endoflife.products], ['http://127.0.0.1:9/kev.json', ['windows', 'log4j']]);
  assert.equal(custom.intelSync.nvd.apiKey?.reveal(), 'k-secret-1');
  assert.ok(!JSON.stringify(custom).includes('k-secret-1'));
  assert.ok(!inspect(custom, { depth: 10 }).includes('k-secret-1'));
  assert.ok(!String(custom.intelSync.nvd.apiKey).includes('k-secret-1'));
  assert.throws(
    () => loadSettings({ WARD_NVD_URL: 'ftp://nvd', WARD_ENDOFLIFE_PRODUCTS: 'Windows Server' }),
    (error: unknown) => error instanceof WardError && /WARD_NVD_URL: must be an http\(s\) URL/.test(error.message) && /WARD_ENDOFLIFE_PRODUCTS/.test(error.message),
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

test('OpenID Connect: off by default; all four settings or none; https unless a loopback provider is allowed plain http; the secret is never printed', () => {
  assert.equal(loadSettings({}).oidc, null);
  assert.equal(loadSettings({}).security.nationalTotpRequired, true, 'national roles need a second factor unless turned off');
  const full = { WARD_OIDC_ISSUER: 'https://login.example.nhs.uk/tenant', WARD_OIDC_CLIENT_ID: 'ward', WARD_OIDC_CLIENT_SECRET: 'oidc-secret-1', WARD_OIDC_REDIRECT_URL: 'https://ward.example.nhs.uk/sign-in/oidc/callback' };
  const oidc = loadSettings(full).oidc;
  assert.equal(oidc?.emailClaim, 'email');
  assert.equal(oidc?.clientSecret.reveal(), 'oidc-secret-1');
  assert.doesNotMatch(inspect(oidc), /oidc-secret-1/);
  const problems = (environment: NodeJS.ProcessEnv) => {
    try {
      loadSettings(environment);
      return '';
    } catch (error) {
      return error instanceof WardError ? error.message : String(error);
    }
  };
  const partial = problems({ WARD_OIDC_ISSUER: full.WARD_OIDC_ISSUER });
  for (const name of ['WARD_OIDC_CLIENT_ID', 'WARD_OIDC_CLIENT_SECRET', 'WARD_OIDC_REDIRECT_URL']) assert.match(partial, new RegExp(name));
  assert.match(problems({ ...full, WARD_OIDC_ISSUER: 'http://login.example.nhs.uk' }), /WARD_OIDC_ISSUER: must be https/);
  assert.match(problems({ ...full, WARD_OIDC_ISSUER: 'http://127.0.0.1:9000', WARD_OIDC_ALLOW_HTTP: 'false' }), /WARD_OIDC_ISSUER/);
  assert.equal(loadSettings({ ...full, WARD_OIDC_ISSUER: 'http://127.0.0.1:9000', WARD_OIDC_ALLOW_HTTP: 'true' }).oidc?.allowInsecure, true);
  assert.match(problems({ ...full, WARD_OIDC_EMAIL_CLAIM: 'bad claim!' }), /WARD_OIDC_EMAIL_CLAIM/);
});

test('the PostgreSQL pool and the import concurrency are checked together at start', () => {
  const defaults = loadSettings({});
  assert.deepEqual(defaults.limits, { poolSize: 10, importConcurrency: 4 });
  assert.deepEqual(loadSettings({ WARD_DB: 'postgres://u@h/d', WARD_DB_POOL_SIZE: '40', WARD_IMPORT_CONCURRENCY: '20' }).limits, { poolSize: 40, importConcurrency: 20 });
  assert.throws(
    () => loadSettings({ WARD_DB: 'postgres://u@h/d', WARD_DB_POOL_SIZE: '10', WARD_IMPORT_CONCURRENCY: '6' }),
    (error: unknown) => error instanceof WardError && error.code === 'CONFIG_INVALID' && /WARD_IMPORT_CONCURRENCY: must be at most half of WARD_DB_POOL_SIZE \(10\)/.test(error.message),
  );
  // SQLite has one connection: no pool to share, so only the ranges apply.
  assert.equal(loadSettings({ WARD_DB: 'sqlite:/tmp/a.db', WARD_IMPORT_CONCURRENCY: '6' }).limits.importConcurrency, 6);
  assert.throws(
    () => loadSettings({ WARD_DB_POOL_SIZE: '1', WARD_IMPORT_CONCURRENCY: '0' }),
    (error: unknown) => error instanceof WardError && /WARD_DB_POOL_SIZE/.test(error.message) && /WARD_IMPORT_CONCURRENCY/.test(error.message),
  );
});
