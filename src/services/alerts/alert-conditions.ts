import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { organisationKinds } from '../../core/organisation.js';

const cveId = z.string().trim().toUpperCase().regex(/^CVE-\d{4}-\d{4,19}$/, 'a CVE id such as CVE-2017-0144');
const windowsBuild = z.string().trim().regex(/^\d+\.\d+\.\d+\.\d+$/, 'a full Windows build such as 6.1.7601.23689');

/** What makes an asset affected: ANY of these on its current evidence. */
export const alertConditionsSchema = z
  .object({
    /** Through intel matching (readOrganisationExposure) and scanner findings that name the CVE. */
    cves: z.array(cveId).max(200).default([]),
    /** Installed software whose name contains `name` (case-insensitive), in the version range. */
    products: z
      .array(
        z.object({
          name: z.string().trim().min(2).max(200),
          vendor: z.string().trim().min(1).max(200).optional(),
          versionStartIncluding: z.string().min(1).max(100).optional(),
          versionEndExcluding: z.string().min(1).max(100).optional(),
          versionEndIncluding: z.string().min(1).max(100).optional(),
          scheme: z.enum(['generic', 'semver', 'dpkg', 'rpm', 'windows']).default('generic'),
        }),
      )
      .max(50)
      .default([]),
    /** Windows below a fixed build of its own build line, unless one of the KBs is installed. */
    windows: z.object({ fixedBuilds: z.array(windowsBuild).min(1).max(50), kbs: z.array(z.string().trim().toUpperCase().regex(/^KB\d{6,8}$/)).max(200).default([]) }).optional(),
    /** A configuration observation with this value, e.g. `smb1.enabled` = true. */
    observations: z.array(z.object({ key: z.string().min(1).max(200), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) })).max(50).default([]),
    /** An open port (a service seen listening), e.g. 445/tcp. */
    ports: z.array(z.object({ port: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']).default('tcp') })).max(50).default([]),
  })
  .strict();

export type AlertConditions = z.output<typeof alertConditionsSchema>;

/** Which organisations must respond: all, or any matching region, kind or ODS code. */
export const alertTargetSchema = z
  .object({
    all: z.boolean().default(false),
    regions: z.array(z.string().trim().min(1)).default([]),
    kinds: z.array(z.enum(organisationKinds)).default([]),
    odsCodes: z.array(z.string().trim().toUpperCase()).default([]),
  })
  .strict();

export type AlertTarget = z.output<typeof alertTargetSchema>;

/** `key=value` → an observation condition; true/false/null and numbers are read as JSON. */
export function parseObservation(text: string): { key: string; equals: string | number | boolean | null } {
  const at = text.indexOf('=');
  if (at < 1) throw invalidInput(`An observation is key=value, e.g. smb1.enabled=true (got "${text}")`, { observation: 'malformed' });
  const raw = text.slice(at + 1).trim();
  let equals: string | number | boolean | null = raw;
  if (raw === 'true' || raw === 'false' || raw === 'null' || /^-?\d+(\.\d+)?$/.test(raw)) equals = JSON.parse(raw) as number | boolean | null;
  return { key: text.slice(0, at).trim(), equals };
}

export function parseConditions(raw: unknown): AlertConditions {
  const parsed = alertConditionsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidInput('The alert conditions are not valid', fieldsOf(parsed.error, 'conditions'));
  const c = parsed.data;
  if (c.cves.length + c.products.length + c.observations.length + c.ports.length === 0 && !c.windows) {
    throw invalidInput('An alert needs at least one condition: CVEs, a product range, Windows fixed builds, an observation or a port', { conditions: 'empty' });
  }
  return c;
}

export function parseTarget(raw: unknown): AlertTarget {
  const parsed = alertTargetSchema.safeParse(raw ?? { all: true });
  if (!parsed.success) throw invalidInput('The alert target is not valid', fieldsOf(parsed.error, 'target'));
  const t = parsed.data;
  if (!t.all && t.regions.length + t.kinds.length + t.odsCodes.length === 0) throw invalidInput('Say which organisations the alert is for: all, regions, kinds or ODS codes', { target: 'empty' });
  return t;
}

function fieldsOf(error: z.ZodError, prefix: string): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [[prefix, ...issue.path.map(String)].join('.'), issue.message]));
}
