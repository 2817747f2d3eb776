import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isWardError } from '../../core/errors.js';
import { assertUnreadable, chunked, collect } from '../formats/xml-format-test-support.js';
import { readXml } from './safe-xml-reader.js';
import type { ReadXmlOptions, XmlHandler } from './safe-xml-reader.js';
import { xmlRootElement } from './xml-root.js';

type Seen = { name: string; path: string | undefined; line: number | undefined; text: string | undefined };

/** Captures the text of every element whose name starts with "t"; emits one record per close. */
const recorder: XmlHandler<Seen> = {
  open: (name) => name.startsWith('t'),
  close: (name, text, cursor) => {
    const location = cursor.location();
    cursor.emit({ name, path: location.path, line: location.line, text });
  },
};

function read(input: Readable, options: Partial<ReadXmlOptions> = {}): Promise<Seen[]> {
  return collect(readXml(input, { fileName: 'doc.xml', ...options }, recorder));
}

const sample = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <item id="1"><title>caf\u00e9 \u2603 \u{1F600} &lt;&amp;&gt; &#233;&#x41;</title></item>
  <item id="2"><title><![CDATA[<raw>]]> tail</title><other/></item>
</root>
`;

describe('readXml', () => {
  it('reports elements with indexed paths, decoded entities and lines', async () => {
    const seen = await read(chunked(sample, 4096));
    assert.deepEqual(seen, [
      { name: 'title', path: 'root/item[1]/title[1]', line: 3, text: 'caf\u00e9 \u2603 \u{1F600} <&> \u00e9A' },
      { name: 'item', path: 'root/item[1]', line: 3, text: undefined },
      { name: 'title', path: 'root/item[2]/title[1]', line: 4, text: '<raw> tail' },
      { name: 'other', path: 'root/item[2]/other[1]', line: 4, text: undefined },
      { name: 'item', path: 'root/item[2]', line: 4, text: undefined },
      { name: 'root', path: 'root', line: 5, text: undefined },
    ]);
  });

  it('gives the same result whatever the chunk size, even splitting multibyte characters', async () => {
    const whole = await read(chunked(sample, 1 << 20));
    for (const size of [1, 2, 3, 5, 13]) assert.deepEqual(await read(chunked(sample, size)), whole);
  });

  it("gives an element's own text, not its children's, and nested captures their own", async () => {
    const seen = await read(chunked('<root><title>10.0.0.1<tname>pc1</tname> end</title></root>', 5));
    assert.deepEqual(
      seen.map((entry) => [entry.name, entry.text]),
      [['tname', 'pc1'], ['title', '10.0.0.1 end'], ['root', undefined]],
    );
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const seen = await read(chunked(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), 1));
    assert.equal(seen.length, 6);
  });

  it('decodes a document declared as ISO-8859-1', async () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><root><title>caf\u00e9</title></root>', 'latin1');
    const seen = await read(chunked(latin, 3));
    assert.equal(seen[0]?.text, 'caf\u00e9');
  });

  it('refuses a truncated document, naming the file and line', async () => {
    const cut = sample.slice(0, sample.indexOf('</root>'));
    await assertUnreadable(read(chunked(cut, 16)), 'doc.xml', /unclosed tag: root/);
  });

  it('refuses an empty file', async () => {
    await assertUnreadable(read(chunked('', 16)), 'doc.xml', /root element/);
  });

  it('refuses binary garbage', async () => {
    const garbage = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a]);
    await assertUnreadable(read(chunked(garbage, 5)), 'doc.xml');
  });

  it('refuses bytes that are not UTF-8, with the line of the bad byte', async () => {
    const bad = Buffer.concat([Buffer.from('<root>\n<title>ok</title>\n<title>caf'), Buffer.from([0xe9]), Buffer.from('</title></root>')]);
    const error = await assertUnreadable(read(chunked(bad, 1024)), 'doc.xml', /invalid UTF-8/);
    assert.equal(error.details.location?.line, 3);
  });

  it('refuses an unsupported declared encoding', async () => {
    await assertUnreadable(read(chunked('<?xml version="1.0" encoding="EBCDIC-US"?><root/>', 64)), 'doc.xml', /EBCDIC/);
  });

  it('refuses a billion-laughs entity bomb before expanding anything', async () => {
    const levels = Array.from({ length: 10 }, (_, level) =>
      level === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`,
    );
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE root [\n${levels.join('\n')}\n]>\n<root><title>&lol9;</title></root>`;
    await assertUnreadable(read(chunked(bomb, 64)), 'doc.xml', /DOCTYPE declares entities/);
  });

  it('never reads an external entity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-xxe-'));
    try {
      const secretFile = join(dir, 'secret.txt');
      writeFileSync(secretFile, 'TOP-SECRET-4242');
      const xxe = `<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY xxe SYSTEM "file://${secretFile}">]>\n<root><title>&xxe;</title></root>`;
      const error = await assertUnreadable(read(chunked(xxe, 64)), 'doc.xml', /DOCTYPE declares entities/);
      assert.ok(!JSON.stringify({ message: error.message, details: error.details }).includes('TOP-SECRET'));
      // Without the DOCTYPE guard the reference is still undefined: saxes never fetches it.
      const bare = '<root><title>&xxe;</title></root>';
      const second = await assertUnreadable(read(chunked(bare, 64)), 'doc.xml', /undefined entity/);
      assert.ok(!second.message.includes('TOP-SECRET'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a DOCTYPE without entity declarations (Nmap writes one)', async () => {
    const seen = await read(chunked('<?xml version="1.0"?><!DOCTYPE root><root><title>x</title></root>', 8));
    assert.equal(seen[0]?.text, 'x');
  });

  it('refuses over-deep nesting', async () => {
    const deep = `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`;
    const error = await assertUnreadable(read(chunked(deep, 100)), 'doc.xml', /deeper than 256/);
    assert.match(error.details.location?.path ?? '', /^a\/a\[1\]/);
  });

  it('refuses a node longer than the limit', async () => {
    const long = `<root><title>${'x'.repeat(5000)}</title></root>`;
    await assertUnreadable(read(chunked(long, 512), { limits: { maxNodeChars: 1000 } }), 'doc.xml', /longer than 1000/);
    const attribute = `<root><item v="${'y'.repeat(5000)}"/></root>`;
    await assertUnreadable(read(chunked(attribute, 512), { limits: { maxNodeChars: 1000 } }), 'doc.xml', /longer than 1000/);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(read(chunked(sample, 8), { signal: controller.signal }), { name: 'AbortError' });
  });

  it('throws only INGEST_UNREADABLE for any truncation or corruption of a valid document', { timeout: 60_000 }, async () => {
    const bytes = Buffer.from(sample);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }))),
        async (cut, chunkSize, flip) => {
          const input = Buffer.from(bytes.subarray(0, cut));
          if (flip && flip[0] < input.length) input[flip[0]] = flip[1];
          try {
            await read(chunked(input, chunkSize));
          } catch (error) {
            assert.ok(isWardError(error), `unexpected ${String(error)}`);
            assert.equal(error.code, 'INGEST_UNREADABLE');
            return;
          }
          // A cut that keeps the whole root (only trailing whitespace lost) may parse.
          assert.ok(cut >= sample.indexOf('</root>') + '</root>'.length, `cut at ${cut} parsed`);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('xmlRootElement', () => {
  it('finds the root after declaration, comments and DOCTYPE', () => {
    assert.equal(xmlRootElement('\uFEFF<?xml version="1.0"?>\n<!-- c --><!DOCTYPE nmaprun>\n<nmaprun scanner="nmap">'), 'nmaprun');
    assert.equal(xmlRootElement('<!DOCTYPE a [<!ENTITY x "y">]><a/>'), 'a');
    assert.equal(xmlRootElement('<?xml version="1.0"?>'), undefined);
    assert.equal(xmlRootElement('{"json": true}'), undefined);
  });
});
