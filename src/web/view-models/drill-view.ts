/** The drill pages' view models: the list, the report's figures, the acknowledgement-time bands and the per-organisation table. */
import type { DrillOrganisationResult, DrillReport, DrillSummary } from '../../services/drills/drill-report.js';
import type { ExportCell } from '../exports/table-export.js';
import { formatDateTime, formatNumber } from '../format.js';
import { escapeHtml, link } from './html.js';

export const drillStateLabels: Record<DrillSummary['state'], { text: string; classes: string }> = {
  open: { text: 'Open', classes: 'nhsuk-tag--blue' },
  'window-ended': { text: 'Window ended', classes: 'nhsuk-tag--yellow' },
  closed: { text: 'Closed', classes: 'nhsuk-tag--grey' },
};

export const channelLabels: Record<string, string> = { email: 'E-mail', 'alt-email': 'Out-of-band e-mail', webhook: 'Webhook' };

export const drillStateTag = (state: DrillSummary['state']) => `<strong class="nhsuk-tag ${drillStateLabels[state].classes}">${escapeHtml(drillStateLabels[state].text)}</strong>`;

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${formatNumber(Math.round((part / whole) * 1000) / 10)} %`);

export function drillListRows(drills: readonly DrillSummary[]) {
  return drills.map((d) => [
    { html: link(`/drills/${encodeURIComponent(d.reference)}`, d.reference) },
    { text: d.title },
    { text: formatDateTime(d.startedAt) },
    { text: formatDateTime(d.windowEndsAt) },
    { html: drillStateTag(d.state) },
    { text: `${formatNumber(d.reached)} of ${formatNumber(d.organisations)}`, format: 'numeric' },
    { text: percent(d.reached, d.organisations), format: 'numeric' },
  ]);
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 90) return `${seconds} seconds`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round((seconds / 3600) * 10) / 10} hours`;
}

/** Bands of time from the drill's start to an organisation's first acknowledgement, upper bounds in seconds. */
const bands: { label: string; upTo: number }[] = [
  { label: 'Within 15 minutes', upTo: 15 * 60 },
  { label: '15 to 60 minutes', upTo: 3600 },
  { label: '1 to 4 hours', upTo: 4 * 3600 },
  { label: '4 to 24 hours', upTo: 24 * 3600 },
  { label: 'Over 24 hours', upTo: Number.POSITIVE_INFINITY },
];

/** Organisations per band of time to acknowledge, and those with none yet. */
export function acknowledgementBands(organisations: readonly DrillOrganisationResult[]): { label: string; organisations: number }[] {
  const counts = bands.map((band) => ({ label: band.label, organisations: 0 }));
  let none = 0;
  for (const o of organisations) {
    if (o.secondsToAcknowledge === null) none += 1;
    else {
      const index = bands.findIndex((band) => (o.secondsToAcknowledge ?? 0) <= band.upTo);
      const count = counts[index];
      if (count) count.organisations += 1;
    }
  }
  return [...counts, { label: 'Not acknowledged', organisations: none }];
}

export function organisationResult(o: DrillOrganisationResult): string {
  if (o.reached) return `Acknowledged in ${duration(o.secondsToAcknowledge)}`;
  if (o.messages === 0) return 'No contact to message';
  return o.notReached ? 'Not reached' : 'Awaiting acknowledgement';
}

export const drillOrganisationShows = ['not-acknowledged', 'all'] as const;
export type DrillOrganisationShow = (typeof drillOrganisationShows)[number];

export function drillOrganisations(report: DrillReport, show: DrillOrganisationShow): DrillOrganisationResult[] {
  return show === 'all' ? report.organisations : report.organisations.filter((o) => !o.reached);
}

export function drillOrganisationRows(organisations: readonly DrillOrganisationResult[]) {
  return organisations.map((o) => [
    { html: link(`/organisations/${encodeURIComponent(o.odsCode)}`, o.name) },
    { text: o.odsCode },
    { text: formatNumber(o.messages), format: 'numeric' },
    { text: organisationResult(o) },
    { text: o.firstChannel ? (channelLabels[o.firstChannel] ?? o.firstChannel) : '–' },
    { text: o.acknowledgedBy ?? '–' },
  ]);
}

/** The per-organisation table as the CSV/XLSX export writes it. */
export const drillExportColumns: { header: string; width: number; value: (o: DrillOrganisationResult) => ExportCell }[] = [
  { header: 'ODS code', width: 10, value: (o) => o.odsCode },
  { header: 'Organisation', width: 60, value: (o) => o.name },
  { header: 'Messages', width: 10, value: (o) => o.messages },
  { header: 'Result', width: 30, value: organisationResult },
  { header: 'First acknowledged at', width: 26, value: (o) => o.firstAcknowledgedAt },
  { header: 'Seconds to acknowledge', width: 14, value: (o) => o.secondsToAcknowledge },
  { header: 'First channel', width: 14, value: (o) => o.firstChannel },
  { header: 'Acknowledged by', width: 40, value: (o) => o.acknowledgedBy },
];

export function channelRows(report: DrillReport) {
  return report.byChannel.map((c) => [
    { text: channelLabels[c.channel] ?? c.channel },
    { text: formatNumber(c.messages), format: 'numeric' },
    { text: formatNumber(c.delivered), format: 'numeric' },
    { text: formatNumber(c.failed), format: 'numeric' },
    { text: formatNumber(c.pending), format: 'numeric' },
    { text: formatNumber(c.acknowledged), format: 'numeric' },
    { text: c.acknowledgedPercent === null ? '–' : `${formatNumber(c.acknowledgedPercent)} %`, format: 'numeric' },
  ]);
}
