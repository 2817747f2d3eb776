import type { Command } from 'commander';
import { findVulnerabilities, type Vulnerability } from '../../services/intel/find-vulnerabilities.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

function score(v: Vulnerability): string {
  const best = v.cvss.v4 ?? v.cvss.v3 ?? v.cvss.v2;
  return best ? best.score.toFixed(1) : '';
}

export function registerVulnsCommand(program: Command): void {
  program
    .command('vulns')
    .description('the CVEs that apply to one product version, with CVSS, KEV, EPSS, fix date and the reason')
    .option('--cpe <cpe>', 'a CPE 2.3 formatted string, e.g. cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*')
    .option('--product <vendor:product:version>', 'e.g. apache:log4j:2.14.1')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { cpe?: string; product?: string }>();
      const result = await withCommandContext(options, ({ services, actor }) => findVulnerabilities(services, actor, { cpe: options.cpe, product: options.product }));
      report(options, result, () =>
        result.vulnerabilities.length === 0
          ? `No loaded CVE applies to ${result.platforms.join(' or ')} (${result.candidates} candidate CVE(s) checked)`
          : `${table(
              ['CVE', 'CVSS', 'KEV', 'EPSS', 'FIX', 'REASON'],
              result.vulnerabilities.map((v) => [
                v.cve,
                score(v),
                v.kev ? `added ${v.kev.dateAdded}, due ${v.kev.dueDate}${v.kev.ransomware === 'Known' ? ', ransomware' : ''}` : '',
                v.epss ? `${v.epss.score} (p${v.epss.percentile})` : '',
                v.fix ? `${v.fix.precision === 'released' ? '' : '<= '}${v.fix.date} (${v.fix.source})` : '',
                v.reason,
              ]),
            )}\n${result.vulnerabilities.length} of ${result.candidates} candidate CVE(s) apply`,
      );
    });
}
