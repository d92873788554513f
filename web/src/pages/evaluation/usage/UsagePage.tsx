import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { EChart } from '../indicators/EChart';
import type { UsageDimension, UsageTotal, UsageTotals } from '@server/evaluation/types.js';

type Dim = UsageDimension;
type Total = UsageTotal;
type Totals = UsageTotals;

const totals = (year: number, groupBy: Dim[], top?: number) => api.get<Totals>('/evaluation/usage', { from: `${year}-01-01`, to: `${year + 1}-01-01`, groupBy: groupBy.join(','), top });

/** 使用情况: monthly trend of calls and records served, and the top resources and units of a year. */
export default function UsagePage() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [data, setData] = useState<{ month: Totals; resources: Total[]; consumers: Total[]; providers: Total[]; kinds: Total[] } | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<{ items: { id: string; name: string; shortName: string | null }[] }>('/units', { limit: 500 }).then(
      (r) => setNames(new Map(r.items.map((u) => [u.id, u.shortName || u.name]))),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    setError(null);
    Promise.all([totals(year, ['month']), totals(year, ['resource'], 10), totals(year, ['consumerUnit'], 10), totals(year, ['providerUnit'], 10), totals(year, ['kind'])]).then(
      ([month, resources, consumers, providers, kinds]) => setData({ month, resources: resources.items, consumers: consumers.items, providers: providers.items, kinds: kinds.items }),
      (e) => setError(errorMessage(e)),
    );
  }, [year]);

  const option = useMemo(() => {
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const by = new Map((data?.month.items ?? []).map((r) => [r.keys.month, r]));
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('usage.page.calls'), t('usage.page.rows')] },
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.slice(5)) },
      yAxis: [{ type: 'value', name: t('usage.page.calls') }, { type: 'value', name: t('usage.page.rows') }],
      series: [
        { name: t('usage.page.calls'), type: 'bar', data: months.map((m) => by.get(m)?.calls ?? 0) },
        { name: t('usage.page.rows'), type: 'line', yAxisIndex: 1, data: months.map((m) => by.get(m)?.rows ?? 0) },
      ],
    };
  }, [data, year, t]);

  const unit = (id: string | null | undefined) => (id ? names.get(id) ?? id : t('usage.page.none'));
  const topTable = (title: string, rows: Total[], dim: Dim, label: string, render: (v: string | null | undefined) => string) => (
    <Card size="small" title={title}>
      <Table<Total>
        rowKey={(r) => String(r.keys[dim])}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: label, key: 'k', render: (_: unknown, r) => render(r.keys[dim]) },
          { title: t('usage.page.calls'), dataIndex: 'calls', align: 'right' },
          { title: t('usage.page.rows'), dataIndex: 'rows', align: 'right' },
          { title: t('usage.page.refused'), dataIndex: 'refused', align: 'right' },
        ]}
      />
    </Card>
  );
  const sum = (data?.month.items ?? []).reduce((s, r) => ({ calls: s.calls + r.calls, rows: s.rows + r.rows }), { calls: 0, rows: 0 });

  return (
    <>
      <PageHeader
        title={t('usage.page.title')}
        description={t('usage.page.description')}
        extra={
          <Space>
            {t('usage.page.year')}
            <Select<number> value={year} onChange={setYear} style={{ width: 120 }} options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))} />
          </Space>
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {data?.month.scope === 'own_unit' && <Alert type="info" showIcon message={t('usage.page.ownScope')} style={{ marginBottom: 16 }} />}
      <Card
        title={t('usage.page.trend')}
        style={{ marginBottom: 16 }}
        extra={
          <Typography.Text type="secondary">
            {t('usage.page.total')}: {t('usage.page.calls')} {sum.calls.toLocaleString()} · {t('usage.page.rows')} {sum.rows.toLocaleString()}
          </Typography.Text>
        }
      >
        <EChart option={option} height={320} testId="usage-trend" />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          {topTable(t('usage.page.topResources'), data?.resources ?? [], 'resource', t('usage.page.resource'), (v) => v ?? t('usage.page.none'))}
        </Col>
        <Col xs={24} lg={12}>
          {topTable(t('usage.page.topKinds'), data?.kinds ?? [], 'kind', t('usage.page.kind'), (v) => (v ? t(`usage.kind.${v as 'query'}`) : t('usage.page.none')))}
        </Col>
        <Col xs={24} lg={12}>
          {topTable(t('usage.page.topConsumers'), data?.consumers ?? [], 'consumerUnit', t('usage.page.unit'), unit)}
        </Col>
        <Col xs={24} lg={12}>
          {topTable(t('usage.page.topProviders'), data?.providers ?? [], 'providerUnit', t('usage.page.unit'), unit)}
        </Col>
      </Row>
    </>
  );
}
