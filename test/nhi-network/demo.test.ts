import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { createPiiCipher, parseMasterKey } from '@webir/kit';
import { startStack, type Stack } from '@webir/stack';
import { demoPersonas } from '../../stack/src/demo/index.ts';
import { seedDirectory } from '../../stack/src/seed/seed-directory.ts';
import { gql } from '../helpers/client.ts';
import { testConfig } from '../helpers/config.ts';
import { runningClock } from '../helpers/stack.ts';

/** What `npm start` shows of the NHI network: applicants of every kind and fate. */
const config = testConfig();
// The demo's dates follow the stack's clock, not the machine's date.
const now = runningClock();
let stack: Stack;
let close: () => Promise<void>;

beforeAll(async () => {
  const database = await openTestDatabase();
  close = database.close;
  expect(await seedDirectory(database, createPiiCipher(parseMasterKey(config.dataKey)), now())).toBe(true);
  stack = await startStack({ config, database, anyPort: true, now });
});
afterAll(async () => {
  await stack?.stop();
  await close?.();
});

const as = async (persona: string) => issueDevToken(config.devTokenSecret!, demoPersonas().find((p) => p.persona === persona)!.account);

describe('the NHI network demo data', () => {
  it('NW-4.2 shows the reviewer eligible and ineligible units, a suspended one (NW-8.2), a banned one (NW-8.4), a grandfathered one (NW-8.5)', async () => {
    const res = await gql(
      stack.gatewayUrl,
      `{ nhiNetworkUnits(first: 50) { totalCount edges { node { name kind status grandfathered mayApplyFrom applications { status eligibility { eligible passedBy } } } } } }`,
      {},
      { token: await as('nw-reviewer') },
    );
    expect(res.errors).toBeUndefined();
    const byName = new Map(res.data!.nhiNetworkUnits.edges.map((e: { node: { name: string } }) => [e.node.name, e.node]));
    expect(res.data!.nhiNetworkUnits.totalCount).toBe(10);
    expect(byName.get('安可資訊股份有限公司')).toMatchObject({ status: 'APPROVED', applications: [{ status: 'APPROVED', eligibility: { eligible: true, passedBy: 'TWENTY_CONTRACTED_CLIENTS' } }] });
    expect(byName.get('大城醫資股份有限公司')).toMatchObject({ status: 'APPLYING', applications: [{ eligibility: { eligible: true, passedBy: 'FIVE_DISTRICT_HOSPITALS_OR_ABOVE' } }] });
    expect(byName.get('小橋資訊有限公司')).toMatchObject({ status: 'APPLYING', applications: [{ eligibility: { eligible: false, passedBy: null } }] });
    expect(byName.get('越界網通股份有限公司')).toMatchObject({ status: 'SUSPENDED' });
    expect(byName.get('灰帽科技有限公司')).toMatchObject({ status: 'BANNED' });
    expect((byName.get('灰帽科技有限公司') as { mayApplyFrom: string }).mayApplyFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byName.get('老牌資訊股份有限公司')).toMatchObject({ status: 'APPROVED', grandfathered: true, applications: [] });
    expect(new Set([...byName.values()].map((u) => (u as { kind: string }).kind))).toEqual(new Set(['IT_SERVICE_UNIT', 'MEDICAL_INSTITUTION', 'GOVERNMENT_AGENCY', 'CONTRACTOR']));
    const overdue = await gql(stack.gatewayUrl, `{ nhiNetworkOverdueImprovements { id } }`, {}, { token: await as('nw-reviewer') });
    expect(overdue.data!.nhiNetworkOverdueImprovements).toEqual([]);
  });

  it('NW-5.3 lets the applicant persona see its own units and draft, and nobody else’s', async () => {
    const res = await gql(stack.gatewayUrl, `{ me { name nhiNetworkRoles { role unit { name status } } } nhiNetworkApplications { totalCount edges { node { status documents { document present } } } } }`, {}, { token: await as('nw-applicant') });
    expect(res.errors).toBeUndefined();
    expect(res.data!.me.nhiNetworkRoles.filter((r: { role: string }) => r.role === 'CONTACT').map((r: { unit: { name: string } }) => r.unit.name)).toEqual(['安可資訊股份有限公司', '新橋資訊股份有限公司']);
    expect(res.data!.nhiNetworkApplications.totalCount).toBe(2);
    const draft = res.data!.nhiNetworkApplications.edges.find((e: { node: { status: string } }) => e.node.status === 'DRAFT').node;
    expect(draft.documents.find((d: { document: string }) => d.document === 'CLIENT_LIST').present).toBe(false);
    const tainan = await gql(stack.gatewayUrl, `{ nhiNetworkApplications { totalCount } agencies(first: 1, filter: { city: TAINAN }) { totalCount } }`, {}, { token: await as('tn-chief') });
    expect(tainan.data!.nhiNetworkApplications.totalCount).toBe(0);
  });
});
