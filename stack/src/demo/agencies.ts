import type { DemoAgency } from './types.ts';

/**
 * Tainan's and Kaohsiung's agencies that use WebIR: real names and hierarchy; the 機關代碼 are
 * fictitious but well formed (nine digits and a letter).
 */
const tainan: DemoAgency[] = [
  { key: 'tn-health', code: '395070000A', name: '臺南市政府衛生局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-social', code: '395030000A', name: '臺南市政府社會局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-labour', code: '395040000A', name: '臺南市政府勞工局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-police', code: '395050000A', name: '臺南市政府警察局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-transport', code: '395060000A', name: '臺南市政府交通局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-civil', code: '395020000A', name: '臺南市政府民政局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  { key: 'tn-health-east', code: '395070100B', name: '臺南市東區衛生所', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-health' },
  { key: 'tn-health-yongkang', code: '395070200B', name: '臺南市永康區衛生所', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-health' },
  { key: 'tn-health-xinying', code: '395070300B', name: '臺南市新營區衛生所', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-health' },
  { key: 'tn-social-family', code: '395030100B', name: '臺南市政府社會局家庭福利服務中心', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-social' },
  { key: 'tn-social-elderly', code: '395030200B', name: '臺南市立仁德老人養護中心', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-social' },
  { key: 'tn-police-traffic', code: '395050100B', name: '臺南市政府警察局交通警察大隊', level: 'SECOND_LEVEL', city: 'TAINAN', parentKey: 'tn-police' },
  { key: 'tn-east', code: '395010100D', name: '臺南市東區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-north', code: '395010200D', name: '臺南市北區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-annan', code: '395010300D', name: '臺南市安南區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-yongkang', code: '395010400D', name: '臺南市永康區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-xinying', code: '395010500D', name: '臺南市新營區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-madou', code: '395010600D', name: '臺南市麻豆區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-rende', code: '395010700D', name: '臺南市仁德區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  { key: 'tn-guiren', code: '395010800D', name: '臺南市歸仁區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
];

const kaohsiung: DemoAgency[] = [
  { key: 'kh-it', code: '397000100A', name: '高雄市政府資訊中心', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  { key: 'kh-labour', code: '397040000A', name: '高雄市政府勞工局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  { key: 'kh-social', code: '397030000A', name: '高雄市政府社會局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  { key: 'kh-police', code: '397050000A', name: '高雄市政府警察局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  { key: 'kh-labour-employment', code: '397040100B', name: '高雄市政府勞工局訓練就業中心', level: 'SECOND_LEVEL', city: 'KAOHSIUNG', parentKey: 'kh-labour' },
  { key: 'kh-labour-education', code: '397040200B', name: '高雄市政府勞工局勞工教育生活中心', level: 'SECOND_LEVEL', city: 'KAOHSIUNG', parentKey: 'kh-labour' },
  { key: 'kh-social-family', code: '397030100B', name: '高雄市政府社會局家庭暴力及性侵害防治中心', level: 'SECOND_LEVEL', city: 'KAOHSIUNG', parentKey: 'kh-social' },
  { key: 'kh-lingya', code: '397010100D', name: '高雄市苓雅區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
  { key: 'kh-fengshan', code: '397010200D', name: '高雄市鳳山區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
  { key: 'kh-sanmin', code: '397010300D', name: '高雄市三民區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
  { key: 'kh-zuoying', code: '397010400D', name: '高雄市左營區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
  { key: 'kh-qianzhen', code: '397010500D', name: '高雄市前鎮區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
  { key: 'kh-gangshan', code: '397010600D', name: '高雄市岡山區公所', level: 'DISTRICT_OFFICE', city: 'KAOHSIUNG' },
];

export const demoAgencies: DemoAgency[] = [...tainan, ...kaohsiung];
