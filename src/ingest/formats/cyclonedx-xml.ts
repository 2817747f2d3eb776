/**
 * CycloneDX SBOM in XML (spec 1.2–1.6, 1.7 accepted): root `bom` in namespace
 * `http://cyclonedx.org/schema/bom/1.x`. The streaming reader keeps only the parts Ward uses
 * (serial number, metadata/component, components at any depth, vulnerabilities) in the JSON
 * shape of the same BOM, and `bomRecords` maps that exactly as for CycloneDX JSON, so one BOM
 * gives the same records in either encoding. Elements of other namespaces (extensions) are skipped.
 */
import type { SourceLocation } from '../../core/errors.js';
import type { EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat, FormatSample } from '../evidence-format.js';
import type { JsonObject } from '../text/json-values.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlAttributes, XmlHandler } from '../xml/safe-xml-reader.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { bomRecords, knownCycloneDxSpecs } from './cyclonedx-bom.js';

const ROOT = 'bom';
const NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

export const cycloneDxXmlFormat: EvidenceFormat = {
  id: 'cyclonedx-xml',
  label: 'CycloneDX SBOM (XML, spec 1.2–1.7)',
  version: 1,
  extensions: ['.cdx.xml', '.bom.xml', '.xml'],
  detect,
  parse: (input, context) =>
    readXml(
      input,
      { fileName: context.fileName, signal: context.signal },
      cycloneDxHandler(context.fileName),
    ),
};

function detect(sample: FormatSample): boolean {
  const root = xmlRootElement(sample.head);
  return (
    root !== undefined && localName(root) === ROOT && /cyclonedx\.org\/schema\/bom\/1\.\d/.test(sample.head)
  );
}

/** What an element becomes in the JSON shape. */
type Kind =
  'bom' | 'metadata' | 'component' | 'vulnerability' | 'reference' | 'rating' | 'target' | 'analysis';

/** A child element: a text property, a nested object, or a wrapper whose items form a list. */
type Child =
  { as: 'text'; number?: true } | { as: 'object'; kind: Kind } | { as: 'list'; item: string; kind: Kind };

const text: Child = { as: 'text' };

// Only what `bomRecords` reads; everything else is skipped unread.
const schema: Record<Kind, Readonly<Record<string, Child>>> = {
  bom: {
    metadata: { as: 'object', kind: 'metadata' },
    components: { as: 'list', item: 'component', kind: 'component' },
    vulnerabilities: { as: 'list', item: 'vulnerability', kind: 'vulnerability' },
  },
  metadata: { component: { as: 'object', kind: 'component' } },
  component: {
    name: text,
    group: text,
    publisher: text,
    version: text,
    purl: text,
    cpe: text,
    components: { as: 'list', item: 'component', kind: 'component' },
  },
  vulnerability: {
    id: text,
    description: text,
    recommendation: text,
    published: text,
    references: { as: 'list', item: 'reference', kind: 'reference' },
    ratings: { as: 'list', item: 'rating', kind: 'rating' },
    affects: { as: 'list', item: 'target', kind: 'target' },
    analysis: { as: 'object', kind: 'analysis' },
  },
  reference: { id: text },
  rating: { score: { as: 'text', number: true }, severity: text, method: text, vector: text },
  target: { ref: text },
  analysis: { state: text },
};

// Attributes that carry JSON properties (CycloneDX XML puts these in attributes).
const attributeKeys: Readonly<Partial<Record<Kind, readonly string[]>>> = {
  bom: ['serialNumber'],
  component: ['type', 'bom-ref'],
  vulnerability: ['bom-ref'],
};

type Frame =
  | { kind: 'object'; type: Kind; value: JsonObject }
  | { kind: 'list'; item: string; type: Kind; values: JsonObject[] }
  | { kind: 'text'; owner: JsonObject; key: string; number: boolean }
  | { kind: 'skip' };

function cycloneDxHandler(file: string): XmlHandler<EvidenceRecord> {
  const frames: Frame[] = [];
  /** Namespace declarations per open element (undefined when it declares none). */
  const scopes: (Map<string, string> | undefined)[] = [];
  const positions = new WeakMap<JsonObject, SourceLocation>();
  const bom: JsonObject = {};

  const namespaceOf = (prefix: string): string | undefined => {
    for (let level = scopes.length - 1; level >= 0; level--) {
      const uri = scopes[level]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  };

  const newObject = (type: Kind, attributes: XmlAttributes): JsonObject => {
    const value: JsonObject = {};
    for (const key of attributeKeys[type] ?? []) {
      const attribute = attributes[key];
      if (attribute !== undefined) value[key] = attribute;
    }
    return value;
  };

  return {
    open(name, attributes, cursor) {
      scopes.push(declarations(attributes));
      const colon = name.indexOf(':');
      const uri = namespaceOf(colon < 0 ? '' : name.slice(0, colon));
      const local = localName(name);
      const spec = uri === undefined ? undefined : NAMESPACE.exec(uri)?.[1];

      if (cursor.depth === 1) {
        if (local !== ROOT || spec === undefined) {
          return cursor.fail(
            `not a CycloneDX BOM: the root element is <${name}>${uri ? ` in namespace ${uri}` : ''}, expected <${ROOT}> in namespace http://cyclonedx.org/schema/bom/1.x`,
          );
        }
        if (!knownCycloneDxSpecs.has(spec)) {
          cursor.emit({
            kind: 'warning',
            message: `specVersion ${spec} is not one Ward knows (1.2–1.7); read as 1.6`,
            location: cursor.location(),
          });
        }
        Object.assign(bom, newObject('bom', attributes));
        frames.push({ kind: 'object', type: 'bom', value: bom });
        return false;
      }

      const parent = frames.at(-1);
      const frame =
        spec === undefined || parent === undefined ? { kind: 'skip' as const } : childFrame(parent, local);
      // The object's attributes and position are only known here.
      if (frame.kind === 'object') {
        Object.assign(frame.value, newObject(frame.type, attributes));
        if (frame.type === 'component' || frame.type === 'vulnerability')
          positions.set(frame.value, cursor.location());
      }
      if (frame.kind === 'object' && parent?.kind === 'list') parent.values.push(frame.value);
      frames.push(frame);
      return frame.kind === 'text';
    },

    close(_name, content, cursor) {
      scopes.pop();
      const frame = frames.pop();
      if (frame === undefined) return;
      if (frame.kind === 'text') {
        const value = content?.trim() ?? '';
        if (value === '' || frame.key in frame.owner) return;
        if (frame.number) {
          const score = Number(value);
          frame.owner[frame.key] = Number.isFinite(score) ? score : value;
        } else {
          frame.owner[frame.key] = value;
        }
      }
      if (cursor.depth === 1) {
        for (const record of bomRecords(
          bom,
          file,
          (node, path) => (node && positions.get(node)) ?? { file, path },
        ))
          cursor.emit(record);
      }
    },
  };
}

/** What a child element of `parent` named `local` becomes; the object/list is attached to its parent. */
function childFrame(parent: Frame, local: string): Frame {
  if (parent.kind === 'list') {
    return local === parent.item ? { kind: 'object', type: parent.type, value: {} } : { kind: 'skip' };
  }
  if (parent.kind !== 'object') return { kind: 'skip' };
  const child = schema[parent.type][local];
  if (child === undefined) return { kind: 'skip' };
  const owner = parent.value;
  switch (child.as) {
    case 'text':
      return { kind: 'text', owner, key: local, number: child.number === true };
    case 'object': {
      if (local in owner) return { kind: 'skip' };
      const value: JsonObject = {};
      owner[local] = value;
      return { kind: 'object', type: child.kind, value };
    }
    case 'list': {
      const existing = owner[local];
      const values: JsonObject[] = Array.isArray(existing) ? (existing as JsonObject[]) : [];
      owner[local] = values;
      return { kind: 'list', item: child.item, type: child.kind, values };
    }
  }
}

function declarations(attributes: XmlAttributes): Map<string, string> | undefined {
  let scope: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'xmlns') (scope ??= new Map()).set('', value);
    else if (key.startsWith('xmlns:')) (scope ??= new Map()).set(key.slice(6), value);
  }
  return scope;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
