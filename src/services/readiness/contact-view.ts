import type { Selectable } from 'kysely';
import type { ReadinessContactTable } from '../../storage/schema.js';

/** The channels a drill can message; `phone` is recorded for people to call, Ward has no telephone transport. */
export const messageChannels = ['email', 'alt-email', 'webhook'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export type ContactView = {
  id: string;
  /** Null for the national team. */
  odsCode: string | null;
  name: string;
  role: string;
  email: string | null;
  altEmail: string | null;
  phone: string | null;
  webhookUrl: string | null;
  createdAt: string;
};

export function contactView(row: Selectable<ReadinessContactTable>, odsCode: string | null, webhookUrl: string | null): ContactView {
  return { id: row.id, odsCode, name: row.name, role: row.role, email: row.email, altEmail: row.alt_email, phone: row.phone, webhookUrl, createdAt: row.created_at };
}
