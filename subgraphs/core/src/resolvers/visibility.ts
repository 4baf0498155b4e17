import type { CoreContext } from '../context.ts';
import type { PersonRow } from '../loaders.ts';

/** A person through the loader, or null when the caller may not see them. */
export async function visiblePerson(ctx: CoreContext, id: string | null | undefined): Promise<PersonRow | null> {
  if (!id) return null;
  const row = await ctx.loaders.person.load(id);
  return row && (await ctx.caller.canSeePerson(row)) ? row : null;
}

/** The rows the caller may see, in their order. */
export async function visibleOnly(ctx: CoreContext, rows: PersonRow[]): Promise<PersonRow[]> {
  const keep = await Promise.all(rows.map((r) => ctx.caller.canSeePerson(r)));
  return rows.filter((_, i) => keep[i]);
}
