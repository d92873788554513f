import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { cstDateTime, TopicTag } from './components';
import { SessionFormModal } from './SessionFormModal';
import { recentHalves, TOPICS, trainingApi, type Session, type Topic } from './trainingApi';

const PAGE = 20;

/** 培训管理: sessions by half-year; the authority records new ones. */
export default function TrainingSessionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const halves = recentHalves(8);
  const half = params.get('half') ?? '';
  const topic = (TOPICS as readonly string[]).includes(params.get('topic') ?? '') ? (params.get('topic') as Topic) : undefined;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Session[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const manages = hasAnyRole(me, ['authority_reviewer', 'platform_admin']);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await trainingApi.list({ half: half || undefined, topic, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setData({ items: [], total: 0 });
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [half, topic, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  const columns: TableProps<Session>['columns'] = [
    {
      title: t('training.list.titleCol'),
      dataIndex: 'title',
      render: (_, s) => (
        <Link to={`/supervision/training/sessions/${encodeURIComponent(s.id)}`} data-testid="training-session-link">
          {s.title}
        </Link>
      ),
    },
    { title: t('training.list.date'), dataIndex: 'startsAt', width: 170, render: (v: string) => <span className="gs-mono">{cstDateTime(v)}</span> },
    { title: t('training.list.half'), dataIndex: 'half', width: 100 },
    { title: t('training.list.topic'), dataIndex: 'topic', width: 130, render: (v: Topic) => <TopicTag topic={v} /> },
    { title: t('training.list.organizer'), dataIndex: 'organizerUnitName', width: 200 },
    { title: t('training.list.attended'), dataIndex: 'attended', width: 110, align: 'right' },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('training.list.title')}
        description={t('training.list.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            <Link to="/supervision/training/coverage">
              <Button>{t('training.list.coverageLink')}</Button>
            </Link>
            {manages && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="training-new">
                {t('training.list.new')}
              </Button>
            )}
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t('training.list.half')}</Typography.Text>
          <Select style={{ width: 150 }} value={half} onChange={(v) => setFilter('half', v || undefined)} options={[{ value: '', label: t('training.list.allHalves') }, ...halves.map((h) => ({ value: h, label: h }))]} data-testid="training-half" />
          <Select style={{ width: 160 }} value={topic ?? ''} onChange={(v) => setFilter('topic', v || undefined)} options={[{ value: '', label: t('training.list.allTopics') }, ...TOPICS.map((x) => ({ value: x, label: t(`training.topic.${x}`) }))]} />
        </Space>
        <Table<Session>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 900 }}
          data-testid="training-table"
          locale={{ emptyText: t('training.list.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
      <SessionFormModal open={creating} defaultOrganizer={me.unitId} onClose={() => setCreating(false)} onSaved={(s) => navigate(`/supervision/training/sessions/${encodeURIComponent(s.id)}`)} />
    </div>
  );
}
