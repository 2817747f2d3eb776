import type { Command } from 'commander';
import { listOrganisationExposure } from '../../services/exposure/list-organisation-exposure.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

export function registerExposureCommand(program: Command): void {
  program
    .command('exposure')
    .description("an organisation's exposed devices per CVE (from its current evidence), with the reason each matched")
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const result = await withCommandContext(options, ({ services, actor }) => listOrganisationExposure(services, actor, options.org));
      report(options, result, () => {
        const lines = [`${result.organisation.name} (${result.organisation.odsCode}): ${result.exposedDevices} of ${result.devices} device(s) exposed to ${result.vulnerabilities.length} CVE(s)`];
        if (result.vulnerabilities.length > 0) {
          lines.push(
            table(
              ['CVE', 'KEV', 'CVSS3', 'EPSS', 'FIX', 'DEVICE', 'SUBJECT', 'REASON'],
              result.vulnerabilities.flatMap((v) =>
                v.devices.map((d, k) => [k === 0 ? v.cve : '', k === 0 && v.kev ? 'yes' : '', k === 0 ? (v.cvssV3?.toFixed(1) ?? '') : '', k === 0 ? (v.epss?.toString() ?? '') : '', k === 0 ? (v.fixReleasedOn ?? v.fixedVersion ?? '') : '', d.hostname ?? d.deviceId, d.subject, d.reason]),
              ),
            ),
          );
        }
        if (result.unsupportedSystems.length > 0) lines.push(`Unsupported operating systems: ${result.unsupportedSystems.map((u) => `${u.hostname ?? u.deviceId} (${u.os}, ${u.cycle}, support ended ${u.supportEndedOn})`).join('; ')}`);
        if (result.unmapped.length > 0) lines.push(`Unmapped software (not matched): ${result.unmapped.map((u) => `${u.name}${u.version ? ` ${u.version}` : ''} ×${u.devices}`).join('; ')}`);
        return lines.join('\n');
      });
    });
}
