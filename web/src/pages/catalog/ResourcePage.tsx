import { ObjectionMarks } from '../sharing/objections/components';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Badge, Button, Card, Col, List, Modal, Result, Row, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, DiffOutlined, EditOutlined, ExclamationCircleOutlined, KeyOutlined, TableOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { formatTime } from '../../components/labels';
import type { ResourceDetail, ResourceDiff, TimelineEntry } from '../../catalogTypes';
import { catalogApi, draftLink, resourceLink } from './catalogApi';
import { AccessBox, DataItemsTable, ResourceMetadata, StateTag, useDataElements, VersionDiffView, WorkflowTimeline } from './components';

export default function ResourcePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const code = useParams()['*'] ?? '';
  const [params] = useSearchParams();
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const [r, setR] = useState<ResourceDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const elements = useDataElements();
  const units = useAllUnits();
  const unitNames = useMemo(() => new Map(units.items.map((u) => [u.id, u.name])), [units.items]);

  useEffect(() => {
    let live = true;
    setR(null);
    setError(null);
    catalogApi
      .resource(code, version)
      .then((res) => live && setR(res))
      .catch((e: unknown) => live && setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) }));
    catalogApi
      .timeline(code)
      .then((tl) => live && setTimeline(tl))
      .catch(() => live && setTimeline([]));
    return () => {
      live = false;
    };
  }, [code, version]);

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={error.status === 404 ? t('catalog.detail.notFound') : t('catalog.detail.loadFailed')}
        subTitle={error.message}
        extra={
          <Link to="/catalog">
            <Button type="primary">{t('catalog.detail.backToSearch')}</Button>
          </Link>
        }
      />
    );
  }
  if (!r) return <Spin className="gs-page-spin" />;

  const isOwnSteward = hasAnyRole(me, ['unit_steward']) && me.unitId === r.providerUnitId;
  const published = r.versions.find((v) => v.state === 'published');
  const working = r.versions.find((v) => ['proposed', 'draft', 'returned'].includes(v.state));

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="resource-title">{r.name}</span>
            <StateTag state={r.state} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{r.code}</span> · v{r.version} · {r.providerUnitName}
          </span>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('catalog.detail.back')}
            </Button>
            {published && !r.metadataOnly && (
              <Link to={`/data/${encodeURIComponent(r.code)}`} data-testid="resource-use-data">
                <Button icon={<TableOutlined />}>{t('exchange.dataset.useData')}</Button>
              </Link>
            )}
            {published && !r.metadataOnly && r.sharingType === 'restricted' && me?.unitId && me.unitId !== r.providerUnitId && (
              <Link to={`/sharing/applications/new?resource=${encodeURIComponent(r.code)}`} data-testid="resource-apply">
                <Button type="primary" icon={<KeyOutlined />}>{t('catalog.detail.apply')}</Button>
              </Link>
            )}
            {published && !r.metadataOnly && r.sharingType !== 'none' && me?.unitId && me.unitId !== r.providerUnitId && (
              <Link to={`/sharing/objections/new?resource=${encodeURIComponent(r.code)}`} data-testid="resource-object">
                <Button icon={<ExclamationCircleOutlined />}>{t('catalog.detail.object')}</Button>
              </Link>
            )}
            {isOwnSteward && working && (
              <Link to={draftLink(r.code, working.version)}>
                <Button type="primary" icon={<EditOutlined />}>
                  {t('catalog.detail.editDraft', { version: working.version })}
                </Button>
              </Link>
            )}
          </>
        }
      />
      {published && !r.metadataOnly && <ObjectionMarks resourceCode={r.code} />}
      {r.state !== 'published' && (
        <Alert
          type="info"
          showIcon
          message={t('catalog.detail.notPublished', { version: r.version, state: t(`catalog.state.${r.state}`) })}
          action={
            published && published.version !== r.version ? (
              <Link to={resourceLink(r.code)}>{t('catalog.detail.viewPublished', { version: published.version })}</Link>
            ) : undefined
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card size="small" title={t('catalog.detail.metadata')} className="gs-side-card">
            <ResourceMetadata r={r} />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('catalog.access.title')} className="gs-side-card">
            <AccessBox r={r} unitNames={unitNames} />
          </Card>
          <VersionsCard r={r} />
          <Card size="small" title={t('catalog.timeline.title')} className="gs-side-card gs-timeline-card">
            <WorkflowTimeline entries={timeline} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={
          <Space>
            {t('catalog.detail.dataItems')}
            <Badge count={r.dataItems.length} showZero color="#1a5fb4" />
          </Space>
        }
        className="gs-side-card"
      >
        {r.metadataOnly && <Alert type="error" showIcon message={t('catalog.access.classified')} className="gs-form-alert" />}
        <DataItemsTable items={r.dataItems} providerUnitId={r.providerUnitId} elements={elements.byCode} duplicates={r.duplicateItems} />
      </Card>
    </div>
  );
}

function VersionsCard({ r }: { r: ResourceDetail }) {
  const { t } = useTranslation();
  const versions = [...r.versions].sort((a, b) => b.version - a.version);
  const [from, setFrom] = useState<number | undefined>(versions[1]?.version);
  const [to, setTo] = useState<number | undefined>(versions[0]?.version);
  const [diff, setDiff] = useState<ResourceDiff | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`catalog.state.${v.state}`)}` }));

  const compare = async () => {
    if (from === undefined || to === undefined) return;
    setLoading(true);
    setError(null);
    try {
      setDiff(await catalogApi.diff(r.code, from, to));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card size="small" title={t('catalog.detail.versions')} className="gs-side-card" data-testid="versions-card">
      <List
        size="small"
        dataSource={versions}
        renderItem={(v) => (
          <List.Item
            className={v.version === r.version ? 'gs-version-current' : undefined}
            extra={<Typography.Text type="secondary" className="gs-small">{formatTime(v.updatedAt).slice(0, 16)}</Typography.Text>}
          >
            <Space size={6}>
              <Link to={resourceLink(r.code, v.version)}>v{v.version}</Link>
              <StateTag state={v.state} />
              <Typography.Text type="secondary" className="gs-small">
                {t(`catalog.changeKind.${v.changeKind}`)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {versions.length > 1 && (
        <div className="gs-compare">
          <Space.Compact block>
            <Select size="small" value={from} onChange={setFrom} options={options} style={{ width: '42%' }} aria-label={t('catalog.diff.from')} />
            <Select size="small" value={to} onChange={setTo} options={options} style={{ width: '42%' }} aria-label={t('catalog.diff.to')} />
            <Button size="small" icon={<DiffOutlined />} loading={loading} onClick={() => void compare()} disabled={from === to} data-testid="versions-compare">
              {t('catalog.diff.compare')}
            </Button>
          </Space.Compact>
          {error && <Alert type="error" showIcon message={error} className="gs-compare-error" />}
        </div>
      )}
      <Modal
        open={!!diff}
        onCancel={() => setDiff(null)}
        footer={null}
        width={920}
        title={t('catalog.diff.title', { from, to, name: r.name })}
        destroyOnHidden
      >
        {diff && <VersionDiffView diff={diff} fromLabel={`v${from}`} toLabel={`v${to}`} />}
      </Modal>
    </Card>
  );
}
