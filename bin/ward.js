#!/usr/bin/env node
// Runs the compiled CLI when it exists (npm run build), otherwise the TypeScript source through tsx,
// so `npx ward …` works from a fresh clone without a build step.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const fromSource = process.env.WARD_FROM_SOURCE === '1' || !existsSync(compiled);
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
} else {
  await import(pathToFileURL(compiled).href);
}
