import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Card, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { ArrowRightOutlined, ClusterOutlined, DatabaseOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LAYERS, type ExchangeEntry, type Layer, type UpdateCycle } from '../../catalogTypes';
import { catalogApi, resourceLink } from './catalogApi';
import { LayerTag, SharingTag } from './components';

const PAGE_SIZE = 20;

/** 交换目录: which resource flows from which unit's specialized/node database into which base/platform database, and who uses it. */
export default function ExchangeCatalogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [q, setQ] = useState('');
  const [provider, setProvider] = useState<string | undefined>();
  const [layer, setLayer] = useState<Layer | undefined>();
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<ExchangeEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    catalogApi
      .exchange({ q: q || undefined, provider, layer, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
      .then((r) => {
        if (!live) return;
        setItems(r.items);
        setTotal(r.total);
      })
      .catch((e: unknown) => live && message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [q, provider, layer, page, message]);

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const columns: TableProps<ExchangeEntry>['columns'] = [
    {
      title: t('catalog.exchange.resource'),
      key: 'resource',
      width: 240,
      render: (_, e) => (
        <div>
          <Link to={resourceLink(e.code)}>{e.name}</Link>
          <div>
            <Typography.Text type="secondary" className="gs-small gs-mono">
              {e.code}
            </Typography.Text>
          </div>
          <div className="gs-cell-tags">
            <LayerTag layer={e.layer} />
            <SharingTag type={e.sharingType} />
          </div>
        </div>
      ),
    },
    {
      title: t('catalog.exchange.flow'),
      key: 'flow',
      render: (_, e) => (
        <div className="gs-flow">
          <div className="gs-flow-box">
            <div className="gs-flow-label">{t('catalog.exchange.provider')}</div>
            <div className="gs-flow-main">{e.providerUnitName}</div>
            <div className="gs-flow-sub">
              <ClusterOutlined /> {e.sourceSystem || t('common.none')}
            </div>
          </div>
          <ArrowRightOutlined className="gs-flow-arrow" />
          <div className="gs-flow-box gs-flow-target">
            <div className="gs-flow-label">{t('catalog.exchange.target')}</div>
            <div className="gs-flow-main">
              <DatabaseOutlined /> {e.targetDatabase || t('common.none')}
            </div>
            <div className="gs-flow-sub">{t(`catalog.cycle.${e.updateCycle as UpdateCycle}`)}</div>
          </div>
          <ArrowRightOutlined className="gs-flow-arrow" />
          <div className="gs-flow-box gs-flow-consumers">
            <div className="gs-flow-label">
              <TeamOutlined /> {t('catalog.exchange.consumers', { count: e.consumers.length })}
            </div>
            {e.consumers.length
              ? e.consumers.slice(0, 6).map((c) => (
                  <Tooltip key={`${c.unitId}:${c.systemId ?? ''}`} title={c.systemName ? `${c.systemName} · ${t(`catalog.exchange.via.${c.via}`)}` : t(`catalog.exchange.via.${c.via}`)}>
                    <Tag className="gs-flow-tag">{c.unitName}</Tag>
                  </Tooltip>
                ))
              : none}
            {e.consumers.length > 6 && <Tag>+{e.consumers.length - 6}</Tag>}
          </div>
        </div>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader title={t('catalog.exchange.title')} description={t('catalog.exchange.description')} />
      <Card size="small">
        <div className="gs-results-bar">
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('catalog.exchange.searchPh')}
              onSearch={(v) => {
                setQ(v.trim());
                setPage(1);
              }}
              style={{ width: 300 }}
              data-testid="exchange-search"
            />
            <Select
              allowClear
              showSearch
              value={provider}
              onChange={(v: string | undefined) => {
                setProvider(v);
                setPage(1);
              }}
              options={unitOptions(units.items)}
              filterOption={filterUnitOption}
              placeholder={t('catalog.exchange.provider')}
              style={{ width: 220 }}
            />
            <Select<Layer>
              allowClear
              value={layer}
              onChange={(v) => {
                setLayer(v);
                setPage(1);
              }}
              options={LAYERS.map((l) => ({ value: l, label: t(`catalog.layer.${l}`) }))}
              placeholder={t('catalog.field.layer')}
              style={{ width: 140 }}
            />
          </Space>
          <Typography.Text type="secondary">{t('common.total', { count: total })}</Typography.Text>
        </div>
        <Table<ExchangeEntry>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          scroll={{ x: 1000 }}
          data-testid="exchange-table"
          pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, onChange: setPage }}
        />
      </Card>
    </div>
  );
}
