/** Portal text of violation (issue 6, zh-CN). violation.en.ts must have the same keys. */
export const violationZhCN = {
  menu: {
    group: '监督管理',
  },
};
