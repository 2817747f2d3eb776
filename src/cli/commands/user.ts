import type { Command } from 'commander';
import { roles } from '../../core/roles.js';
import { WardError } from '../../core/errors.js';
import { addUser } from '../../services/users/add-user.js';
import { unlockUser } from '../../services/users/unlock-user.js';
import { beginTotpEnrolment } from '../../services/second-factor/begin-totp-enrolment.js';
import { confirmTotpEnrolment } from '../../services/second-factor/confirm-totp-enrolment.js';
import { resetTotp } from '../../services/second-factor/reset-totp.js';
import { findUserByEmail } from '../../services/users/find-user.js';
import { newSecret } from '../../services/ids.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';
import { readStdin } from '../read-stdin.js';

type UserAddOptions = GlobalOptions & { email: string; name: string; role: string; org?: string; assign?: string[]; passwordStdin?: boolean };

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('user accounts');

  user
    .command('add')
    .description('add a user; without --password-stdin a strong password is generated and shown once')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', roles.join(', '))
    .option('--org <code>', 'ODS code of the organisation (organisation roles)')
    .option('--assign <codes...>', 'ODS codes an assessor is assigned to')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<UserAddOptions>();
      const generated = !options.passwordStdin;
      const password = generated ? newSecret().slice(0, 24) : (await readStdin()).replace(/\r?\n$/, '');
      if (!generated && password === '') throw new WardError('INVALID_INPUT', 'No password arrived on standard input');
      const created = await withCommandContext(options, ({ services, actor }) =>
        addUser(services, actor, { email: options.email, displayName: options.name, role: options.role, odsCode: options.org ?? null, assignedOdsCodes: options.assign ?? [], password }),
      );
      const result = generated ? { ...created, password } : created;
      report(options, result, () => `Added ${created.email} (${created.role})${generated ? `\nPassword (shown once): ${password}` : ''}`);
    });

  user
    .command('unlock')
    .description('unlock an account locked after failed sign-ins')
    .argument('<id>', 'user id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withCommandContext(options, ({ services, actor }) => unlockUser(services, actor, id));
      report(options, { unlocked: id }, () => `Unlocked ${id}`);
    });

  const totp = user.command('totp').description("a user's authenticator app (TOTP second factor)");
  totp
    .command('enrol')
    .description('start setting up an authenticator: prints its otpauth:// URI and key once (needs WARD_SECRET_KEY)')
    .requiredOption('--email <email>', 'the user')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { email: string }>();
      const enrolment = await withCommandContext(options, async ({ services, actor }) => beginTotpEnrolment(services, actor, (await findUserByEmail(services, options.email)).id));
      report(options, enrolment, () => `Add this to the authenticator app (shown once):\n${enrolment.uri}\nKey: ${enrolment.secret}\nThen: ward user totp confirm --email ${options.email} --code CODE`);
    });
  totp
    .command('confirm')
    .description('confirm the authenticator with the code it shows now')
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--code <code>', '6 digits from the app')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { email: string; code: string }>();
      await withCommandContext(options, async ({ services, actor }) => confirmTotpEnrolment(services, actor, { userId: (await findUserByEmail(services, options.email)).id, code: options.code }));
      report(options, { enabled: true }, () => `The authenticator of ${options.email} is confirmed; sign-in now asks for its code`);
    });
  totp
    .command('reset')
    .description('remove the authenticator (a lost phone) and end all the user’s sessions')
    .requiredOption('--email <email>', 'the user')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { email: string }>();
      await withCommandContext(options, async ({ services, actor }) => resetTotp(services, actor, (await findUserByEmail(services, options.email)).id));
      report(options, { reset: true }, () => `Removed the authenticator of ${options.email}; they set up a new one at their next sign-in`);
    });
}
