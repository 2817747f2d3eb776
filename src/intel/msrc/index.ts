export type { CvrfDocument, CvrfRemediation, CvrfVulnerability } from './cvrf-model.js';
export { readCvrfJson } from './read-cvrf-json.js';
export { readCvrfXml } from './read-cvrf-xml.js';
export { WindowsPatchIndex, windowsPatchStatus } from './windows-patch-status.js';
export type { PatchStatus, WindowsDevice } from './windows-patch-status.js';
