import { parse } from 'csv-parse/sync';
import { SHORT_TEXT } from '../graphql/input-limits.ts';

function textCell(cell: string, max: number): { ok: true; value: string } | { ok: false; message: string } {
  const length = [...cell].length;
  return length <= max ? { ok: true, value: cell } : { ok: false, message: `at most ${max} characters, got ${length}` };
}

/**
 * Usage records (the WebIR platform's query log) arrive as CSV. Each regime names its columns; this
 * parses and checks them, keeping each row's line number so a bad row is reported where it is.
 * An import is all or nothing: a file with any bad row writes nothing.
 */
export interface ColumnSpec<T> {
  name: string;
  required: boolean;
  /** Turns the cell into a value, or returns an error message. */
  parse: (cell: string) => { ok: true; value: T } | { ok: false; message: string };
}

export interface RowError {
  line: number;
  message: string;
}

export interface ParsedCsv<R> {
  rows: (R & { line: number })[];
  errors: RowError[];
}

export function parseUsageCsv<R extends Record<string, unknown>>(text: string, columns: { [K in keyof R]: ColumnSpec<R[K]> }): ParsedCsv<R> {
  const errors: RowError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], errors: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty: a header line comes first' }] };
  const names = header.record.map((h) => h.toLowerCase());
  const specs = Object.entries(columns) as [keyof R & string, ColumnSpec<unknown>][];
  const index = new Map(specs.map(([key, spec]) => [key, names.indexOf(spec.name)]));
  const missing = specs.filter(([key, spec]) => spec.required && index.get(key) === -1).map(([, spec]) => spec.name);
  if (missing.length) return { rows: [], errors: [{ line: 1, message: `the header lacks ${missing.join(', ')} (it has ${names.join(', ')})` }] };

  const rows: (R & { line: number })[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const row: Record<string, unknown> = { line };
    const problems: string[] = [];
    for (const [key, spec] of specs) {
      const cell = index.get(key)! >= 0 ? (record[index.get(key)!] ?? '') : '';
      if (!cell) {
        if (spec.required) problems.push(`${spec.name} is empty`);
        else row[key] = null;
        continue;
      }
      const parsed = spec.parse(cell);
      if (parsed.ok) row[key] = parsed.value;
      else problems.push(`${spec.name}: ${parsed.message}`);
    }
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    else rows.push(row as R & { line: number });
  }
  return { rows, errors };
}

/** Common cells. */
export const cells = {
  instant: (cell: string) => {
    const date = new Date(cell);
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(cell) && !Number.isNaN(date.getTime())
      ? ({ ok: true, value: date } as const)
      : ({ ok: false, message: `${JSON.stringify(cell)} is not an ISO 8601 time with its offset (2026-03-02T10:15:00+08:00)` } as const);
  },
  /** Free text of a log line, bounded as the API's string inputs are (SHORT_TEXT by default). */
  text: (cell: string) => textCell(cell, SHORT_TEXT),
  bounded: (max: number, then: (cell: string) => { ok: true; value: string } | { ok: false; message: string } = (c) => ({ ok: true, value: c })) => (cell: string) => {
    const bounded = textCell(cell, max);
    return bounded.ok ? then(cell) : bounded;
  },
  oneOf: (allowed: readonly string[]) => (cell: string) =>
    allowed.includes(cell) ? ({ ok: true, value: cell } as const) : ({ ok: false, message: `${JSON.stringify(cell)} is not one of ${allowed.join(', ')}` } as const),
};
