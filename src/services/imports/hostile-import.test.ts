/**
 * A refused evidence file stores nothing: one malformed file of each kind of format (XML, JSON,
 * CSV, line-based text, and a gzip bomb beyond the cap) through the whole import, on both engines.
 * The parsers themselves are swept in src/ingest/hostile-input.test.ts.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { isWardError } from '../../core/errors.js';
import type { Organisation } from '../../core/organisation.js';
import type { Database } from '../../storage/schema.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, operator, serviceContext } from '../../test-support/factories.js';
import { malformedCorpus } from '../../test-support/hostile-bytes.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from './import-evidence.js';

const tables = ['imports', 'devices', 'device_observations', 'software', 'findings', 'services', 'observations', 'import_warnings', 'audit_log'] as const satisfies readonly (keyof Database)[];

/** File, the format it is imported as, and the code it must be refused with. */
const refused: { file: string; format?: string; code: string }[] = [
  { file: 'billion-laughs-nessus.xml', format: 'nessus', code: 'INGEST_UNREADABLE' },
  { file: 'xxe-file.xml', format: 'nmap', code: 'INGEST_UNREADABLE' },
  { file: 'truncated-mid-string.json', format: 'cyclonedx-json', code: 'INGEST_UNREADABLE' },
  { file: 'deep-nesting-jsonl.json.gz', format: 'osquery', code: 'INGEST_UNREADABLE' },
  { file: 'invalid-utf8.csv', format: 'device-inventory-csv', code: 'INGEST_UNREADABLE' },
  { file: 'utf16le-bom.dat', format: 'lynis', code: 'INGEST_UNREADABLE' },
  { file: 'gzip-bomb.xml.gz', code: 'PAYLOAD_TOO_LARGE' },
];

describeEachEngine('hostile evidence files store nothing', ({ database, it }) => {
  let context: ServiceContext;
  let organisation: Organisation;
  before(async () => {
    context = serviceContext(database());
    organisation = await makeOrganisation(context);
  });

  it('malformed XML, JSON, CSV, text and a gzip bomb are refused with their code and leave every evidence table as it was', async () => {
    const counts = async () => Promise.all(tables.map(async (table) => Number((await context.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n)));
    const before = await counts();
    for (const { file, format, code } of refused) {
      await assert.rejects(
        importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: malformedCorpus + file, fileName: file, maxDecompressedBytes: 4 * 1024 * 1024, ...(format ? { format } : {}) }),
        // Parsers see a .gz file by its inner name (so name hints work); the message names that.
        (error: unknown) => isWardError(error) && error.code === code && error.message.includes(file.replace(/\.gz$/, '')),
        file,
      );
    }
    assert.deepEqual(await counts(), before);
  });
});
