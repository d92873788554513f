/** Portal text of dashboard (issue 6, zh-CN). dashboard.en.ts must have the same keys. */
export const dashboardZhCN = {
  menu: {
    group: '监督看板',
  },
};
