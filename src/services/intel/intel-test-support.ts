import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IntelFileInput } from './load-intel-files.js';

const testdata = new URL('../../intel/testdata/', import.meta.url);

/** A real file from src/intel/testdata, as `ward intel load` would read it. */
export function intelTestFile(path: string): IntelFileInput {
  return { name: path.split('/').pop() ?? path, bytes: readFileSync(new URL(path, testdata)) };
}

export function intelTestPath(path: string): string {
  return fileURLToPath(new URL(path, testdata));
}

export const nvdFiles = ['CVE-2014-0160.json', 'CVE-2017-0143.json', 'CVE-2017-0144.json', 'CVE-2017-0145.json', 'CVE-2017-0146.json', 'CVE-2017-0147.json', 'CVE-2017-0148.json', 'CVE-2021-44228.json'].map((f) => `nvd/${f}`);
export const kevFile = 'kev/known_exploited_vulnerabilities.json.gz';
export const epssFile = 'epss/kev-epss-cvss-2026-08-22.csv.gz';
export const firstEpssFile = 'epss/constructed-first-daily-shape.csv';
export const endoflifeFiles = ['endoflife/log4j.md', 'endoflife/windows.md', 'endoflife/windows-server.md'];
export const msrcFile = 'msrc/cvrfDocument-2017-Mar.xml.gz';
