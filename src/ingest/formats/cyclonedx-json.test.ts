import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createCycloneDxJsonFormat, cycloneDxJsonFormat } from './cyclonedx-json.js';
import { assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';

const fixture = (name: string): string => readFileSync(new URL(`cyclonedx-json/${name}`, testdata), 'utf8');
const parse = (name: string) => parseFile(cycloneDxJsonFormat, `cyclonedx-json/${name}`);

describe('CycloneDX JSON', () => {
  it('walks nested components and links embedded vulnerabilities to the asset', async () => {
    const records = await parse('nested-component-log4j.json');
    assert.equal(ofKind(records, 'asset').length, 1);
    assert.equal(ofKind(records, 'software').length, 2);
    assert.equal(ofKind(records, 'finding').length, 8);
    assert.equal(ofKind(records, 'warning').length, 0);
    const assetRef = './configuration/.m2/repository/org/apache/logging/log4j/log4j-core/2.13.2';
    assert.deepEqual(ofKind(records, 'software')[1], {
      kind: 'software',
      assetRef,
      name: 'log4j-core',
      version: '2.13.2',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
      packageType: 'maven',
      source: 'cyclonedx',
      location: { file: 'nested-component-log4j.json', path: '/components/0/components/0' },
    });
    const log4shell = ofKind(records, 'finding').find((f) => f.checkId === 'CVE-2021-44228');
    assert.ok(log4shell);
    assert.match(log4shell.title, /^CVE-2021-44228: Apache Log4j2 2\.0-beta9 through 2\.15\.0/);
    assert.deepEqual(
      { ...log4shell, title: undefined },
      {
        kind: 'finding',
        assetRef,
        tool: 'cyclonedx',
        checkId: 'CVE-2021-44228',
        title: undefined,
        severity: 'critical',
        cves: ['CVE-2021-44228'],
        cvss: [
          { version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', baseScore: 10 },
          { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10 },
        ],
        output: 'Affects: log4j-core 2.13.2',
        location: { file: 'nested-component-log4j.json', path: '/vulnerabilities/0' },
      },
    );
    assert.deepEqual(ofKind(records, 'asset')[0]?.externalIds, {
      sbomSerialNumber: 'urn:uuid:b93c5d57-4484-44ba-830e-dae7ef559120',
      sbomSubject: assetRef,
      sbomSubjectType: 'file',
    });
  });

  it('counts components and findings of real BOMs', async () => {
    const expected: [string, number, number][] = [
      ['jake2.json', 67, 7],
      ['laravel-7.12.0-bom.1.2.json', 62, 0],
      ['valid-bom-1.7.json', 3, 0],
    ];
    for (const [name, software, findings] of expected) {
      const records = await parse(name);
      assert.equal(ofKind(records, 'asset').length, 1, name);
      assert.equal(ofKind(records, 'software').length, software, name);
      assert.equal(ofKind(records, 'finding').length, findings, name);
    }
    const jake = ofKind(await parse('jake2.json'), 'finding');
    assert.deepEqual(jake[0]?.cves, ['CVE-2021-33203']);
    assert.equal(jake[0]?.severity, 'high');
  });

  it('makes an operating-system component the asset OS and skips hardware and data', async () => {
    const records = await parse('valid-component-types-1.6.json');
    assert.deepEqual(
      ofKind(records, 'software').map((s) => s.name),
      ['application-a', 'library-a', 'framework-a', 'container-a', 'firmware-a', 'file-a'],
    );
    assert.deepEqual(ofKind(records, 'asset')[0]?.os, { name: 'operating-system-a 1.0', version: '1.0' });
  });

  it('drops vulnerabilities a VEX analysis marks not_affected', async () => {
    const records = await parse('valid-vulnerability-1.5.json');
    assert.equal(ofKind(records, 'software').length, 1);
    assert.equal(ofKind(records, 'finding').length, 0);
    const affected = fixture('valid-vulnerability-1.5.json').replace('"not_affected"', '"exploitable"');
    const findings = ofKind(await parseBytes(cycloneDxJsonFormat, affected, 'v.json'), 'finding');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.deepEqual(findings[0]?.cves, ['CVE-2018-7489']);
  });

  it('keeps a component whose purl is invalid, with a warning', async () => {
    const bom =
      '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"x","purl":"not-a-purl"}]}';
    const records = await parseBytes(cycloneDxJsonFormat, bom, 'p.json');
    assert.equal(ofKind(records, 'software')[0]?.purl, undefined);
    assert.deepEqual(ofKind(records, 'warning')[0]?.location, { file: 'p.json', path: '/components/0' });
  });

  it('detects BOMs, including ones it will refuse, and not other JSON', () => {
    assert.equal(
      cycloneDxJsonFormat.detect({ fileName: 'bom.json', head: fixture('jake2.json').slice(0, 1024) }),
      true,
    );
    assert.equal(
      cycloneDxJsonFormat.detect({ fileName: 'x.json', head: fixture('invalid-bomformat-1.6.json') }),
      true,
    );
    assert.equal(
      cycloneDxJsonFormat.detect({ fileName: 'x.json', head: '{"name":"programs","snapshot":[]}' }),
      false,
    );
    assert.equal(cycloneDxJsonFormat.detect({ fileName: 'x.csv', head: 'hostname,serial\n' }), false);
  });
});

describe('CycloneDX JSON broken files', () => {
  it('rejects another bomFormat, pointing at the field', async () => {
    await assertUnreadable(parse('invalid-bomformat-1.6.json'), {
      file: 'invalid-bomformat-1.6.json',
      line: 3,
      column: 3,
    });
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, '{"specVersion":"1.5"}', 'nofmt.json'), {
      file: 'nofmt.json',
      line: 1,
    });
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, '[1,2]', 'array.json'), {
      file: 'array.json',
      line: 1,
    });
  });

  it('reports a truncated document and a syntax error with line and column', async () => {
    const text = fixture('nested-component-log4j.json');
    const cut = text.slice(0, 5000);
    const lines = cut.split('\n');
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, cut, 'cut.json', 999), {
      file: 'cut.json',
      line: lines.length,
      column: (lines.at(-1)?.length ?? 0) + 1,
    });
    await assertUnreadable(
      parseBytes(cycloneDxJsonFormat, '{\n  "bomFormat": "CycloneDX",\n  "x": tru\n}', 's.json'),
      {
        file: 's.json',
        line: 3,
        column: 8,
      },
    );
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, 'hostname,serial\npc1,1\n', 'inv.csv'), {
      file: 'inv.csv',
      line: 1,
      column: 1,
    });
  });

  it('reports bad encoding and binary garbage with the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{\n"bomFormat":"CycloneDX",\n"x":"'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('"}'),
    ]);
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, bytes, 'enc.json'), { file: 'enc.json', line: 3 });
    const garbage = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, garbage, 'bom.json.gz'), {
      file: 'bom.json.gz',
      line: 1,
    });
  });

  it('refuses an oversized document and hostile nesting', async () => {
    const small = createCycloneDxJsonFormat({ maxDocumentBytes: 1000, maxNesting: 256 });
    await assertUnreadable(parseBytes(small, fixture('jake2.json'), 'big.json', 100), { file: 'big.json' });
    const deep = `{"bomFormat":"CycloneDX",\n"components":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await assertUnreadable(parseBytes(cycloneDxJsonFormat, deep, 'deep.json', 65536), {
      file: 'deep.json',
      line: 2,
      column: 14 + 255,
    });
  });
});
