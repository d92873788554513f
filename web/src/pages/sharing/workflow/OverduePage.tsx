import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Select, Space, Table, Tag, type TableProps } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { kindLabel, localTitle, roleLabel, stepLabel } from './labels';
import { ITEM_KINDS, workflowApi, type OverdueRecord } from './workflowApi';

/** 超期事项: steps past their working-day deadline, the supervision module's violation candidates. */
export default function OverduePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canSweep = me.kind === 'user' && hasAnyRole(me, ['authority_reviewer', 'platform_admin']);
  const [itemKind, setItemKind] = useState<string | undefined>();
  const [items, setItems] = useState<OverdueRecord[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await workflowApi.overdue({ itemKind })).items);
    } catch (e) {
      setItems([]);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [itemKind]);

  useEffect(() => {
    void load();
  }, [load]);

  const sweep = async () => {
    try {
      const r = await workflowApi.sweep();
      void message.success(t('workflow.overdue.swept', { count: r.newlyOverdue }));
      await load();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const columns: TableProps<OverdueRecord>['columns'] = [
    { title: t('workflow.inbox.kind'), dataIndex: 'itemKind', width: 110, render: (k: string) => <Tag>{kindLabel(k)}</Tag> },
    { title: t('workflow.inbox.itemTitle'), dataIndex: 'title', render: (_, r) => <Link to={r.link}>{localTitle(r, i18n.language) || r.itemId}</Link> },
    { title: t('workflow.inbox.step'), dataIndex: 'step', width: 110, render: (s: string, r) => stepLabel(r.itemKind, s) },
    {
      title: t('workflow.task.assignee'),
      key: 'assignee',
      width: 240,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag>{roleLabel(r.assignee.role)}</Tag>
          {r.assignee.unitName}
        </Space>
      ),
    },
    { title: t('workflow.inbox.dueAt'), dataIndex: 'dueAt', width: 170, render: (v: string) => <Time value={v} /> },
    { title: t('workflow.overdue.overdueAt'), dataIndex: 'overdueAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('workflow.overdue.title')}
        description={t('workflow.overdue.description')}
        extra={
          <>
            {canSweep && (
              <Button icon={<ThunderboltOutlined />} onClick={() => void sweep()} data-testid="run-sweep">
                {t('workflow.overdue.sweep')}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('workflow.common.reload')}
            </Button>
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Select allowClear style={{ width: 160 }} placeholder={t('workflow.inbox.allKinds')} value={itemKind} onChange={(v?: string) => setItemKind(v)} options={ITEM_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Space>
        <Table<OverdueRecord>
          rowKey="taskId"
          size="middle"
          data-testid="sharing-overdue-table"
          columns={columns}
          dataSource={items}
          loading={loading}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('workflow.overdue.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
        />
      </Card>
    </div>
  );
}
