import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import type { ServiceContext } from '../services/context.js';
import { createToken } from '../services/tokens/create-token.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, operator, serviceContext } from '../test-support/factories.js';
import { call } from '../test-support/http.js';
import { buildServer, type WardServer } from './build-server.js';
import { formatIds } from '../ingest/formats/index.js';

const fixture = (path: string) => readFileSync(new URL(`../ingest/formats/testdata/${path}`, import.meta.url));

function multipartBody(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----ward-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('import routes', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let own: Organisation;
  let other: Organisation;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let ingestOwn = '';
  let ingestOther = '';
  let readOwn = '';

  before(async () => {
    context = serviceContext(database());
    server = await buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, uploadLimitBytes: 64 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
    own = await makeOrganisation(context);
    other = await makeOrganisation(context);
    ingestOwn = (await createToken(context, operator, own.odsCode, { name: 'pipeline', capabilities: ['ingest'] })).token;
    ingestOther = (await createToken(context, operator, other.odsCode, { name: 'pipeline', capabilities: ['ingest'] })).token;
    readOwn = (await createToken(context, operator, own.odsCode, { name: 'dashboard', capabilities: ['read'] })).token;
  });

  it('an ingest token of the organisation uploads a raw body; a read token lists it', async () => {
    const response = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports?fileName=C:\\scans\\lynis-report.dat`, payload: fixture('lynis/lynis_many_vuln.dat'), headers: { ...bearer(ingestOwn), 'content-type': 'application/octet-stream' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const summary = response.body as { importId: string; fileName: string; format: string; assets: number; findings: number; software: number; duplicate: boolean };
    assert.deepEqual([summary.fileName, summary.format, summary.assets, summary.findings, summary.software, summary.duplicate], ['lynis-report.dat', 'lynis', 1, 38, 86, false]);
    const listed = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/imports`, headers: bearer(readOwn) });
    assert.equal(listed.status, 200);
    assert.deepEqual((listed.body as { imports: { importId: string }[] }).imports.map((i) => i.importId), [summary.importId]);
  });

  it('a multipart upload works, and the same file again is a duplicate', async () => {
    const body = multipartBody('inventory.csv', fixture('device-inventory-csv/intune-export.csv'));
    const first = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports`, payload: body.payload, headers: { ...bearer(ingestOwn), ...body.headers } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual([(first.body as { format: string }).format, (first.body as { assets: number }).assets], ['device-inventory-csv', 3]);
    const second = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports`, payload: body.payload, headers: { ...bearer(ingestOwn), ...body.headers } });
    assert.equal((second.body as { duplicate: boolean }).duplicate, true);
  });

  it('an ingest token of another organisation gets 403 and stores nothing', async () => {
    const response = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports?fileName=x.dat`, payload: fixture('lynis/lynis_no_vuln.dat'), headers: { ...bearer(ingestOther), 'content-type': 'application/octet-stream' } });
    assert.equal(response.status, 403);
    const rows = await context.database.db.selectFrom('imports').select('id').where('organisation_id', 'in', [own.id, other.id]).where('file_name', '=', 'x.dat').execute();
    assert.deepEqual(rows, []);
  });

  it('an upload over WARD_UPLOAD_LIMIT_BYTES is 413; an unknown format is 415 listing the known ids', async () => {
    const big = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports?fileName=big.dat`, payload: Buffer.alloc(100 * 1024, 0x61), headers: { ...bearer(ingestOwn), 'content-type': 'application/octet-stream' } });
    assert.equal(big.status, 413, JSON.stringify(big.body));
    const unknown = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports?fileName=notes.txt`, payload: Buffer.from('hello\n'), headers: { ...bearer(ingestOwn), 'content-type': 'application/octet-stream' } });
    assert.equal(unknown.status, 415);
    assert.ok((unknown.body as { error: { message: string } }).error.message.includes(formatIds().join(', ')));
  });
});
