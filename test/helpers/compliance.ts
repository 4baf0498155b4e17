import { grantPermission } from '@webir/db';
import type { TestStack } from './stack.ts';

/**
 * The Tainan user also holds a Kaohsiung grant (seconded to Kaohsiung's social bureau): the one
 * person of the fixture on two regimes' systems, for what must see or end both at once.
 */
export const secondToKaohsiung = (stack: TestStack, at: Date) =>
  grantPermission(stack.database.db, {
    personId: stack.fixture.person.user,
    agencyId: stack.fixture.agency.khSocial,
    regime: 'KH_BLI',
    role: 'QUERIER',
    serviceItemId: 'KH_BLI:C0101',
    grantedById: stack.fixture.person.khAdmin,
    reason: '支援高雄市社會局個案查調',
    at,
  });
