import { asc, eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { conflict, mayActAsHead, nextSignoff, ruleViolation, taipeiDay } from '@webir/kit';
import type { Db, Tx } from '../client.ts';
import { headTermsOn } from '../heads.ts';
import type { formSignoffsTable } from './tables.ts';

/**
 * A form's sign-offs, in the order its paper prints them (Tainan's 附表一/二, Kaohsiung's 附表二/三/四:
 * applicant, section chief, agency head), written once: the applicant signs as themselves, the section
 * chief is the applicant's supervisor in the directory, the agency head is the head the directory records
 * for the agency on the day, or a delegate the head authorised (機關首長或其授權人員), and no one else.
 */
export const SIGNOFFS = ['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const;
export type SignoffRole = (typeof SIGNOFFS)[number];

export interface SigningForm {
  id: string;
  status: string;
  agencyId: string;
  applicantId: string;
}

export async function signForm<T extends PgTable & { id: AnyPgColumn; status: AnyPgColumn }>(
  db: Db,
  tables: { forms: T; signoffs: ReturnType<typeof formSignoffsTable> },
  args: {
    form: SigningForm;
    applicant: { id: string; supervisorId: string | null };
    signer: { id: string; agencyId: string | null };
    role: SignoffRole;
    rule: string;
    /** The status once the last sign-off is on (who acts next). */
    whenSigned: string;
    now: Date;
  },
): Promise<T['$inferSelect']> {
  // The form's row is locked and its status and sign-offs read again under the lock: two sign-offs sent
  // at once are taken one after the other, the second checked against what the first wrote.
  return db.transaction(async (tx) => {
    const [locked] = (await tx
      .select({ status: tables.forms.status })
      .from(tables.forms as PgTable)
      .where(eq(tables.forms.id, args.form.id))
      .for('update')) as { status: string }[];
    if (!locked) throw conflict('The form was removed meanwhile');
    const form = { ...args.form, status: locked.status };
    const signed = await tx.select({ signerId: tables.signoffs.signerId }).from(tables.signoffs).where(eq(tables.signoffs.applicationId, form.id)).orderBy(asc(tables.signoffs.step));
    return signLocked(tx, tables, { ...args, form, signed });
  });
}

async function signLocked<T extends PgTable & { id: AnyPgColumn; status: AnyPgColumn }>(
  tx: Tx,
  tables: { forms: T; signoffs: ReturnType<typeof formSignoffsTable> },
  args: Parameters<typeof signForm<T>>[2] & { signed: { signerId: string }[] },
): Promise<T['$inferSelect']> {
  const { form, signer, applicant, role, rule } = args;
  if (form.status !== 'SIGNING') throw conflict(`The form is ${form.status.toLowerCase()}: its sign-offs are complete`);
  const step = nextSignoff(SIGNOFFS, args.signed.length, role);
  if (!step.ok) throw ruleViolation(rule, step.message);
  if (role === 'APPLICANT' && signer.id !== applicant.id) throw ruleViolation(rule, 'the applicant signs first, as themselves');
  if (role === 'SECTION_CHIEF' && signer.id !== applicant.supervisorId) throw ruleViolation(rule, 'the section chief’s sign-off (單位主管核章) is the applicant’s supervisor’s');
  if (role === 'AGENCY_HEAD' && (signer.agencyId !== form.agencyId || args.signed.some((s) => s.signerId === signer.id))) {
    throw ruleViolation(rule, 'the agency head’s sign-off (機關首長核章) is by someone of the agency who has not signed already');
  }
  if (role === 'AGENCY_HEAD' && !mayActAsHead(await headTermsOn(tx, form.agencyId, taipeiDay(args.now)), signer.id, taipeiDay(args.now))) {
    throw ruleViolation(rule, 'the agency head’s sign-off (機關首長核章) is given by the head the directory records for the agency, or by a delegate they authorised (授權人員)');
  }
  await tx.insert(tables.signoffs).values({ applicationId: form.id, step: step.step, role, signerId: signer.id, signedAt: args.now });
  const [updated] = (await tx
    .update(tables.forms as PgTable)
    .set({ status: step.last ? args.whenSigned : 'SIGNING' } as never)
    .where(eq(tables.forms.id, form.id))
    .returning()) as unknown[];
  return updated as T['$inferSelect'];
}
