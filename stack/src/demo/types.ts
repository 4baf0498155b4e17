export type City = 'TAINAN' | 'KAOHSIUNG';
export type AgencyLevel = 'FIRST_LEVEL' | 'SECOND_LEVEL' | 'DISTRICT_OFFICE';
export interface DemoAgency {
  key: string;
  code: string;
  name: string;
  level: AgencyLevel;
  city: City;
  parentKey?: string;
}
export type RegimeCode = 'TN_NHI' | 'KH_BLI' | 'NHI_NET';
/** items: service-item codes; omitted for a role without items. */
export interface DemoGrant {
  regime: RegimeCode;
  role: string;
  agencyKey: string;
  items?: string[];
}
export interface DemoPerson {
  key: string;
  /** Set for the people a developer logs in as (`npm run token -- <persona>`). */
  persona?: string;
  personaDescription?: string;
  name: string;
  nationalId: string;
  myegovAccount: string;
  agencyKey: string;
  unit: string;
  title: string;
  phone: string;
  email: string;
  supervisorKey?: string;
  employmentStatus?: 'ACTIVE' | 'REASSIGNED' | 'RESIGNED' | 'RETIRED';
  employmentStatusEffectiveOn?: string;
  grants: DemoGrant[];
}
