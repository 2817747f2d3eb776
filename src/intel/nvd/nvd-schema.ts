import { z } from 'zod';

// Only the fields Ward reads; unknown fields are ignored so NVD can add some without breaking us.

const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string().min(1),
  matchCriteriaId: z.string().optional(),
  versionStartIncluding: z.string().min(1).optional(),
  versionStartExcluding: z.string().min(1).optional(),
  versionEndIncluding: z.string().min(1).optional(),
  versionEndExcluding: z.string().min(1).optional(),
});

const operator = z.enum(['AND', 'OR']);

const node = z.object({
  operator,
  negate: z.boolean().optional(),
  cpeMatch: z.array(cpeMatch),
});

const configuration = z.object({
  operator: operator.optional(),
  negate: z.boolean().optional(),
  nodes: z.array(node).min(1),
});

const cvssData = z.object({
  version: z.enum(['2.0', '3.0', '3.1', '4.0']),
  vectorString: z.string().min(1),
  baseScore: z.number().min(0).max(10),
  baseSeverity: z.string().optional(),
});

const metric = z.object({
  source: z.string(),
  type: z.enum(['Primary', 'Secondary']),
  cvssData,
  baseSeverity: z.string().optional(),
});

const langString = z.object({ lang: z.string(), value: z.string() });

export const nvdCveSchema = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'must look like CVE-YYYY-NNNN'),
  sourceIdentifier: z.string().optional(),
  published: z.string().min(1),
  lastModified: z.string().min(1),
  vulnStatus: z.string().min(1),
  descriptions: z.array(langString),
  metrics: z
    .object({
      cvssMetricV2: z.array(metric).optional(),
      cvssMetricV30: z.array(metric).optional(),
      cvssMetricV31: z.array(metric).optional(),
      cvssMetricV40: z.array(metric).optional(),
    })
    .optional(),
  weaknesses: z.array(z.object({ source: z.string().optional(), type: z.string().optional(), description: z.array(langString) })).optional(),
  references: z.array(z.object({ url: z.string(), source: z.string().optional(), tags: z.array(z.string()).optional() })).optional(),
  configurations: z.array(configuration).optional(),
  cisaExploitAdd: z.string().optional(),
  cisaActionDue: z.string().optional(),
  cisaRequiredAction: z.string().optional(),
  cisaVulnerabilityName: z.string().optional(),
});

export type RawNvdCve = z.infer<typeof nvdCveSchema>;

export const nvdPageSchema = z.object({
  format: z.string().optional(),
  version: z.string().optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })),
});
