/** The directory's record of agency heads (機關首長) and their delegates (授權人員), through the gateway. */
const TERM = `id role since until reference personName person { name } agency { name } recordedBy { name } endedBy { name }`;
export const RECORD_HEAD = `mutation($agencyId: ID!, $input: AgencyHeadInput!) { recordAgencyHead(agencyId: $agencyId, input: $input) { ${TERM} } }`;
export const RECORD_DELEGATE = `mutation($agencyId: ID!, $input: AgencyHeadDelegateInput!) { recordAgencyHeadDelegate(agencyId: $agencyId, input: $input) { ${TERM} } }`;
export const END_TERM = `mutation($id: ID!, $until: Date!) { endAgencyHeadTerm(id: $id, until: $until) { ${TERM} } }`;
export const HEADS = `query($id: ID!, $on: Date) { agency(id: $id) { head(on: $on) { ${TERM} } headDelegates(on: $on) { ${TERM} } headHistory { role personName since until } } }`;
