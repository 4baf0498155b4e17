import type { Violations } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs: checking them first turns a malformed one into BAD_USER_INPUT, not a database error. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** Records a violation under `field` when a given ID is not a UUID; returns whether it is usable. */
export function checkId(v: Violations, field: string, value: string | null | undefined): boolean {
  if (value == null) return false;
  if (isUuid(value)) return true;
  v.add(field, `is not an ID of this graph (${JSON.stringify(value)})`);
  return false;
}
