/** The evidence tables an import fills (imports itself aside), parents first. */
export const importRowTables = ['devices', 'device_observations', 'software', 'findings', 'services', 'observations', 'import_warnings'] as const;
