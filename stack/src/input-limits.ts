import { stringInputLimitsOf, type InputLimitOverrides } from '@webir/kit';
import { subgraphs } from './subgraphs.ts';

/** Each subgraph's SDL and its table of longer limits, as its server applies them: from the one list of subgraphs. */
export const subgraphInputLimits: { name: string; typeDefs: string; overrides: InputLimitOverrides }[] = subgraphs.map((s) => {
  if (s.typeDefs === undefined) throw new Error(`Subgraph ${s.name} lists no typeDefs: its inputs could not be bounded in the table`);
  return { name: s.name, typeDefs: s.typeDefs, overrides: s.inputLimits ?? {} };
});

/** Every string input of every subgraph with its maximum length, as a Markdown table (README's). */
export function inputLimitsTable(): string {
  const rows = ['| subgraph | input | type | max characters |', '|---|---|---|---:|'];
  for (const { name, typeDefs, overrides } of subgraphInputLimits) {
    for (const limit of stringInputLimitsOf(typeDefs, overrides)) rows.push(`| ${name} | \`${limit.key}\` | ${limit.type} | ${limit.max.toLocaleString('en')} |`);
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(inputLimitsTable());
