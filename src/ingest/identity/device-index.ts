import { mergeKeys, type DeviceKeys } from './device-keys.js';

export type MatchRule = 'serial' | 'fqdn' | 'hostname' | 'mac' | 'ip';

export type DeviceMatch = { deviceId: string; rule: MatchRule };

/**
 * The devices an organisation already has, indexed by every key, and the rules that decide
 * whether a newly reported device is one of them (docs/identity-resolution.md). Pure: no I/O, so
 * the rules are tested as a table and the import keeps one instance for its whole run.
 */
export class DeviceIndex {
  private readonly keysById = new Map<string, DeviceKeys>();
  private readonly byKey = new Map<string, string[]>();

  /** Records a device (new or just matched) with all the keys it is now known by. */
  add(deviceId: string, keys: DeviceKeys): DeviceKeys {
    const merged = mergeKeys(this.keysById.get(deviceId) ?? { hostnames: [], macs: [], ips: [] }, keys);
    this.keysById.set(deviceId, merged);
    for (const key of indexKeys(merged)) {
      const ids = this.byKey.get(key) ?? [];
      if (!ids.includes(deviceId)) ids.push(deviceId);
      this.byKey.set(key, ids);
    }
    return merged;
  }

  keysOf(deviceId: string): DeviceKeys | undefined {
    return this.keysById.get(deviceId);
  }

  /** The existing device these keys identify, by the strongest rule that applies; null for a new device. */
  find(keys: DeviceKeys): DeviceMatch | null {
    const attempts: [MatchRule, string[]][] = [
      ['serial', keys.serial !== undefined ? [`serial:${keys.serial}`] : []],
      ['fqdn', keys.fqdn !== undefined ? [`fqdn:${keys.fqdn}`] : []],
      ['hostname', keys.hostnames.map((h) => `host:${h}`)],
      ['mac', keys.macs.map((m) => `mac:${m}`)],
      // DHCP hands addresses from one machine to the next: an address alone identifies a device
      // only when the report knows nothing better about it (a bare network scan).
      ['ip', keys.serial === undefined && keys.fqdn === undefined && keys.hostnames.length === 0 && keys.macs.length === 0 ? keys.ips.map((i) => `ip:${i}`) : []],
    ];
    for (const [rule, lookups] of attempts) {
      const candidates = [...new Set(lookups.flatMap((key) => this.byKey.get(key) ?? []))].filter((id) => !conflicts(rule, keys, this.keysById.get(id)));
      // Several devices behind one weak key (a shared address) is ambiguity, not identity.
      if (candidates.length === 1 || (candidates.length > 1 && (rule === 'serial' || rule === 'fqdn'))) {
        const [deviceId] = candidates;
        if (deviceId !== undefined) return { deviceId, rule };
      }
    }
    return null;
  }
}

function indexKeys(keys: DeviceKeys): string[] {
  return [
    ...(keys.serial !== undefined ? [`serial:${keys.serial}`] : []),
    ...(keys.fqdn !== undefined ? [`fqdn:${keys.fqdn}`] : []),
    ...keys.hostnames.map((h) => `host:${h}`),
    ...keys.macs.map((m) => `mac:${m}`),
    ...keys.ips.map((i) => `ip:${i}`),
  ];
}

/**
 * A weaker key never overrides a stronger one that disagrees: two different serials are two
 * machines even with the same name, and the same short name in two domains is two machines.
 * MACs are shared by virtual adapters (VPN clients, hypervisors), so a MAC match also needs the
 * host names not to disagree.
 */
function conflicts(rule: MatchRule, seen: DeviceKeys, known: DeviceKeys | undefined): boolean {
  if (!known) return true;
  if (rule !== 'serial' && seen.serial !== undefined && known.serial !== undefined && seen.serial !== known.serial) return true;
  if ((rule === 'hostname' || rule === 'mac' || rule === 'ip') && seen.fqdn !== undefined && known.fqdn !== undefined && seen.fqdn !== known.fqdn) return true;
  if ((rule === 'mac' || rule === 'ip') && seen.hostnames.length > 0 && known.hostnames.length > 0 && !seen.hostnames.some((h) => known.hostnames.includes(h))) return true;
  return false;
}
