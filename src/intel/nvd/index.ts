export type { CvssMetric, CvssVersion, NvdConfiguration, NvdCpeMatch, NvdCve, NvdNode, NvdOperator, NvdReference } from './nvd-model.js';
export { parseNvdJson, readNvdJson } from './read-nvd.js';
export { evaluateApplicability } from './applicability.js';
export type { ApplicabilityResult, DevicePlatform, DeviceProfile, MatchEvidence } from './applicability.js';
export { checkRange, describeRange, hasVersionRange } from './version-range.js';
export { maxNvdWindowDays, modifiedWindows, nvdTimestamp } from './modified-windows.js';
export type { TimeWindow } from './modified-windows.js';
export { describeRequirement, matchProductVersion, requirementHolds } from './match-product.js';
export type { ProductMatch } from './match-product.js';
