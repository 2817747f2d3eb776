export { readCpeName } from './cpe-uri.js';
export { mapSoftware, mappingCpe, productNameCandidates } from './map-software.js';
export type { MappingMethod, MappingOutcome, NvdProductLookup, SoftwareDescription, SoftwareMapping } from './map-software.js';
export { softwareAliases } from './software-aliases.js';
export type { SoftwareAlias } from './software-aliases.js';
export { upstreamVersion, versionInName } from './upstream-version.js';
export { lifecycleCycles, msrcProductName, operatingSystemCpes } from './operating-system.js';
export type { MsrcProduct, OperatingSystemDescription } from './operating-system.js';
