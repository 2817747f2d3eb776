import { authorize } from '../../core/authorization.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { planView, type PlanView } from './plan-view.js';
import { organisationFor, today } from './readiness-input.js';

/** Every version of an organisation's plan, newest (current) first. */
export async function listPlans(context: ServiceContext, actor: Actor, odsCode: string): Promise<PlanView[]> {
  const organisation = await organisationFor(context, actor, 'readiness:read', odsCode);
  const rows = await context.database.db.selectFrom('readiness_plans').selectAll().where('organisation_id', '=', organisation.id).orderBy('uploaded_at', 'desc').orderBy('id').execute();
  return rows.map((row) => planView(row, organisation.odsCode));
}

/** The stored document of one plan version, for download. */
export async function readPlanDocument(context: ServiceContext, actor: Actor, odsCode: string, planId: string): Promise<{ plan: PlanView; content: Buffer }> {
  const organisation = await organisationFor(context, actor, 'readiness:read', odsCode);
  const row = await context.database.db.selectFrom('readiness_plans').selectAll().where('organisation_id', '=', organisation.id).where('id', '=', planId).executeTakeFirst();
  if (!row) throw notFound('Plan');
  const file = await context.database.db.selectFrom('readiness_plan_files').select('content_base64').where('organisation_id', '=', organisation.id).where('sha256', '=', row.sha256).executeTakeFirstOrThrow();
  return { plan: planView(row, organisation.odsCode), content: Buffer.from(file.content_base64, 'base64') };
}

export type PlanStatus = {
  odsCode: string;
  name: string;
  region: string | null;
  status: 'missing' | 'overdue' | 'current';
  version: string | null;
  owner: string | null;
  nextReviewOn: string | null;
  daysOverdue: number | null;
};

export type NationalPlanStatus = { asOf: string; totals: { organisations: number; missing: number; overdue: number; current: number }; organisations: PlanStatus[] };

/**
 * The national view: each organisation's current plan (its newest upload) judged against today by
 * the injected clock — missing, overdue for review (the review date has passed) or current.
 */
export async function nationalPlanStatus(context: ServiceContext, actor: Actor, options: { problemsOnly?: boolean } = {}): Promise<NationalPlanStatus> {
  authorize(actor.principal, 'readiness:read-national');
  const asOf = today(context);
  const { db } = context.database;
  const organisations = await db.selectFrom('organisations').select(['id', 'ods_code', 'name', 'region']).orderBy('ods_code').execute();
  const plans = await db.selectFrom('readiness_plans').select(['organisation_id', 'version', 'owner', 'next_review_on', 'uploaded_at', 'id']).orderBy('uploaded_at').orderBy('id').execute();
  const current = new Map(plans.map((p) => [p.organisation_id, p]));
  const all: PlanStatus[] = organisations.map((o) => {
    const plan = current.get(o.id);
    if (!plan) return { odsCode: o.ods_code, name: o.name, region: o.region, status: 'missing', version: null, owner: null, nextReviewOn: null, daysOverdue: null };
    const overdue = plan.next_review_on < asOf;
    const daysOverdue = overdue ? Math.round((Date.parse(asOf) - Date.parse(plan.next_review_on)) / 86_400_000) : null;
    return { odsCode: o.ods_code, name: o.name, region: o.region, status: overdue ? 'overdue' : 'current', version: plan.version, owner: plan.owner, nextReviewOn: plan.next_review_on, daysOverdue };
  });
  const count = (status: PlanStatus['status']) => all.filter((s) => s.status === status).length;
  return {
    asOf,
    totals: { organisations: all.length, missing: count('missing'), overdue: count('overdue'), current: count('current') },
    organisations: options.problemsOnly ? all.filter((s) => s.status !== 'current') : all,
  };
}
