/** Portal text of complaint (issue 6, zh-CN). complaint.en.ts must have the same keys. */
export const complaintZhCN = {
  menu: {
    group: '投诉',
  },
};
