/**
 * TN-2.1: the purposes and legal bases under which a Tainan agency may use NHI WebIR, as 二 of the
 * regulation lists them. An enrolment names one purpose and one of its bases; OTHER (其他法定職務)
 * also needs the law written out.
 */
export const purposes: Record<string, { name: string; bases: Record<string, string> }> = {
  SOCIAL: {
    name: '社政類',
    bases: {
      SOCIAL_1: '兒童及少年福利與權益保障法：脆弱家庭多元服務',
      SOCIAL_2: '老人福利法、老人參加全民健康保險無力負擔費用補助辦法：老人生活津貼、健保補助及老人保護',
      SOCIAL_3: '社會救助法：社會救助及社會福利',
      SOCIAL_4: '身心障礙者權益保障法及相關補助辦法：身心障礙者社會保險及健保自付保費補助',
    },
  },
  POLICE: { name: '警政類', bases: { POLICE_1: '刑事訴訟法：警政相關業務' } },
  TRANSPORT: { name: '交通類', bases: { TRANSPORT_1: '道路交通管理處罰條例：交通違規罰鍰移送強制執行' } },
  HEALTH: {
    name: '衛生類',
    bases: {
      HEALTH_1: '傳染病防治法：傳染病防治',
      HEALTH_2: '家庭暴力防治法：家庭暴力加害人處遇',
      HEALTH_3: '精神衛生法、性侵害犯罪防治法等：社區精神個案追蹤關懷、加害人身心治療輔導及弱勢關懷',
      HEALTH_4: '口腔健康法：口腔保健',
      HEALTH_5: '藥事法、管制藥品管理條例及藥師法：藥事調劑',
    },
  },
  OTHER: { name: '其他因執行法定職務而有使用健保資訊之必要者', bases: { OTHER: '其他法定職務（須敘明法令）' } },
};

export function purposeList() {
  return Object.entries(purposes).map(([code, p]) => ({
    code,
    name: p.name,
    legalBases: Object.entries(p.bases).map(([basisCode, text]) => ({ code: basisCode, text })),
  }));
}
