import { z } from 'zod';
import { WardError, invalidInput } from '../../core/errors.js';

export type KevEntry = {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  /** YYYY-MM-DD. */
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  /** YYYY-MM-DD. Not always after dateAdded: seven 2025 entries have it earlier. */
  dueDate: string;
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  notes: string;
  cwes: string[];
};

export type KevCatalog = {
  catalogVersion: string;
  dateReleased: string;
  count: number;
  entries: KevEntry[];
  /** Non-fatal oddities, e.g. a `count` that disagrees with the number of entries. */
  warnings: string[];
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

// Required fields follow CISA's published schema (cisagov/kev-data known_exploited_vulnerabilities_schema.json).
const entrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,19}$/, 'must look like CVE-YYYY-NNNN'),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: isoDate,
  shortDescription: z.string(),
  requiredAction: z.string(),
  dueDate: isoDate,
  knownRansomwareCampaignUse: z.enum(['Known', 'Unknown']).optional(),
  notes: z.string().optional(),
  cwes: z.array(z.string()).optional(),
});

const catalogSchema = z.object({
  catalogVersion: z.string().min(1),
  dateReleased: z.string().min(1),
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(z.unknown()),
});

/** Reads the CISA KEV catalogue JSON. A malformed entry fails the read, naming its index and CVE. */
export function readKevCatalog(document: unknown, source = 'KEV catalogue'): KevCatalog {
  const catalog = catalogSchema.safeParse(document);
  if (!catalog.success) {
    const issue = catalog.error.issues[0];
    throw invalidInput(`${source}: not a KEV catalogue: ${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`);
  }
  const entries = catalog.data.vulnerabilities.map((raw, index): KevEntry => {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      const id = typeof raw === 'object' && raw !== null && 'cveID' in raw && typeof raw.cveID === 'string' ? raw.cveID : 'no cveID';
      const path = `vulnerabilities.${index}.${issue?.path.join('.') ?? ''}`;
      throw new WardError('INVALID_INPUT', `${source}: vulnerabilities[${index}] (${id}): ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { location: { path } });
    }
    const { knownRansomwareCampaignUse, notes, cwes, ...rest } = entry.data;
    return { ...rest, knownRansomwareCampaignUse: knownRansomwareCampaignUse ?? 'Unknown', notes: notes ?? '', cwes: cwes ?? [] };
  });
  const warnings =
    catalog.data.count === entries.length ? [] : [`${source}: count says ${catalog.data.count} but ${entries.length} entries were read`];
  return { catalogVersion: catalog.data.catalogVersion, dateReleased: catalog.data.dateReleased, count: catalog.data.count, entries, warnings };
}

export function parseKevCatalog(text: string, source = 'KEV catalogue'): KevCatalog {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new WardError('INVALID_INPUT', `${source}: not valid JSON`, {}, { cause: error });
  }
  return readKevCatalog(document, source);
}
