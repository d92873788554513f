/** Portal text of integrity (issue 6, zh-CN). integrity.en.ts must have the same keys. */
export const integrityZhCN = {
  menu: {
    group: '数据完整性',
    page: '数据完整性',
  },
  home: {
    page: '审计日志、共享数据集与数据库结构是否被绕过平台直接改动（第三十一条第七项）',
  },
  page: {
    title: '数据完整性校验',
    description: '发现未经授权删除、修改平台应用或共享数据库的行为（第三十一条第七项）：后台定时增量巡检，也可立即全面校验；发现的问题自动登记为违规线索。',
  },
  status: {
    ok: '正常',
    broken: '发现问题',
    never: '尚未运行',
  },
  summary: {
    ok: '各项校验均正常',
    broken: '发现疑似绕过平台被直接改动的数据（第三十一条第七项），请核查下方证据',
    incomplete: '部分校验尚未运行，可点击“立即全面校验”',
    note: '增量巡检只校验新增内容和轮转抽查的一部分历史记录；全面校验逐条核对全部审计事件和数据行。问题在全面校验确认消除前持续显示。',
  },
  verify: {
    button: '立即全面校验',
    clean: '全面校验完成：未发现问题',
    found: '全面校验完成：发现问题，请查看下方证据',
  },
  mode: {
    sweep: '增量巡检',
    full: '全面校验',
  },
  field: {
    lastRunAt: '最近运行',
    mode: '方式',
    lastFullAt: '最近全面校验',
    scope: '校验范围',
    duration: '耗时',
    ms: '{{ms}} 毫秒',
    article: '依据',
  },
  scope: {
    audit: '{{events}} 条审计事件，{{chains}} 条链',
    dataset: '{{datasets}} 个数据集，核对 {{rows}} 行，新封印 {{sealed}} 行',
    schema: '{{objects}} 个结构对象，{{tables}} 张数据集表',
  },
  finding: {
    title: '发现的问题',
    evidence: '证据',
    observedAt: '发现时间',
    none: '未发现问题',
    openDataset: '查看数据集',
  },
  evidence: {
    chain: '日志链',
    firstBadSeq: '首个异常序号',
    detail: '说明',
    table: '数据表',
    count: '涉及行数',
    keys: '记录键（部分）',
    seqs: '变更序号',
    hashes: '封印哈希 → 实际哈希',
    object: '结构对象',
    expectedFound: '应为 → 实际',
  },
};
