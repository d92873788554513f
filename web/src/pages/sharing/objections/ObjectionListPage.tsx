import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Tabs, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { ObjectionStateTag, OutcomeTag } from './components';
import { OBJECTION_STATES, objectionApi, type Objection, type ObjectionBox, type ObjectionState, type ObjectionStats } from './objectionApi';

const BOXES: ObjectionBox[] = ['to_handle', 'mine', 'all'];
const PAGE = 20;

/** 数据异议: what awaits me, what my unit raised, everything I may see; statistics for the authority and supervision. */
export default function ObjectionListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const box = (BOXES as string[]).includes(params.get('box') ?? '') ? (params.get('box') as ObjectionBox) : 'to_handle';
  const state = (OBJECTION_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as ObjectionState) : undefined;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Objection[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stats, setStats] = useState<ObjectionStats | null>(null);
  const canRaise = hasAnyRole(me, ['unit_user', 'unit_steward']);
  const seesStats = hasAnyRole(me, ['authority_reviewer', 'supervisor', 'platform_admin', 'leader']);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await objectionApi.list({ box, state, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setData({ items: [], total: 0 });
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [box, state, page]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!seesStats) return;
    objectionApi
      .stats()
      .then(setStats)
      .catch(() => setStats(null));
  }, [seesStats]);

  const setFilter = (key: 'box' | 'state', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  const columns: TableProps<Objection>['columns'] = [
    {
      title: t('objection.list.resource'),
      dataIndex: 'resourceName',
      render: (_, o) => (
        <Space direction="vertical" size={0}>
          <Link to={`/sharing/objections/${encodeURIComponent(o.id)}`} data-testid="objection-link">
            {o.resourceName}
          </Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {o.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('objection.detail.description'),
      dataIndex: 'description',
      ellipsis: true,
      render: (v: string) => <Typography.Text>{v}</Typography.Text>,
    },
    { title: t('objection.list.raiser'), dataIndex: 'raiserUnitName', width: 180 },
    { title: t('objection.list.provider'), dataIndex: 'providerUnitName', width: 180 },
    {
      title: t('objection.list.state'),
      dataIndex: 'state',
      width: 170,
      render: (_, o) => (
        <Space size={4} wrap>
          <ObjectionStateTag state={o.state} />
          <OutcomeTag outcome={o.outcome} />
        </Space>
      ),
    },
    { title: t('objection.list.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('objection.list.title')}
        description={t('objection.list.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            {canRaise && (
              <Link to="/sharing/objections/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="objection-new">
                  {t('objection.list.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      {stats && (
        <Card size="small" title={t('objection.stats.title')} className="gs-side-card" data-testid="objection-stats">
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title={t('objection.stats.open')} value={stats.open} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('objection.stats.upheld')} value={stats.upheld} valueStyle={{ color: '#c01c28' }} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('objection.stats.notUpheld')} value={stats.notUpheld} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('objection.stats.rejected')} value={stats.rejected} />
            </Col>
          </Row>
        </Card>
      )}
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Tabs
          activeKey={box}
          onChange={(k) => setFilter('box', k)}
          items={BOXES.map((b) => ({ key: b, label: <span data-testid={`objection-box-${b}`}>{t(`objection.box.${b}`)}</span> }))}
          tabBarExtraContent={
            <Select<ObjectionState | ''>
              style={{ width: 180 }}
              value={state ?? ''}
              onChange={(v) => setFilter('state', v || undefined)}
              options={[{ value: '', label: t('objection.list.allStates') }, ...OBJECTION_STATES.map((s) => ({ value: s, label: t(`objection.state.${s}`) }))]}
            />
          }
        />
        <Table<Objection>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1000 }}
          data-testid="objection-table"
          locale={{ emptyText: t('objection.list.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
