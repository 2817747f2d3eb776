import type { Kysely } from 'kysely';

// Second factor and OpenID Connect sign-in.
// - user_totp: one TOTP secret per user, sealed under WARD_SECRET_KEY (it must be read back to
//   check codes, so it cannot be hashed); confirmed once the user has proved they hold it;
//   last_step is the last 30-second step accepted, so the same code is never accepted twice.
// - sessions.stage: 'full' (a normal session), 'totp-pending' (password right, code still due) or
//   'totp-enrol' (a national user without a second factor: may only enrol).
// - oidc_requests: the state, nonce and PKCE verifier of a sign-in sent to the identity provider,
//   keyed by a hash of the state, consumed once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sessions').addColumn('stage', 'text', (c) => c.notNull().defaultTo('full')).execute();
  await db.schema
    .createTable('oidc_requests')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('next_path', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_requests').execute();
  await db.schema.alterTable('sessions').dropColumn('stage').execute();
  await db.schema.dropTable('user_totp').execute();
}
