import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Card, Input, Table, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { demandApi, demandLink, type GapEntry } from './demandApi';

const PAGE = 20;

/** 资源缺口: the city-wide list of demands for information no unit holds (every signed-in user). */
export default function GapsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: GapEntry[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [canOpen, setCanOpen] = useState<Set<string>>(new Set());

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await demandApi.gaps({ q: q.trim() || undefined, limit: PAGE, offset: (page - 1) * PAGE });
      setData(res);
      // Only the demands the caller may open get a link (its own unit's, or all for the overseers).
      const visible = await demandApi.list({ state: 'gap', q: q.trim() || undefined, limit: 200 }).catch(() => ({ items: [] }));
      setCanOpen(new Set(visible.items.map((d) => d.id)));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [q, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<GapEntry>['columns'] = [
    {
      title: t('demand.field.title'),
      dataIndex: 'title',
      render: (_, g) => (
        <div>
          {canOpen.has(g.id) ? <Link to={demandLink(g.id)}>{g.title}</Link> : <Typography.Text strong>{g.title}</Typography.Text>}
          <div>
            <Typography.Text type="secondary" className="gs-small" style={{ whiteSpace: 'pre-wrap' }}>
              {g.content}
            </Typography.Text>
          </div>
          {g.dataItems.map((i) => (
            <Tag key={`${i.name}-${i.code ?? ''}`} style={{ marginTop: 4 }}>
              {i.name}
            </Tag>
          ))}
        </div>
      ),
    },
    { title: t('demand.field.requesterUnit'), dataIndex: 'requesterUnitName', width: 180 },
    { title: t('demand.field.duty'), dataIndex: 'duty', width: 180 },
    { title: t('demand.field.scope'), dataIndex: 'scope', width: 160 },
    { title: t('demand.gaps.note'), dataIndex: 'note', width: 220 },
    { title: t('demand.gaps.markedAt'), dataIndex: 'markedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader title={t('demand.menu.gaps')} description={t('demand.gaps.description')} />
      <Card className="gs-filter-card" size="small">
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('demand.board.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
      </Card>
      <Card size="small">
        <Table<GapEntry>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data.items}
          locale={{ emptyText: t('demand.gaps.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
          data-testid="gaps-table"
        />
      </Card>
    </div>
  );
}
