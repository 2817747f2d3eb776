import { SaxesParser } from 'saxes';
import { WardError, invalidInput } from '../../core/errors.js';
import { kbFromDescription, splitSupersedence, type CvrfDocument, type CvrfRemediation, type CvrfVulnerability } from './cvrf-model.js';

type Draft = { fields: Map<string, string>; productIds: string[]; type: string };

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

// Without namespace processing saxes gives plain strings; anything else means no usable value.
const attribute = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Reads an MSRC CVRF 1.1 XML document (the form the Security Update Guide has published since 2016).
 * Only the parts Ward needs: product tree, CVEs, affected products and remediations.
 */
export function readCvrfXml(xml: string, source = 'CVRF XML'): CvrfDocument {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  let text = '';
  const products = new Map<string, string>();
  const vulnerabilities: CvrfVulnerability[] = [];
  const header = new Map<string, string>();
  let productId: string | undefined;
  let vulnerability: CvrfVulnerability | undefined;
  let remediation: Draft | undefined;
  let statusType: string | undefined;
  let failure: Error | undefined;

  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    stack.push(name);
    text = '';
    if (name === 'FullProductName') productId = attribute(tag.attributes.ProductID);
    if (name === 'Vulnerability') vulnerability = { cve: '', title: '', affectedProductIds: [], remediations: [] };
    if (name === 'Remediation') remediation = { fields: new Map(), productIds: [], type: attribute(tag.attributes.Type) };
    if (name === 'Status') statusType = attribute(tag.attributes.Type);
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    const parent = stack[stack.length - 2];
    const value = text.trim();
    if (name === 'FullProductName' && productId) products.set(productId, value);
    else if (remediation && parent === 'Remediation') {
      if (name === 'ProductID') remediation.productIds.push(value);
      else remediation.fields.set(name, value);
    } else if (vulnerability && parent === 'Vulnerability' && (name === 'CVE' || name === 'Title')) {
      vulnerability[name === 'CVE' ? 'cve' : 'title'] = value;
    } else if (vulnerability && name === 'ProductID' && parent === 'Status' && statusType === 'Known Affected') {
      vulnerability.affectedProductIds.push(value);
    } else if (!vulnerability && ['ID', 'DocumentTitle', 'InitialReleaseDate'].includes(name)) {
      if (!header.has(name)) header.set(name, value);
    }
    if (name === 'Remediation' && remediation && vulnerability) {
      const fields = remediation.fields;
      const description = fields.get('Description') ?? '';
      const entry: CvrfRemediation = {
        type: remediation.type,
        kb: kbFromDescription(description),
        description,
        url: fields.get('URL') || undefined,
        subType: fields.get('SubType') || undefined,
        supersedes: splitSupersedence(fields.get('Supercedence')),
        productIds: remediation.productIds,
        fixedBuild: fields.get('FixedBuild') || undefined,
      };
      vulnerability.remediations.push(entry);
      remediation = undefined;
    }
    if (name === 'Vulnerability' && vulnerability) {
      if (!/^CVE-\d{4}-\d{4,}$/.test(vulnerability.cve) && !/^ADV\d+$/.test(vulnerability.cve)) {
        failure ??= invalidInput(`${source}: line ${parser.line}: vulnerability ${vulnerabilities.length + 1} has no valid CVE id (${JSON.stringify(vulnerability.cve)})`);
      }
      vulnerabilities.push(vulnerability);
      vulnerability = undefined;
    }
    stack.pop();
    text = '';
  });

  try {
    parser.write(xml.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure) {
    if (failure instanceof WardError) throw failure;
    throw new WardError('INVALID_INPUT', `${source}: not well-formed XML: ${failure.message}`, {}, { cause: failure });
  }
  const id = header.get('ID');
  const released = header.get('InitialReleaseDate');
  if (!id || !released) throw invalidInput(`${source}: not an MSRC CVRF document (no DocumentTracking ID or InitialReleaseDate)`);
  return { id, title: header.get('DocumentTitle') ?? '', releaseDate: released.slice(0, 10), products, vulnerabilities };
}
