import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceIndex, type MatchRule } from './device-index.js';
import { deviceKeysOf, type IdentitySource } from './device-keys.js';

/** The organisation's devices every row of the table is resolved against. */
const known: Record<string, IdentitySource> = {
  laptop: { hostname: 'NHS-LT-0077', serialNumber: '8HQ9KM3', macAddresses: ['3C-52-82-11-22-33'], ipAddresses: ['10.1.2.3'] },
  pacs: { fqdn: 'pacs-gw-01.trust.nhs.uk', ipAddresses: ['10.9.0.5'] },
  printer: { ipAddresses: ['10.7.7.7'], macAddresses: ['00:1b:a9:00:00:01'] },
  labsA: { hostname: 'lab-pc', fqdn: 'lab-pc.a.nhs.uk' },
  vpnA: { hostname: 'ws-a', macAddresses: ['00:05:9a:3c:7a:00'] },
  dhcp1: { ipAddresses: ['10.5.5.5'] },
  dhcp2: { ipAddresses: ['10.5.5.5'] },
};

const cases: { name: string; seen: IdentitySource; expected: { device: keyof typeof known; rule: MatchRule } | null }[] = [
  { name: 'serial wins whatever the name says (device renamed)', seen: { hostname: 'NHS-LT-9999', serialNumber: ' 8hq9km3 ' }, expected: { device: 'laptop', rule: 'serial' } },
  { name: 'FQDN, case and trailing dot ignored', seen: { fqdn: 'PACS-GW-01.trust.nhs.uk.' }, expected: { device: 'pacs', rule: 'fqdn' } },
  { name: 'a host name given as an FQDN matches by FQDN', seen: { hostname: 'pacs-gw-01.trust.nhs.uk' }, expected: { device: 'pacs', rule: 'fqdn' } },
  { name: 'short host name matches the first label of a known FQDN', seen: { hostname: 'PACS-GW-01' }, expected: { device: 'pacs', rule: 'hostname' } },
  { name: 'NetBIOS name counts as a host name', seen: { netbiosName: 'NHS-LT-0077' }, expected: { device: 'laptop', rule: 'hostname' } },
  { name: 'same name, different serial: another machine', seen: { hostname: 'NHS-LT-0077', serialNumber: 'ZZZ9999' }, expected: null },
  { name: 'same short name in another domain: another machine', seen: { fqdn: 'lab-pc.b.nhs.uk' }, expected: null },
  { name: 'MAC in any notation', seen: { macAddresses: ['3c5282112233'] }, expected: { device: 'laptop', rule: 'mac' } },
  { name: 'shared virtual-adapter MAC with a different host name is not a match', seen: { hostname: 'ws-b', macAddresses: ['00:05:9A:3C:7A:00'] }, expected: null },
  { name: 'IP only when nothing better is known', seen: { ipAddresses: ['10.7.7.7'] }, expected: { device: 'printer', rule: 'ip' } },
  { name: 'an IP never overrides a host name', seen: { hostname: 'new-box', ipAddresses: ['10.1.2.3'] }, expected: null },
  { name: 'an address shared by two devices is ambiguous', seen: { ipAddresses: ['10.5.5.5'] }, expected: null },
  { name: 'placeholder serials identify nothing', seen: { serialNumber: 'To be filled by O.E.M.', hostname: 'NHS-LT-0077' }, expected: { device: 'laptop', rule: 'hostname' } },
  { name: 'loopback and all-zero MAC identify nothing', seen: { ipAddresses: ['127.0.0.1'], macAddresses: ['00:00:00:00:00:00'] }, expected: null },
  { name: 'an unknown device is new', seen: { hostname: 'NHS-WS-0500', serialNumber: 'NEW123' }, expected: null },
];

test('identity resolution follows the written rules', () => {
  const index = new DeviceIndex();
  for (const [id, source] of Object.entries(known)) index.add(id, deviceKeysOf(source));
  for (const { name, seen, expected } of cases) {
    const match = index.find(deviceKeysOf(seen));
    assert.deepEqual(match, expected === null ? null : { deviceId: expected.device, rule: expected.rule }, name);
  }
});

test('a matched device is found afterwards by the keys it gained', () => {
  const index = new DeviceIndex();
  index.add('d1', deviceKeysOf({ hostname: 'NHS-WS-0142' }));
  const match = index.find(deviceKeysOf({ hostname: 'nhs-ws-0142', serialNumber: '5B2RJX2' }));
  assert.deepEqual(match, { deviceId: 'd1', rule: 'hostname' });
  index.add('d1', deviceKeysOf({ hostname: 'nhs-ws-0142', serialNumber: '5B2RJX2' }));
  assert.deepEqual(index.find(deviceKeysOf({ serialNumber: '5b2rjx2' })), { deviceId: 'd1', rule: 'serial' });
});
