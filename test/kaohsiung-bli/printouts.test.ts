import { describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { tables } from '@webir/db';
import { codes } from '../helpers/client.ts';
import { approvedRegistration, Clock, expectBadInput, expectRule, FILE_REGISTRATION, khStack, makeQuerier, ok, registrationInput } from '../helpers/kaohsiung.ts';

/**
 * KH-3.5, 三(五)2: 使用勞保 WebIR 列印相關文件，應隨文歸檔及依檔案保存期限銷毀 — what is printed is filed with its
 * case and destroyed when the file's retention period ends; both are recorded (as Tainan's TN-7.6).
 * On a clock: set up on 2026-01-05, when 葉新進 becomes a querier and 郭科長 approves the registration.
 */
const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });

const PRINTOUT = `id registrationNumber description pages printedOn fileReference filedOn destroyBy destroyedOn destructionMethod destructionNote retainUntil
  registration { number } querier { name } recordedBy { name } destroyedBy { name } agency { name }`;
const RECORD = `mutation($input: KhPrintoutInput!) { recordKhPrintout(input: $input) { ${PRINTOUT} } }`;
const DESTROY = `mutation($id: ID!, $input: KhPrintoutDestructionInput!) { recordKhPrintoutDestruction(id: $id, input: $input) { ${PRINTOUT} } }`;
const LIST = `query($filter: KhPrintoutFilter) { khPrintouts(filter: $filter) { totalCount edges { node { registrationNumber description destroyedOn } } } }`;
const PURGE = `mutation { purgeKhRecords(dryRun: false) { kind number } }`;

const printout = (registrationId: string, extra: Record<string, unknown> = {}) => ({
  registrationId,
  description: 'C0101 被保險人投保資料查詢結果，王小明',
  pages: 2,
  printedOn: '2026-01-05',
  fileReference: '115/社救/0012',
  destroyBy: '2026-12-31',
  ...extra,
});
const rows = () => stack.database.db.select().from(tables.khPrintouts).orderBy(asc(tables.khPrintouts.id));

async function querierWithRegistration() {
  await makeQuerier(stack);
  return approvedRegistration(stack);
}

describe('KH-3.5 print-outs filed with their case (隨文歸檔)', () => {
  it('KH-3.5 the querier records what they printed for an approved registration and where it is filed', async () => {
    const registration = await querierWithRegistration();
    const recorded = ok(await stack.as('khNewcomer')(RECORD, { input: printout(registration.id) })).recordKhPrintout;
    expect(recorded).toMatchObject({
      registrationNumber: registration.number,
      registration: { number: registration.number },
      pages: 2,
      printedOn: '2026-01-05',
      filedOn: '2026-01-05',
      fileReference: '115/社救/0012',
      destroyBy: '2026-12-31',
      destroyedOn: null,
      retainUntil: null,
      querier: { name: '葉新進' },
      recordedBy: { name: '葉新進' },
    });
    const shown = ok(await stack.as('khSupervisor')(`query($id: ID!) { khRegistration(id: $id) { printouts { description fileReference } } }`, { id: registration.id }));
    expect(shown.khRegistration.printouts).toEqual([{ description: 'C0101 被保險人投保資料查詢結果，王小明', fileReference: '115/社救/0012' }]);
    // The supervisor who approved it records too.
    ok(await stack.as('khSupervisor')(RECORD, { input: printout(registration.id, { pages: 1, description: '同案補印' }) }));
  });

  it('KH-3.5 refuses a print-out of a registration not approved, or dated before its approval, writing nothing', async () => {
    await makeQuerier(stack);
    const pending = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    expectRule(await stack.as('khNewcomer')(RECORD, { input: printout(pending.id) }), 'KH-3.5');
    const approved = await approvedRegistration(stack);
    expectRule(await stack.as('khNewcomer')(RECORD, { input: printout(approved.id, { printedOn: '2026-01-04' }) }), 'KH-3.5');
    expectBadInput(await stack.as('khNewcomer')(RECORD, { input: printout(approved.id, { printedOn: '2026-01-06', fileReference: ' ', pages: 0, destroyBy: '2026-01-05' }) }), [
      'input.printedOn',
      'input.fileReference',
      'input.pages',
      'input.destroyBy',
    ]);
    expect(await rows()).toEqual([]);
  });

  it('KH-7 only the querier and their supervisor record it; others of the agency and other agencies do not even see the registration', async () => {
    const registration = await querierWithRegistration();
    expect(codes(await stack.as('khAdmin')(RECORD, { input: printout(registration.id) }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('khQuerier')(RECORD, { input: printout(registration.id) }))).toEqual(['NOT_FOUND']);
    expect(codes(await stack.as('khClerk')(RECORD, { input: printout(registration.id) }))).toEqual(['NOT_FOUND']);
    expect(await rows()).toEqual([]);
    ok(await stack.as('khNewcomer')(RECORD, { input: printout(registration.id) }));
    expect(ok(await stack.as('khAdmin')(LIST)).khPrintouts.totalCount).toBe(1);
    expect(ok(await stack.as('khLabour')(LIST)).khPrintouts.totalCount).toBe(1);
    expect(ok(await stack.as('khQuerier')(LIST)).khPrintouts.totalCount).toBe(0);
    expect(ok(await stack.as('khClerk')(LIST)).khPrintouts.totalCount).toBe(0);
    expect(ok(await stack.as('chief')(LIST)).khPrintouts.totalCount).toBe(0);
  });
});

describe('KH-3.5 print-outs destroyed when the file’s retention period ends (依檔案保存期限銷毀)', () => {
  it('KH-3.5 refuses a destruction before the file’s period ends; lists the undestroyed ones once it has; records the destruction once', async () => {
    const registration = await querierWithRegistration();
    const { id } = ok(await stack.as('khNewcomer')(RECORD, { input: printout(registration.id) })).recordKhPrintout;
    clock.set('2026-06-01');
    expectRule(await stack.as('khNewcomer')(DESTROY, { id, input: { method: 'SHREDDED' } }), 'KH-3.5');
    expect(ok(await stack.as('khAdmin')(LIST, { filter: { destructionOverdueOn: '2026-06-01' } })).khPrintouts.totalCount).toBe(0);

    clock.set('2027-01-15');
    expect(ok(await stack.as('khAdmin')(LIST, { filter: { destructionOverdueOn: '2027-01-15' } })).khPrintouts.edges).toEqual([
      { node: { registrationNumber: registration.number, description: 'C0101 被保險人投保資料查詢結果，王小明', destroyedOn: null } },
    ]);
    expect(codes(await stack.as('khQuerier')(DESTROY, { id, input: { method: 'SHREDDED' } }))).toEqual(['NOT_FOUND']);
    expectBadInput(await stack.as('khAdmin')(DESTROY, { id, input: { method: 'SHREDDED', destroyedOn: '2027-01-16' } }), ['input.destroyedOn']);
    // The agency's administrator, who keeps the files, records it.
    const destroyed = ok(await stack.as('khAdmin')(DESTROY, { id, input: { method: 'PULPED', destroyedOn: '2027-01-10', note: '併同年度檔案化漿' } })).recordKhPrintoutDestruction;
    expect(destroyed).toMatchObject({ destroyedOn: '2027-01-10', destructionMethod: 'PULPED', destructionNote: '併同年度檔案化漿', destroyedBy: { name: '楊機管' }, retainUntil: '2032-01-10' });
    expect(codes(await stack.as('khNewcomer')(DESTROY, { id, input: { method: 'SHREDDED' } }))).toEqual(['CONFLICT']);
    expect(ok(await stack.as('khAdmin')(LIST, { filter: { destructionOverdueOn: '2027-01-15' } })).khPrintouts.totalCount).toBe(0);
  });

  it('X-4 the record outlives its registration’s purge, is kept five years after the destruction, and never purged while the paper exists', async () => {
    const registration = await querierWithRegistration();
    const { id } = ok(await stack.as('khNewcomer')(RECORD, { input: printout(registration.id) })).recordKhPrintout;
    ok(await stack.as('khNewcomer')(RECORD, { input: printout(registration.id, { description: '尚未銷毀', destroyBy: '2040-12-31' }) }));
    clock.set('2027-01-10');
    ok(await stack.as('khNewcomer')(DESTROY, { id, input: { method: 'SHREDDED' } }));

    clock.set('2031-06-01'); // the registration (kept five years, to 2031-01-05) is purged; the print-outs' records stay
    expect(ok(await stack.as('khIt')(PURGE)).purgeKhRecords.filter((p: { kind: string }) => p.kind !== 'FORM')).toEqual([{ kind: 'REGISTRATION', number: registration.number }]);
    const left = await rows();
    expect(left.map((r) => [r.registrationId, r.registrationNumber])).toEqual([
      [null, registration.number],
      [null, registration.number],
    ]);

    clock.set('2032-01-11'); // five years after the destruction: the destroyed one's record goes; the paper still filed stays
    expect(ok(await stack.as('khIt')(PURGE)).purgeKhRecords).toEqual([{ kind: 'PRINTOUT', number: registration.number }]);
    expect((await rows()).map((r) => r.description)).toEqual(['尚未銷毀']);
  });
});
