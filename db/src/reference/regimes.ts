/**
 * Reference data written (and kept up to date) at every start: the regimes and their query items,
 * as listed in ../shared/RULES.md. A new city's regime adds its rows here.
 */
export const regimeRows = [
  {
    code: 'TN_NHI',
    name: 'Tainan City Government — NHI WebIR',
    nameZh: '臺南市政府應用衛生福利部中央健康保險署資訊作業',
    city: 'TAINAN',
    regulation: '臺南市政府應用衛生福利部中央健康保險署資訊作業管理要點',
  },
  {
    code: 'KH_BLI',
    name: 'Kaohsiung City Government — BLI WebIR',
    nameZh: '高雄市政府應用勞動部勞工保險局資訊作業',
    city: 'KAOHSIUNG',
    regulation: '高雄市政府應用勞動部勞工保險局資訊作業管理要點',
  },
  {
    code: 'NHI_NET',
    name: 'NHI private network membership',
    nameZh: '健保資訊網',
    city: null,
    regulation: '加入健保資訊網申請作業執行要點',
  },
] as const;

/** The 13 query items of Tainan's 附表二, in the form's order. */
const tainanItems: [string, string, string | null][] = [
  ['01', '保險對象目前投保紀錄', 'C0101: national ID [+ birth date]'],
  ['02', '保險對象歷史投保紀錄', 'C0201: national ID + premium month [+ birth date]'],
  ['03', '保險對象自付保險費明細', null],
  ['04', '保險對象繳費紀錄', null],
  ['05', '保險對象欠費資料', null],
  ['06', '保險對象健保卡領卡紀錄', null],
  ['07', '投保單位基本資料', null],
  ['08', '投保單位保險對象名冊', null],
  ['09', '投保單位保費計費明細', null],
  ['10', '投保單位繳費紀錄', null],
  ['11', '投保單位欠費資料', null],
  ['12', '個人就醫紀錄', null],
  ['13', '保險對象已繳納自付保費明細資料', null],
];

/** The 20 BLI service items of Kaohsiung's regulation. */
const kaohsiungItems: [string, string, string | null][] = [
  ['C0101', '被保險人投保資料', null],
  ['C0201', '單位被保險人名冊', null],
  ['C0301', '勞保身心障礙政府補助費', 'insurance number + premium month'],
  ['C0302', '勞保身心障礙政府補助費', 'national ID'],
  ['C0401', '勞保投保單位基本資料', 'insurance number'],
  ['C0402', '勞保投保單位基本資料', 'business number'],
  ['F0101', '投保單位應繳保費資料', null],
  ['B0101', '給付簡要資料', null],
  ['B0201', '給付明細資料', null],
  ['B0301', '失業給付資格', null],
  ['P0101', '勞退提繳單位基本資料', 'contribution-unit number'],
  ['P0102', '勞退提繳單位基本資料', 'business number'],
  ['P0201', '勞退提繳單位應繳退休金資料', null],
  ['P0301', '勞工提繳退休金異動資料', null],
  ['N0101', '國民年金給付資料', null],
  ['T0101', '老年農民福利津貼發放查詢', null],
  ['F0201', '勞保被保險人各月份自負額查詢', null],
  ['B0401', '勞保年金給付資料查詢', null],
  ['P0401', '勞退請領資料查詢', null],
  ['P0501', '勞工退休金計算名冊查詢', null],
];

export const serviceItemId = (regimeCode: string, code: string) => `${regimeCode}:${code}`;

export const serviceItemRows = [
  ...tainanItems.map(([code, name, queryKey], i) => ({ regimeCode: 'TN_NHI', code, name, queryKey, position: i + 1 })),
  ...kaohsiungItems.map(([code, name, queryKey], i) => ({ regimeCode: 'KH_BLI', code, name, queryKey, position: i + 1 })),
].map((row) => ({ ...row, id: serviceItemId(row.regimeCode, row.code) }));
