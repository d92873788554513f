import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Input, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { CloudUploadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { DatasetSummary } from '../../exchangeTypes';
import { FormatTag, SharingTag } from '../catalog/components';
import { BasisTag, UpdateStatus } from './components';
import { datasetLink, exchangeApi } from './exchangeApi';

type Role = 'provider' | 'consumer';

/** 数据资源: the datasets my unit provides (and uploads) and those it may use. */
export default function DataListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const role: Role = (params.get('role') as Role | null) ?? (hasAnyRole(me, ['unit_steward']) ? 'provider' : 'consumer');
  const [items, setItems] = useState<DatasetSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await exchangeApi.list(role)).items);
    } catch (e) {
      setItems([]);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [role]);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    if (!q) return items;
    return items.filter((d) => d.name.toLowerCase().includes(q) || d.resourceCode.toLowerCase().includes(q) || d.providerUnitName.toLowerCase().includes(q));
  }, [items, text]);

  const columns: TableProps<DatasetSummary>['columns'] = [
    {
      title: t('exchange.list.name'),
      dataIndex: 'name',
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          <Link to={datasetLink(d.resourceCode)} data-testid="dataset-link">
            {d.name}
          </Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {d.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.list.provider'), dataIndex: 'providerUnitName', width: 180 },
    { title: t('exchange.list.sharingType'), dataIndex: 'sharingType', width: 110, render: (v: DatasetSummary['sharingType']) => <SharingTag type={v} /> },
    { title: t('exchange.list.format'), dataIndex: 'format', width: 110, render: (v: DatasetSummary['format']) => <FormatTag format={v} /> },
    { title: t('exchange.list.cycle'), dataIndex: 'updateCycle', width: 90, render: (v: DatasetSummary['updateCycle']) => t(`catalog.cycle.${v}`) },
    { title: t('exchange.list.rows'), dataIndex: 'rowCount', width: 110, align: 'right', render: (n: number) => n.toLocaleString() },
    { title: t('exchange.list.lastUpdate'), dataIndex: 'lastUpdateAt', width: 170, render: (v: string | null) => <Time value={v} /> },
    {
      title: t('exchange.list.status'),
      key: 'status',
      width: 200,
      render: (_, d) => <UpdateStatus overdue={d.overdue} lastUpdateAt={d.lastUpdateAt} dueAt={d.dueAt} daysOverdue={d.daysOverdue} />,
    },
    { title: t('exchange.list.access'), key: 'access', width: 110, render: (_, d) => <BasisTag basis={d.access?.basis} grantId={d.access?.grantId} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, d) => (
        <Space size={0}>
          {d.access && (
            <Link to={datasetLink(d.resourceCode)}>
              <Button type="link" size="small" icon={<SearchOutlined />}>
                {t('exchange.list.open')}
              </Button>
            </Link>
          )}
          {d.canUpload && (
            <Link to={datasetLink(d.resourceCode, 'upload')}>
              <Button type="link" size="small" icon={<CloudUploadOutlined />} data-testid="dataset-upload-link">
                {t('exchange.list.upload')}
              </Button>
            </Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader title={t('exchange.list.title')} description={t('exchange.list.description')} />
      <Card size="small">
        <Tabs
          activeKey={role}
          onChange={(k) => setParams({ role: k })}
          items={[
            { key: 'provider', label: <span data-testid="data-tab-provider">{t('exchange.list.provided')}</span> },
            { key: 'consumer', label: <span data-testid="data-tab-consumer">{t('exchange.list.usable')}</span> },
          ]}
        />
        <Space wrap className="gs-toolbar">
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('exchange.list.searchPlaceholder')}
            style={{ width: 320 }}
            aria-label={t('exchange.list.searchPlaceholder')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        </Space>
        {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
        <Table<DatasetSummary>
          rowKey="resourceCode"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={loading}
          scroll={{ x: 1400 }}
          data-testid="dataset-table"
          locale={{ emptyText: t(role === 'provider' ? 'exchange.list.emptyProvided' : 'exchange.list.emptyUsable') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
