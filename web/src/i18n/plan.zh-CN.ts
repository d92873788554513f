/** Portal text of plan (issue 6, zh-CN). plan.en.ts must have the same keys. */
export const planZhCN = {
  menu: {
    group: '年度计划',
  },
};
