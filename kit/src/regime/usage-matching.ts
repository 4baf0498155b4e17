/**
 * Matching a usage record to the request that allowed it (Tainan's 附表三, Kaohsiung's 登記表):
 * written once for both regimes. A query is in order only when a request by the same person, for
 * the same subject, naming the item, was approved before the query was made.
 */
export type Finding = 'NONE' | 'UNKNOWN_QUERIER' | 'NO_REQUEST' | 'BEFORE_APPROVAL' | 'OUTSIDE_SUBJECT' | 'OUTSIDE_ITEMS';

export interface UsageToMatch {
  querierId: string | null;
  subjectHash: string;
  item: string;
  queriedAt: Date;
  /** The request the platform log cites, when it does. */
  requestNumber: string | null;
}

export interface RequestCandidate {
  id: string;
  number: string;
  requesterId: string;
  subjectHash: string;
  items: string[];
  status: string;
  decidedAt: Date | null;
}

export interface Match {
  finding: Finding;
  requestId: string | null;
}

const approvedBefore = (r: RequestCandidate, at: Date) => r.status !== 'PENDING' && r.status !== 'REJECTED' && r.decidedAt !== null && r.decidedAt <= at;

/** `candidates`: the querier's requests (any status), and the cited one if the log names one. */
export function matchUsage(usage: UsageToMatch, candidates: RequestCandidate[]): Match {
  if (!usage.querierId) return { finding: 'UNKNOWN_QUERIER', requestId: null };
  const own = candidates.filter((r) => r.requesterId === usage.querierId);
  if (usage.requestNumber) {
    const cited = own.find((r) => r.number === usage.requestNumber);
    if (!cited) return { finding: 'NO_REQUEST', requestId: null };
    if (cited.subjectHash !== usage.subjectHash) return { finding: 'OUTSIDE_SUBJECT', requestId: cited.id };
    if (!cited.items.includes(usage.item)) return { finding: 'OUTSIDE_ITEMS', requestId: cited.id };
    if (!approvedBefore(cited, usage.queriedAt)) return { finding: 'BEFORE_APPROVAL', requestId: cited.id };
    return { finding: 'NONE', requestId: cited.id };
  }
  const aboutSubject = own.filter((r) => r.subjectHash === usage.subjectHash);
  const fitting = aboutSubject.filter((r) => r.items.includes(usage.item));
  const approved = fitting.find((r) => approvedBefore(r, usage.queriedAt));
  if (approved) return { finding: 'NONE', requestId: approved.id };
  if (fitting.length) return { finding: 'BEFORE_APPROVAL', requestId: fitting[0]!.id };
  if (aboutSubject.length) return { finding: 'OUTSIDE_ITEMS', requestId: aboutSubject[0]!.id };
  return { finding: 'NO_REQUEST', requestId: null };
}
