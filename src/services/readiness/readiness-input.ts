import { authorize, type Action } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import type { Organisation } from '../../core/organisation.js';
import { principalId, type Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';

/** Resolves the organisation and authorises the actor on it before anything of it is read. */
export async function organisationFor(context: ServiceContext, actor: Actor, action: Action, odsCode: string): Promise<Organisation> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, action, organisation.id);
  return organisation;
}

/** Who did it, as stored beside the row: the user or token id, or the operator's label. */
export function actorLabel(actor: Actor): string {
  return principalId(actor.principal) ?? actor.principal.label;
}

/** A calendar day `YYYY-MM-DD` (a full timestamp is cut to its day). */
export function calendarDay(value: string, field: string): string {
  const day = value.trim().slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw invalidInput(`${field} must be a date such as 2026-12-31`, { [field]: 'malformed' });
  }
  return day;
}

/** An instant, stored as ISO text. */
export function instant(value: string, field: string): string {
  const parsed = new Date(value.trim());
  if (value.trim() === '' || Number.isNaN(parsed.getTime())) throw invalidInput(`${field} must be a date and time such as 2026-05-12T16:00:00Z`, { [field]: 'malformed' });
  return parsed.toISOString();
}

/** Trimmed text of 1..max characters. */
export function requiredText(value: string, field: string, max = 2000): string {
  const text = value.trim();
  if (text === '') throw invalidInput(`${field} is required`, { [field]: 'missing' });
  if (text.length > max) throw invalidInput(`${field} is longer than ${max} characters`, { [field]: 'too-long' });
  return text;
}

/** Today in UTC by the injected clock: plans and actions are judged against it. */
export function today(context: ServiceContext): string {
  return context.clock.now().toISOString().slice(0, 10);
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailAddress(value: string, field: string): string {
  const address = value.trim();
  if (!emailPattern.test(address) || address.length > 254) throw invalidInput(`${field} "${address.slice(0, 60)}" is not an e-mail address`, { [field]: 'malformed' });
  return address.toLowerCase();
}
