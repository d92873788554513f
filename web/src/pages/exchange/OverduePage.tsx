import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { OverdueEntry } from '../../exchangeTypes';
import { datasetLink, exchangeApi } from './exchangeApi';

/** 更新逾期 (第十六、十九条): resources whose provider has not updated the data within the catalog's time limit. */
export default function OverduePage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<OverdueEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await exchangeApi.overdue()).items);
    } catch (e) {
      setItems([]);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<OverdueEntry>['columns'] = [
    {
      title: t('exchange.list.name'),
      dataIndex: 'name',
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          <Link to={datasetLink(d.resourceCode)}>{d.name}</Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {d.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.list.provider'), dataIndex: 'providerUnitName', width: 200 },
    {
      title: t('exchange.list.cycle'),
      key: 'cycle',
      width: 170,
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          {t(`catalog.cycle.${d.updateCycle}`)}
          <Typography.Text type="secondary" className="gs-small">
            {t('exchange.dataset.timeLimit', { days: d.updateTimeLimitDays })}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.list.lastUpdate'), dataIndex: 'lastUpdateAt', width: 170, render: (v: string | null) => (v ? <Time value={v} /> : <Tag>{t('exchange.status.noData')}</Tag>) },
    { title: t('exchange.overdue.dueAt'), dataIndex: 'dueAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('exchange.overdue.daysOverdue'),
      dataIndex: 'daysOverdue',
      width: 120,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.daysOverdue - b.daysOverdue,
      render: (n: number) => <Tag color="error">{t('exchange.overdue.days', { count: n })}</Tag>,
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('exchange.overdue.title')}
        description={t('exchange.overdue.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Table<OverdueEntry>
          rowKey="resourceCode"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          scroll={{ x: 1100 }}
          data-testid="overdue-table"
          locale={{ emptyText: t('exchange.overdue.empty') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
