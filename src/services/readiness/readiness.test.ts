import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, serviceContext } from '../../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../../test-support/http.js';
import { addExercise } from './add-exercise.js';
import { addContact } from './add-contact.js';
import { listContacts } from './list-contacts.js';
import { listExercises } from './list-exercises.js';
import { listOverdueActions } from './list-overdue-actions.js';
import { listPlans, nationalPlanStatus, readPlanDocument } from './list-plans.js';
import { docxPlan, pdfPlan, storedZip } from './readiness-test-support.js';
import { updateAction } from './update-action.js';
import { uploadPlan } from './upload-plan.js';

const day = 86_400_000;

describeEachEngine('incident readiness: plans, exercises, contacts', ({ database, it }) => {
  it('plans are checked from their bytes, stored with their SHA-256, and a review going overdue shows nationally', async () => {
    const clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    const alpha = await makeOrganisation(context);
    const beta = await makeOrganisation(context);
    const gamma = await makeOrganisation(context);
    const alphaAdmin = await makeUser(context, 'org-admin', { organisation: alpha });
    const betaAdmin = await makeUser(context, 'org-admin', { organisation: beta });
    const analyst = { principal: (await makeUser(context, 'national-analyst')).principal };

    const pdf = await pdfPlan('Alpha incident-response plan');
    const uploaded = await uploadPlan(context, { principal: alphaAdmin.principal }, { odsCode: alpha.odsCode, fileName: 'C:\\plans\\alpha-irp.pdf', content: pdf, version: '3.1', owner: 'Chief Information Officer', approvedOn: '2026-01-10', nextReviewOn: '2027-01-10' });
    assert.deepEqual([uploaded.documentType, uploaded.fileName, uploaded.sha256, uploaded.sizeBytes], ['pdf', 'alpha-irp.pdf', createHash('sha256').update(pdf).digest('hex'), pdf.length]);
    const back = await readPlanDocument(context, { principal: alphaAdmin.principal }, alpha.odsCode, uploaded.id);
    assert.ok(back.content.equals(pdf));

    // Beta uploads a Word document through the API as the raw body.
    const server = await buildTestServer(context);
    try {
      const docx = docxPlan('Beta plan: call the national team on the out-of-band number.');
      const response = await call(server.app, {
        method: 'POST',
        url: `/api/v1/orgs/${beta.odsCode}/plans?fileName=beta-irp.docx&version=1.0&owner=SIRO&approvedOn=2025-12-15&nextReviewOn=2026-12-15`,
        headers: { ...(await sessionHeaders(context, betaAdmin.email)), 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        payload: docx,
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.deepEqual([(response.body as { documentType: string }).documentType, (response.body as { sha256: string }).sha256], ['docx', createHash('sha256').update(docx).digest('hex')]);
      // Neither a text file called .pdf nor a ZIP without word/document.xml is a plan.
      const notPdf = await call(server.app, {
        method: 'POST',
        url: `/api/v1/orgs/${beta.odsCode}/plans?fileName=plan.pdf&version=1.1&owner=SIRO&approvedOn=2025-12-15&nextReviewOn=2026-12-15`,
        headers: { ...(await sessionHeaders(context, betaAdmin.email)), 'content-type': 'application/pdf' },
        payload: Buffer.from('Our plan: phone everyone.\n'),
      });
      assert.equal(notPdf.status, 400);
      assert.match((notPdf.body as { error: { message: string } }).error.message, /PDF or a Word \(\.docx\) document/);
    } finally {
      await server.app.close();
    }
    await assert.rejects(uploadPlan(context, { principal: betaAdmin.principal }, { odsCode: beta.odsCode, fileName: 'plan.docx', content: storedZip({ 'xl/workbook.xml': '<workbook/>' }), version: '2', owner: 'SIRO', approvedOn: '2026-01-01', nextReviewOn: '2027-01-01' }), { code: 'INVALID_INPUT' });
    await assert.rejects(uploadPlan(context, { principal: betaAdmin.principal }, { odsCode: beta.odsCode, fileName: 'plan.pdf', content: pdf, version: '2', owner: 'SIRO', approvedOn: '2026-06-01', nextReviewOn: '2026-05-01' }), { code: 'INVALID_INPUT' });
    // An organisation sees only its own plans, and not the national view.
    await assert.rejects(listPlans(context, { principal: betaAdmin.principal }, alpha.odsCode), { code: 'FORBIDDEN' });
    await assert.rejects(uploadPlan(context, { principal: betaAdmin.principal }, { odsCode: alpha.odsCode, fileName: 'x.pdf', content: pdf, version: '9', owner: 'X', approvedOn: '2026-01-01', nextReviewOn: '2027-01-01' }), { code: 'FORBIDDEN' });
    await assert.rejects(nationalPlanStatus(context, { principal: alphaAdmin.principal }), { code: 'FORBIDDEN' });

    const statusOf = async () => new Map((await nationalPlanStatus(context, analyst)).organisations.map((o) => [o.odsCode, o]));
    let status = await statusOf();
    assert.deepEqual([alpha, beta, gamma].map((o) => status.get(o.odsCode)?.status), ['current', 'current', 'missing']);

    // Beta's review date (15 December) passes: overdue, judged by the injected clock.
    clock.advance(18 * day);
    status = await statusOf();
    assert.deepEqual([status.get(beta.odsCode)?.status, status.get(beta.odsCode)?.daysOverdue, status.get(alpha.odsCode)?.status], ['overdue', 1, 'current']);
    const problems = await nationalPlanStatus(context, analyst, { problemsOnly: true });
    assert.deepEqual(problems.organisations.filter((o) => [alpha, beta, gamma].some((x) => x.odsCode === o.odsCode)).map((o) => [o.odsCode, o.status]), [[beta.odsCode, 'overdue'], [gamma.odsCode, 'missing']]);

    // A new version reviewed again is current; the history keeps both.
    await uploadPlan(context, { principal: betaAdmin.principal }, { odsCode: beta.odsCode, fileName: 'beta-irp-2.pdf', content: pdf, version: '2.0', owner: 'SIRO', approvedOn: '2026-12-16', nextReviewOn: '2027-12-16' });
    assert.equal((await statusOf()).get(beta.odsCode)?.status, 'current');
    assert.deepEqual((await listPlans(context, { principal: betaAdmin.principal }, beta.odsCode)).map((p) => p.version), ['2.0', '1.0']);
    const audited = await context.database.db.selectFrom('audit_log').select('action').where('action', '=', 'plan.uploaded').execute();
    assert.equal(audited.length, 3);
  });

  it('exercises record findings and actions; actions past their due date are overdue until done', async () => {
    const clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    const alpha = await makeOrganisation(context);
    const beta = await makeOrganisation(context);
    const admin = { principal: (await makeUser(context, 'org-admin', { organisation: alpha })).principal };
    const member = { principal: (await makeUser(context, 'org-member', { organisation: alpha })).principal };
    const betaMember = { principal: (await makeUser(context, 'org-member', { organisation: beta })).principal };
    const analyst = { principal: (await makeUser(context, 'national-analyst')).principal };
    const exercise = await addExercise(context, admin, {
      odsCode: alpha.odsCode, heldOn: '2026-11-20', type: 'tabletop', scenario: 'Ransomware encrypts the PAS on a Friday night',
      participants: ['IT on-call', 'Chief Operating Officer', 'Communications'], nationalBodiesContacted: false,
      findings: 'Nobody had the national team\'s out-of-hours number; backups untested.',
      actions: [
        { description: 'Put the national out-of-hours number in the on-call pack', owner: 'IT on-call lead', dueOn: '2026-12-01' },
        { description: 'Restore test of the PAS backup', owner: 'Infrastructure manager', dueOn: '2027-03-01' },
      ],
    });
    await assert.rejects(addExercise(context, admin, { odsCode: alpha.odsCode, heldOn: '2026-11-20', type: 'karaoke', scenario: 'x', participants: ['a'], nationalBodiesContacted: false, findings: '' }), { code: 'INVALID_INPUT' });
    await assert.rejects(addExercise(context, member, { odsCode: alpha.odsCode, heldOn: '2026-11-20', type: 'live', scenario: 'x', participants: ['a'], nationalBodiesContacted: true, findings: '' }), { code: 'FORBIDDEN' });
    assert.deepEqual(await listOverdueActions(context, member, alpha.odsCode), []);

    clock.advance(5 * day);
    const overdue = await listOverdueActions(context, member, alpha.odsCode);
    assert.deepEqual(overdue.map((a) => [a.description, a.overdue]), [['Put the national out-of-hours number in the on-call pack', true]]);
    assert.deepEqual((await listOverdueActions(context, analyst)).map((a) => a.odsCode), [alpha.odsCode]);
    await assert.rejects(listOverdueActions(context, betaMember, alpha.odsCode), { code: 'FORBIDDEN' });
    await assert.rejects(listOverdueActions(context, member), { code: 'FORBIDDEN' });

    const first = exercise.actions[0];
    assert.ok(first);
    const done = await updateAction(context, admin, { odsCode: alpha.odsCode, actionId: first.id, status: 'done' });
    assert.deepEqual([done.status, done.overdue, done.completedAt], ['done', false, clock.now().toISOString()]);
    assert.deepEqual(await listOverdueActions(context, analyst), []);
    await assert.rejects(updateAction(context, { principal: betaMember.principal }, { odsCode: beta.odsCode, actionId: first.id, status: 'open' }), { code: 'FORBIDDEN' });
    const listed = await listExercises(context, member, alpha.odsCode);
    assert.deepEqual(listed.map((e) => [e.type, e.participants.length, e.nationalBodiesContacted, e.actions.map((a) => a.status)]), [['tabletop', 3, false, ['done', 'open']]]);
  });

  it('contacts: an organisation\'s own and the national team\'s, each list readable only by who may', async () => {
    const context = serviceContext(database());
    const alpha = await makeOrganisation(context);
    const beta = await makeOrganisation(context);
    const national = { principal: (await makeUser(context, 'national-admin')).principal };
    const alphaAdmin = { principal: (await makeUser(context, 'org-admin', { organisation: alpha })).principal };
    await addContact(context, national, { odsCode: null, name: 'National CSOC duty officer', role: 'CSOC', email: 'csoc@national.example', phone: '+44 20 7946 0001' });
    await addContact(context, alphaAdmin, { odsCode: alpha.odsCode, name: 'Ann Other', role: 'Deputy CIO', phone: '0161 496 0001' });
    await assert.rejects(addContact(context, alphaAdmin, { odsCode: null, name: 'Me', role: 'Me', email: 'me@alpha.example' }), { code: 'FORBIDDEN' });
    await assert.rejects(addContact(context, alphaAdmin, { odsCode: alpha.odsCode, name: 'Nobody', role: 'None' }), { code: 'INVALID_INPUT' });
    assert.deepEqual((await listContacts(context, national, null)).map((c) => c.name), ['National CSOC duty officer']);
    assert.deepEqual((await listContacts(context, alphaAdmin, alpha.odsCode)).map((c) => [c.name, c.phone]), [['Ann Other', '0161 496 0001']]);
    await assert.rejects(listContacts(context, alphaAdmin, beta.odsCode), { code: 'FORBIDDEN' });
    await assert.rejects(listContacts(context, alphaAdmin, null), { code: 'FORBIDDEN' });
  });
});
