import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

export type NhsTrust = { odsCode: string; name: string; region: string | null };

const dataFolder = fileURLToPath(new URL('../../data/nhs/', import.meta.url));

/** Region names by NHS England region code (Y56 → London), from the ONS lookup. */
function regionNames(): Map<string, string> {
  const text = readFileSync(`${dataFolder}sub-icb-to-icb-to-nhse-region-2023-04.csv`, 'utf8').replace(
    /^\uFEFF/,
    '',
  );
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return new Map(rows.map((row) => [row.NHSER23CDH ?? '', row.NHSER23NM ?? '']));
}

/** Upper-case ODS names read better in title case; "NHS" and "and"/"of" keep their usual form. */
export function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b([a-z])([a-z']*)/g, (_word, first: string, rest: string) => first.toUpperCase() + rest)
    .replace(/\bNhs\b/g, 'NHS')
    .replace(/\b(And|Of|The|For)\b/g, (word, _w, offset: number) =>
      offset === 0 ? word : word.toLowerCase(),
    );
}

/** The open NHS trusts of the ODS `etr` file (no close date), in file order. */
export function loadNhsTrusts(): NhsTrust[] {
  const regions = regionNames();
  const rows = Papa.parse<string[]>(readFileSync(`${dataFolder}etr-ods-trusts-2026.csv`, 'utf8'), {
    skipEmptyLines: true,
  }).data;
  return rows
    .filter((row) => (row[11] ?? '') === '' && (row[0] ?? '') !== '')
    .map((row) => ({
      odsCode: row[0] ?? '',
      name: titleCase(row[1] ?? ''),
      region: regions.get(row[2] ?? '') ?? null,
    }));
}

/** The integrated care boards of the ONS lookup (code, name, region), after the trusts when more organisations are asked for. */
export function loadNhsIcbs(): NhsTrust[] {
  const text = readFileSync(`${dataFolder}sub-icb-to-icb-to-nhse-region-2023-04.csv`, 'utf8').replace(
    /^\uFEFF/,
    '',
  );
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const icbs = new Map<string, NhsTrust>();
  for (const row of rows) {
    const code = row.ICB23CDH ?? '';
    if (code !== '' && !icbs.has(code))
      icbs.set(code, { odsCode: code, name: row.ICB23NM ?? code, region: row.NHSER23NM ?? null });
  }
  return [...icbs.values()];
}
