import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Segmented, Space, Table, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { useMe } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { VersionState, WorkflowAction, WorkItem } from '../../catalogTypes';
import { catalogApi, draftLink, resourceLink } from './catalogApi';
import { ChangeKindTag, LayerTag, SharingTag, StateTag } from './components';

type StateFilter = 'all' | 'draft' | 'submitted' | 'returned' | 'approved' | 'published';
const FILTERS: StateFilter[] = ['all', 'draft', 'submitted', 'returned', 'approved', 'published'];
const EDITABLE: VersionState[] = ['proposed', 'draft', 'returned'];

export default function MinePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<StateFilter>('all');
  const [items, setItems] = useState<WorkItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<WorkItem | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await catalogApi.mine({ state: filter === 'all' ? undefined : filter, limit: 500 });
      // The reviewer's comment must be in front of the steward; fetch it where the list leaves it out.
      const rows = await Promise.all(
        res.items.map(async (w) =>
          w.state === 'returned' && w.comment == null ? { ...w, comment: (await catalogApi.resource(w.code, w.version).catch(() => null))?.comment ?? null } : w,
        ),
      );
      setItems(rows);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filter, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (w: WorkItem, action: WorkflowAction, comment?: string) => {
    setBusy(`${w.code}:${action}`);
    try {
      const r = await catalogApi.act(w.code, action, comment);
      message.success(t(`catalog.mine.done.${action}`, { name: w.name, version: r.version }));
      if (action === 'start-change') navigate(draftLink(r.code, r.version));
      else await load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const returned = items.filter((w) => w.state === 'returned');

  const confirmButton = (w: WorkItem, action: WorkflowAction, opts: { primary?: boolean; danger?: boolean } = {}) => (
    <Popconfirm
      key={action}
      title={t(`catalog.mine.confirm.${action}`, { name: w.name })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: opts.danger, 'data-testid': `confirm-${action}` }}
      onConfirm={() => act(w, action)}
    >
      <Button
        type={opts.primary ? 'primary' : 'link'}
        size="small"
        danger={opts.danger}
        loading={busy === `${w.code}:${action}`}
        data-testid={`mine-${action}-${w.code}`}
      >
        {t(`catalog.action.${action}`)}
      </Button>
    </Popconfirm>
  );

  const columns: TableProps<WorkItem>['columns'] = [
    {
      title: t('catalog.field.name'),
      dataIndex: 'name',
      render: (_, w) => (
        <div>
          <Link to={resourceLink(w.code, w.version)} data-testid={`mine-row-${w.code}`}>
            {w.name}
          </Link>
          <div>
            <Typography.Text type="secondary" className="gs-small gs-mono">
              {w.code}
            </Typography.Text>
          </div>
          {w.state === 'returned' && w.comment && (
            <div className="gs-inline-comment" data-testid={`mine-comment-${w.code}`}>
              {t('catalog.mine.reviewerSays')}
              {w.comment}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('catalog.field.version'),
      key: 'version',
      width: 130,
      render: (_, w) => (
        <Space size={4}>
          <span>v{w.version}</span>
          <ChangeKindTag kind={w.changeKind} />
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'state', width: 150, render: (s: VersionState) => <StateTag state={s} /> },
    {
      title: t('catalog.mine.attributes'),
      key: 'attrs',
      width: 190,
      render: (_, w) => (
        <Space size={0} wrap>
          <LayerTag layer={w.layer} />
          <SharingTag type={w.sharingType} />
        </Space>
      ),
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, w) => (
        <Space size={0} wrap>
          {EDITABLE.includes(w.state) && (
            <Link to={draftLink(w.code, w.version)}>
              <Button type="link" size="small" data-testid={`mine-edit-${w.code}`}>
                {t('common.edit')}
              </Button>
            </Link>
          )}
          {EDITABLE.includes(w.state) && confirmButton(w, 'submit')}
          {w.state === 'approved' && confirmButton(w, 'confirm', { primary: true })}
          {w.state === 'published' && confirmButton(w, 'start-change')}
          {w.state === 'published' && (
            <Button type="link" size="small" danger onClick={() => (setReason(''), setWithdrawing(w))}>
              {t('catalog.action.withdraw')}
            </Button>
          )}
          {(w.state === 'draft' || w.state === 'returned') && confirmButton(w, 'discard', { danger: true })}
        </Space>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('catalog.mine.title')}
        description={t('catalog.mine.description', { unit: me.unitName ?? '' })}
        extra={
          <Link to={draftLink()}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="mine-create">
              {t('catalog.mine.create')}
            </Button>
          </Link>
        }
      />
      {returned.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="gs-returned"
          data-testid="mine-returned-alert"
          message={t('catalog.mine.returnedCount', { count: returned.length })}
          description={
            <ul className="gs-returned-list">
              {returned.map((w) => (
                <li key={w.code}>
                  <Link to={draftLink(w.code, w.version)}>{w.name}</Link>：{w.comment ?? t('common.none')}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small">
        <div className="gs-results-bar">
          <Segmented<StateFilter>
            value={filter}
            onChange={setFilter}
            options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('common.all') : t(`catalog.state.${f}`) }))}
            data-testid="mine-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
        </div>
        <Table<WorkItem>
          rowKey={(w) => `${w.code}@${w.version}`}
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          data-testid="mine-table"
          rowClassName={(w) => (w.state === 'returned' ? 'gs-row-returned' : '')}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
          locale={{ emptyText: t('catalog.mine.empty') }}
        />
      </Card>
      <Modal
        open={!!withdrawing}
        title={t('catalog.mine.withdrawTitle', { name: withdrawing?.name ?? '' })}
        okText={t('catalog.action.withdraw')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
        onCancel={() => setWithdrawing(null)}
        onOk={async () => {
          const w = withdrawing!;
          setWithdrawing(null);
          await act(w, 'withdraw', reason.trim());
        }}
      >
        <Typography.Paragraph type="secondary">{t('catalog.mine.withdrawHelp')}</Typography.Paragraph>
        <Input.TextArea rows={4} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('catalog.mine.withdrawReason')} maxLength={2000} showCount />
      </Modal>
    </div>
  );
}
