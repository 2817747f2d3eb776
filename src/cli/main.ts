import { Command, CommanderError } from 'commander';
import { isWardError, WardError } from '../core/errors.js';
import { exitCodeByCode, usageExitCode } from './exit-codes.js';
import { databaseUnreachable } from '../storage/database-errors.js';

type Register = (program: Command) => void;

/**
 * Each top-level command and the module that registers it. Only the invoked command's module is
 * loaded, so `ward org list` does not pay for the web server, the PDF library or the parsers; help
 * and unknown commands load them all.
 */
const commandModules: [names: string[], load: () => Promise<Register>][] = [
  [['serve'], async () => (await import('./commands/serve.js')).registerServeCommand],
  [['migrate'], async () => (await import('./commands/migrate.js')).registerMigrateCommand],
  [['demo'], async () => (await import('./commands/demo.js')).registerDemoCommand],
  [['org'], async () => (await import('./commands/org.js')).registerOrgCommands],
  [['user'], async () => (await import('./commands/user.js')).registerUserCommands],
  [['token'], async () => (await import('./commands/token.js')).registerTokenCommands],
  [['audit'], async () => (await import('./commands/audit.js')).registerAuditCommands],
  [['backup', 'restore'], async () => (await import('./commands/backup.js')).registerBackupCommands],
  [['intel'], async () => (await import('./commands/intel.js')).registerIntelCommands],
  [['vulns'], async () => (await import('./commands/vulns.js')).registerVulnsCommand],
  [['exposure'], async () => (await import('./commands/exposure.js')).registerExposureCommand],
  [['import'], async () => (await import('./commands/import.js')).registerImportCommand],
  [['connect'], async () => (await import('./commands/connect.js')).registerConnectCommands],
  [['assess', 'national', 'sample', 'manual-result'], async () => (await import('./commands/assess.js')).registerAssessCommands],
  [['alert'], async () => (await import('./commands/alert.js')).registerAlertCommands],
  [['webhook'], async () => (await import('./commands/webhook.js')).registerWebhookCommands],
  [['worker'], async () => (await import('./commands/worker.js')).registerWorkerCommand],
  [['contact', 'plan', 'exercise', 'action'], async () => (await import('./commands/readiness.js')).registerReadinessCommands],
  [['drill'], async () => (await import('./commands/drill.js')).registerDrillCommands],
  [['incident'], async () => (await import('./commands/incident.js')).registerIncidentCommands],
  [['report'], async () => (await import('./commands/report.js')).registerReportCommands],
];

/** The first word that is neither an option nor the value of `--db`: the command the user asked for. */
function invokedCommand(argv: string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] ?? '';
    if (word === '--db') index += 1;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('ward')
    .description('Ward: cyber-security assurance for healthcare organisations')
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (default ./ward-data/ward.db; or WARD_DB)')
    .option('--json', 'print exactly one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  const name = invokedCommand(argv);
  const invoked = commandModules.find(([names]) => name !== undefined && names.includes(name));
  const wanted = invoked ? [invoked] : commandModules;
  const registers = await Promise.all(wanted.map(([, load]) => load()));
  for (const register of registers) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander but successes to the user.
      return error.exitCode === 0 ? 0 : usageExitCode;
    }
    const wardError = isWardError(error) ? error : databaseUnreachable(error) ?? new WardError('INTERNAL', error instanceof Error ? error.message : String(error), {}, { cause: error });
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
