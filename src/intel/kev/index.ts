export { parseKevCatalog, readKevCatalog } from './kev-catalog.js';
export type { KevCatalog, KevEntry } from './kev-catalog.js';
