import type { DataItemInput, Layer, ResourceFormat, SharingMethod, SharingType, UpdateCycle, SecrecyLevel } from '../catalog/model.js';

/**
 * The Sanya demo catalog: classifications, standard data elements (one data, one source) and
 * 62 resources across all layers, sharing types and formats. Synthetic metadata only.
 */
export interface DemoClassification {
  code: string;
  name: string;
  kind: 'basic' | 'theme' | 'department';
  parent?: string;
}

export const DEMO_CLASSIFICATIONS: DemoClassification[] = [
  { code: 'A', name: '基础信息资源', kind: 'basic' },
  { code: 'A01', name: '人口基础信息', kind: 'basic', parent: 'A' },
  { code: 'A02', name: '法人单位基础信息', kind: 'basic', parent: 'A' },
  { code: 'A03', name: '自然资源和空间地理基础信息', kind: 'basic', parent: 'A' },
  { code: 'A04', name: '社会信用基础信息', kind: 'basic', parent: 'A' },
  { code: 'B', name: '主题信息资源', kind: 'theme' },
  { code: 'B01', name: '社会保障', kind: 'theme', parent: 'B' },
  { code: 'B02', name: '医疗卫生', kind: 'theme', parent: 'B' },
  { code: 'B03', name: '旅游文化', kind: 'theme', parent: 'B' },
  { code: 'B04', name: '城市管理', kind: 'theme', parent: 'B' },
  { code: 'B05', name: '住房建设', kind: 'theme', parent: 'B' },
  { code: 'B06', name: '应急管理', kind: 'theme', parent: 'B' },
  { code: 'B07', name: '市场监管', kind: 'theme', parent: 'B' },
  { code: 'B08', name: '民政服务', kind: 'theme', parent: 'B' },
  { code: 'C', name: '部门信息资源', kind: 'department' },
  { code: 'C01', name: '公安', kind: 'department', parent: 'C' },
  { code: 'C02', name: '发展改革', kind: 'department', parent: 'C' },
  { code: 'C03', name: '区级政务', kind: 'department', parent: 'C' },
  { code: 'C04', name: '政务运行', kind: 'department', parent: 'C' },
];

export interface DemoElement {
  code: string;
  name: string;
  dataType: 'C' | 'D' | 'N';
  /** Demo unit seq (src/demo/data.ts) of the authoritative collecting unit. */
  unit: number;
  description: string;
}

export const DEMO_ELEMENTS: DemoElement[] = [
  { code: 'DE0001', name: '公民身份号码', dataType: 'C', unit: 10, description: '居民身份证号码，18位，由公安机关采集' },
  { code: 'DE0002', name: '姓名', dataType: 'C', unit: 10, description: '公民姓名，以户籍登记为准' },
  { code: 'DE0003', name: '出生日期', dataType: 'D', unit: 10, description: '公民出生日期' },
  { code: 'DE0004', name: '户籍地址', dataType: 'C', unit: 10, description: '户籍登记地址' },
  { code: 'DE0010', name: '统一社会信用代码', dataType: 'C', unit: 14, description: '法人和其他组织统一社会信用代码，18位' },
  { code: 'DE0011', name: '市场主体名称', dataType: 'C', unit: 14, description: '登记注册的市场主体名称' },
  { code: 'DE0012', name: '法定代表人姓名', dataType: 'C', unit: 14, description: '市场主体法定代表人' },
  { code: 'DE0020', name: '不动产单元号', dataType: 'C', unit: 13, description: '不动产单元唯一编码，28位' },
  { code: 'DE0030', name: '社会保障号码', dataType: 'C', unit: 12, description: '社会保障卡号码' },
  { code: 'DE0040', name: '医疗机构登记号', dataType: 'C', unit: 15, description: '医疗机构执业许可证登记号' },
  { code: 'DE0050', name: '景区质量等级', dataType: 'C', unit: 17, description: '旅游景区质量等级（A级）' },
];

// Compact data-item builders; `E` links a standard data element.
const key = (name: string, code: string, length: number, elementCode: string | null = null): DataItemInput => ({ name, code, dataType: 'C', length, required: true, isKey: true, elementCode });
const c = (name: string, code: string, length: number, extra: Partial<DataItemInput> = {}): DataItemInput => ({ name, code, dataType: 'C', length, ...extra });
const idCard = (name = '公民身份号码', code = 'sfzhm'): DataItemInput => ({ name, code, dataType: 'C', length: 18, required: true, sensitivity: 'privacy', masking: 'id_card', elementCode: 'DE0001' });
const person = (name = '姓名', code = 'xm'): DataItemInput => ({ name, code, dataType: 'C', length: 50, required: true, sensitivity: 'privacy', masking: 'name', elementCode: name === '姓名' ? 'DE0002' : null });
const phone = (name = '联系电话', code = 'lxdh'): DataItemInput => ({ name, code, dataType: 'C', length: 20, sensitivity: 'privacy', masking: 'phone' });
const addr = (name = '地址', code = 'dz', elementCode: string | null = null): DataItemInput => ({ name, code, dataType: 'C', length: 200, sensitivity: 'privacy', masking: 'address', elementCode });
const uscc = (name = '统一社会信用代码', code = 'tyshxydm', isKey = false): DataItemInput => ({ name, code, dataType: 'C', length: 18, required: true, isKey, elementCode: 'DE0010' });
const date = (name: string, code: string, required = false): DataItemInput => ({ name, code, dataType: 'D', required });
const time = (name: string, code: string): DataItemInput => ({ name, code, dataType: 'T' });
const num = (name: string, code: string, length = 12, precision = 2): DataItemInput => ({ name, code, dataType: 'N', length, precision });
const money = (name: string, code: string): DataItemInput => ({ name, code, dataType: 'Y', length: 18, precision: 2 });
const int = (name: string, code: string): DataItemInput => ({ name, code, dataType: 'I' });
const bool = (name: string, code: string): DataItemInput => ({ name, code, dataType: 'L' });
const memo = (name: string, code: string): DataItemInput => ({ name, code, dataType: 'M' });
const district = (): DataItemInput => ({
  name: '所属区',
  code: 'ssq',
  dataType: 'C',
  length: 6,
  codeSet: [
    { value: '460202', label: '海棠区' },
    { value: '460203', label: '吉阳区' },
    { value: '460204', label: '天涯区' },
    { value: '460205', label: '崖州区' },
    { value: '460299', label: '育才生态区' },
  ],
});

export interface DemoResource {
  unit: number;
  classification: string;
  name: string;
  abstract: string;
  layer: Layer;
  format: ResourceFormat;
  sharingType: SharingType;
  updateCycle: UpdateCycle;
  keywords: string[];
  scenarios?: string[];
  methods?: SharingMethod[];
  secrecy?: SecrecyLevel;
  conditions?: string;
  /** Demo unit seqs allowed to apply, when the scope is not all units. */
  scope?: number[];
  legalBasis?: string;
  storageFormat?: string;
  sourceSystem?: string;
  targetDatabase?: string;
  items?: DataItemInput[];
}

const R = (r: DemoResource) => r;

export const DEMO_RESOURCES: DemoResource[] = [
  // 市公安局 (10)
  R({ unit: 10, classification: 'A01', name: '人口基础信息', abstract: '三亚市户籍人口和常住人口的基础信息，包括身份号码、姓名、性别、民族、出生日期和户籍地址，是人口基础库的权威来源。', layer: 'base', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['人口', '户籍', '身份'], scenarios: ['流动人口管理', '社会保障', '行政审批'], sourceSystem: '公安人口管理系统', targetDatabase: '人口基础信息库',
    items: [idCard(), person(), c('性别', 'xb', 1, { codeSet: [{ value: '1', label: '男' }, { value: '2', label: '女' }] }), c('民族', 'mz', 2), { ...date('出生日期', 'csrq', true), elementCode: 'DE0003' }, addr('户籍地址', 'hjdz', 'DE0004'), district(), c('人口状态', 'rkzt', 2, { codeSet: [{ value: '10', label: '正常' }, { value: '20', label: '迁出' }, { value: '30', label: '死亡' }] })].map((i, n) => (n === 0 ? { ...i, isKey: true } : i)) }),
  R({ unit: 10, classification: 'A01', name: '户籍人口变动信息', abstract: '出生、死亡、迁入、迁出等户籍变动登记记录。', layer: 'base', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['户籍', '迁移', '人口'], conditions: '仅用于履行社会保障、民政救助等法定职责，需签署保密协议', scenarios: ['社会保障'], sourceSystem: '公安人口管理系统', targetDatabase: '人口基础信息库',
    items: [key('变动记录编号', 'bdjlbh', 32), idCard(), person(), c('变动类型', 'bdlx', 2, { codeSet: [{ value: '01', label: '出生' }, { value: '02', label: '死亡' }, { value: '03', label: '迁入' }, { value: '04', label: '迁出' }] }), date('变动日期', 'bdrq', true), district()] }),
  R({ unit: 10, classification: 'A01', name: '流动人口居住登记信息', abstract: '在三亚市居住半年以上的流动人口居住登记和居住证办理信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['流动人口', '居住证'], conditions: '用于流动人口服务管理和社区治理', scenarios: ['流动人口管理', '公共安全'], sourceSystem: '流动人口管理系统', targetDatabase: '人口基础信息库',
    items: [key('登记编号', 'djbh', 32), idCard(), person(), addr('居住地址', 'jzdz'), district(), date('登记日期', 'djrq', true), date('居住证有效期至', 'jzzyxq'), phone()] }),
  R({ unit: 10, classification: 'C01', name: '机动车登记信息', abstract: '本市登记的机动车号牌、车辆类型、所有人及检验有效期。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['机动车', '车辆', '号牌'], conditions: '用于交通管理、税费征缴和执法核查', scenarios: ['公共安全', '市政管理'],
    items: [key('号牌号码', 'hphm', 10), c('号牌种类', 'hpzl', 2), c('车辆类型', 'cllx', 10), person('所有人', 'syr'), date('检验有效期止', 'jyyxqz')] }),
  R({ unit: 10, classification: 'C01', name: '驾驶人信息', abstract: '机动车驾驶人准驾车型、驾驶证状态和记分信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['驾驶证', '驾驶人'], conditions: '用于交通管理和执法核查', scenarios: ['公共安全'],
    items: [key('驾驶证号', 'jszh', 18), person(), c('准驾车型', 'zjcx', 10), c('驾驶证状态', 'jszzt', 2), int('累积记分', 'ljjf')] }),
  R({ unit: 10, classification: 'C01', name: '出入境证件办理信息', abstract: '护照、往来港澳台通行证的申请和签发记录。', layer: 'specialized', format: 'database', sharingType: 'none', updateCycle: 'daily', keywords: ['出入境', '护照'], secrecy: 'internal', legalBasis: '《中华人民共和国出境入境管理法》及公安部出入境证件管理规定，证件办理信息不予共享', scenarios: [],
    items: [key('受理编号', 'slbh', 32), idCard(), c('证件类型', 'zjlx', 2), date('签发日期', 'qfrq')] }),
  R({ unit: 10, classification: 'C01', name: '治安卡口视频资源', abstract: '全市治安卡口实时视频资源目录。涉密，仅登记元数据，数据不进入共享平台。', layer: 'specialized', format: 'stream', sharingType: 'none', updateCycle: 'realtime', keywords: ['视频', '卡口', '治安'], secrecy: 'secret_classified', legalBasis: '《中华人民共和国保守国家秘密法》及公安视频图像信息管理规定', methods: [] }),
  // 市市场监督管理局 (14)
  R({ unit: 14, classification: 'A02', name: '法人单位基础信息', abstract: '在三亚市登记的企业、个体工商户、农民专业合作社等市场主体的基础登记信息，是法人单位基础库的权威来源。', layer: 'base', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['法人', '企业', '市场主体'], scenarios: ['行政审批', '信用', '市场监管'], sourceSystem: '市场主体登记系统', targetDatabase: '法人单位基础信息库',
    items: [uscc(undefined, undefined, true), { ...c('市场主体名称', 'sczt_mc', 200, { required: true }), elementCode: 'DE0011' }, { ...person('法定代表人', 'fddbr'), elementCode: 'DE0012' }, money('注册资本（万元）', 'zczb'), date('成立日期', 'clrq', true), c('登记状态', 'djzt', 2, { codeSet: [{ value: '1', label: '存续' }, { value: '2', label: '注销' }, { value: '3', label: '吊销' }] }), c('住所', 'zs', 200), memo('经营范围', 'jyfw')] }),
  R({ unit: 14, classification: 'B07', name: '市场主体变更登记信息', abstract: '市场主体名称、住所、法定代表人、注册资本等变更登记记录。', layer: 'specialized', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['变更登记', '企业'], scenarios: ['行政审批'],
    items: [key('变更记录编号', 'bgjlbh', 32), uscc(), c('变更事项', 'bgsx', 50), memo('变更前内容', 'bgqnr'), memo('变更后内容', 'bghnr'), date('变更日期', 'bgrq', true)] }),
  R({ unit: 14, classification: 'B07', name: '行政处罚信息（市场监管）', abstract: '市场监管领域行政处罚决定书公开信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'weekly', keywords: ['行政处罚', '信用'], scenarios: ['信用'],
    items: [key('处罚决定书文号', 'cfjdswh', 64), uscc(), c('违法行为类型', 'wfxwlx', 100), memo('处罚内容', 'cfnr'), money('罚没金额（元）', 'fmje'), date('处罚决定日期', 'cfjdrq', true)] }),
  R({ unit: 14, classification: 'B07', name: '食品经营许可信息', abstract: '食品经营许可证的核发、变更和注销信息。', layer: 'specialized', format: 'database', sharingType: 'mandatory', updateCycle: 'weekly', keywords: ['食品', '许可证'], scenarios: ['公共卫生', '行政审批'],
    items: [key('许可证编号', 'xkzbh', 32), uscc(), c('经营场所', 'jycs', 200), c('经营项目', 'jyxm', 200), date('有效期至', 'yxqz')] }),
  R({ unit: 14, classification: 'B07', name: '特种设备登记信息', abstract: '电梯、锅炉、压力容器等特种设备使用登记和定期检验信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['特种设备', '电梯'], conditions: '用于安全生产监管和应急处置', scenarios: ['应急指挥'],
    items: [key('设备注册代码', 'sbzcdm', 20), c('设备种类', 'sbzl', 20), uscc('使用单位统一社会信用代码', 'sydw_tyshxydm'), c('安装地址', 'azdz', 200), date('下次检验日期', 'xcjyrq')] }),
  // 市自然资源和规划局 (13)
  R({ unit: 13, classification: 'A03', name: '不动产登记信息', abstract: '土地、房屋等不动产权利的登记簿信息，包括不动产单元号、权利人和坐落。', layer: 'base', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['不动产', '房产', '产权'], conditions: '用于住房保障、社会救助核对、司法查控等法定职责，需签署保密协议', scenarios: ['不动产', '社会保障'], sourceSystem: '不动产登记系统', targetDatabase: '自然资源和空间地理基础信息库',
    items: [key('不动产单元号', 'bdcdyh', 28, 'DE0020'), person('权利人', 'qlr'), idCard('权利人证件号码', 'qlrzjhm'), addr('坐落', 'zl'), num('建筑面积（平方米）', 'jzmj', 12, 2), c('规划用途', 'ghyt', 20), date('登记日期', 'djrq', true)] }),
  R({ unit: 13, classification: 'A03', name: '国土空间规划信息', abstract: '三亚市国土空间总体规划、详细规划的图件和管控要素。', layer: 'base', format: 'image', sharingType: 'mandatory', updateCycle: 'yearly', keywords: ['国土空间', '规划', 'GIS'], scenarios: ['辅助决策', '土地'], methods: ['file_download', 'online_query'], storageFormat: 'GeoTIFF / SHP' }),
  R({ unit: 13, classification: 'A03', name: '地理空间基础框架数据', abstract: '三亚市1:2000地形、道路、水系、行政区划等基础地理框架矢量数据（GIS）。', layer: 'base', format: 'self_describing', sharingType: 'mandatory', updateCycle: 'yearly', keywords: ['地理空间', 'GIS', '行政区划'], scenarios: ['应急指挥', '市政管理'], storageFormat: 'GeoJSON', methods: ['file_download', 'online_query'] }),
  R({ unit: 13, classification: 'A03', name: '土地供应信息', abstract: '国有建设用地出让、划拨的供地结果。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['土地', '供地', '出让'], scenarios: ['土地', '辅助决策'],
    items: [key('电子监管号', 'dzjgh', 32), c('项目名称', 'xmmc', 200), c('土地坐落', 'tdzl', 200), num('供地面积（公顷）', 'gdmj', 12, 4), c('供地方式', 'gdfs', 10), money('成交价款（万元）', 'cjjk'), date('签订日期', 'qdrq')] }),
  R({ unit: 13, classification: 'A03', name: '三亚市地形图', abstract: '1:500至1:10000比例尺地形图成果。', layer: 'base', format: 'image', sharingType: 'restricted', updateCycle: 'irregular', keywords: ['地形图', '测绘'], conditions: '测绘成果提供使用须经审批并签订保密责任书', scenarios: ['市政管理'], secrecy: 'internal', methods: ['file_download'] }),
  // 市人力资源和社会保障局 (12)
  R({ unit: 12, classification: 'B01', name: '社保参保信息', abstract: '养老、医疗、工伤、失业保险的参保登记和缴费状态，含个人隐私信息。', layer: 'platform', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['社保', '参保', '养老保险'], conditions: '仅用于社会救助、人才服务等法定职责，需签署共享安全保密协议', scenarios: ['社会保障'], sourceSystem: '社保经办系统', targetDatabase: '人力资源和社会保障信息库',
    items: [{ ...key('社会保障号码', 'shbzhm', 18, 'DE0030'), sensitivity: 'privacy', masking: 'id_card' }, idCard(), person(), c('参保险种', 'cbxz', 20), c('参保状态', 'cbzt', 2), money('缴费基数（元）', 'jfjs'), uscc('参保单位统一社会信用代码', 'cbdw_tyshxydm'), date('参保日期', 'cbrq')] }),
  R({ unit: 12, classification: 'B01', name: '就业登记信息', abstract: '劳动者就业、失业登记记录。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['就业', '失业'], conditions: '用于就业补贴核查和社会救助', scenarios: ['社会保障'],
    items: [key('登记编号', 'djbh', 32), idCard(), person(), c('就业状态', 'jyzt', 2), uscc('用工单位统一社会信用代码', 'ygdw_tyshxydm'), date('登记日期', 'djrq')] }),
  R({ unit: 12, classification: 'B01', name: '职业资格证书信息', abstract: '职业资格和职业技能等级证书核发信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['职业资格', '证书'], scenarios: ['行政审批'],
    items: [key('证书编号', 'zsbh', 32), person('持证人姓名', 'czrxm'), c('职业名称', 'zymc', 100), c('等级', 'dj', 10), date('发证日期', 'fzrq')] }),
  R({ unit: 12, classification: 'B01', name: '人才引进信息', abstract: '引进人才认定和人才补贴发放信息。', layer: 'specialized', format: 'spreadsheet', sharingType: 'restricted', updateCycle: 'quarterly', keywords: ['人才', '补贴'], conditions: '用于人才住房、子女入学等配套服务', scenarios: ['社会保障'],
    items: [key('认定编号', 'rdbh', 32), person(), c('人才类别', 'rclb', 20), money('补贴金额（元）', 'btje'), date('认定日期', 'rdrq')] }),
  // 市民政局 (11)
  R({ unit: 11, classification: 'B08', name: '最低生活保障对象信息', abstract: '城乡最低生活保障对象及家庭成员、保障金额。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['低保', '社会救助'], conditions: '用于社会救助核对和帮扶，需签署保密协议', scenarios: ['社会保障'], sourceSystem: '社会救助信息系统',
    items: [key('保障对象编号', 'bzdxbh', 32), idCard(), person(), district(), int('家庭人口', 'jtrk'), money('月保障金额（元）', 'ybzje'), date('纳入日期', 'nrrq')] }),
  R({ unit: 11, classification: 'B08', name: '婚姻登记信息', abstract: '结婚、离婚登记和补领婚姻登记证信息。', layer: 'platform', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['婚姻', '登记'], conditions: '用于不动产登记、公积金提取等需核验婚姻状况的事项', scenarios: ['行政审批', '不动产'],
    items: [key('登记证字号', 'djzzh', 32), idCard('男方公民身份号码', 'nf_sfzhm'), idCard('女方公民身份号码', 'vf_sfzhm'), c('登记类型', 'djlx', 2), date('登记日期', 'djrq', true)] }),
  R({ unit: 11, classification: 'A02', name: '社会组织登记信息', abstract: '社会团体、民办非企业单位、基金会登记信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['社会组织', '法人'], scenarios: ['信用'],
    items: [uscc(undefined, undefined, true), c('社会组织名称', 'shzzmc', 200), c('组织类型', 'zzlx', 20), person('法定代表人', 'fddbr'), date('成立登记日期', 'cldjrq')] }),
  R({ unit: 11, classification: 'B08', name: '养老机构信息', abstract: '全市养老机构备案、床位和服务能力信息。', layer: 'specialized', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'quarterly', keywords: ['养老', '床位'], scenarios: ['社会保障'],
    items: [key('机构编号', 'jgbh', 32), c('机构名称', 'jgmc', 200), district(), int('床位数', 'cws'), c('地址', 'jgdz', 200)] }),
  R({ unit: 11, classification: 'A03', name: '三亚市地名信息', abstract: '三亚市行政区域、居民点、道路街巷等标准地名。', layer: 'base', format: 'database', sharingType: 'mandatory', updateCycle: 'irregular', keywords: ['地名', '三亚', '道路'], scenarios: ['市政管理', '应急指挥'],
    items: [key('地名代码', 'dmdm', 20), c('标准名称', 'bzmc', 100), c('地名类别', 'dmlb', 20), district(), num('经度', 'jd', 10, 6), num('纬度', 'wd', 10, 6)] }),
  // 市卫生健康委员会 (15)
  R({ unit: 15, classification: 'B02', name: '医疗机构执业信息', abstract: '医疗机构执业登记、诊疗科目和床位。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['医疗机构', '医院'], scenarios: ['公共卫生', '应急指挥'],
    items: [key('登记号', 'djh', 32, 'DE0040'), c('机构名称', 'jgmc', 200), c('机构类别', 'jglb', 20), district(), int('核定床位', 'hdcw'), date('有效期至', 'yxqz')] }),
  R({ unit: 15, classification: 'B02', name: '出生医学证明信息', abstract: '新生儿出生医学证明签发信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['出生', '新生儿'], conditions: '用于户籍登记和社会保障参保', scenarios: ['社会保障'],
    items: [key('出生医学证明编号', 'csyxzmbh', 20), person('新生儿姓名', 'xsexm'), time('出生时间', 'cssj'), idCard('母亲公民身份号码', 'mq_sfzhm'), c('出生医院', 'csyy', 200)] }),
  R({ unit: 15, classification: 'B02', name: '预防接种信息', abstract: '儿童预防接种记录，属个人健康隐私。', layer: 'specialized', format: 'database', sharingType: 'none', updateCycle: 'daily', keywords: ['疫苗', '接种'], legalBasis: '《中华人民共和国疫苗管理法》第四十九条及《中华人民共和国个人信息保护法》关于敏感个人信息的规定', scenarios: [],
    items: [key('接种记录编号', 'jzjlbh', 32), idCard(), c('疫苗名称', 'ymmc', 100), date('接种日期', 'jzrq')] }),
  R({ unit: 15, classification: 'B02', name: '执业医师信息', abstract: '医师执业注册信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['医师', '执业'], scenarios: ['公共卫生'],
    items: [key('医师执业证书编码', 'yszyzsbm', 32), person(), c('执业类别', 'zylb', 20), c('执业机构', 'zyjg', 200)] }),
  R({ unit: 15, classification: 'B02', name: '传染病疫情统计', abstract: '法定传染病按周统计的发病数。', layer: 'platform', format: 'spreadsheet', sharingType: 'restricted', updateCycle: 'weekly', keywords: ['传染病', '疫情'], conditions: '用于疫情防控和应急处置', scenarios: ['公共卫生', '应急指挥'],
    items: [key('统计编号', 'tjbh', 20), c('病种', 'bz', 50), district(), int('发病数', 'fbs'), date('统计周期起', 'tjzqq')] }),
  // 市发展和改革委员会 (16)
  R({ unit: 16, classification: 'A04', name: '社会信用信息', abstract: '法人和自然人的公共信用信息归集结果和信用评价。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['信用', '公共信用'], scenarios: ['信用', '行政审批'], sourceSystem: '公共信用信息系统', targetDatabase: '社会信用信息库',
    items: [uscc(undefined, undefined, true), c('主体名称', 'ztmc', 200), c('信用评价等级', 'xypjdj', 10), int('守信记录数', 'sxjls'), int('失信记录数', 'sxjls2'), date('评价日期', 'pjrq')] }),
  R({ unit: 16, classification: 'A04', name: '失信联合惩戒对象名单', abstract: '纳入失信联合惩戒的主体名单及惩戒措施。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['失信', '惩戒', '信用'], scenarios: ['信用', '行政审批'],
    items: [key('名单编号', 'mdbh', 32), uscc(), c('列入原因', 'lryy', 200), date('列入日期', 'lrrq', true), date('移出日期', 'ycrq')] }),
  R({ unit: 16, classification: 'C02', name: '重点项目信息', abstract: '市级重点项目的投资计划和建设进度。', layer: 'specialized', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['重点项目', '投资'], scenarios: ['辅助决策'],
    items: [key('项目代码', 'xmdm', 24), c('项目名称', 'xmmc', 200), money('总投资（万元）', 'ztz'), num('完成进度（%）', 'wcjd', 5, 2), district()] }),
  R({ unit: 16, classification: 'C02', name: '价格监测信息', abstract: '主要农副产品和旅游服务价格监测数据。', layer: 'platform', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'weekly', keywords: ['价格', '物价'], scenarios: ['辅助决策'],
    items: [key('监测记录编号', 'jcjlbh', 32), c('品名', 'pm', 50), money('价格（元）', 'jg'), date('监测日期', 'jcrq')] }),
  // 市旅游和文化广电体育局 (17)
  R({ unit: 17, classification: 'B03', name: '旅游接待统计', abstract: '全市过夜游客接待人次、旅游总收入的月度统计。', layer: 'platform', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['旅游', '游客', '统计'], scenarios: ['辅助决策'],
    items: [key('统计月份', 'tjyf', 7), int('接待过夜游客（人次）', 'jdgyyk'), int('入境游客（人次）', 'rjyk'), money('旅游总收入（万元）', 'lyzsr')] }),
  R({ unit: 17, classification: 'B03', name: 'A级景区信息', abstract: '三亚市A级旅游景区名录、等级和最大承载量。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'quarterly', keywords: ['景区', '旅游', 'A级'], scenarios: ['应急指挥', '辅助决策'],
    items: [key('景区编号', 'jqbh', 20), c('景区名称', 'jqmc', 100), c('质量等级', 'zldj', 5, { elementCode: 'DE0050' }), district(), int('最大承载量（人次）', 'zdczl')] }),
  R({ unit: 17, classification: 'B03', name: '旅行社信息', abstract: '旅行社经营许可和质量保证金信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['旅行社', '旅游'], scenarios: ['行政审批'],
    items: [key('许可证号', 'xkzh', 32), uscc(), c('旅行社名称', 'lxsmc', 200), bool('是否经营出境游', 'sfjycjy')] }),
  R({ unit: 17, classification: 'B03', name: '星级饭店信息', abstract: '星级饭店评定结果和客房数。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'quarterly', keywords: ['饭店', '酒店', '旅游'], scenarios: ['应急指挥'],
    items: [key('饭店编号', 'fdbh', 20), uscc(), c('饭店名称', 'fdmc', 200), int('星级', 'xj'), int('客房数', 'kfs')] }),
  R({ unit: 17, classification: 'B03', name: '文化遗产影像资料', abstract: '非物质文化遗产和文物保护单位的影像资料。', layer: 'specialized', format: 'image', sharingType: 'restricted', updateCycle: 'irregular', keywords: ['文化遗产', '影像', '黎族'], conditions: '用于文化宣传和保护研究', scenarios: ['辅助决策'], methods: ['file_download'] }),
  // 市综合行政执法局 (18)
  R({ unit: 18, classification: 'B04', name: '城市管理案件信息', abstract: '城市管理领域案件的受理、派遣、处置和结案信息。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['城市管理', '案件', '执法'], scenarios: ['市政管理'], sourceSystem: '城市管理案件系统', targetDatabase: '城市管理信息库',
    items: [key('案件编号', 'ajbh', 32), c('案件类别', 'ajlb', 50), addr('发生地点', 'fsdd'), district(), time('受理时间', 'slsj'), c('处置状态', 'czzt', 10), time('结案时间', 'jasj')] }),
  R({ unit: 18, classification: 'B04', name: '违法建筑查处信息', abstract: '违法建筑的发现、认定和拆除信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'weekly', keywords: ['违法建筑', '查处'], conditions: '用于不动产登记和规划管理', scenarios: ['不动产', '市政管理'],
    items: [key('查处编号', 'ccbh', 32), addr('建筑坐落', 'jzzl'), num('面积（平方米）', 'mj'), c('处置结果', 'czjg', 50), date('处置日期', 'czrq')] }),
  R({ unit: 18, classification: 'B04', name: '城市管理视频监控', abstract: '市容环境重点区域视频监控接入。', layer: 'specialized', format: 'stream', sharingType: 'restricted', updateCycle: 'realtime', keywords: ['视频', '监控', '城市管理'], conditions: '仅用于城市管理和应急指挥', scenarios: ['应急指挥', '市政管理'], methods: ['online_query'] }),
  // 市住房和城乡建设局 (19)
  R({ unit: 19, classification: 'B05', name: '商品房网签备案信息', abstract: '商品房买卖合同网签备案信息。', layer: 'platform', format: 'database', sharingType: 'restricted', updateCycle: 'daily', keywords: ['网签', '商品房', '房产'], conditions: '用于不动产登记、公积金和税务核查', scenarios: ['不动产'],
    items: [key('合同备案号', 'htbah', 32), c('项目名称', 'xmmc', 200), idCard('买受人证件号码', 'msrzjhm'), person('买受人', 'msr'), money('合同金额（元）', 'htje'), date('备案日期', 'barq')] }),
  R({ unit: 19, classification: 'B05', name: '建筑业企业资质信息', abstract: '建筑业企业资质等级和有效期。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['资质', '建筑业'], scenarios: ['行政审批'],
    items: [key('资质证书编号', 'zzzsbh', 32), uscc(), c('资质类别及等级', 'zzlbjdj', 200), date('有效期至', 'yxqz')] }),
  R({ unit: 19, classification: 'B05', name: '保障性住房信息', abstract: '公共租赁住房、安居房的申请、分配和入住信息。', layer: 'specialized', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['保障性住房', '安居房'], conditions: '用于住房保障资格核查', scenarios: ['社会保障', '不动产'],
    items: [key('申请编号', 'sqbh', 32), idCard('申请人公民身份号码', 'sqr_sfzhm'), person('申请人', 'sqr'), c('房源类型', 'fylx', 20), c('分配状态', 'fpzt', 10)] }),
  // 市应急管理局 (20)
  R({ unit: 20, classification: 'B06', name: '应急避难场所信息', abstract: '全市应急避难场所位置、面积和容纳人数。', layer: 'platform', format: 'database', sharingType: 'mandatory', updateCycle: 'quarterly', keywords: ['应急', '避难场所', '台风'], scenarios: ['应急指挥'],
    items: [key('场所编号', 'csbh', 20), c('场所名称', 'csmc', 100), district(), int('容纳人数', 'rnrs'), num('经度', 'jd', 10, 6), num('纬度', 'wd', 10, 6)] }),
  R({ unit: 20, classification: 'B06', name: '危险化学品企业信息', abstract: '危险化学品生产、经营、储存企业和重大危险源。', layer: 'platform', format: 'database', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['危险化学品', '安全生产'], conditions: '用于安全监管和应急救援', scenarios: ['应急指挥'],
    items: [uscc(undefined, undefined, true), c('企业名称', 'qymc', 200), c('危险源等级', 'wxydj', 10), addr('企业地址', 'qydz')] }),
  R({ unit: 20, classification: 'B06', name: '应急物资储备信息', abstract: '市、区两级应急物资储备库的物资品类和数量。', layer: 'specialized', format: 'spreadsheet', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['应急物资', '储备'], conditions: '用于应急指挥和物资调度', scenarios: ['应急指挥'],
    items: [key('物资记录编号', 'wzjlbh', 32), c('储备库', 'cbk', 100), c('物资名称', 'wzmc', 100), int('数量', 'sl'), c('计量单位', 'jldw', 10)] }),
  R({ unit: 20, classification: 'B06', name: '突发事件接报服务接口', abstract: '突发事件信息接报和续报的实时服务接口。', layer: 'platform', format: 'service', sharingType: 'restricted', updateCycle: 'realtime', keywords: ['突发事件', '接报', '应急'], conditions: '仅向应急联动成员单位开放', scenarios: ['应急指挥'], methods: ['online_query', 'subscription'], scope: [10, 15, 18, 30, 31, 32, 33, 34] }),
  // Districts (node databases)
  R({ unit: 30, classification: 'C03', name: '海棠区网格化管理信息', abstract: '海棠区社会治理网格划分、网格员和网格事件。', layer: 'node', format: 'database', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['网格', '海棠', '社会治理'], scenarios: ['市政管理'], targetDatabase: '城市管理信息库',
    items: [key('网格编码', 'wgbm', 20), c('网格名称', 'wgmc', 100), person('网格员', 'wgy'), phone('网格员电话', 'wgydh'), int('网格户数', 'wghs')] }),
  R({ unit: 31, classification: 'C03', name: '吉阳区社区人口信息', abstract: '吉阳区各社区实有人口采集信息。', layer: 'node', format: 'database', sharingType: 'restricted', updateCycle: 'weekly', keywords: ['社区', '人口', '吉阳'], conditions: '用于社区治理和民生服务', scenarios: ['流动人口管理'], sourceSystem: '吉阳区社区管理系统', targetDatabase: '人口基础信息库',
    items: [key('采集编号', 'cjbh', 32), idCard(), person(), c('所属社区', 'sssq', 100), addr('实际居住地址', 'sjjzdz'), phone()] }),
  R({ unit: 32, classification: 'C03', name: '天涯区民宿登记信息', abstract: '天涯区乡村民宿登记、床位和安全检查信息。', layer: 'node', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['民宿', '天涯', '旅游'], scenarios: ['市场监管'],
    items: [key('民宿编号', 'msbh', 20), c('民宿名称', 'msmc', 100), c('所在村（社区）', 'szc', 100), int('床位数', 'cws'), date('最近检查日期', 'zjjcrq')] }),
  R({ unit: 33, classification: 'C03', name: '崖州区渔船管理信息', abstract: '崖州中心渔港渔船登记、船籍港和作业类型。', layer: 'node', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['渔船', '崖州', '渔港'], scenarios: ['应急指挥'],
    items: [key('渔船编码', 'ycbm', 20), c('船名', 'cm', 50), person('船东', 'cd'), num('总吨位', 'zdw', 10, 2), c('作业类型', 'zylx', 20)] }),
  R({ unit: 34, classification: 'C03', name: '育才生态区传统村落信息', abstract: '育才生态区黎族传统村落保护名录和人居环境整治情况。', layer: 'node', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'yearly', keywords: ['传统村落', '育才', '黎族'], scenarios: ['辅助决策'],
    items: [key('村落编号', 'clbh', 20), c('村落名称', 'clmc', 100), int('户数', 'hs'), c('保护级别', 'bhjb', 20)] }),
  R({ unit: 40, classification: 'C03', name: '吉阳区低保救助台账', abstract: '吉阳区民政局低保救助对象月度台账。', layer: 'node', format: 'spreadsheet', sharingType: 'restricted', updateCycle: 'monthly', keywords: ['低保', '台账', '吉阳'], conditions: '用于市级社会救助核对', scenarios: ['社会保障'], scope: [11, 12],
    items: [key('台账编号', 'tzbh', 32), idCard(), person(), money('救助金额（元）', 'jzje'), c('发放月份', 'ffyf', 7)] }),
  R({ unit: 41, classification: 'C03', name: '天涯区基层医疗服务信息', abstract: '天涯区社区卫生服务中心门诊量和家庭医生签约数。', layer: 'node', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['基层医疗', '家庭医生', '天涯'], scenarios: ['公共卫生'],
    items: [key('统计编号', 'tjbh', 20), c('机构名称', 'jgmc', 100), int('门诊人次', 'mzrc'), int('家庭医生签约人数', 'jtysqyrs')] }),
  R({ unit: 42, classification: 'C03', name: '崖州区占道经营案件信息', abstract: '崖州区占道经营案件的发现和处置。', layer: 'node', format: 'database', sharingType: 'mandatory', updateCycle: 'weekly', keywords: ['占道经营', '崖州', '执法'], scenarios: ['市政管理'], targetDatabase: '城市管理信息库',
    items: [key('案件编号', 'ajbh', 32), addr('发生地点', 'fsdd'), time('发现时间', 'fxsj'), c('处置结果', 'czjg', 50)] }),
  R({ unit: 50, classification: 'C03', name: '崖州湾科技城入驻企业信息', abstract: '崖州湾科技城入驻企业、研发机构和人才情况。', layer: 'node', format: 'database', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['科技城', '崖州湾', '企业'], scenarios: ['辅助决策'],
    items: [uscc(undefined, undefined, true), { ...c('企业名称', 'qymc', 200), elementCode: 'DE0011' }, c('产业领域', 'cyly', 50), int('研发人员数', 'yfrys'), date('入驻日期', 'rzrq')] }),
  // 市档案局 (6) and 市信息中心 (2)
  R({ unit: 6, classification: 'C04', name: '电子档案目录信息', abstract: '机关单位移交进馆的电子档案目录。', layer: 'specialized', format: 'file', sharingType: 'restricted', updateCycle: 'irregular', keywords: ['档案', '电子档案'], conditions: '按档案利用规定审批后查阅', scenarios: ['辅助决策'], methods: ['file_download'] }),
  R({ unit: 2, classification: 'C04', name: '共享平台运行统计', abstract: '政务信息资源共享平台的资源、调用和订阅月度统计。', layer: 'platform', format: 'spreadsheet', sharingType: 'mandatory', updateCycle: 'monthly', keywords: ['平台运行', '统计'], scenarios: ['辅助决策'],
    items: [key('统计月份', 'tjyf', 7), int('资源数', 'zys'), int('调用次数', 'dycs'), int('订阅数', 'dys')] }),
  R({ unit: 2, classification: 'C04', name: '电子证照目录服务', abstract: '全市电子证照目录和证照核验服务接口。', layer: 'platform', format: 'service', sharingType: 'mandatory', updateCycle: 'daily', keywords: ['电子证照', '核验'], scenarios: ['行政审批'], methods: ['online_query'] }),
];
