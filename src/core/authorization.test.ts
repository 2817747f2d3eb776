import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actions, can, readableOrganisations, type Action } from './authorization.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

const own = 'org-own';
const other = 'org-other';

function user(role: Role, organisationId: string | null = null, assigned: string[] = []): Principal {
  return { type: 'user', userId: `u-${role}`, label: role, role, organisationId, assignedOrganisationIds: assigned };
}

const organisationActions = (Object.keys(actions) as Action[]).filter((a) => actions[a] === 'organisation');

test('no organisation user can act on another organisation, whatever the action', () => {
  for (const role of ['org-admin', 'org-member'] as const) {
    for (const action of organisationActions) assert.equal(can(user(role, own), action, other), false, `${role} ${action}`);
  }
  for (const action of organisationActions) assert.equal(can(user('assessor', null, [own]), action, other), false, `assessor ${action}`);
});

test('national admin may do everything; national analyst only reads', () => {
  for (const action of Object.keys(actions) as Action[]) assert.equal(can(user('national-admin'), action, own), true, action);
  const analyst = user('national-analyst');
  assert.equal(can(analyst, 'org:read', other), true);
  assert.equal(can(analyst, 'audit:read-national'), true);
  for (const write of ['org:create', 'org:update', 'user:create', 'user:create-national', 'token:create', 'token:revoke', 'import:create', 'audit:verify'] as const) {
    assert.equal(can(analyst, write, own), false, write);
  }
});

test('organisation admins manage their own users and tokens; members only read', () => {
  const admin = user('org-admin', own);
  for (const action of ['org:read', 'user:list', 'user:create', 'token:create', 'token:revoke', 'import:create'] as const) assert.equal(can(admin, action, own), true, action);
  assert.equal(can(admin, 'org:update', own), false);
  assert.equal(can(admin, 'user:create-national'), false);
  const member = user('org-member', own);
  assert.equal(can(member, 'org:read', own), true);
  for (const action of ['user:list', 'token:list', 'token:create', 'import:create', 'audit:read'] as const) assert.equal(can(member, action, own), false, action);
  assert.equal(can(member, 'import:list', own), true, 'members see what was imported');
  assert.equal(can(admin, 'import:list', own), true);
});

test('assessors read only the organisations assigned to them', () => {
  const assessor = user('assessor', null, [own]);
  assert.equal(can(assessor, 'org:read', own), true);
  assert.equal(can(assessor, 'org:read', other), false);
  assert.deepEqual(readableOrganisations(assessor), [own]);
});

test('an ingest token can only import into its own organisation and read nothing', () => {
  const token: Principal = { type: 'token', tokenId: 't', label: 'token', organisationId: own, capabilities: ['ingest'] };
  assert.equal(can(token, 'import:create', own), true);
  assert.equal(can(token, 'import:create', other), false);
  assert.equal(can(token, 'org:read', own), false);
  assert.deepEqual(readableOrganisations(token), []);
  assert.equal(can(token, 'import:list', own), false, 'an ingest token cannot list imports');
});

test('import lists are for the organisation, national roles and read tokens only', () => {
  const reader: Principal = { type: 'token', tokenId: 't', label: 'token', organisationId: own, capabilities: ['read'] };
  assert.equal(can(reader, 'import:list', own), true);
  assert.equal(can(reader, 'import:list', other), false);
  assert.equal(can(user('national-analyst'), 'import:list', other), true);
  assert.equal(can(user('org-member', own), 'import:list', other), false);
  assert.equal(can(user('assessor', null, [own]), 'import:list', own), false);
});

test('exposure is read by the organisation, its assessors, national roles and read tokens; never across organisations', () => {
  for (const role of ['org-admin', 'org-member'] as const) {
    assert.equal(can(user(role, own), 'exposure:read', own), true, role);
    assert.equal(can(user(role, own), 'exposure:read', other), false, role);
  }
  assert.equal(can(user('assessor', null, [own]), 'exposure:read', own), true);
  assert.equal(can(user('assessor', null, [own]), 'exposure:read', other), false);
  assert.equal(can(user('national-analyst'), 'exposure:read', other), true);
  assert.equal(can(user('national-admin'), 'exposure:read', other), true);
  const reader: Principal = { type: 'token', tokenId: 't', label: 'token', organisationId: own, capabilities: ['read'] };
  const ingest: Principal = { ...reader, capabilities: ['ingest'] };
  assert.equal(can(reader, 'exposure:read', own), true);
  assert.equal(can(reader, 'exposure:read', other), false);
  assert.equal(can(ingest, 'exposure:read', own), false);
});

test('an organisation action without an organisation is refused', () => {
  assert.equal(can(user('org-admin', own), 'org:read', null), false);
});

test('vulnerability intelligence is read by every signed-in role and loaded only by a national admin', () => {
  const everyone = [user('national-admin'), user('national-analyst'), user('org-admin', own), user('org-member', own), user('assessor', null, [own])];
  for (const principal of everyone) assert.equal(can(principal, 'intel:read'), true, principal.type === 'user' ? principal.role : '');
  assert.deepEqual(everyone.map((principal) => can(principal, 'intel:load')), [true, false, false, false, false]);
  const token: Principal = { type: 'token', tokenId: 't', label: 'token', organisationId: own, capabilities: ['ingest', 'read'] };
  assert.equal(can(token, 'intel:load'), false);
});

test('devices are listed by whoever may list imports; the national figures only by national roles', () => {
  const principals: Principal[] = [user('national-admin'), user('national-analyst'), user('org-admin', own), user('org-member', own), user('assessor', null, [own])];
  assert.deepEqual(principals.map((principal) => can(principal, 'device:list', own)), [true, true, true, true, false]);
  assert.deepEqual(principals.map((principal) => can(principal, 'national:read')), [true, true, false, false, false]);
  assert.equal(can(user('org-member', own), 'device:list', other), false);
  const reader: Principal = { type: 'token', tokenId: 't', label: 'token', organisationId: own, capabilities: ['read'] };
  assert.equal(can(reader, 'device:list', own), true);
  assert.equal(can({ ...reader, capabilities: ['ingest'] }, 'device:list', own), false);
});
