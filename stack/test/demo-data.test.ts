import { describe, expect, it } from 'vitest';
import { isValidPersonalId } from '@webir/kit';
import { demoAgencies, demoHeads, demoPeople, demoPersonas } from '../src/demo/index.ts';

describe('demo directory data', () => {
  it('has unique keys, codes, MyEGov accounts and identifiers, all checksum-valid', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(demoAgencies.map((a) => a.key));
    unique(demoAgencies.map((a) => a.code));
    unique(demoPeople.map((p) => p.key));
    unique(demoPeople.map((p) => p.myegovAccount));
    unique(demoPeople.map((p) => p.nationalId));
    for (const p of demoPeople) expect(isValidPersonalId(p.nationalId), `${p.key} ${p.nationalId}`).toBe(true);
    for (const a of demoAgencies) expect(a.code).toMatch(/^\d{9}[A-Z]$/);
  });

  it('places second-level agencies under a first-level agency of the same city, and nothing else under any', () => {
    const byKey = new Map(demoAgencies.map((a) => [a.key, a]));
    for (const a of demoAgencies) {
      if (a.level === 'SECOND_LEVEL') {
        const parent = byKey.get(a.parentKey!);
        expect(parent?.level, a.key).toBe('FIRST_LEVEL');
        expect(parent?.city).toBe(a.city);
      } else expect(a.parentKey, a.key).toBeUndefined();
    }
  });

  it('resolves every agency and supervisor, and supervisors work in the same agency', () => {
    const agencies = new Set(demoAgencies.map((a) => a.key));
    const people = new Map(demoPeople.map((p) => [p.key, p]));
    for (const p of demoPeople) {
      expect(agencies.has(p.agencyKey), p.key).toBe(true);
      for (const g of p.grants) expect(agencies.has(g.agencyKey)).toBe(true);
      if (p.supervisorKey) {
        expect(p.supervisorKey).not.toBe(p.key);
        expect(people.get(p.supervisorKey)?.agencyKey, p.key).toBe(p.agencyKey);
      }
    }
  });

  it('has exactly one Tainan chief administrator and at most one administrator per agency and regime', () => {
    const grants = demoPeople.flatMap((p) => p.grants);
    expect(grants.filter((g) => g.regime === 'TN_NHI' && g.role === 'CHIEF_ADMIN')).toHaveLength(1);
    const admins = grants.filter((g) => g.role === 'AGENCY_ADMIN').map((g) => `${g.regime}/${g.agencyKey}`);
    expect(new Set(admins).size).toBe(admins.length);
  });

  it('has every persona the README names, and people who have left', () => {
    expect(demoPersonas().map((p) => p.persona)).toEqual(
      expect.arrayContaining(['tn-chief', 'tn-auditor', 'tn-admin', 'tn-district-admin', 'tn-supervisor', 'tn-user', 'kh-it-centre', 'kh-labour-bureau', 'kh-admin', 'kh-supervisor', 'kh-querier']),
    );
    expect(demoPeople.filter((p) => p.employmentStatus && p.employmentStatus !== 'ACTIVE').map((p) => p.employmentStatus).sort()).toEqual(['REASSIGNED', 'RESIGNED', 'RETIRED']);
    expect(demoPeople.length).toBeGreaterThan(80);
  });

  it('TN-5.2, KH-4.2 records one head (機關首長) for every agency, someone of its own staff', () => {
    expect(demoHeads.map((h) => h.agencyKey).sort()).toEqual(demoAgencies.map((a) => a.key).sort());
    for (const h of demoHeads) expect(demoPeople.find((p) => p.key === h.personKey)?.agencyKey, h.personKey).toBe(h.agencyKey);
  });
});
