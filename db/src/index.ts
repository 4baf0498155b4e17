export * from './client.ts';
export * from './migrate.ts';
export * from './ledger.ts';
export * from './pg-error.ts';
export * from './reference/regimes.ts';
export * as tables from './schema/index.ts';
export * from './raw.ts';
export * from './access/caller.ts';
export * from './access/request-identity.ts';
