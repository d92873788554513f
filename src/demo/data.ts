import type { Role } from '../core/actor.js';

/**
 * The Sanya demo's organisations, people and systems. Everything here is synthetic: unit codes
 * are generated (`46020000000000NN` + check character), people are role placeholders with
 * "某某" names, phone numbers use the impossible 0898-0000xxxx range.
 */
export interface DemoUnit {
  /** Demo key, also the sequence number in the generated code. */
  seq: number;
  name: string;
  shortName: string;
  kind: 'city_department' | 'district' | 'town' | 'management_committee' | 'affiliated';
  parent?: number;
  functions?: ('it_authority' | 'information_center' | 'supervision' | 'secrecy_bureau' | 'leadership_group' | 'archives_bureau')[];
}

export const DEMO_UNITS: DemoUnit[] = [
  { seq: 1, name: '三亚市工业和信息化局', shortName: '市工信局', kind: 'city_department', functions: ['it_authority'] },
  { seq: 2, name: '三亚市信息中心', shortName: '市信息中心', kind: 'affiliated', parent: 1, functions: ['information_center'] },
  { seq: 3, name: '三亚市监察委员会', shortName: '市监委', kind: 'city_department', functions: ['supervision'] },
  { seq: 4, name: '三亚市国家保密局', shortName: '市保密局', kind: 'city_department', functions: ['secrecy_bureau'] },
  { seq: 5, name: '三亚市信息化建设领导小组', shortName: '信息化领导小组', kind: 'affiliated', functions: ['leadership_group'] },
  { seq: 6, name: '三亚市档案局', shortName: '市档案局', kind: 'city_department', functions: ['archives_bureau'] },
  { seq: 10, name: '三亚市公安局', shortName: '市公安局', kind: 'city_department' },
  { seq: 11, name: '三亚市民政局', shortName: '市民政局', kind: 'city_department' },
  { seq: 12, name: '三亚市人力资源和社会保障局', shortName: '市人社局', kind: 'city_department' },
  { seq: 13, name: '三亚市自然资源和规划局', shortName: '市自规局', kind: 'city_department' },
  { seq: 14, name: '三亚市市场监督管理局', shortName: '市市场监管局', kind: 'city_department' },
  { seq: 15, name: '三亚市卫生健康委员会', shortName: '市卫健委', kind: 'city_department' },
  { seq: 16, name: '三亚市发展和改革委员会', shortName: '市发改委', kind: 'city_department' },
  { seq: 17, name: '三亚市旅游和文化广电体育局', shortName: '市旅文局', kind: 'city_department' },
  { seq: 18, name: '三亚市综合行政执法局', shortName: '市综合执法局', kind: 'city_department' },
  { seq: 19, name: '三亚市住房和城乡建设局', shortName: '市住建局', kind: 'city_department' },
  { seq: 20, name: '三亚市应急管理局', shortName: '市应急局', kind: 'city_department' },
  { seq: 30, name: '三亚市海棠区人民政府', shortName: '海棠区', kind: 'district' },
  { seq: 31, name: '三亚市吉阳区人民政府', shortName: '吉阳区', kind: 'district' },
  { seq: 32, name: '三亚市天涯区人民政府', shortName: '天涯区', kind: 'district' },
  { seq: 33, name: '三亚市崖州区人民政府', shortName: '崖州区', kind: 'district' },
  { seq: 34, name: '三亚市育才生态区管理委员会', shortName: '育才生态区', kind: 'district' },
  { seq: 40, name: '吉阳区民政局', shortName: '吉阳区民政局', kind: 'affiliated', parent: 31 },
  { seq: 41, name: '天涯区卫生健康委员会', shortName: '天涯区卫健委', kind: 'affiliated', parent: 32 },
  { seq: 42, name: '崖州区综合行政执法局', shortName: '崖州区执法局', kind: 'affiliated', parent: 33 },
  { seq: 50, name: '三亚崖州湾科技城管理局', shortName: '崖州湾科技城', kind: 'management_committee' },
];

export interface DemoUser {
  username: string;
  displayName: string;
  unit: number;
  roles: Role[];
}

/** One account per role (and a second steward/user so cross-unit flows can be shown). */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '平台管理员（演示）', unit: 2, roles: ['platform_admin'] },
  { username: 'reviewer', displayName: '主管部门审核员（演示）', unit: 1, roles: ['authority_reviewer'] },
  { username: 'steward_ga', displayName: '公安局数据管理员（演示）', unit: 10, roles: ['unit_steward'] },
  { username: 'steward_rs', displayName: '人社局数据管理员（演示）', unit: 12, roles: ['unit_steward'] },
  { username: 'steward_zr', displayName: '自规局数据管理员（演示）', unit: 13, roles: ['unit_steward'] },
  { username: 'user_mz', displayName: '民政局业务人员（演示）', unit: 11, roles: ['unit_user'] },
  { username: 'user_jy', displayName: '吉阳区业务人员（演示）', unit: 31, roles: ['unit_user'] },
  { username: 'supervisor', displayName: '监察人员（演示）', unit: 3, roles: ['supervisor'] },
  { username: 'secrecy', displayName: '保密局人员（演示）', unit: 4, roles: ['secrecy_officer'] },
  { username: 'leader', displayName: '领导小组成员（演示）', unit: 5, roles: ['leader'] },
  { username: 'auditor', displayName: '审计员（演示，只读）', unit: 3, roles: ['auditor'] },
];

export interface DemoSystem {
  unit: number;
  code: string;
  name: string;
  scenario: string;
  description: string;
}

/** Application systems (应用系统) — the consumers of 第二十二条. */
export const DEMO_SYSTEMS: DemoSystem[] = [
  { unit: 10, code: 'LDRK', name: '流动人口管理系统', scenario: '流动人口管理', description: '登记、核查流动人口居住信息' },
  { unit: 20, code: 'YJZH', name: '应急指挥系统', scenario: '应急指挥', description: '突发事件接报、资源调度与指挥' },
  { unit: 11, code: 'SHJZ', name: '社会救助信息系统', scenario: '社会保障', description: '低保、特困等救助对象审核' },
  { unit: 12, code: 'SBJB', name: '社保经办系统', scenario: '社会保障', description: '参保登记、待遇核定' },
  { unit: 13, code: 'BDCDJ', name: '不动产登记系统', scenario: '不动产', description: '不动产登记与查询' },
  { unit: 14, code: 'SCZT', name: '市场主体登记系统', scenario: '行政审批', description: '企业开办与变更登记' },
  { unit: 18, code: 'CGAJ', name: '城市管理案件系统', scenario: '市政管理', description: '城市管理案件受理与处置' },
  { unit: 31, code: 'JYZW', name: '吉阳区政务服务系统', scenario: '行政审批', description: '区级政务服务事项办理' },
];
