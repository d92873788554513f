import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { ItemStatus, PlanStatusTag } from './components';
import { PlanFormModal } from './PlanFormModal';
import { groupYuan, PLAN_KINDS, PLAN_STATUSES, planApi, type PlanItem, type PlanKind, type PlanList, type PlanStatus } from './planApi';

/** 年度计划: a year's items with status tags and the budget total; the authority plans new ones. */
export default function PlanListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const year = Number(params.get('year')) || thisYear;
  const status = (PLAN_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as PlanStatus) : undefined;
  const kind = (PLAN_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as PlanKind) : undefined;
  const [data, setData] = useState<PlanList | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const manages = hasAnyRole(me, ['authority_reviewer']);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await planApi.list({ year, status, kind, limit: 500 }));
      setError(null);
    } catch (e) {
      setData(null);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [year, status, kind]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const columns: TableProps<PlanItem>['columns'] = [
    {
      title: t('plan.list.titleCol'),
      dataIndex: 'title',
      render: (_, i) => (
        <Link to={`/supervision/plans/${encodeURIComponent(i.id)}`} data-testid="plan-link">
          {i.title}
        </Link>
      ),
    },
    { title: t('plan.list.kind'), dataIndex: 'kind', width: 130, render: (v: PlanKind) => t(`plan.kind.${v}`) },
    { title: t('plan.list.owner'), dataIndex: 'ownerUnitName', width: 200 },
    { title: t('plan.list.budget'), dataIndex: 'budget', width: 160, align: 'right', render: (v: string) => <span className="gs-mono">{groupYuan(v)}</span> },
    { title: t('plan.list.funding'), dataIndex: 'fundingSource', width: 110, render: (v: string) => t(`plan.funding.${v as 'fiscal'}`) },
    { title: t('plan.list.milestones'), key: 'ms', width: 100, render: (_, i) => `${i.milestonesDone}/${i.milestonesTotal}` },
    { title: t('plan.list.status'), dataIndex: 'effectiveStatus', width: 110, render: (_, i) => <ItemStatus item={i} /> },
  ];

  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  return (
    <div className="gs-page">
      <PageHeader
        title={t('plan.list.title')}
        description={t('plan.list.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            <a href={planApi.exportUrl(year)}>
              <Button icon={<DownloadOutlined />}>{t('plan.list.export')}</Button>
            </a>
            {manages && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">
                {t('plan.list.new')}
              </Button>
            )}
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('plan.list.year')}</Typography.Text>
          <Select style={{ width: 110 }} value={year} onChange={(v) => set('year', String(v))} options={years.map((y) => ({ value: y, label: String(y) }))} data-testid="plan-year" />
          <Select style={{ width: 140 }} value={status ?? ''} onChange={(v) => set('status', v || undefined)} options={[{ value: '', label: t('plan.list.allStatuses') }, ...PLAN_STATUSES.map((s) => ({ value: s, label: t(`plan.status.${s}`) }))]} />
          <Select style={{ width: 160 }} value={kind ?? ''} onChange={(v) => set('kind', v || undefined)} options={[{ value: '', label: t('plan.list.allKinds') }, ...PLAN_KINDS.map((k) => ({ value: k, label: t(`plan.kind.${k}`) }))]} />
        </Space>
      </Card>
      {data && (
        <Card size="small" data-testid="plan-totals">
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title={t('plan.list.items')} value={data.total} />
            </Col>
            <Col xs={12} md={6}>
              {/* Text, not a number: the total is exact to the fen. */}
              <Statistic title={t('plan.list.budgetTotal')} value={groupYuan(data.totals.budget)} />
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text type="secondary">{t('plan.list.status')}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Space wrap>
                  {PLAN_STATUSES.filter((s) => data.totals.byStatus[s]).map((s) => (
                    <span key={s}>
                      <PlanStatusTag status={s} /> {data.totals.byStatus[s]}
                    </span>
                  ))}
                </Space>
              </div>
            </Col>
          </Row>
        </Card>
      )}
      <Card size="small">
        <Table<PlanItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="plan-table"
          locale={{ emptyText: t('plan.list.empty') }}
        />
      </Card>
      <PlanFormModal open={creating} year={year} onClose={() => setCreating(false)} onSaved={(d) => navigate(`/supervision/plans/${encodeURIComponent(d.id)}`)} />
    </div>
  );
}
