// The regime kit's database half: table shapes and stores every WebIR regime shares.
export * from './context.ts';
export * from './retention.ts';
export * from './pages.ts';
export * from './tables.ts';
export * from './usage.ts';
export * from './requests.ts';
export * from './signing.ts';
export * from './participant.ts';
