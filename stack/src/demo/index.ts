export * from './types.ts';
export { demoAgencies } from './agencies.ts';
export { demoPeople } from './people.ts';
import { demoPeople } from './people.ts';

/** The people `npm run token -- <persona>` logs in as. */
export function demoPersonas(): { persona: string; description: string; key: string }[] {
  return demoPeople.filter((p) => p.persona).map((p) => ({ persona: p.persona!, description: p.personaDescription ?? '', key: p.key }));
}
