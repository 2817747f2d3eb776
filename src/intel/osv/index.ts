export type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './osv-model.js';
export { isOsvRecord, readOsvJson, readOsvRecord } from './read-osv.js';
export { distroOfEcosystem, distroOfSystem, familyOf, formatOfFamily } from './distro.js';
export type { DistroFamily, PackageFormat } from './distro.js';
export { comparatorForDistro, judgeOsvPackage } from './judge-osv.js';
export type { OsvVerdict } from './judge-osv.js';
