import { stringInputLimitsOf, type InputLimitOverrides } from '@webir/kit';
import { inputLimits as coreLimits, typeDefs as coreTypeDefs } from '@webir/subgraph-core';
import { inputLimits as tnLimits, typeDefs as tnTypeDefs } from '@webir/subgraph-tainan-nhi';
import { inputLimits as khLimits, typeDefs as khTypeDefs } from '@webir/subgraph-kaohsiung-bli';
import { inputLimits as nwLimits, typeDefs as nwTypeDefs } from '@webir/subgraph-nhi-network';
import { inputLimits as complianceLimits, typeDefs as complianceTypeDefs } from '@webir/subgraph-compliance';

/** Each subgraph's SDL and its table of longer limits, as its server applies them. */
export const subgraphInputLimits: { name: string; typeDefs: string; overrides: InputLimitOverrides }[] = [
  { name: 'core', typeDefs: coreTypeDefs, overrides: coreLimits },
  { name: 'tainan-nhi', typeDefs: tnTypeDefs, overrides: tnLimits },
  { name: 'kaohsiung-bli', typeDefs: khTypeDefs, overrides: khLimits },
  { name: 'nhi-network', typeDefs: nwTypeDefs, overrides: nwLimits },
  { name: 'compliance', typeDefs: complianceTypeDefs, overrides: complianceLimits },
];

/** Every string input of every subgraph with its maximum length, as a Markdown table (README's). */
export function inputLimitsTable(): string {
  const rows = ['| subgraph | input | type | max characters |', '|---|---|---|---:|'];
  for (const { name, typeDefs, overrides } of subgraphInputLimits) {
    for (const limit of stringInputLimitsOf(typeDefs, overrides)) rows.push(`| ${name} | \`${limit.key}\` | ${limit.type} | ${limit.max.toLocaleString('en')} |`);
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(inputLimitsTable());
