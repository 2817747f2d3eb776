import type { Command } from 'commander';
import { roles } from '../../core/roles.js';
import { WardError } from '../../core/errors.js';
import { addUser } from '../../services/users/add-user.js';
import { unlockUser } from '../../services/users/unlock-user.js';
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
}
