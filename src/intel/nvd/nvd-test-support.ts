import { readFileSync } from 'node:fs';
import { parseNvdJson } from './read-nvd.js';
import type { NvdCve } from './nvd-model.js';

export const nvdTestdata = new URL('../testdata/nvd/', import.meta.url);

export function readTestdata(file: string): string {
  return readFileSync(new URL(file, nvdTestdata), 'utf8');
}

/** The one CVE of a single-record file. */
export function loadCve(file: string): NvdCve {
  const [cve] = parseNvdJson(readTestdata(file), file);
  if (cve === undefined) throw new Error(`${file} holds no CVE`);
  return cve;
}
