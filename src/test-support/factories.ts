import { systemClock, type Clock } from '../core/clock.js';
import { systemActor, type Actor, type Principal } from '../core/principal.js';
import type { Organisation } from '../core/organisation.js';
import type { Role } from '../core/roles.js';
import { defaultSecuritySettings, type SecuritySettings, type ServiceContext } from '../services/context.js';
import { addOrganisation } from '../services/organisations/add-organisation.js';
import { addUser } from '../services/users/add-user.js';
import { loadUserPrincipal } from '../services/sessions/user-principal.js';
import type { WardDatabase } from '../storage/open-database.js';
import { defaultDefenderEndpoints } from '../services/connectors/connector-settings.js';

export const operator: Actor = systemActor('test');
export const testPassword = 'correct horse battery staple';

export function serviceContext(database: WardDatabase, overrides: { clock?: Clock; security?: Partial<SecuritySettings> } = {}): ServiceContext {
  return {
    database,
    clock: overrides.clock ?? systemClock,
    // National users sign in with a password alone here, so suites about other features need no
    // authenticator; the second-factor suites turn the requirement back on.
    security: { ...defaultSecuritySettings, nationalTotpRequired: false, ...overrides.security },
    // A fixed test key so connector secrets can be stored; the endpoints point nowhere real in tests that pull.
    connectors: { secretKey: Buffer.alloc(32, 7), defender: defaultDefenderEndpoints },
    // Drill messages carry links to it; nothing listens there in tests (they call the route in-process).
    publicUrl: 'https://ward.example.nhs.uk',
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-11-28T09:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

let sequence = 0;

/** ODS-shaped codes unique within a run: a letter then digits. */
export function uniqueOdsCode(): string {
  sequence += 1;
  return `T${String(sequence).padStart(4, '0')}`;
}

export async function makeOrganisation(context: ServiceContext, overrides: Partial<{ odsCode: string; name: string; region: string }> = {}): Promise<Organisation> {
  const odsCode = overrides.odsCode ?? uniqueOdsCode();
  return addOrganisation(context, operator, { odsCode, name: overrides.name ?? `Test Trust ${odsCode}`, kind: 'trust', region: overrides.region ?? 'London' });
}

export async function makeUser(
  context: ServiceContext,
  role: Role,
  options: { organisation?: Organisation; assigned?: Organisation[]; email?: string } = {},
): Promise<{ id: string; email: string; principal: Principal }> {
  sequence += 1;
  const email = options.email ?? `${role}-${sequence}-${Math.random().toString(36).slice(2, 8)}@test.ward`;
  const user = await addUser(context, operator, {
    email,
    displayName: `${role} ${sequence}`,
    role,
    odsCode: options.organisation?.odsCode ?? null,
    assignedOdsCodes: (options.assigned ?? []).map((o) => o.odsCode),
    password: testPassword,
  });
  const principal = await loadUserPrincipal(context, user.id);
  if (!principal) throw new Error('user principal not loadable');
  return { id: user.id, email, principal };
}
