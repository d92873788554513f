/** Portal text of compliance (issue 6, zh-CN). compliance.en.ts must have the same keys. */
export const complianceZhCN = {
  menu: {
    group: '合规监测',
  },
};
