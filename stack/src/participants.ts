import type { RegimeParticipant } from '@webir/db/regime';
import { kaohsiungParticipant } from '@webir/subgraph-kaohsiung-bli/participant';
import { nhiNetworkParticipant } from '@webir/subgraph-nhi-network/participant';
import { tainanParticipant } from '@webir/subgraph-tainan-nhi/participant';

/**
 * Every regime's part in the graph across regimes (offboarding, the calendar, findings, retention).
 * A new regime adds its participant here and its subgraph in ./subgraphs.ts.
 */
export const participants: readonly RegimeParticipant[] = [tainanParticipant, kaohsiungParticipant, nhiNetworkParticipant];
