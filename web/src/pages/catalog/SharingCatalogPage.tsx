import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Col, Dropdown, Empty, Input, Row, Segmented, Space, Table, Tree, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PartitionOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { apiUrl, errorMessage, type Query } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatTime } from '../../components/labels';
import { SHARING_TYPES, type Layer, type ResourceSummary, type SharingType, type UpdateCycle } from '../../catalogTypes';
import { catalogApi, resourceLink } from './catalogApi';
import { classificationTree, FormatTag, LayerTag, SharingTag, useClassifications } from './components';
import { ImportModal } from './ImportModal';
import { hasAnyRole, useMe } from '../../auth';

const PAGE_SIZE = 20;
const EXPORTS = [
  { key: 'xlsx', label: 'XLSX' },
  { key: 'csv', label: 'CSV' },
  { key: 'json', label: 'JSON' },
  { key: 'dcat', label: 'DCAT-AP (JSON-LD)' },
] as const;

/** 共享目录: the published catalog arranged by the classification tree, with the compilation-sheet exports. */
export default function SharingCatalogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const classes = useClassifications();
  const [classification, setClassification] = useState<string | undefined>();
  const [sharingType, setSharingType] = useState<SharingType | 'all'>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<ResourceSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [importing, setImporting] = useState(false);
  const [reload, setReload] = useState(0);
  const me = useMe();
  const canImport = hasAnyRole(me, ['authority_reviewer', 'unit_steward']);
  const tree = useMemo(() => classificationTree(classes.items, t, true), [classes.items, t]);

  const query: Query = useMemo(
    () => ({ classification, sharingType: sharingType === 'all' ? undefined : sharingType, q: q || undefined }),
    [classification, sharingType, q],
  );

  useEffect(() => {
    let live = true;
    setLoading(true);
    catalogApi
      .search({ ...query, sort: q ? 'relevance' : 'name', order: q ? 'desc' : 'asc', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
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
  }, [query, page, q, message, reload]);

  const columns: TableProps<ResourceSummary>['columns'] = [
    { title: t('catalog.field.code'), dataIndex: 'code', width: 110, render: (v: string) => <span className="gs-mono gs-small">{v}</span> },
    { title: t('catalog.field.name'), dataIndex: 'name', render: (_, r) => <Link to={resourceLink(r.code)}>{r.name}</Link> },
    { title: t('catalog.field.provider'), dataIndex: 'providerUnitName', width: 170, ellipsis: true },
    { title: t('catalog.field.layer'), dataIndex: 'layer', width: 90, render: (v: Layer) => <LayerTag layer={v} /> },
    { title: t('catalog.field.sharingType'), dataIndex: 'sharingType', width: 96, render: (v: SharingType) => <SharingTag type={v} /> },
    { title: t('catalog.field.format'), dataIndex: 'format', width: 100, render: (_, r) => <FormatTag format={r.format} /> },
    { title: t('catalog.field.updateCycle'), dataIndex: 'updateCycle', width: 80, render: (v: UpdateCycle) => t(`catalog.cycle.${v}`) },
    { title: t('catalog.field.publishedAt'), dataIndex: 'publishedAt', width: 100, render: (v: string | null) => formatTime(v).slice(0, 10) },
  ];

  const exportHref = (format: string) => apiUrl('/catalog/export', { ...query, format });

  return (
    <div className="gs-page">
      <PageHeader
        title={t('catalog.sharing.title')}
        description={t('catalog.sharing.description')}
        extra={
          <Space>
          {canImport && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="sharing-import">
              {t('catalog.sharing.import')}
            </Button>
          )}
          <Dropdown
            menu={{
              items: EXPORTS.map((e) => ({
                key: e.key,
                label: (
                  <a href={exportHref(e.key)} download>
                    {e.label}
                  </a>
                ),
              })),
            }}
          >
            <Button icon={<DownloadOutlined />} data-testid="sharing-export">
              {t('catalog.sharing.export')}
            </Button>
          </Dropdown>
          </Space>
        }
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={() => setReload((n) => n + 1)} />
      <Row gutter={16}>
        <Col xs={24} lg={7} xl={5}>
          <Card
            size="small"
            className="gs-tree-card"
            title={
              <Space>
                <PartitionOutlined />
                {t('catalog.sharing.tree')}
              </Space>
            }
          >
            {tree.length ? (
              <Tree
                showLine
                blockNode
                treeData={tree}
                defaultExpandedKeys={tree.map((n) => n.key)}
                selectedKeys={classification ? [classification] : []}
                onSelect={(keys) => {
                  setClassification(keys.length ? String(keys[0]) : undefined);
                  setPage(1);
                }}
                data-testid="sharing-tree"
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={classes.loading ? t('common.loading') : t('common.empty')} />
            )}
            <Typography.Paragraph type="secondary" className="gs-hint">
              {t('catalog.sharing.treeHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={19}>
          <Card size="small">
            <div className="gs-results-bar">
              <Space wrap>
                <Input.Search
                  allowClear
                  placeholder={t('catalog.sharing.searchPh')}
                  onSearch={(v) => {
                    setQ(v.trim());
                    setPage(1);
                  }}
                  style={{ width: 280 }}
                />
                <Segmented<SharingType | 'all'>
                  value={sharingType}
                  onChange={(v) => {
                    setSharingType(v);
                    setPage(1);
                  }}
                  options={[{ value: 'all', label: t('common.all') }, ...SHARING_TYPES.map((s) => ({ value: s, label: t(`catalog.sharingType.${s}`) }))]}
                />
              </Space>
            </div>
            <Table<ResourceSummary>
              rowKey="code"
              size="middle"
              columns={columns}
              dataSource={items}
              loading={loading}
              scroll={{ x: 900 }}
              data-testid="sharing-table"
              pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
