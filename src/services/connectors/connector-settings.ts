/** What outbound connectors need from the configuration (see src/config/settings.ts). */
export type ConnectorSettings = {
  /** AES-256-GCM key for connector secrets; absent when WARD_SECRET_KEY is not set. */
  secretKey?: Buffer;
  defender: DefenderEndpoints;
  /** Waits between retries (HTTP 429); injectable so tests never sleep. */
  sleep?: (milliseconds: number) => Promise<void>;
};

export type DefenderEndpoints = {
  /** OAuth 2.0 token endpoint; `{tenant}` is replaced by the connector's tenant id. */
  tokenUrl: string;
  /** The API's base URL; the pulls' paths (`/api/machines`, …) are appended. */
  apiBaseUrl: string;
  scope: string;
  /** Rows per page asked of the export APIs (their maximum is 200,000). */
  pageSize: number;
};

export const defaultDefenderEndpoints: DefenderEndpoints = {
  tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
  apiBaseUrl: 'https://api.securitycenter.microsoft.com',
  scope: 'https://api.securitycenter.microsoft.com/.default',
  pageSize: 10_000,
};

export const defaultConnectorSettings: ConnectorSettings = { defender: defaultDefenderEndpoints };
