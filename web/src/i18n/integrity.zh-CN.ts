/** Portal text of integrity (issue 6, zh-CN). integrity.en.ts must have the same keys. */
export const integrityZhCN = {
  menu: {
    group: '数据完整性',
  },
};
