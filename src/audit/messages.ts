import { defineMessages, registerMessages } from '../core/i18n.js';

/** The audit module's user-facing messages (zh-CN default, en). */
export const auditMessages = defineMessages({
  'audit.forbidden': { zh: '无权访问审计日志：仅平台管理员、监察人员和审计员可以查看、校验和导出', en: 'You may not access the audit log: only platform administrators, supervisors and auditors may read, verify and export it' },
  'audit.event_not_found': { zh: '审计事件不存在：{chain} #{seq}', en: 'No such audit event: {chain} #{seq}' },
  'audit.bad_cursor': { zh: '分页游标无效，请从第一页重新查询', en: 'The page cursor is not valid; start again from the first page' },
  'audit.bad_time': { zh: '时间格式无效：{field}={value}（应为 ISO-8601，如 2026-11-25T08:00:00+08:00）', en: 'Invalid time {field}={value} (expected ISO-8601, e.g. 2026-11-25T08:00:00+08:00)' },
});
registerMessages(auditMessages);
