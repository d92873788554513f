import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Select, Segmented, Space, Switch, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { useMe, hasAnyRole } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { DueTag } from './DueTag';
import { OaHookCard } from './OaHookCard';
import { kindLabel, localTitle, noticeText, roleLabel, stepLabel } from './labels';
import { ITEM_KINDS, workflowApi, type InboxEntry, type Notification } from './workflowApi';

const KIND_COLORS: Record<string, string> = { demand: 'blue', application: 'geekblue', grant: 'green', agreement: 'purple', objection: 'orange' };
const PAGE = 20;

/** 我的待办: what awaits the signed-in user (their roles, in their unit or city-wide), and their notifications. */
export default function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [unread, setUnread] = useState(0);
  return (
    <div className="gs-page">
      <PageHeader title={t('workflow.inbox.title')} description={t('workflow.inbox.description')} />
      <Tabs
        defaultActiveKey="tasks"
        items={[
          { key: 'tasks', label: t('workflow.inbox.tabTasks'), children: <TasksTab /> },
          {
            key: 'notifications',
            label: (
              <Badge count={unread} size="small" offset={[8, -2]}>
                <span data-testid="tab-notifications">{t('workflow.inbox.tabNotifications')}</span>
              </Badge>
            ),
            children: <NotificationsTab onUnread={setUnread} />,
            forceRender: true,
          },
          ...(hasAnyRole(me, ['unit_steward']) && me.kind === 'user' ? [{ key: 'oa', label: t('workflow.oa.title'), children: <OaHookCard /> }] : []),
        ]}
      />
    </div>
  );
}

function TasksTab() {
  // The language too: titles switch with it (useTranslation re-renders on a switch).
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<'open' | 'done' | 'all'>('open');
  const [itemKind, setItemKind] = useState<string | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: InboxEntry[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await workflowApi.inbox({ state, itemKind, overdueOnly: overdueOnly || undefined, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setData({ items: [], total: 0 });
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [state, itemKind, overdueOnly, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<InboxEntry>['columns'] = [
    { title: t('workflow.inbox.kind'), dataIndex: 'itemKind', width: 110, render: (k: string) => <Tag color={KIND_COLORS[k]}>{kindLabel(k)}</Tag> },
    {
      title: t('workflow.inbox.itemTitle'),
      dataIndex: 'title',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={r.link} data-testid="inbox-item-title">
            {localTitle(r, i18n.language)}
          </Link>
          <Typography.Text type="secondary" className="gs-small">
            {roleLabel(r.assignee.role)}
            {r.assignee.unitName ? ` · ${r.assignee.unitName}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('workflow.inbox.step'), dataIndex: 'step', width: 120, render: (s: string, r) => stepLabel(r.itemKind, s) },
    { title: t('workflow.inbox.dueAt'), dataIndex: 'dueAt', width: 170, render: (v: string | null) => (v ? <Time value={v} /> : '—') },
    {
      title: t('workflow.inbox.countdown'),
      key: 'countdown',
      width: 170,
      render: (_, r) =>
        r.state === 'open' ? (
          <DueTag dueAt={r.dueAt} overdue={r.overdue} remainingWorkingDays={r.remainingWorkingDays} />
        ) : (
          <Tag color={r.state === 'done' ? 'success' : 'default'}>{t(`workflow.task.state.${r.state}`)}</Tag>
        ),
    },
    { title: t('workflow.inbox.openedAt'), dataIndex: 'openedAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('workflow.common.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => <Link to={r.link}>{t('workflow.inbox.open')}</Link>,
    },
  ];

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<'open' | 'done' | 'all'>
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('workflow.inbox.stateOpen') },
            { value: 'done', label: t('workflow.inbox.stateDone') },
            { value: 'all', label: t('workflow.inbox.stateAll') },
          ]}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('workflow.inbox.allKinds')}
          value={itemKind}
          onChange={(v?: string) => {
            setItemKind(v);
            setPage(1);
          }}
          options={ITEM_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
        <Space>
          <Switch
            size="small"
            checked={overdueOnly}
            onChange={(v) => {
              setOverdueOnly(v);
              setPage(1);
            }}
          />
          {t('workflow.inbox.overdueOnly')}
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('workflow.common.reload')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<InboxEntry>
        rowKey="id"
        size="middle"
        data-testid="inbox-table"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('workflow.inbox.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
      />
    </Card>
  );
}

function NotificationsTab({ onUnread }: { onUnread: (n: number) => void }) {
  // noticeText reads the current language; useTranslation re-renders the tab when it changes.
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Notification[]; total: number; unread: number }>({ items: [], total: 0, unread: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const r = await workflowApi.notifications({ unreadOnly: unreadOnly || undefined, limit: PAGE, offset: (page - 1) * PAGE });
      setData(r);
      onUnread(r.unread);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [unreadOnly, page, onUnread]);

  useEffect(() => {
    void load();
  }, [load]);

  const mark = async (ids?: string[]) => {
    try {
      const r = await workflowApi.markRead(ids);
      if (!ids) void message.success(t('workflow.inbox.marked', { count: r.marked }));
      await load();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const columns: TableProps<Notification>['columns'] = [
    { title: t('workflow.inbox.noticeTime'), dataIndex: 'createdAt', width: 170, render: (v: string) => <Time value={v} /> },
    { title: t('workflow.inbox.kind'), dataIndex: 'itemKind', width: 110, render: (k: string) => <Tag color={KIND_COLORS[k]}>{kindLabel(k)}</Tag> },
    {
      title: t('workflow.inbox.noticeText'),
      key: 'text',
      render: (_, n) => (
        <Link to={n.link} onClick={() => !n.read && void mark([n.id])}>
          {n.read ? noticeText(n.kind, n.params, n.itemKind) : <strong>{noticeText(n.kind, n.params, n.itemKind)}</strong>}
        </Link>
      ),
    },
    {
      title: t('workflow.inbox.state'),
      dataIndex: 'read',
      width: 150,
      render: (read: boolean, n) =>
        read ? (
          <Tag>{t('workflow.inbox.read')}</Tag>
        ) : (
          <Space size={4}>
            <Tag color="blue">{t('workflow.inbox.unread')}</Tag>
            <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => void mark([n.id])} aria-label={t('workflow.inbox.markRead')} />
          </Space>
        ),
    },
  ];

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Space>
          <Switch
            size="small"
            checked={unreadOnly}
            onChange={(v) => {
              setUnreadOnly(v);
              setPage(1);
            }}
          />
          {t('workflow.inbox.unreadOnly')}
        </Space>
        <Button icon={<CheckOutlined />} disabled={data.unread === 0} onClick={() => void mark()} data-testid="mark-all-read">
          {t('workflow.inbox.markAllRead')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('workflow.common.reload')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<Notification>
        rowKey="id"
        size="middle"
        data-testid="notifications-table"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        locale={{ emptyText: t('workflow.inbox.noticesEmpty') }}
        pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
      />
    </Card>
  );
}
