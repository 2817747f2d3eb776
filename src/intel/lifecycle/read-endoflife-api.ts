import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import type { LifecycleRelease } from './lifecycle-release.js';

const dateOrBoolean = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'), z.boolean()]);
const optionalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').nullable().optional();

// v0: GET /api/{product}.json -> [{cycle, releaseDate, support, eol, extendedSupport, lts, latest, …}]
const v0Release = z.object({
  cycle: z.union([z.string(), z.number()]).transform(String),
  releaseLabel: z.string().optional(),
  releaseDate: z.string().optional(),
  support: dateOrBoolean.optional(),
  eol: dateOrBoolean,
  extendedSupport: dateOrBoolean.optional(),
  lts: dateOrBoolean.optional(),
  latest: z.union([z.string(), z.number()]).transform(String).optional(),
});

// v1: GET /api/v1/products/{product} -> {result: {releases: [{name, isEol, eolFrom, …}]}}
const v1Release = z.object({
  name: z.string(),
  label: z.string().nullable().optional(),
  releaseDate: z.string().nullable().optional(),
  isLts: z.boolean(),
  isEoas: z.boolean().optional(),
  eoasFrom: optionalDate,
  isEol: z.boolean(),
  eolFrom: optionalDate,
  isEoes: z.boolean().nullable().optional(),
  eoesFrom: optionalDate,
  latest: z.object({ name: z.string() }).nullable().optional(),
});
const v1Product = z.object({ result: z.object({ releases: z.array(v1Release) }) });

function fail(source: string, error: z.ZodError): never {
  const issue = error.issues[0];
  throw invalidInput(`${source}: ${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`);
}

/** A v1 milestone: the date when known, else the boolean flag. */
function v1Milestone(flag: boolean | null | undefined, from: string | null | undefined): LifecycleRelease['eol'] {
  return from ?? flag ?? undefined;
}

/** Reads either shape of the endoflife.date API for one product. */
export function readEndoflifeApi(document: unknown, source = 'endoflife.date'): LifecycleRelease[] {
  if (Array.isArray(document)) {
    const parsed = z.array(v0Release).safeParse(document);
    if (!parsed.success) fail(`${source} (v0)`, parsed.error);
    return parsed.data.map((r) => ({
      cycle: r.cycle,
      label: r.releaseLabel,
      releaseDate: r.releaseDate,
      support: r.support,
      eol: r.eol,
      extendedSupport: r.extendedSupport,
      lts: r.lts !== undefined && r.lts !== false,
      latest: r.latest,
    }));
  }
  const parsed = v1Product.safeParse(document);
  if (!parsed.success) fail(`${source} (v1)`, parsed.error);
  return parsed.data.result.releases.map((r) => ({
    cycle: r.name,
    label: r.label ?? undefined,
    releaseDate: r.releaseDate ?? undefined,
    support: v1Milestone(r.isEoas, r.eoasFrom),
    eol: v1Milestone(r.isEol, r.eolFrom),
    extendedSupport: v1Milestone(r.isEoes, r.eoesFrom),
    lts: r.isLts,
    latest: r.latest?.name,
  }));
}
