/**
 * Microsoft Entra ID authentication methods registration: Microsoft Graph
 * `GET /reports/authenticationMethods/userRegistrationDetails` (v1.0 or beta), pages as the API
 * returns them (see entra-pages.ts). One cloud-account record per user, with its role (`isAdmin`)
 * and whether it can be asked for a second factor at all: `isMfaCapable` (a strong method is
 * registered AND allowed by the tenant's authentication methods policy) gives `capable`;
 * otherwise `not-capable`, saying whether nothing was registered or the registered methods are
 * not allowed. Registration is not enforcement: docs/formats/entra-id.md says how Ward weighs it
 * against sign-in logs (entra-signins.ts). Guests register in their home tenant, so a guest
 * without MFA here is `unknown`, not a failure.
 * Reference: https://learn.microsoft.com/graph/api/resources/userregistrationdetails
 */
import type { Readable } from 'node:stream';
import type { CloudAccountRecord, EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import { detectGraph, readGraphRows, type GraphCollection } from './entra-pages.js';
import { graphFlag, graphText, tenantAssetRef, tenantRecords } from './entra-tenant.js';

const collection: GraphCollection = {
  label: 'userRegistrationDetails',
  context: /userRegistrationDetails/i,
  identifying: ['isMfaRegistered', 'isMfaCapable', 'methodsRegistered'],
};

const source = 'entra:userRegistrationDetails';

export const entraRegistrationFormat: EvidenceFormat = {
  id: 'entra-registration',
  label: 'Microsoft Entra ID MFA registration (Graph userRegistrationDetails JSON)',
  version: 1,
  extensions: ['.json', '.json.gz'],
  detect: (sample) => detectGraph(sample.head, collection.context, ['isMfaRegistered', 'isMfaCapable']),
  parse,
};

async function* parse(input: Readable, context: ParseContext): AsyncGenerator<EvidenceRecord> {
  const accounts: CloudAccountRecord[] = [];
  const seen = new Set<string>();
  for await (const item of readGraphRows(input, context, collection)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const id = graphText(row.id);
    const upn = graphText(row.userPrincipalName);
    if (id === undefined || upn === undefined) {
      yield { kind: 'warning', message: 'row has no id or userPrincipalName; skipped', location };
      continue;
    }
    if (seen.has(id.toLowerCase())) {
      yield { kind: 'warning', message: `user ${id} is listed twice; the later row is skipped`, location };
      continue;
    }
    seen.add(id.toLowerCase());
    const isAdmin = graphFlag(row.isAdmin);
    const userType = graphText(row.userType)?.toLowerCase();
    const methods = Array.isArray(row.methodsRegistered) ? row.methodsRegistered.map(graphText).filter((m): m is string => m !== undefined) : [];
    const displayName = graphText(row.userDisplayName);
    accounts.push({
      kind: 'cloud-account',
      assetRef: tenantAssetRef,
      accountId: id,
      userPrincipalName: upn,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(isAdmin !== undefined ? { role: isAdmin ? 'admin' : 'user' } : {}),
      ...(userType === 'member' || userType === 'guest' ? { userType } : {}),
      ...judge(graphFlag(row.isMfaRegistered), graphFlag(row.isMfaCapable), methods, userType === 'guest'),
      methods,
      source,
      location,
    });
  }
  yield* tenantRecords(accounts, context.fileName);
}

function judge(registered: boolean | undefined, capable: boolean | undefined, methods: readonly string[], guest: boolean): Pick<CloudAccountRecord, 'mfaState' | 'mfaJudgedBy'> {
  const listed = methods.length > 0 ? ` (${methods.join(', ')})` : '';
  if (capable === true) return { mfaState: 'capable', mfaJudgedBy: `registration report: MFA capable${listed}` };
  if (guest) return { mfaState: 'unknown', mfaJudgedBy: 'registration report: a guest registers MFA in its home tenant, which this report does not show' };
  if (capable === false && registered === true) return { mfaState: 'not-capable', mfaJudgedBy: `registration report: methods registered${listed} but none allowed by the authentication methods policy` };
  if (capable === false || registered === false) return { mfaState: 'not-capable', mfaJudgedBy: 'registration report: no MFA method registered' };
  return { mfaState: 'unknown', mfaJudgedBy: 'registration report: isMfaCapable not given' };
}
