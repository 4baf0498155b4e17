import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { codes } from '../helpers/client.ts';
import { Clock, khStack } from '../helpers/kaohsiung.ts';

/**
 * Input that must never be stored (issue 11), on Kaohsiung's regime: an audit dated before any regime
 * applied (one ahead of today was refused already; both now go through kit's one check), and free
 * text over its documented length. The clock is this file's: set up on 2026-01-05, audited in May.
 */
const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });
const RECORD_AUDIT = `mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id auditedOn } }`;
const audits = async () => (await stack.database.db.select({ n: count() }).from(tables.khAudits))[0]!.n;
const audit = (extra: Record<string, unknown> = {}) => ({
  agencyId: stack.fixture.agency.khSocial,
  year: 2026,
  auditedOn: '2026-05-20',
  findings: '抽查 2026 年 1 至 4 月查調紀錄，登記表大致齊備',
  violations: [] as string[],
  recommendation: '無',
  ...extra,
});

describe('KH-6.2 an audit is dated on a day that has come, and after the regimes began', () => {
  it('KH-6.2 refuses an audit dated 2999 or 1900 with BAD_USER_INPUT naming input.auditedOn, and writes nothing', async () => {
    clock.set('2026-05-20');
    for (const [auditedOn, year] of [['2999-05-20', 2999], ['1900-05-20', 1900]] as const) {
      const res = await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ auditedOn, year }) });
      expect(codes(res), auditedOn).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.field, auditedOn).toBe('input.auditedOn');
    }
    expect(await audits()).toBe(0);
  });

  it('KH-6.2 refuses findings over 2,000 characters and a violation line over 2,000, each by its path, and writes nothing', async () => {
    clock.set('2026-05-20');
    const res = await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ findings: '查'.repeat(2_001), violations: ['短', '違'.repeat(2_001)] }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.findings', 'input.violations[1]']);
    expect(await audits()).toBe(0);
  });
});
