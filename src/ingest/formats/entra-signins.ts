/**
 * Microsoft Entra ID sign-in logs: Microsoft Graph `GET /auditLogs/signIns` (v1.0 or beta), pages
 * as the API returns them (see entra-pages.ts). What Ward reads is whether MFA was REQUIRED when
 * the account actually signed in (`authenticationRequirement`): per account, over the successful
 * interactive sign-ins of the file, `enforced` when every one required MFA and `not-enforced`
 * when any needed a single factor only. Failed sign-ins (`status.errorCode` other than 0: wrong
 * password, unknown user, blocked) prove nothing about the account's MFA and are left out, as are
 * non-interactive ones (token refreshes inherit the interactive sign-in's claims). A row with no
 * error code is a sign-in that happened (Microsoft's own example of a password-only sign-in has
 * `"status": {}`). Accounts are kept in memory until the end of the file (one small entry per
 * account, not per sign-in). Sign-in logs carry no roles: combine with entra-registration.
 * Reference: https://learn.microsoft.com/graph/api/resources/signin
 */
import type { Readable } from 'node:stream';
import type { CloudAccountRecord, EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { isJsonObject } from '../text/json-values.js';
import { detectGraph, readGraphRows, type GraphCollection } from './entra-pages.js';
import { graphFlag, graphText, tenantAssetRef, tenantRecords } from './entra-tenant.js';

const collection: GraphCollection = {
  label: 'auditLogs/signIns',
  context: /auditLogs\/signIns/i,
  identifying: ['authenticationRequirement', 'appDisplayName', 'createdDateTime'],
};

const source = 'entra:signIns';

type Tally = { id: string; upn: string; displayName?: string; guest: boolean; mfa: number; single: number; unknown: number; lastSingle?: string; location: SourceLocation };

export const entraSignInsFormat: EvidenceFormat = {
  id: 'entra-signins',
  label: 'Microsoft Entra ID sign-in logs (Graph auditLogs/signIns JSON)',
  version: 1,
  extensions: ['.json', '.json.gz'],
  detect: (sample) => detectGraph(sample.head, collection.context, ['authenticationRequirement']),
  parse,
};

async function* parse(input: Readable, context: ParseContext): AsyncGenerator<EvidenceRecord> {
  const tallies = new Map<string, Tally>();
  for await (const item of readGraphRows(input, context, collection)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const upn = graphText(row.userPrincipalName);
    const id = graphText(row.userId) ?? upn;
    if (id === undefined || upn === undefined) {
      yield { kind: 'warning', message: 'sign-in has no userId or userPrincipalName; skipped', location };
      continue;
    }
    if (graphFlag(row.isInteractive) === false) continue;
    const status = isJsonObject(row.status) ? row.status : {};
    const errorCode = status.errorCode;
    if (errorCode !== undefined && errorCode !== null && errorCode !== 0 && errorCode !== '0') continue;
    const key = id.toLowerCase();
    let tally = tallies.get(key);
    if (tally === undefined) {
      const displayName = graphText(row.userDisplayName);
      tally = { id, upn, ...(displayName !== undefined ? { displayName } : {}), guest: graphText(row.userType)?.toLowerCase() === 'guest', mfa: 0, single: 0, unknown: 0, location };
      tallies.set(key, tally);
    }
    const requirement = graphText(row.authenticationRequirement)?.toLowerCase();
    if (requirement === 'multifactorauthentication') tally.mfa += 1;
    else if (requirement === 'singlefactorauthentication') {
      tally.single += 1;
      const when = graphText(row.createdDateTime);
      const app = graphText(row.appDisplayName);
      if (tally.lastSingle === undefined) tally.lastSingle = [app, when].filter((v) => v !== undefined).join(' at ');
    } else tally.unknown += 1;
  }
  yield* tenantRecords([...tallies.values()].map(accountOf), context.fileName);
}

function accountOf(t: Tally): CloudAccountRecord {
  const total = t.mfa + t.single + t.unknown;
  const judged: Pick<CloudAccountRecord, 'mfaState' | 'mfaJudgedBy'> =
    t.single > 0
      ? { mfaState: 'not-enforced', mfaJudgedBy: `sign-in logs: ${t.single} of ${total} successful interactive sign-ins needed a single factor only${t.lastSingle ? ` (e.g. ${t.lastSingle})` : ''}` }
      : t.mfa > 0
        ? { mfaState: 'enforced', mfaJudgedBy: `sign-in logs: ${t.mfa} of ${total} successful interactive sign-ins required MFA${t.unknown > 0 ? `, ${t.unknown} did not say` : ''}` }
        : { mfaState: 'unknown', mfaJudgedBy: `sign-in logs: ${total} successful interactive sign-ins, none saying which factors were required` };
  return {
    kind: 'cloud-account',
    assetRef: tenantAssetRef,
    accountId: t.id,
    userPrincipalName: t.upn,
    ...(t.displayName !== undefined ? { displayName: t.displayName } : {}),
    ...(t.guest ? { userType: 'guest' as const } : {}),
    ...judged,
    source,
    location: t.location,
  };
}
