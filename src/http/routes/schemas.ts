import { z } from 'zod';
import { organisationKinds } from '../../core/organisation.js';
import { roles, tokenCapabilities } from '../../core/roles.js';

/** Shapes shared by several routes. Unknown keys are refused: a typo must not be silently ignored. */
export const odsCodeParams = z.object({ code: z.string().min(1).max(20) }).strict();
export const organisationKind = z.enum(organisationKinds);
export const role = z.enum(roles);
export const capability = z.enum(tokenCapabilities);
export const newPassword = z.string().min(1).max(1024);
export const email = z.string().min(3).max(254);
export const uuid = z.uuid();
