/**
 * Services that give administrative or raw data access and must not be reachable from the internet
 * (DOMAIN.md §1.4 E1-004…006; brief for issue 5: RDP, SMB, Telnet and database ports). A list of
 * data, so a trust's policy can extend it. Matching is by well-known TCP port and by the service
 * name scanners report, so a service moved to an unusual port is still recognised.
 */
export type AdminService = { label: string; ports: readonly number[]; names: readonly string[] };

export const adminServices: readonly AdminService[] = [
  { label: 'Telnet', ports: [23], names: ['telnet'] },
  { label: 'SMB / NetBIOS file sharing', ports: [139, 445], names: ['microsoft-ds', 'netbios-ssn', 'smb'] },
  { label: 'Remote Desktop (RDP)', ports: [3389], names: ['ms-wbt-server', 'rdp'] },
  { label: 'VNC remote desktop', ports: [5900], names: ['vnc'] },
  { label: 'Microsoft SQL Server', ports: [1433], names: ['ms-sql-s', 'mssql'] },
  { label: 'Oracle database', ports: [1521], names: ['oracle', 'oracle-tns'] },
  { label: 'MySQL / MariaDB', ports: [3306], names: ['mysql'] },
  { label: 'PostgreSQL', ports: [5432], names: ['postgresql', 'postgres'] },
  { label: 'Redis', ports: [6379], names: ['redis'] },
  { label: 'Elasticsearch', ports: [9200], names: ['elasticsearch'] },
  { label: 'MongoDB', ports: [27017], names: ['mongodb', 'mongod'] },
];

export function findAdminService(port: number, protocol: string, service: string | undefined): AdminService | undefined {
  const name = service?.toLowerCase();
  return adminServices.find((s) => (protocol === 'tcp' && s.ports.includes(port)) || (name !== undefined && s.names.includes(name)));
}
