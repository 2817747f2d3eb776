import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { entryNames, judgeVersion, nameDenotes, readCve5Json, readCve5Record, type Cve5Affected } from './index.js';

const record = (id: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/cve5/${id}.json`, import.meta.url), 'utf8'));

describe('CVE JSON 5 reader', () => {
  it('reads the CNA affected entries of CVE-2024-4577 (PHP Group) and its CISA ADP Vulnrichment container', () => {
    const cve = readCve5Record(record('CVE-2024-4577'));
    assert.equal(cve.id, 'CVE-2024-4577');
    assert.equal(cve.assigner, 'php');
    assert.equal(cve.published, '2024-06-09T19:42:36.464Z');
    const [php] = cve.cna.affected;
    assert.equal(php?.vendor, 'PHP Group');
    assert.equal(php?.product, 'PHP');
    assert.equal(php?.defaultStatus, 'affected');
    assert.deepEqual(php?.versions[0], { version: '8.1.*', status: 'affected', versionType: 'semver', lessThan: '8.1.29', lessThanOrEqual: undefined });
    assert.equal(cve.cna.metrics[0]?.baseScore, 9.8);
    assert.equal(cve.vulnrichment?.affected.length, 3);
    assert.deepEqual(cve.vulnrichment?.affected[0]?.cpes, ['cpe:2.3:a:php_group:php:8.1.0:*:*:*:*:*:*:*']);
    assert.deepEqual(cve.vulnrichment?.ssvc, { exploitation: 'active', automatable: 'yes', technicalImpact: 'total', timestamp: '2024-06-12T03:55:09.393016Z' });
    assert.equal(cve.vulnrichment?.kevDateAdded, '2024-06-12');
  });

  it('keeps the CNA placeholders of CVE-2024-45519 (MITRE, "n/a") apart from the Vulnrichment CPE ranges', () => {
    const cve = readCve5Record(record('CVE-2024-45519'));
    assert.deepEqual(cve.cna.affected.flatMap(entryNames), []);
    const names = cve.vulnrichment?.affected.flatMap(entryNames) ?? [];
    assert.ok(names.some((n) => n.via === 'cpe' && n.vendor === 'zimbra' && n.product === 'zimbra_collaboration_suite'));
    assert.equal(cve.vulnrichment?.affected[2]?.versions[0]?.lessThan, '10.0.9');
    assert.equal(cve.cna.metrics[0]?.baseScore, 10);
  });

  it('reads an array of records and reports the unreadable ones as warnings', () => {
    const { records, warnings } = readCve5Json([record('CVE-2024-4577'), { dataType: 'CVE_RECORD', cveMetadata: {} }, record('CVE-2025-0411')], 'bundle.json');
    assert.deepEqual(records.map((r) => r.id), ['CVE-2024-4577', 'CVE-2025-0411']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /bundle\.json\[1\]: cveMetadata\.cveId/);
    assert.throws(() => readCve5Json({ hello: 1 }, 'x.json'), /no CVE JSON 5 record/);
  });
});

describe('judging a version against CVE 5 affected entries', () => {
  const php = readCve5Record(record('CVE-2024-4577')).cna.affected;
  const zimbra = readCve5Record(record('CVE-2024-45519')).vulnrichment?.affected ?? [];

  it('puts PHP 8.1.28 in the CNA range 8.1.* < 8.1.29 and names the fix', () => {
    assert.deepEqual(judgeVersion(php, '8.1.28'), { status: 'affected', reason: '8.1.28 in [8.1, 8.1.29) affected', fixedVersion: '8.1.29' });
    assert.equal(judgeVersion(php, '8.2.19').status, 'affected');
  });

  it('takes lessThan as the fix of its branch (8.1.29, 8.3.8) and the CNA default status, "affected", for unlisted branches (7.4)', () => {
    assert.deepEqual(judgeVersion(php, '8.3.8'), { status: 'unaffected', reason: '8.3.8 is past the affected range [8.3, 8.3.8)', fixedVersion: undefined });
    assert.equal(judgeVersion(php, '8.1.29').status, 'unaffected');
    assert.equal(judgeVersion(php, '7.4.33').status, 'affected');
    assert.match(judgeVersion(php, '7.4.33').reason, /default status affected/);
    const bounded: Cve5Affected[] = php.map((e) => ({ ...e, defaultStatus: 'unaffected' }));
    assert.equal(judgeVersion(bounded, '8.1.29').status, 'unaffected');
  });

  it('handles lessThanOrEqual and disagreeing defaults across Vulnrichment entries of one product', () => {
    assert.equal(judgeVersion(zimbra, '8.8.15').status, 'affected');
    assert.equal(judgeVersion(zimbra, '10.0.8').status, 'affected');
    const after = judgeVersion(zimbra, '10.1.1');
    assert.equal(after.status, 'unaffected');
    assert.match(after.reason, /past the affected range/);
  });

  it('matches a single listed version written with a platform note ("24.08 (x64)")', () => {
    const sevenZip = readCve5Record(record('CVE-2025-0411')).cna.affected;
    assert.equal(judgeVersion(sevenZip, '24.08').status, 'affected');
    assert.equal(judgeVersion(sevenZip, '24.09').status, 'unknown');
  });

  it('recognises CNA free-text names as the CPE product they denote', () => {
    assert.ok(nameDenotes({ vendor: 'php_group', product: 'php' }, 'php', 'php'));
    assert.ok(nameDenotes({ vendor: 'apache_software_foundation', product: 'apache_tomcat' }, 'apache', 'tomcat'));
    assert.ok(nameDenotes({ vendor: '7-zip', product: '7-zip' }, '7-zip', '7-zip'));
    assert.ok(!nameDenotes({ vendor: 'php_group', product: 'php' }, 'phpmyadmin', 'phpmyadmin'));
    assert.ok(!nameDenotes({ vendor: 'zoho', product: 'php' }, 'php', 'php'));
  });
});
