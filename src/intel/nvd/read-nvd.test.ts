import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWardError } from '../../core/errors.js';
import { loadCve, readTestdata } from './nvd-test-support.js';
import { parseNvdJson, readNvdJson } from './read-nvd.js';

const invalid = (pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT' && pattern.test(error.message);

describe('readNvdJson on real records', () => {
  it('reads a bare cve object (Log4Shell) into the model', () => {
    const cve = loadCve('CVE-2021-44228.json');
    assert.equal(cve.id, 'CVE-2021-44228');
    assert.equal(cve.published, '2021-12-10T10:15:09.143');
    assert.equal(cve.vulnStatus, 'Analyzed');
    assert.match(cve.description, /^Apache Log4j2 2\.0-beta9 through 2\.15\.0/);
    assert.deepEqual(cve.cweIds, ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917']);
    assert.equal(cve.configurations.length, 20);
    // Primary first, newest CVSS version first among equals.
    assert.deepEqual(cve.metrics.map((m) => `${m.type} ${m.version} ${m.baseScore} ${m.baseSeverity}`), [
      'Primary 3.1 10 CRITICAL',
      'Primary 2.0 9.3 HIGH',
      'Secondary 3.1 10 CRITICAL',
    ]);
    assert.equal(cve.kev?.dateAdded, '2021-12-10');
    const ranged = cve.configurations[5]?.nodes[0]?.cpeMatch[2];
    assert.equal(ranged?.criteria, 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*');
    assert.equal(ranged?.versionStartIncluding, '2.13.0');
    assert.equal(ranged?.versionEndExcluding, '2.15.0');
    assert.equal(ranged?.matchCriteriaId, 'D31D423D-FC4D-428A-B863-55AF472B80DC');
    assert.ok(cve.references.length > 100);
  });

  it('keeps the AND operator and node structure of MS17-010', () => {
    const cve = loadCve('CVE-2017-0143.json');
    const first = cve.configurations[0];
    assert.equal(first?.operator, 'AND');
    assert.equal(first?.nodes.length, 2);
    assert.equal(first?.nodes[0]?.cpeMatch[0]?.vulnerable, true);
    assert.equal(first?.nodes[1]?.cpeMatch.every((m) => !m.vulnerable), true);
    assert.equal(cve.configurations[1]?.operator, 'OR', 'a configuration without operator reads as OR');
  });

  it('reads API response pages, one model per entry', () => {
    const anchore = parseNvdJson(readTestdata('anchore-full-page.json'));
    assert.equal(anchore.length, 38);
    const aqua = parseNvdJson(readTestdata('aquasecurity-respPageFull.json'));
    assert.deepEqual(aqua.map((c) => c.id), ['CVE-2020-8167', 'CVE-2021-22903', 'CVE-2021-3881']);
  });

  it('reads CVSS v4.0 metrics', () => {
    const [cve] = parseNvdJson(readTestdata('aquasecurity-respPage2.json'));
    const v4 = cve?.metrics.find((m) => m.version === '4.0');
    assert.ok(v4);
    assert.match(v4.vectorString, /^CVSS:4\.0\/AV:N/);
    assert.equal(typeof v4.baseScore, 'number');
  });
});

describe('readNvdJson on malformed input', () => {
  const log4shell = JSON.parse(readTestdata('CVE-2021-44228.json')) as Record<string, unknown>;

  it('names the CVE and the field when a record is broken', () => {
    const broken = { ...log4shell, published: undefined };
    assert.throws(() => readNvdJson(broken, 'log4shell.json'), invalid(/log4shell\.json \(CVE-2021-44228\): published: /));
  });

  it('names the index and id inside a page', () => {
    const page = JSON.parse(readTestdata('aquasecurity-respPageFull.json')) as { vulnerabilities: { cve: Record<string, unknown> }[] };
    const second = page.vulnerabilities[1];
    assert.ok(second);
    second.cve.configurations = [{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: 'yes', criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*' }] }] }];
    assert.throws(() => readNvdJson(page, 'page.json'), invalid(/vulnerabilities\[1\] \(CVE-2021-22903\): configurations\.0\.nodes\.0\.cpeMatch\.0\.vulnerable/));
  });

  it('reports a malformed criteria CPE with its path', () => {
    const broken = structuredClone(log4shell) as { configurations: { nodes: { cpeMatch: { criteria: string }[] }[] }[] };
    const match = broken.configurations[0]?.nodes[0]?.cpeMatch[0];
    assert.ok(match);
    match.criteria = 'cpe:2.3:a:apache:log4j';
    assert.throws(() => readNvdJson(broken), invalid(/CVE-2021-44228\): configurations\.0\.nodes\.0\.cpeMatch\.0\.criteria: .*13 fields/));
  });

  it('refuses what is neither shape, and text that is not JSON', () => {
    assert.throws(() => readNvdJson([]), invalid(/got an array/));
    assert.throws(() => readNvdJson({ resultsPerPage: 0 }), invalid(/neither an NVD API response page/));
    assert.throws(() => readNvdJson({ ...log4shell, id: 'LOG4SHELL' }), invalid(/id: must look like CVE-YYYY-NNNN/));
    assert.throws(() => parseNvdJson(readTestdata('CVE-2014-0160.json').slice(0, 5000), 'cut.json'), invalid(/cut\.json: not valid JSON/));
  });
});
