import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Subscription and webhook messages (zh-CN default, en). */
export const subscriptionMessages = defineMessages({
  'exchange.subscription.url_not_allowed': {
    zh: '不允许的接收地址：须为 https 地址（http 仅限平台允许的主机：{hosts}），且地址中不能包含用户名或密码',
    en: 'Webhook URL not allowed: use https (plain http only for the hosts the platform allows: {hosts}) and no user name or password in the URL',
  },
  'exchange.subscription.purpose_required': { zh: '请说明使用目的（1 至 500 个字符）', en: 'State the purpose of use (1 to 500 characters)' },
  'exchange.subscription.not_tabular': { zh: '该资源不是表格型数据，无法订阅变更', en: 'This resource is not tabular data: its changes cannot be subscribed to' },
  'exchange.subscription.no_unit': { zh: '调用方不属于任何单位，不能创建订阅', en: 'The caller belongs to no unit and cannot subscribe' },
  'exchange.subscription.scope_required': {
    zh: '应用系统令牌需要 subscribe 权限范围才能管理订阅',
    en: 'An application system token needs the subscribe scope to manage subscriptions',
  },
  'exchange.subscription.forbidden': { zh: '无权执行此订阅操作', en: 'You are not allowed to do this with the subscription' },
  'exchange.subscription.stopped': { zh: '订阅已停止，不能再修改或恢复', en: 'The subscription is stopped and can no longer be changed or resumed' },
  'exchange.subscription.dead_letter': {
    zh: '订阅处于死信状态：请修正接收端后使用“重放”恢复投递',
    en: 'The subscription is dead-lettered: fix the receiver, then replay to resume delivery',
  },
  'exchange.subscription.not_dead_letter': { zh: '只有处于死信状态的订阅可以重放', en: 'Only a dead-lettered subscription can be replayed' },
  'exchange.subscription.changed': { zh: '订阅刚被其他操作修改，请刷新后重试', en: 'The subscription was just changed by someone else; reload and try again' },
  'exchange.subscription.invalid_state': { zh: '订阅状态只能改为 active（启用）或 paused（暂停）', en: 'A subscription can only be set to active or paused' },
});
registerMessages(subscriptionMessages);

export type SubscriptionMessageKey = keyof typeof subscriptionMessages;
