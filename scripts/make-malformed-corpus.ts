/**
 * Writes the hostile-input corpus in src/ingest/testdata/malformed/ (committed; rerun only to change
 * it): `node --import tsx scripts/make-malformed-corpus.ts`. Every file is made from a few bytes of
 * a real fixture or from nothing at all, so the corpus is deterministic and needs no download.
 * What each file tries is listed in the corpus's SOURCES.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';

const out = new URL('../src/ingest/testdata/malformed/', import.meta.url);
const fixture = (path: string) => readFileSync(new URL(`../src/ingest/formats/testdata/${path}`, import.meta.url));
const intelFixture = (path: string) => readFileSync(new URL(`../src/intel/testdata/${path}`, import.meta.url));

const files = new Map<string, Buffer | string>();
const add = (name: string, content: Buffer | string) => files.set(name, content);

const nmap = fixture('nmap/nmap_1port.xml');
const bom = fixture('cyclonedx-json/log4j.json');
const csv = fixture('device-inventory-csv/ward-columns.csv');
const lynis = fixture('lynis/lynis_one_vuln.dat');
const kev = intelFixture('nvd/CVE-2014-0160.json');

// Truncated: mid-tag, mid-string, inside a multi-byte UTF-8 character.
add('truncated-mid-tag.xml', nmap.subarray(0, nmap.indexOf('<host') + 3));
add('truncated-mid-string.json', bom.subarray(0, bom.indexOf('"name"') + 4));
add('truncated-mid-character.csv', Buffer.concat([csv.subarray(0, 200), Buffer.from('é', 'utf8').subarray(0, 1)]));
add('truncated-nvd.json', kev.subarray(0, Math.floor(kev.length / 2)));
add('empty.bin', Buffer.alloc(0));
add('only-bom.txt', Buffer.from([0xef, 0xbb, 0xbf]));
add('only-whitespace.txt', ' \n\t\r\n   \n');
add('nul-bytes.bin', Buffer.alloc(4096));

// Wrong encoding: UTF-16 with and without a BOM, invalid and overlong UTF-8, Latin-1.
const utf16 = (text: string, bigEndian: boolean, withBom: boolean) => {
  const le = Buffer.from(`${withBom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return bigEndian ? Buffer.from(le).swap16() : le;
};
add('utf16le-bom.xml', utf16(nmap.toString('utf8'), false, true));
add('utf16be-bom.xml', utf16(nmap.toString('utf8'), true, true));
add('utf16le-no-bom.json', utf16(bom.toString('utf8'), false, false));
add('utf16le-bom.csv', utf16(csv.toString('utf8'), false, true));
add('utf16le-bom.dat', utf16(lynis.toString('utf8'), false, true));
const invalidUtf8 = (text: Buffer, at: number) => Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0, 0xa1]), text.subarray(at)]);
add('invalid-utf8.xml', invalidUtf8(nmap, nmap.indexOf('<host') + 20));
add('invalid-utf8.json', invalidUtf8(bom, bom.indexOf('"name"') + 9));
add('invalid-utf8.csv', invalidUtf8(csv, csv.indexOf('\n') + 3));
add('invalid-utf8.dat', invalidUtf8(lynis, 300));
add('overlong-utf8.json', Buffer.concat([Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"'), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), Buffer.from('"}]}')]));
add('surrogate-utf8.xml', Buffer.concat([Buffer.from('<?xml version="1.0"?><nmaprun><host comment="'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"/></nmaprun>')]));
add('latin1.csv', Buffer.from('hostname,serial,owner\nNHS-WS-1,ABC,Jos\xe9 M\xfcller\n', 'latin1'));

// Deep nesting.
add('deep-nesting.xml.gz', gzipSync(`<?xml version="1.0"?>\n<nmaprun>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</nmaprun>\n`));
add('deep-nesting-array.json.gz', gzipSync(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
add('deep-nesting-object.json.gz', gzipSync(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[${'{"components":['.repeat(20_000)}${']}'.repeat(20_000)}]}`));
add('deep-nesting-jsonl.json.gz', gzipSync(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}\n`));

// Huge attributes, text and fields (gzip-compressed: they unpack to more than the 16 MiB node limit).
add('huge-attribute.xml.gz', gzipSync(`<?xml version="1.0"?>\n<nmaprun scanner="nmap"><host comment="${'A'.repeat(17 * 1024 * 1024)}"/></nmaprun>\n`));
add('many-attributes.xml.gz', gzipSync(`<?xml version="1.0"?>\n<NessusClientData_v2><Report name="r"><ReportHost name="h" ${Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ')}/></Report></NessusClientData_v2>\n`));
add('huge-text.xml.gz', gzipSync(`<?xml version="1.0"?>\n<NessusClientData_v2><Report name="r"><ReportHost name="h"><HostProperties><tag name="host-ip">${'1'.repeat(17 * 1024 * 1024)}</tag></HostProperties></ReportHost></Report></NessusClientData_v2>\n`));
add('huge-string.json.gz', gzipSync(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"${'x'.repeat(80 * 1024 * 1024)}"}]}`));
add('huge-line.dat.gz', gzipSync(`# Lynis Report\nreport_version_major=1\nhostname=${'h'.repeat(20 * 1024 * 1024)}\n`));

// Entity bombs and external entities: Ward's XML reader refuses any DOCTYPE that declares entities.
const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('\n  ');
add('billion-laughs.xml', `<?xml version="1.0"?>\n<!DOCTYPE nmaprun [\n  ${laughs}\n]>\n<nmaprun scanner="nmap"><host comment="&lol9;"/></nmaprun>\n`);
add('billion-laughs-nessus.xml', `<?xml version="1.0"?>\n<!DOCTYPE NessusClientData_v2 [\n  ${laughs}\n]>\n<NessusClientData_v2><Report name="&lol9;"/></NessusClientData_v2>\n`);
const big = 'B'.repeat(50_000);
add('quadratic-blowup.xml', `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY a "${big}">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>${'&a;'.repeat(30_000)}</name></component></components></bom>\n`);
add('xxe-file.xml', `<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<nmaprun scanner="nmap"><host><address addr="&xxe;" addrtype="ipv4"/></host></nmaprun>\n`);
add('xxe-http.xml', `<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/xxe">]>\n<report><report><host><ip>&xxe;</ip></host></report></report>\n`);
add('xxe-parameter-entity.xml', `<?xml version="1.0"?>\n<!DOCTYPE NessusClientData_v2 [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n<NessusClientData_v2/>\n`);
add('external-dtd.xml', `<?xml version="1.0"?>\n<!DOCTYPE ASSET_DATA_REPORT SYSTEM "http://127.0.0.1:9/asset_data_report.dtd">\n<ASSET_DATA_REPORT/>\n`);
add('xxe-cvrf.xml', `<?xml version="1.0"?>\n<!DOCTYPE cvrfdoc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<cvrfdoc xmlns="http://www.icasi.org/CVRF/schema/cvrf/1.1"><DocumentTitle>&xxe;</DocumentTitle></cvrfdoc>\n`);
add('billion-laughs-cvrf.xml', `<?xml version="1.0"?>\n<!DOCTYPE cvrfdoc [\n  ${laughs}\n]>\n<cvrfdoc xmlns="http://www.icasi.org/CVRF/schema/cvrf/1.1"><DocumentTitle>&lol9;</DocumentTitle></cvrfdoc>\n`);
add('xinclude.xml', `<?xml version="1.0"?>\n<nmaprun xmlns:xi="http://www.w3.org/2001/XInclude" scanner="nmap"><xi:include href="file:///etc/passwd" parse="text"/></nmaprun>\n`);

// Gzip: a bomb far beyond any cap a test sets, a corrupt stream, a truncated one, gzip inside gzip.
add('gzip-bomb.xml.gz', gzipSync(Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<nmaprun scanner="nmap"><!-- '), Buffer.alloc(256 * 1024 * 1024, 0x20), Buffer.from(' --></nmaprun>\n')]), { level: 9 }));
const gz = gzipSync(nmap);
add('gzip-corrupt.xml.gz', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(40, 0x55), gz.subarray(60)]));
add('gzip-truncated.xml.gz', gz.subarray(0, Math.floor(gz.length / 2)));
add('gzip-in-gzip.xml.gz', gzipSync(gz));

// Zip archives (intel: CVE 5 and OSV bundles): a bomb of many large entries, a nested bomb, a
// corrupt archive, entries that are not JSON.
const zeros = new Uint8Array(48 * 1024 * 1024).fill(0x20);
add('zip-bomb.zip', Buffer.from(zipSync({ 'a.json': zeros, 'b.json': zeros, 'c.json': zeros, 'd.json': zeros }, { level: 9 })));
const inner: Zippable = { 'x.json': new Uint8Array(16 * 1024 * 1024).fill(0x20) };
let nested: Uint8Array = zipSync(inner, { level: 9 });
for (let depth = 0; depth < 4; depth += 1) nested = zipSync({ [`level${depth}.zip`]: nested, [`copy${depth}.zip`]: nested }, { level: 0 });
add('zip-nested-bomb.zip', Buffer.from(nested));
const zip = zipSync({ 'CVE-2014-0160.json': new Uint8Array(kev) }, { level: 9 });
add('zip-corrupt.zip', Buffer.concat([Buffer.from(zip.subarray(0, 40)), Buffer.alloc(64, 0xaa), Buffer.from(zip.subarray(104))]));
add('zip-truncated.zip', Buffer.from(zip.subarray(0, Math.floor(zip.length / 2))));
add('zip-not-json.zip', Buffer.from(zipSync({ 'a.json': new TextEncoder().encode('{"not":"a record"'), 'b.txt': new TextEncoder().encode('hello') })));
add('zip-path-traversal.zip', Buffer.from(zipSync({ '../../../../tmp/ward-evil.json': new TextEncoder().encode('{}') })));

// CSV: broken quoting, an enormous field, a very wide row, formulas.
add('csv-unterminated-quote.csv', `hostname,serial,os_name\n"NHS-WS-1,ABC,Windows\n${'NHS-WS-2,DEF,Windows\n'.repeat(1000)}`);
add('csv-quote-in-field.csv', 'hostname,serial\nNHS"WS"1,A"B\n"NHS-WS-2"x,DEF\n');
add('csv-enormous-field.csv.gz', gzipSync(`hostname,serial,owner\nNHS-WS-1,ABC,"${'o'.repeat(20 * 1024 * 1024)}"\n`));
add('csv-wide-row.csv.gz', gzipSync(`${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',')}\n${'x,'.repeat(19_999)}x\n`));
add('csv-formulas.csv', 'hostname,serial,owner,os_name\n=cmd|\' /C calc\'!A0,+1+1,@SUM(A1),-2+3\n"=HYPERLINK(""http://evil.example"")",\tx,\rY,Windows\n');
add('csv-only-header.csv', 'hostname,serial,os_name\n');
add('csv-mixed-newlines.csv', 'hostname,serial\rNHS-1,A\r\nNHS-2,B\nNHS-3,C\r');

// JSON oddities: duplicate keys, enormous numbers, prototype keys, wrong types, NaN.
add('json-proto.json', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"x","__proto__":{"version":"1"}}]}');
add('json-wrong-types.json', '{"bomFormat":"CycloneDX","specVersion":1.5,"components":"none","vulnerabilities":{"id":7}}');
add('json-huge-number.json', `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"x","version":1${'0'.repeat(400)}}]}`);
add('json-nan.json', '{"catalogVersion":"2024.01.01","dateReleased":NaN,"count":Infinity,"vulnerabilities":[]}');
add('json-many-keys.json.gz', gzipSync(`{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`));
add('kev-wrong-types.json', '{"catalogVersion":"1","dateReleased":"2024-01-01","count":-1,"vulnerabilities":[{"cveID":7,"dateAdded":"yesterday"}]}');
add('nvd-wrong-types.json', '{"vulnerabilities":[{"cve":{"id":"CVE-2024-0001","configurations":"all","metrics":{"cvssMetricV31":[{"cvssData":"9.8"}]}}}]}');
add('osv-wrong-types.json', '{"id":"DSA-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":"openssl","ranges":7}]}');
add('cve5-wrong-types.json', '{"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2024-0001","state":"PUBLISHED"},"containers":{"cna":{"affected":"everything"}}}');
add('epss-broken.csv', '#model_version:v2023.03.01,score_date:2024-01-01T00:00:00+0000\ncve,epss,percentile\n"CVE-2024-0001,0.5,0.9\nCVE-2024-0002,NaN,2\n');
add('endoflife-broken.md', '---\ntitle: Windows\nreleases:\n  - releaseCycle: "11\n    eol: [[[\n');

// Binary and other formats with misleading names.
add('png-named.nessus', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
add('pdf-named.json', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

mkdirSync(out, { recursive: true });
for (const [name, content] of files) writeFileSync(new URL(name, out), content);
console.log(`wrote ${files.size} files to ${out.pathname}`);
