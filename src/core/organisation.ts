import { invalidInput } from './errors.js';

export const organisationKinds = ['trust', 'icb', 'gp-practice', 'other'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export type Organisation = {
  id: string;
  odsCode: string;
  name: string;
  kind: OrganisationKind;
  region: string | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * ODS codes are 3 to 6 letters and digits: trusts such as RJ1 or R0A, newer trusts such as G6V2S,
 * ICBs such as QOP, GP practices such as A81001. Codes are upper case; lower case input is accepted
 * and normalised because people type them.
 */
const odsPattern = /^[A-Z0-9]{3,6}$/;

export function normaliseOdsCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!odsPattern.test(code)) {
    throw invalidInput(`"${raw.slice(0, 40)}" is not an ODS code (3 to 6 letters or digits, e.g. RJ1)`, { odsCode: 'malformed' });
  }
  return code;
}

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (organisationKinds as readonly string[]).includes(value);
}
