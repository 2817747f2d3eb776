import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intelTestPath, kevFile } from '../services/intel/intel-test-support.js';
import type { IntelCoverage } from '../services/intel/intel-coverage.js';
import type { UndetectableKevEntry } from '../services/intel/list-undetectable-kev.js';
import { describeEachEngine } from '../test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';

// Every REAL NVD file the repository bundles (the constructed one is left out), then the CVE 5 and OSV ones.
const nvd = readdirSync(new URL('../intel/testdata/nvd/', import.meta.url)).filter((f) => f.endsWith('.json') && !f.startsWith('constructed')).sort().map((f) => intelTestPath(`nvd/${f}`));
const cve5 = ['cve5/CVE-2024-4577.json', 'cve5/CVE-2024-45519.json', 'cve5/CVE-2025-0411.json'].map(intelTestPath);
const osv = ['osv/UBUNTU-CVE-2024-3094.json', 'osv/ALSA-2022-5267.json'].map(intelTestPath);

describeEachEngine('ward intel coverage', ({ url, it }) => {
  it('reports KEV detectability with NVD alone, then with CVE 5, Vulnrichment and OSV loaded, and lists the gaps', async () => {
    const load = await runCli(['--db', url(), '--json', 'intel', 'load', intelTestPath(kevFile), ...nvd]);
    assert.equal(load.code, 0, load.stderr);
    const before = await runCli(['--db', url(), '--json', 'intel', 'coverage']);
    assert.equal(before.code, 0, before.stderr);
    const nvdOnly = JSON.parse(before.stdout) as IntelCoverage;
    process.stdout.write(`# bundled data, NVD only: ${JSON.stringify(nvdOnly.kev)}\n`);
    assert.equal(nvdOnly.kev.entries, 1674);
    assert.equal(nvdOnly.kev.catalogVersion, '2026.08.21');
    assert.equal(nvdOnly.kev.detectable, nvdOnly.kev.detectableNvdOnly);

    // The CVE 5 records as a cvelistV5-style directory tree: one input, loaded in one transaction.
    const tree = mkdtempSync(join(tmpdir(), 'ward-cvelist-'));
    for (const file of cve5) {
      const year = /CVE-(\d{4})-/.exec(file)?.[1] ?? 'x';
      mkdirSync(join(tree, 'cves', year), { recursive: true });
      copyFileSync(file, join(tree, 'cves', year, file.split('/').pop() ?? 'x.json'));
    }
    const more = await runCli(['--db', url(), '--json', 'intel', 'load', tree, ...osv]);
    assert.equal(more.code, 0, more.stderr);
    const kinds = (JSON.parse(more.stdout) as { files: { kind: string; records: number }[] }).files.map((f) => [f.kind, f.records]);
    assert.deepEqual(kinds, [['cve5', 3], ['osv', 1], ['osv', 1]]);
    const after = await runCli(['--db', url(), '--json', 'intel', 'coverage', '--gaps', '3']);
    assert.equal(after.code, 0, after.stderr);
    const all = JSON.parse(after.stdout) as IntelCoverage & { gaps: { total: number; entries: UndetectableKevEntry[] } };
    process.stdout.write(`# bundled data, all sources: ${JSON.stringify(all.kev)}\n`);
    assert.equal(all.kev.detectableNvdOnly, nvdOnly.kev.detectableNvdOnly);
    // CVE-2024-4577 (CNA + Vulnrichment), CVE-2024-45519 (Vulnrichment only) and CVE-2025-0411 (CNA) are in KEV;
    // CVE-2024-3094 is not. None of the three has an NVD record in the repository.
    assert.equal(all.kev.detectable, nvdOnly.kev.detectable + 3);
    assert.equal(all.kev.undetectable, 1674 - all.kev.detectable);
    const y2024 = all.byYear.find((y) => y.year === '2024');
    assert.deepEqual(y2024 && [y2024.cve5, y2024.vulnrichment, y2024.osv], [1, 2, 1]);
    assert.equal(all.gaps.total, all.kev.undetectable);
    assert.equal(all.gaps.entries.length, 3);
    assert.ok(all.gaps.entries.every((g) => !g.loaded));

    const human = await runCli(['--db', url(), 'intel', 'coverage']);
    assert.match(human.stdout, /detectable on some product with NVD alone \d+ \([\d.]+ %\), with all sources \d+ \([\d.]+ %\)/);
  });
});
