export type { LifecycleRelease, Milestone } from './lifecycle-release.js';
export { readEndoflifeApi } from './read-endoflife-api.js';
export { readProductPage } from './read-product-page.js';
export { findRelease, supportStatus } from './support-status.js';
export type { SupportOptions, SupportStatus } from './support-status.js';
