/**
 * The one list of evidence formats Ward reads. Adding a format is one import and one line in
 * `registeredFormats` (kept in id order); a duplicate id is refused when this module loads, so two
 * parsers can never silently compete for the same files.
 */
import { WardError } from '../../core/errors.js';
import type { EvidenceFormat } from '../evidence-format.js';
import { cycloneDxJsonFormat } from './cyclonedx-json.js';
import { cycloneDxXmlFormat } from './cyclonedx-xml.js';
import { defenderAvHealthFormat } from './defender-av-health.js';
import { defenderMachinesFormat } from './defender-machines.js';
import { defenderSecureConfigFormat } from './defender-secure-config.js';
import { defenderSoftwareFormat } from './defender-software.js';
import { defenderVulnerabilitiesFormat } from './defender-vulnerabilities.js';
import { deviceInventoryCsvFormat } from './device-inventory-csv.js';
import { entraRegistrationFormat } from './entra-registration.js';
import { entraSignInsFormat } from './entra-signins.js';
import { lynisFormat } from './lynis.js';
import { nessusFormat } from './nessus.js';
import { nmapFormat } from './nmap.js';
import { openvasFormat } from './openvas.js';
import { osqueryFormat } from './osquery.js';
import { qualysAssetReportFormat } from './qualys-asset-report.js';
import { qualysScanReportFormat } from './qualys-scan-report.js';

const registeredFormats: readonly EvidenceFormat[] = [
  cycloneDxJsonFormat,
  cycloneDxXmlFormat,
  defenderAvHealthFormat,
  defenderMachinesFormat,
  defenderSecureConfigFormat,
  defenderSoftwareFormat,
  defenderVulnerabilitiesFormat,
  deviceInventoryCsvFormat,
  entraRegistrationFormat,
  entraSignInsFormat,
  lynisFormat,
  nessusFormat,
  nmapFormat,
  openvasFormat,
  osqueryFormat,
  qualysAssetReportFormat,
  qualysScanReportFormat,
];

/** Checks ids are unique and returns the formats sorted by id (detection asks them in that order). */
export function buildFormatRegistry(formats: readonly EvidenceFormat[]): readonly EvidenceFormat[] {
  const seen = new Set<string>();
  for (const format of formats) {
    if (seen.has(format.id)) throw new WardError('INTERNAL', `Evidence format "${format.id}" is registered twice`);
    seen.add(format.id);
  }
  return Object.freeze([...formats].sort((a, b) => a.id.localeCompare(b.id)));
}

export const evidenceFormats = buildFormatRegistry(registeredFormats);

export function formatIds(formats: readonly EvidenceFormat[] = evidenceFormats): string[] {
  return formats.map((format) => format.id);
}
