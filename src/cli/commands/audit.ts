import type { Command } from 'commander';
import { WardError } from '../../core/errors.js';
import { verifyAudit } from '../../services/audit/verify-audit.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the append-only audit log');

  audit
    .command('verify')
    .description('check every audit entry against its hash and its predecessor')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withCommandContext(options, ({ services, actor }) => verifyAudit(services, actor));
      report(options, result, () =>
        result.ok
          ? `Audit log intact: ${result.rows} entries, last #${result.lastSeq ?? 0} ${result.lastHash ?? ''}`
          : `Audit log TAMPERED: ${result.problems.map((p) => `#${p.seq} ${p.problem}`).join(', ')}`,
      );
      if (!result.ok) {
        throw new WardError('AUDIT_TAMPERED', `The audit log fails verification at ${result.problems.length} place(s)`, { reported: true });
      }
    });
}
