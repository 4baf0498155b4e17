import { makeNationalId } from '@webir/kit';

/**
 * The NHI network's demo people (written by seed/seed-nhi-network.ts): the NHI's reviewer at the NHI,
 * and the staff of applying companies, who belong to no agency. Fictitious, checksum-valid identifiers.
 */
export interface NwDemoPerson {
  key: string;
  persona?: string;
  personaDescription?: string;
  name: string;
  nationalId: string;
  myegovAccount: string;
  /** At the NHI (the reviewer), or no agency (company staff). */
  atNhi: boolean;
  title: string;
  phone: string;
  email: string;
}

let serial = 61_000;
const person = (p: Omit<NwDemoPerson, 'nationalId'>): NwDemoPerson => ({ ...p, nationalId: makeNationalId('A', serial % 2 ? 1 : 2, serial++) });

export const nhiNetworkPeople: NwDemoPerson[] = [
  person({ key: 'nw-reviewer', persona: 'nw-reviewer', personaDescription: 'NHI network reviewer (健保署資訊組): reviews IT service units’ applications, records violations, suspends and bans', name: '洪美華', myegovAccount: 'nhi.info.hung', atNhi: true, title: '科長', phone: '02-27065866#2290', email: 'h50@nhi.gov.tw' }),
  person({ key: 'nw-applicant', persona: 'nw-applicant', personaDescription: 'Contact of 安可資訊 (an approved IT service unit with a line) and of 新橋資訊’s draft application', name: '羅志遠', myegovAccount: 'acme.lo', atNhi: false, title: '業務經理', phone: '02-2345-6789#201', email: 'lo@acme.com.tw' }),
  person({ key: 'nw-acme-owner', name: '簡嘉宏', myegovAccount: 'acme.chien', atNhi: false, title: '董事長', phone: '02-2345-6789', email: 'chien@acme.com.tw' }),
  person({ key: 'nw-bridge-owner', name: '鄧雅雯', myegovAccount: 'bridge.teng', atNhi: false, title: '負責人', phone: '04-2311-2233', email: 'teng@bridge.com.tw' }),
  person({ key: 'nw-small-contact', name: '方冠廷', myegovAccount: 'smallbridge.fang', atNhi: false, title: '工程師', phone: '06-2200-1122', email: 'fang@smallbridge.com.tw' }),
  person({ key: 'nw-city-contact', name: '葉宗憲', myegovAccount: 'citymed.yeh', atNhi: false, title: '專案經理', phone: '07-5501-3344', email: 'yeh@citymed.com.tw' }),
  person({ key: 'nw-edge-contact', name: '宋佩珊', myegovAccount: 'edgenet.sung', atNhi: false, title: '經理', phone: '03-5770-8899', email: 'sung@edgenet.com.tw' }),
  person({ key: 'nw-grey-contact', name: '白承翰', myegovAccount: 'greyhat.pai', atNhi: false, title: '工程師', phone: '02-8791-6655', email: 'pai@greyhat.com.tw' }),
];
