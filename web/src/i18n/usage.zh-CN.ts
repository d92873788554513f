/** Portal text of usage (issue 6, zh-CN). usage.en.ts must have the same keys. */
export const usageZhCN = {
  menu: {
    group: '使用情况',
    page: '使用情况',
  },
  home: { page: '数据调用次数、提供记录数的月度趋势与排行' },
  page: {
    title: '使用情况',
    description: '由审计日志中的数据访问事件按日汇总（后台定时更新）。',
    ownScope: '仅显示本单位作为使用方或提供方的数据访问。',
    year: '年度',
    trend: '月度趋势',
    calls: '调用次数',
    rows: '提供记录数',
    refused: '被拒绝',
    topResources: '资源排行',
    topConsumers: '使用单位排行',
    topProviders: '提供单位排行',
    topKinds: '访问方式',
    resource: '资源',
    unit: '单位',
    kind: '方式',
    none: '（无）',
    total: '合计',
  },
  kind: { query: '查询', lookup: '按键查询', changes: '增量获取', download: '文件下载', delivery: '订阅推送', export: '归档导出' },
};
