import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { WardError } from '../core/errors.js';
import { databaseUnreachable } from './database-errors.js';

const pgUrl = process.env.WARD_TEST_PG_URL;

describe('database errors that mean "try again later"', () => {
  it('a refused connection becomes DB_UNREACHABLE; an ordinary error does not', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
    const refused = await pool.connect().then(
      () => null,
      (error: unknown) => error,
    );
    await pool.end();
    assert.equal(databaseUnreachable(refused)?.code, 'DB_UNREACHABLE');
    assert.equal(databaseUnreachable(new Error('duplicate key value violates unique constraint')), null);
    assert.equal(databaseUnreachable(new WardError('NOT_FOUND', 'no such organisation')), null);
  });

  it('a pool with every connection busy past its time-out becomes DB_UNREACHABLE (503), not an internal error', { skip: pgUrl ? false : 'no PostgreSQL (WARD_TEST_PG_URL)' }, async () => {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      const waited = await pool.connect().then(
        (client) => {
          client.release();
          return null;
        },
        (error: unknown) => error,
      );
      const mapped = databaseUnreachable(waited);
      assert.equal(mapped?.code, 'DB_UNREACHABLE');
      assert.match(mapped?.message ?? '', /busy/);
    } finally {
      held.release();
      await pool.end();
    }
  });
});
