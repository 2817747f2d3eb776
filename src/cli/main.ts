import { Command, CommanderError } from 'commander';
import { isWardError, WardError } from '../core/errors.js';
import { registerAssessCommands } from './commands/assess.js';
import { registerAlertCommands } from './commands/alert.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerConnectCommands } from './commands/connect.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerExposureCommand } from './commands/exposure.js';
import { registerIntelCommands } from './commands/intel.js';
import { registerImportCommand } from './commands/import.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerOrgCommands } from './commands/org.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTokenCommands } from './commands/token.js';
import { registerUserCommands } from './commands/user.js';
import { registerVulnsCommand } from './commands/vulns.js';
import { registerWebhookCommands } from './commands/webhook.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerDrillCommands } from './commands/drill.js';
import { registerIncidentCommands } from './commands/incident.js';
import { registerReadinessCommands } from './commands/readiness.js';
import { registerNationalReportCommand } from './commands/report-national.js';
import { exitCodeByCode, usageExitCode } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('ward')
    .description('Ward: cyber-security assurance for healthcare organisations')
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (default ./ward-data/ward.db; or WARD_DB)')
    .option('--json', 'print exactly one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerDemoCommand(program);
  registerOrgCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerAuditCommands(program);
  registerIntelCommands(program);
  registerVulnsCommand(program);
  registerExposureCommand(program);
  registerImportCommand(program);
  registerConnectCommands(program);
  registerAssessCommands(program);
  registerAlertCommands(program);
  registerWebhookCommands(program);
  registerWorkerCommand(program);
  registerReadinessCommands(program);
  registerDrillCommands(program);
  registerNationalReportCommand(program);
  registerIncidentCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander but successes to the user.
      return error.exitCode === 0 ? 0 : usageExitCode;
    }
    const wardError = isWardError(error) ? error : new WardError('INTERNAL', error instanceof Error ? error.message : String(error), {}, { cause: error });
    if (!wardError.details.reported) {
      const body = json ? JSON.stringify({ error: { code: wardError.code, message: wardError.message, ...detailsFor(wardError) } }) : `ward: ${wardError.message}`;
      process.stderr.write(`${body}\n`);
    }
    if (wardError.code === 'INTERNAL' && process.env.WARD_DEBUG === '1') console.error(error);
    return exitCodeByCode[wardError.code];
  }
}

function detailsFor(error: WardError): { details?: Record<string, unknown> } {
  const rest = Object.fromEntries(Object.entries(error.details).filter(([key]) => key !== 'reported'));
  return Object.keys(rest).length ? { details: rest } : {};
}

const exitCode = await runCli(process.argv.slice(2));
// serve keeps the event loop alive; every other command ends here.
if (exitCode !== 0 || !process.argv.slice(2).some((a) => a === 'serve' || a === 'worker')) process.exitCode = exitCode;
