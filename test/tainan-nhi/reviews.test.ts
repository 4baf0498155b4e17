import { beforeEach, describe, expect, it } from 'vitest';
import { makeNationalId, monthDays, previousMonth, previousQuarter, quarterDays, taipeiDay } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { DEFAULT_TEST_NOW } from '../helpers/stack.ts';
import { stackWithFreshDirectory } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social', 'socialCentre']);

// The stack's own clock, never the machine's (on which this file failed in the first month of every
// quarter): 2026-11-16, so last month (2026-10) lies outside last quarter (2026-Q3).
const today = taipeiDay(new Date(DEFAULT_TEST_NOW));
const lastMonth = previousMonth(today);
const lastQuarter = previousQuarter(today);

/** `n` queries by an account on distinct days-and-minutes of a period, as the platform would log them. */
function log(account: string, start: string, n: number, serial: number): string {
  const lines = ['queried_at,myegov_account,item,subject_id'];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse(`${start}T09:00:00+08:00`) + i * 37 * 60_000).toISOString();
    lines.push(`${at},${account},01,${makeNationalId('D', 1, serial + i)}`);
  }
  return lines.join('\n');
}

beforeEach(async () => {
  for (const [name, csv] of [
    ['social.csv', log('t.user', monthDays(lastMonth).start, 25, 400_000)],
    ['centre.csv', log('t.centreuser', monthDays(lastMonth).start, 5, 500_000)],
    ['quarter.csv', log('t.user', quarterDays(lastQuarter).start, 12, 600_000)],
  ]) {
    const res = await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, { input: { fileName: name, csv } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  }
});

const DRAW = `mutation($input: NhiSampleInput!) { drawNhiMonthlySample(input: $input) { id month seed size population algorithm items { position record { id line } outcome } redraw { populationUnchanged sameSample } } }`;

describe('TN-8.1 the monthly sample', () => {
  it('TN-8.1 draws at least 10 records, or all of them when there are fewer than 10', async () => {
    const social = await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } });
    expect(social.errors).toBeUndefined();
    expect(social.data!.drawNhiMonthlySample).toMatchObject({ month: lastMonth, population: 25, size: 10 });
    expect(new Set(social.data!.drawNhiMonthlySample.items.map((i: { record: { id: string } }) => i.record.id)).size).toBe(10);
    const centre = await stack.as('socialAdmin')(DRAW, { input: { agencyId: stack.fixture.agency.socialCentre, month: lastMonth } });
    expect(centre.data!.drawNhiMonthlySample).toMatchObject({ population: 5, size: 5 });
  });

  it('TN-8.1 records the seed so the same sample is drawn again, and draws only once', async () => {
    const res = await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } });
    const sample = res.data!.drawNhiMonthlySample;
    expect(sample.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(sample.algorithm).toMatch(/HMAC-SHA-256/);
    expect(sample.redraw).toEqual({ populationUnchanged: true, sameSample: true });
    expect(codes(await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } }))).toEqual(['CONFLICT']);
  });

  it('TN-8.1 records a review outcome for each sampled record; an inappropriate one needs a note', async () => {
    const res = await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } });
    const sample = res.data!.drawNhiMonthlySample;
    const REVIEW = `mutation($input: NhiSampleReviewInput!) { reviewNhiSampledRecord(input: $input) { reviewed items { outcome note } } }`;
    const first = sample.items[0].record.id;
    expect(codes(await stack.as('supervisor')(REVIEW, { input: { sampleId: sample.id, usageRecordId: first, outcome: 'INAPPROPRIATE' } }))).toEqual(['BAD_USER_INPUT']);
    const ok = await stack.as('supervisor')(REVIEW, { input: { sampleId: sample.id, usageRecordId: first, outcome: 'INAPPROPRIATE', note: '查詢目的與申請不符' } });
    expect(ok.data!.reviewNhiSampledRecord.reviewed).toBe(1);
    expect(codes(await stack.as('colleague')(REVIEW, { input: { sampleId: sample.id, usageRecordId: first, outcome: 'APPROPRIATE' } }))).toEqual(['FORBIDDEN']);
  });

  it('TN-8.1 refuses a month not yet ended, and a drawer who is not the business supervisor', async () => {
    expect(codes(await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: today.slice(0, 7) } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('colleague')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } }))).toEqual(['FORBIDDEN']);
    expect((await stack.as('auditor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } })).errors![0]!.extensions!.rule).toBe('TN-7.4');
  });
});

describe('TN-8.1 the quarterly review', () => {
  const RECORD = `mutation($input: NhiQuarterlyReviewInput!) { recordNhiQuarterlyReview(input: $input) { quarter recordsReviewed findings summary reviewer { name } retainUntil } }`;

  it('TN-8.1 records the review of an ended quarter with the records and findings it covered', async () => {
    const res = await stack.as('socialAdmin')(RECORD, { input: { agencyId: stack.fixture.agency.social, quarter: lastQuarter, summary: '查詢紀錄均無申請單，已要求補正' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordNhiQuarterlyReview).toMatchObject({ quarter: lastQuarter, recordsReviewed: 12, findings: 12, reviewer: { name: '林社管' } });
    expect(codes(await stack.as('socialAdmin')(RECORD, { input: { agencyId: stack.fixture.agency.social, quarter: lastQuarter, summary: 'again' } }))).toEqual(['CONFLICT']);
    expect(codes(await stack.as('colleague')(RECORD, { input: { agencyId: stack.fixture.agency.social, quarter: lastQuarter, summary: '檢視完畢' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('socialAdmin')(RECORD, { input: { agencyId: stack.fixture.agency.social, quarter: '2026-Q5', summary: '檢視完畢' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('TN-8.1 reports the reviews and samples due, and overdue after the end of the following month', async () => {
    const DUE = `query($on: Date!) { nhiReviewsDue(on: $on) { agency { name } kind period dueOn overdue rule } }`;
    const due = await stack.as('chief')(DUE, { on: today });
    const rows = due.data!.nhiReviewsDue as { agency: { name: string }; kind: string; period: string; overdue: boolean; rule: string }[];
    expect(rows.filter((r) => r.kind === 'QUARTERLY_REVIEW').map((r) => r.agency.name).sort()).toEqual(['臺南市政府社會局', '臺南市東區家庭福利服務中心'].sort());
    expect(rows.filter((r) => r.kind === 'MONTHLY_SAMPLE')).toHaveLength(2);
    expect(rows.every((r) => r.rule === 'TN-8.1')).toBe(true);

    await stack.as('socialAdmin')(RECORD, { input: { agencyId: stack.fixture.agency.social, quarter: lastQuarter, summary: '檢視完畢' } });
    await stack.as('supervisor')(DRAW, { input: { agencyId: stack.fixture.agency.social, month: lastMonth } });
    const after = await stack.as('chief')(DUE, { on: today });
    expect(after.data!.nhiReviewsDue.map((r: { agency: { name: string } }) => r.agency.name)).toEqual(['臺南市東區家庭福利服務中心', '臺南市東區家庭福利服務中心']);
  });
});
