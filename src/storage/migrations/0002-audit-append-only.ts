import { sql, type Kysely, type Migration } from 'kysely';
import type { EngineCapabilities } from '../capabilities.js';

// Triggers are engine-specific SQL: the schema builder has no portable form for them. They make the
// audit log append-only for the application; `ward audit verify` catches what a database superuser
// could still do by disabling them.
export function auditAppendOnly(capabilities: EngineCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (capabilities.plpgsqlTriggers) {
        await sql`
          create function ward_audit_log_refuse_change() returns trigger language plpgsql as $$
          begin
            raise exception 'audit_log is append-only';
          end $$`.execute(db);
        await sql`
          create trigger audit_log_no_update before update or delete on audit_log
          for each row execute function ward_audit_log_refuse_change()`.execute(db);
      } else {
        await sql`
          create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        await sql`
          create trigger audit_log_no_delete before delete on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (capabilities.plpgsqlTriggers) {
        await sql`drop trigger audit_log_no_update on audit_log`.execute(db);
        await sql`drop function ward_audit_log_refuse_change()`.execute(db);
      } else {
        await sql`drop trigger audit_log_no_update`.execute(db);
        await sql`drop trigger audit_log_no_delete`.execute(db);
      }
    },
  };
}
