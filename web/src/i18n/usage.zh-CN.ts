/** Portal text of usage (issue 6, zh-CN). usage.en.ts must have the same keys. */
export const usageZhCN = {
  menu: {
    group: '使用情况',
  },
};
