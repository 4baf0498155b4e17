// Input validators: pure functions, no I/O, safe to use in resolvers, scripts and the browser.
export * from './taiwan-id.ts';
export * from './business-number.ts';
export * from './contact.ts';
export * from './names.ts';
