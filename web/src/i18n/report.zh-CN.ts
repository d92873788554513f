/** Portal text of report (issue 6, zh-CN). report.en.ts must have the same keys. */
export const reportZhCN = {
  menu: {
    group: '年度报告',
  },
};
