import type { Migration, MigrationProvider } from 'kysely';
import type { EngineCapabilities } from '../capabilities.js';
import * as foundation from './0001-foundation.js';
import { auditAppendOnly } from './0002-audit-append-only.js';
import * as evidence from './0003-evidence.js';
import * as intel from './0004-intel.js';
import * as exposure from './0005-exposure.js';
import * as intelSync from './0007-intel-sync.js';
import * as connectors from './0009-connectors.js';
import * as assessments from './0006-assessments.js';
import * as alertsOutbox from './0008-alerts-outbox.js';
import * as assessmentRevision from './0014-assessment-revision.js';
import * as coverageSources from './0011-coverage-sources.js';
import * as readiness from './0010-readiness.js';
import * as security from './0013-security.js';
import * as cloudAccounts from './0015-cloud-accounts.js';
import * as exceptionRejections from './0016-exception-rejections.js';

/** Every migration, in order. Names sort; never rename or edit one that has shipped. */
export function migrationProvider(capabilities: EngineCapabilities): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-foundation': foundation,
    '0002-audit-append-only': auditAppendOnly(capabilities),
    '0003-evidence': evidence,
    '0004-intel': intel,
    '0005-exposure': exposure,
    '0007-intel-sync': intelSync,
    '0009-connectors': connectors,
    '0006-assessments': assessments,
    '0008-alerts-outbox': alertsOutbox,
    '0014-assessment-revision': assessmentRevision,
    '0011-coverage-sources': coverageSources,
    '0010-readiness': readiness,
    '0013-security': security,
    '0015-cloud-accounts': cloudAccounts,
    '0016-exception-rejections': exceptionRejections,
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
