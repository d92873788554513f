import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Card, Col, Row, Select, Space, Statistic, Table, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import type { DuplicateEntry } from '../../catalogTypes';
import { catalogApi, resourceLink } from './catalogApi';
import { useDataElements } from './components';

/** 一数一源: every data item that collects an element another unit is authoritative for. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAllUnits();
  const elements = useDataElements();
  const [elementCode, setElementCode] = useState<string | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [items, setItems] = useState<DuplicateEntry[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    catalogApi
      .duplicates({ element: elementCode, unitId })
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [elementCode, unitId, message]);

  const stats = useMemo(
    () => ({
      entries: items.length,
      elements: new Set(items.map((d) => d.elementCode)).size,
      units: new Set(items.map((d) => d.unitId)).size,
      resources: new Set(items.map((d) => d.resourceCode)).size,
    }),
    [items],
  );

  const columns: TableProps<DuplicateEntry>['columns'] = [
    {
      title: t('catalog.duplicates.element'),
      key: 'element',
      width: 180,
      render: (_, d) => (
        <div>
          <Typography.Text strong>{d.elementName}</Typography.Text>
          <div>
            <Typography.Text type="secondary" className="gs-small gs-mono">
              {d.elementCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('catalog.duplicates.collector'),
      key: 'collector',
      render: (_, d) => (
        <div>
          <div>{d.unitName}</div>
          <Typography.Text type="secondary" className="gs-small">
            <Link to={resourceLink(d.resourceCode)}>{d.resourceName}</Link> · {d.itemName} <span className="gs-mono">({d.itemCode})</span>
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('catalog.duplicates.authoritative'),
      key: 'authoritative',
      render: (_, d) => (
        <div>
          <div>{d.authoritativeUnitName}</div>
          {d.authoritativeResource ? (
            <Typography.Text type="secondary" className="gs-small">
              {t('catalog.duplicates.useInstead')}
              <Link to={resourceLink(d.authoritativeResource.code)}>{d.authoritativeResource.name}</Link>
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" className="gs-small">
              {t('catalog.duplicates.noAuthoritativeResource')}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader title={t('catalog.duplicates.title')} description={t('catalog.duplicates.description')} />
      <Row gutter={16}>
        {(['entries', 'elements', 'units', 'resources'] as const).map((k) => (
          <Col key={k} xs={12} lg={6}>
            <Card size="small" className="gs-side-card">
              <Statistic title={t(`catalog.duplicates.stat.${k}`)} value={stats[k]} valueStyle={k === 'entries' && stats[k] > 0 ? { color: '#d46b08' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Space wrap className="gs-toolbar">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={elementCode}
            onChange={(v: string | undefined) => setElementCode(v)}
            options={elements.items.map((e) => ({ value: e.code, label: `${e.name}（${e.code}）` }))}
            placeholder={t('catalog.duplicates.element')}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            showSearch
            value={unitId}
            onChange={(v: string | undefined) => setUnitId(v)}
            options={unitOptions(units.items)}
            filterOption={filterUnitOption}
            placeholder={t('catalog.duplicates.collector')}
            style={{ width: 240 }}
          />
        </Space>
        <Table<DuplicateEntry>
          rowKey={(d) => `${d.resourceCode}:${d.itemCode}`}
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          data-testid="duplicates-table"
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
          locale={{ emptyText: t('catalog.duplicates.none') }}
        />
      </Card>
    </div>
  );
}
