import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { importEvidence } from '../imports/import-evidence.js';
import { currentDeviceImports } from './current-evidence.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-current-'));

describeEachEngine('current evidence', ({ database, it }) => {
  it('keeps the newest import per device and format, and imports of other formats beside it', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock });
    const organisation = await makeOrganisation(context);
    const other = await makeOrganisation(context);
    const write = (name: string, body: string) => {
      const path = join(scratch, `${organisation.odsCode}-${name}`);
      writeFileSync(path, body);
      return path;
    };
    const importFile = async (odsCode: string, name: string, body: string) => {
      clock.advance(60_000);
      return importEvidence(context, operator, { odsCode, filePath: write(name, body), fileName: name });
    };
    const older = await importFile(organisation.odsCode, 'first.csv', 'Device name,Serial number,OS\nPC-1,S1,Windows\nPC-2,S2,Windows\n');
    const newer = await importFile(organisation.odsCode, 'second.csv', 'Device name,Serial number,OS\nPC-1,S1,Windows 11\n');
    const lynis = await importFile(organisation.odsCode, 'report.dat', '# Lynis Report\nreport_version_major=1\nreport_version_minor=0\nhostname=PC-1\nos=Linux\n');
    await importFile(other.odsCode, 'theirs.csv', 'Device name,Serial number,OS\nPC-1,S1,Windows\n');

    const devices = await context.database.db.selectFrom('devices').select(['id', 'hostname']).where('organisation_id', '=', organisation.id).execute();
    const idOf = (hostname: string) => devices.find((d) => d.hostname?.toUpperCase() === hostname)?.id;
    const current = await currentDeviceImports(context.database, organisation.id);
    const seen = current.map((c) => `${c.deviceId === idOf('PC-1') ? 'PC-1' : c.deviceId === idOf('PC-2') ? 'PC-2' : c.deviceId} ${c.format} ${c.importId}`).sort();
    assert.deepEqual(
      seen,
      [`PC-1 device-inventory-csv ${newer.importId}`, `PC-1 lynis ${lynis.importId}`, `PC-2 device-inventory-csv ${older.importId}`].sort(),
    );
  });
});
