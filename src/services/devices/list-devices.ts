import { sql, type ExpressionBuilder } from 'kysely';
import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { containsPattern, pageWindow, toPage, type Page, type PageRequest } from '../paging.js';

/** One device of an organisation as a list shows it. */
export type DeviceListItem = {
  id: string;
  hostname: string | null;
  fqdn: string | null;
  ipAddresses: string[];
  osName: string | null;
  osVersion: string | null;
  assetKind: string;
  firstSeen: string;
  lastSeen: string;
};

/** The value of the OS filter that selects devices whose operating system no evidence named. */
export const unknownOs = '(unknown)';

export type DeviceQuery = PageRequest & {
  /** Part of a host name, FQDN, NetBIOS name, serial number or IP address. */
  search?: string;
  /** An exact operating system name, or `unknownOs`. */
  os?: string;
  /** Only these devices (e.g. those the latest assessment found unsupported); paged after filtering. */
  deviceIds?: ReadonlySet<string>;
};

export type DeviceList = Page<DeviceListItem> & {
  /** Every operating system of the organisation's devices with how many run it: the filter's choices. */
  operatingSystems: { name: string; count: number }[];
};

/** An organisation's devices, filtered and paged on the server, by host name. */
export async function listDevices(context: ServiceContext, actor: Actor, odsCode: string, query: DeviceQuery = {}): Promise<DeviceList> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'device:list', organisation.id);
  const { db } = context.database;
  const window = pageWindow(query);
  const search = query.search?.trim() ?? '';
  const matching = (eb: ExpressionBuilder<Database, 'devices'>) => {
    const conditions = [eb('organisation_id', '=', organisation.id)];
    if (search !== '') {
      const pattern = containsPattern(search);
      const like = (column: 'hostname' | 'fqdn' | 'netbios_name' | 'serial_number' | 'ip_addresses') => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      conditions.push(eb.or([like('hostname'), like('fqdn'), like('netbios_name'), like('serial_number'), like('ip_addresses')]));
    }
    if (query.os !== undefined && query.os !== '') conditions.push(query.os === unknownOs ? eb('os_name', 'is', null) : eb('os_name', '=', query.os));
    return eb.and(conditions);
  };
  const columns = ['id', 'hostname', 'fqdn', 'ip_addresses', 'os_name', 'os_version', 'asset_kind', 'first_seen', 'last_seen'] as const;
  const operatingSystemsQuery = db
    .selectFrom('devices')
    .select((eb) => ['os_name', eb.fn.countAll<number | string>().as('count')])
    .where('organisation_id', '=', organisation.id)
    .groupBy('os_name')
    .orderBy('os_name')
    .execute();
  let rows: Awaited<ReturnType<typeof pageRows>>;
  let total: number;
  async function pageRows(ids?: readonly string[]) {
    if (ids !== undefined && ids.length === 0) return [];
    return db
      .selectFrom('devices')
      .select(columns)
      .where(matching)
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
      .orderBy(sql`coalesce(hostname, fqdn, ip_addresses)`)
      .orderBy('id')
      .$if(ids === undefined, (q) => q.limit(window.pageSize).offset(window.offset))
      .execute();
  }
  if (query.deviceIds !== undefined) {
    // A set decided outside SQL (an assessment's judgement): the matching ids in list order, then one page of rows.
    const wanted = query.deviceIds;
    const ordered = await db.selectFrom('devices').select('id').where(matching).orderBy(sql`coalesce(hostname, fqdn, ip_addresses)`).orderBy('id').execute();
    const ids = ordered.map((row) => row.id).filter((id) => wanted.has(id));
    total = ids.length;
    rows = await pageRows(ids.slice(window.offset, window.offset + window.pageSize));
  } else {
    const [page, count] = await Promise.all([pageRows(), db.selectFrom('devices').select((eb) => eb.fn.countAll<number | string>().as('total')).where(matching).executeTakeFirstOrThrow()]);
    rows = page;
    total = Number(count.total);
  }
  const operatingSystems = await operatingSystemsQuery;
  const items = rows.map((row) => ({
    id: row.id,
    hostname: row.hostname,
    fqdn: row.fqdn,
    ipAddresses: parseAddresses(row.ip_addresses),
    osName: row.os_name,
    osVersion: row.os_version,
    assetKind: row.asset_kind,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  }));
  return {
    ...toPage(items, total, window),
    operatingSystems: operatingSystems.map((row) => ({ name: row.os_name ?? unknownOs, count: Number(row.count) })),
  };
}

function parseAddresses(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((value): value is string => typeof value === 'string') : [];
  } catch {
    return [];
  }
}
