// One module per Postgres schema; each regime adds its own file here and to this list.
export * from './core.ts';
export * from './tainan-nhi.ts';
export * from './kaohsiung-bli.ts';
export * from './nhi-network.ts';
export * from './compliance.ts';
