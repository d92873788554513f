import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { cstDateTime } from './components';
import { recentHalves, trainingApi, type Coverage, type CoverageRow } from './trainingApi';

type Filter = 'all' | 'untrained' | 'trained';

/** 半年度培训覆盖: every unit in a half-year; units without trained sharing staff are marked. */
export default function TrainingCoveragePage() {
  const { t } = useTranslation();
  const halves = recentHalves(8);
  const [params, setParams] = useSearchParams();
  const half = /^\d{4}H[12]$/.test(params.get('half') ?? '') ? params.get('half')! : halves[0]!;
  const filter = (['all', 'untrained', 'trained'] as const).find((f) => f === params.get('show')) ?? 'all';
  const [data, setData] = useState<Coverage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    trainingApi
      .coverage(half)
      .then((c) => live && (setData(c), setError(null)))
      .catch((e: unknown) => live && (setData(null), setError(errorMessage(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [half]);

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const rows = useMemo(() => (data?.units ?? []).filter((u) => filter === 'all' || (filter === 'untrained' ? u.untrained : !u.untrained)), [data, filter]);

  const columns: TableProps<CoverageRow>['columns'] = [
    {
      title: t('training.coverage.unit'),
      dataIndex: 'unitName',
      render: (v: string, u) => (
        <Space>
          {u.untrained && <WarningFilled style={{ color: '#c01c28' }} />}
          <span>{v}</span>
        </Space>
      ),
    },
    { title: t('training.coverage.staffAccounts'), dataIndex: 'staffAccounts', width: 150, align: 'right' },
    { title: t('training.coverage.trainedStaff'), dataIndex: 'trainedStaff', width: 120, align: 'right', sorter: (a, b) => a.trainedStaff - b.trainedStaff },
    { title: t('training.coverage.sessions'), dataIndex: 'sessions', width: 110, align: 'right' },
    { title: t('training.coverage.absences'), dataIndex: 'absences', width: 110, align: 'right' },
    {
      title: t('training.coverage.status'),
      dataIndex: 'untrained',
      width: 120,
      filters: [
        { text: t('training.coverage.untrained'), value: true },
        { text: t('training.coverage.trained'), value: false },
      ],
      onFilter: (v, u) => u.untrained === v,
      render: (v: boolean) => (v ? <Tag color="red" data-testid="training-untrained-tag">{t('training.coverage.untrained')}</Tag> : <Tag color="green">{t('training.coverage.trained')}</Tag>),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader title={t('training.coverage.title')} description={t('training.coverage.description')} />
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('training.coverage.half')}</Typography.Text>
          <Select style={{ width: 140 }} value={half} onChange={(v) => set('half', v)} options={halves.map((h) => ({ value: h, label: h }))} data-testid="coverage-half" />
          <Typography.Text>{t('training.coverage.filter')}</Typography.Text>
          <Segmented<Filter>
            value={filter}
            onChange={(v) => set('show', v)}
            options={[
              { value: 'all', label: t('training.coverage.all') },
              { value: 'untrained', label: <span data-testid="coverage-untrained-only">{t('training.coverage.untrainedOnly')}</span> },
              { value: 'trained', label: t('training.coverage.trainedOnly') },
            ]}
          />
          {data && (
            <Typography.Text type="secondary">
              {t('training.coverage.period', { from: cstDateTime(data.from).slice(0, 10), to: cstDateTime(new Date(Date.parse(data.to) - 1).toISOString()).slice(0, 10) })}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {data && (
        <Card size="small">
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title={t('training.coverage.units')} value={data.totals.units} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('training.coverage.untrainedUnits')} value={data.totals.untrainedUnits} valueStyle={{ color: data.totals.untrainedUnits ? '#c01c28' : undefined }} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('training.coverage.totalTrained')} value={data.totals.trainedStaff} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('training.coverage.totalSessions')} value={data.totals.sessions} />
            </Col>
          </Row>
        </Card>
      )}
      <Card size="small">
        <Table<CoverageRow>
          rowKey="unitId"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          rowClassName={(u) => (u.untrained ? 'gs-row-warning' : '')}
          onRow={(u) => (u.untrained ? { style: { background: '#fff1f0' } } : {})}
          data-testid="coverage-table"
        />
      </Card>
    </div>
  );
}
