import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { EvidenceRecord } from '../evidence.js';
import { cycloneDxJsonFormat } from './cyclonedx-json.js';
import { cycloneDxXmlFormat } from './cyclonedx-xml.js';
import { assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';

const fixture = (name: string): string => readFileSync(new URL(`cyclonedx-xml/${name}`, testdata), 'utf8');
const parse = (name: string) => parseFile(cycloneDxXmlFormat, `cyclonedx-xml/${name}`);
const withoutLocation = <T extends EvidenceRecord>(records: T[]): T[] =>
  records.map((record) => {
    const copy = { ...record };
    delete copy.location;
    return copy;
  });

const small = (body: string, namespace = 'http://cyclonedx.org/schema/bom/1.6'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="${namespace}" serialNumber="urn:uuid:1" version="1">\n${body}\n</bom>\n`;

describe('CycloneDX XML', () => {
  it('counts components and findings of real BOMs', async () => {
    const expected: [string, number, number][] = [
      ['log4j.xml', 1, 8],
      ['laravel-7.12.0-bom.1.4.xml', 62, 0],
      ['valid-bom-1.6.xml', 3, 0],
      ['valid-component-types-1.6.xml', 6, 0],
    ];
    for (const [name, software, findings] of expected) {
      const records = await parse(name);
      assert.equal(ofKind(records, 'asset').length, 1, name);
      assert.equal(ofKind(records, 'software').length, software, name);
      assert.equal(ofKind(records, 'finding').length, findings, name);
      assert.equal(ofKind(records, 'warning').length, 0, name);
    }
  });

  it('gives the same software and findings as the JSON encoding of the same BOM', async () => {
    const pairs: [string, string][] = [
      ['log4j.xml', 'log4j.json'],
      ['laravel-7.12.0-bom.1.4.xml', 'laravel-7.12.0-bom.1.2.json'],
      ['valid-component-types-1.6.xml', 'valid-component-types-1.6.json'],
    ];
    for (const [xml, json] of pairs) {
      const fromXml = await parse(xml);
      const fromJson = await parseFile(cycloneDxJsonFormat, `cyclonedx-json/${json}`);
      for (const kind of ['software', 'finding'] as const) {
        assert.deepEqual(
          withoutLocation(ofKind(fromXml, kind)),
          withoutLocation(ofKind(fromJson, kind)),
          `${xml} ${kind}`,
        );
      }
      const [xmlAsset] = withoutLocation(ofKind(fromXml, 'asset'));
      const [jsonAsset] = withoutLocation(ofKind(fromJson, 'asset'));
      // The DefectDojo log4j pair was generated twice, so only the serial numbers differ.
      assert.deepEqual(
        { ...xmlAsset, externalIds: { ...xmlAsset?.externalIds, sbomSerialNumber: undefined } },
        { ...jsonAsset, externalIds: { ...jsonAsset?.externalIds, sbomSerialNumber: undefined } },
        xml,
      );
    }
  });

  it('reads a finding and a software record field by field, located in the XML', async () => {
    const records = await parse('log4j.xml');
    const assetRef = './configuration/.m2/repository/org/apache/logging/log4j/log4j-core/2.13.2';
    assert.deepEqual(ofKind(records, 'asset')[0], {
      kind: 'asset',
      assetRef,
      assetKind: 'unknown',
      ipAddresses: [],
      macAddresses: [],
      location: { file: 'log4j.xml', line: 12, column: 28, path: 'bom/metadata[1]/component[1]' },
      externalIds: {
        sbomSerialNumber: 'urn:uuid:272fe4b7-83a4-4a0f-b235-3b82e833c0e9',
        sbomSubject: assetRef,
        sbomSubjectType: 'file',
      },
    });
    assert.deepEqual(ofKind(records, 'software')[0], {
      kind: 'software',
      assetRef,
      name: 'log4j-core',
      version: '2.13.2',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
      packageType: 'maven',
      source: 'cyclonedx',
      location: { file: 'log4j.xml', line: 17, column: 122, path: 'bom/components[1]/component[1]' },
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
        location: {
          file: 'log4j.xml',
          line: 24,
          column: 20,
          path: 'bom/vulnerabilities[1]/vulnerability[1]',
        },
      },
    );
  });

  it('makes an operating-system component the asset OS and skips hardware and data', async () => {
    const records = await parse('valid-component-types-1.6.xml');
    assert.deepEqual(
      ofKind(records, 'software').map((s) => s.name),
      ['application-a', 'library-a', 'framework-a', 'container-a', 'firmware-a', 'file-a'],
    );
    assert.deepEqual(ofKind(records, 'asset')[0]?.os, { name: 'operating-system-a 1.0', version: '1.0' });
  });

  it('walks nested components, drops VEX-dismissed vulnerabilities and skips other namespaces', async () => {
    const records = await parseBytes(
      cycloneDxXmlFormat,
      small(`<components>
  <component type="application" bom-ref="app"><name>app</name><version>1</version>
    <components><component type="library" bom-ref="lib"><group>org.x</group><name>lib</name><version>2</version>
      <cpe>cpe:2.3:a:x:lib:2:*:*:*:*:*:*:*</cpe></component></components>
  </component>
  <x:component xmlns:x="urn:example:ext"><name>not cyclonedx</name></x:component>
</components>
<vulnerabilities>
  <vulnerability><id>CVE-2024-0001</id><ratings><rating><score>5.3</score><method>CVSSv31</method>
    <vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N</vector></rating></ratings>
    <affects><target><ref>lib</ref></target></affects></vulnerability>
  <vulnerability><id>CVE-2024-0002</id><analysis><state>not_affected</state></analysis>
    <affects><target><ref>lib</ref></target></affects></vulnerability>
</vulnerabilities>`),
      'nested.cdx.xml',
    );
    assert.deepEqual(
      ofKind(records, 'software').map((s) => [s.name, s.vendor, s.version, s.cpe]),
      [
        ['app', undefined, '1', undefined],
        ['lib', 'org.x', '2', 'cpe:2.3:a:x:lib:2:*:*:*:*:*:*:*'],
      ],
    );
    const findings = ofKind(records, 'finding');
    assert.deepEqual(
      findings.map((f) => [f.checkId, f.severity, f.output, f.cvss[0]?.baseScore]),
      [['CVE-2024-0001', 'medium', 'Affects: lib 2', 5.3]],
    );
  });

  it('warns about a spec version it does not know and reads it anyway', async () => {
    const records = await parseBytes(
      cycloneDxXmlFormat,
      small(
        '<components><component type="library"><name>a</name></component></components>',
        'http://cyclonedx.org/schema/bom/1.9',
      ),
      'future.xml',
    );
    assert.match(ofKind(records, 'warning')[0]?.message ?? '', /specVersion 1\.9 is not one Ward knows/);
    assert.equal(ofKind(records, 'software').length, 1);
  });

  it('detects CycloneDX XML by root and namespace, and not other XML or JSON', () => {
    const head = (name: string) => ({ head: fixture(name).slice(0, 1024), fileName: name });
    for (const name of [
      'log4j.xml',
      'laravel-7.12.0-bom.1.4.xml',
      'valid-bom-1.6.xml',
      'broken-truncated-log4j.xml',
    ])
      assert.equal(cycloneDxXmlFormat.detect(head(name)), true, name);
    assert.equal(
      cycloneDxXmlFormat.detect({ head: '<?xml version="1.0"?><nmaprun scanner="nmap">', fileName: 'a.xml' }),
      false,
    );
    assert.equal(
      cycloneDxXmlFormat.detect({ head: '<bom xmlns="urn:other"><components/></bom>', fileName: 'a.xml' }),
      false,
    );
    assert.equal(
      cycloneDxXmlFormat.detect({
        head: '{"bomFormat":"CycloneDX","$schema":"http://cyclonedx.org/schema/bom-1.6.schema.json"}',
        fileName: 'a.json',
      }),
      false,
    );
  });

  it('refuses a truncated document, naming the file and line', async () => {
    await assertUnreadable(parse('broken-truncated-log4j.xml'), {
      file: 'broken-truncated-log4j.xml',
      line: 90,
    });
  });

  it('refuses another root element or namespace', async () => {
    await assertUnreadable(
      parseBytes(
        cycloneDxXmlFormat,
        '<?xml version="1.0"?>\n<nmaprun scanner="nmap"></nmaprun>\n',
        'scan.xml',
      ),
      { file: 'scan.xml', line: 2 },
    );
    await assertUnreadable(
      parseBytes(cycloneDxXmlFormat, '<bom xmlns="http://example.org/bom"><components/></bom>', 'other.xml'),
      { file: 'other.xml', line: 1 },
    );
    await assert.rejects(
      parseBytes(cycloneDxXmlFormat, '<spdx/>', 'spdx.xml'),
      /not a CycloneDX BOM: the root element is <spdx>/,
    );
  });

  it('refuses an entity expansion bomb before expanding anything', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE bom [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&c;</name></component></components></bom>
`;
    await assertUnreadable(parseBytes(cycloneDxXmlFormat, bomb, 'bomb.cdx.xml'), { file: 'bomb.cdx.xml' });
    await assert.rejects(parseBytes(cycloneDxXmlFormat, bomb, 'bomb.cdx.xml'), /DOCTYPE declares entities/);
  });
});
