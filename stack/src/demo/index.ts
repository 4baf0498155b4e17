export * from './types.ts';
export { demoAgencies } from './agencies.ts';
export { demoHeads, demoPeople } from './people.ts';
import { demoPeople } from './people.ts';
import { nhiNetworkPeople } from './nhi-network.ts';
export { nhiNetworkPeople } from './nhi-network.ts';

/** The people `npm run token -- <persona>` logs in as (the NHI network's among them). */
export function demoPersonas(): { persona: string; description: string; key: string; account: string }[] {
  return [...demoPeople, ...nhiNetworkPeople]
    .filter((p) => p.persona)
    .map((p) => ({ persona: p.persona!, description: p.personaDescription ?? '', key: p.key, account: p.myegovAccount }));
}
