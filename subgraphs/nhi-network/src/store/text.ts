/** The same name as written on two documents: full- and half-width alike, spacing ignored. */
export const sameName = (a: string, b: string) => norm(a) === norm(b);
/** The same address: as names, and 臺/台 alike. */
export const sameAddress = (a: string, b: string) => norm(a).replace(/台/g, '臺') === norm(b).replace(/台/g, '臺');

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
