import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { kbFromDescription, splitSupersedence, type CvrfDocument } from './cvrf-model.js';

// MSRC's JSON form of the same CVRF document (api.msrc.microsoft.com/cvrf/v3.0/cvrf/{id}).
// Remediation types are numbers there; 2 is Vendor Fix (Microsoft's Get-MsrcCvrfAffectedSoftware.ps1).
const remediationTypes: Readonly<Record<number, string>> = { 0: 'Workaround', 1: 'Mitigation', 2: 'Vendor Fix', 3: 'None Available', 4: 'Will Not Fix', 5: 'Known Issue', 6: 'Release Notes' };

const valueOf = z.object({ Value: z.string() }).optional();

const documentSchema = z.object({
  DocumentTitle: valueOf,
  DocumentTracking: z.object({
    Identification: z.object({ ID: z.object({ Value: z.string().min(1) }) }),
    InitialReleaseDate: z.string().min(10),
  }),
  ProductTree: z.object({ FullProductName: z.array(z.object({ ProductID: z.string(), Value: z.string() })) }),
  Vulnerability: z.array(
    z.object({
      CVE: z.string().regex(/^(CVE-\d{4}-\d{4,}|ADV\d+)$/, 'must be a CVE or ADV id'),
      Title: valueOf,
      ProductStatuses: z.array(z.object({ ProductID: z.array(z.string()).optional() })).optional(),
      Remediations: z
        .array(
          z.object({
            Type: z.number().int(),
            Description: valueOf,
            URL: z.string().nullable().optional(),
            SubType: z.string().nullable().optional(),
            Supercedence: z.string().nullable().optional(),
            ProductID: z.array(z.string()).optional(),
            FixedBuild: z.string().nullable().optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** Reads an MSRC CVRF document in its JSON form into the same model as the XML reader. */
export function readCvrfJson(document: unknown, source = 'CVRF JSON'): CvrfDocument {
  const parsed = documentSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const index = path[0] === 'Vulnerability' && typeof path[1] === 'number' ? path[1] : undefined;
    const cve = index === undefined ? undefined : (document as { Vulnerability?: { CVE?: unknown }[] }).Vulnerability?.[index]?.CVE;
    const which = typeof cve === 'string' ? ` (${cve})` : '';
    throw invalidInput(`${source}${which}: ${path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  return {
    id: data.DocumentTracking.Identification.ID.Value,
    title: data.DocumentTitle?.Value ?? '',
    releaseDate: data.DocumentTracking.InitialReleaseDate.slice(0, 10),
    products: new Map(data.ProductTree.FullProductName.map((p) => [p.ProductID, p.Value])),
    vulnerabilities: data.Vulnerability.map((v) => ({
      cve: v.CVE,
      title: v.Title?.Value ?? '',
      // The JSON status types are not needed here: every listed status names affected products.
      affectedProductIds: (v.ProductStatuses ?? []).flatMap((s) => s.ProductID ?? []),
      remediations: (v.Remediations ?? []).map((r) => {
        const description = r.Description?.Value ?? '';
        return {
          type: remediationTypes[r.Type] ?? `Type ${r.Type}`,
          kb: kbFromDescription(description),
          description,
          url: r.URL ?? undefined,
          subType: r.SubType ?? undefined,
          supersedes: splitSupersedence(r.Supercedence ?? undefined),
          productIds: r.ProductID ?? [],
          fixedBuild: r.FixedBuild ?? undefined,
        };
      }),
    })),
  };
}
