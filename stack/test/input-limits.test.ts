import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURSOR, FREE_TEXT, SHORT_TEXT, stringInputLimitsOf } from '@webir/kit';
import { inputLimitsTable, subgraphInputLimits } from '../src/input-limits.ts';

describe('every string input of every subgraph has a documented maximum length', () => {
  it('lists every String and ID input of the five subgraphs, each with a limit (npm run input-limits prints it for README)', () => {
    expect(subgraphInputLimits.map((s) => s.name)).toEqual(['core', 'tainan-nhi', 'kaohsiung-bli', 'nhi-network', 'compliance']);
    const table = inputLimitsTable();
    const rows = table.split('\n').slice(2);
    const inputs = subgraphInputLimits.flatMap((s) => stringInputLimitsOf(s.typeDefs, s.overrides));
    expect(rows).toHaveLength(inputs.length);
    expect(inputs.length).toBeGreaterThan(250);
    for (const limit of inputs) expect(limit.max).toBeGreaterThan(0);
    expect(table).toContain('| tainan-nhi | `NhiQueryRequestInput.purpose` | String | 2,000 |');
    expect(table).toContain('| core | `Person.nationalId(reason)` | String | 2,000 |');
    expect(table).toContain('| core | `CreatePersonInput.name` | String | 200 |');
  });

  it('refuses a table of overrides naming an input the schema does not have (a typo would leave a field at the default)', () => {
    const core = subgraphInputLimits[0]!;
    expect(() => stringInputLimitsOf(core.typeDefs, { 'CreatePersonInput.nmae': FREE_TEXT })).toThrow(/CreatePersonInput\.nmae/);
    // Without overrides every input is short text, but a page's cursor (made by the server, a keyset over several columns).
    expect(stringInputLimitsOf(core.typeDefs, {}).every((l) => l.max === (/\((after|before)\)$/.test(l.key) ? CURSOR : SHORT_TEXT))).toBe(true);
  });

  it('docs/input-limits.md is the table the schemas give today (regenerate it with npm run -s input-limits)', () => {
    const doc = readFileSync(new URL('../../docs/input-limits.md', import.meta.url), 'utf8');
    expect(doc).toContain(`${inputLimitsTable()}\n`);
  });
});
