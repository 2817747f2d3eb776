export { readEpssCsv } from './epss-scores.js';
export type { EpssFile, EpssScore } from './epss-scores.js';
