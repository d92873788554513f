import { ObjectionMarks } from '../sharing/objections/components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ProfileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { DatasetInfo } from '../../exchangeTypes';
import { resourceLink } from '../catalog/catalogApi';
import { SharingTag } from '../catalog/components';
import { ApiTab } from './ApiTab';
import { BatchesTab } from './BatchesTab';
import { BasisTag, UpdateStatus } from './components';
import { exchangeApi } from './exchangeApi';
import { FilesTab } from './FilesTab';
import { QueryConsole } from './QueryConsole';
import { DatasetSubscriptions } from './SubscriptionsPanel';
import { UploadWizard } from './UploadWizard';

/** A resource's data: who provides it, how fresh it is, what the caller may see, and the tools to use it. */
/** One of a grant's daily quotas: today's use against the limit, orange from 80 %, red when used up. */
function QuotaUse({ used, limit, kind }: { used: number; limit: number | null; kind: 'Requests' | 'Rows' }) {
  const { t } = useTranslation();
  if (limit === null) return <Typography.Text>{t(`exchange.dataset.quota${kind}Free`, { used: used.toLocaleString() })}</Typography.Text>;
  const tone = used >= limit ? 'danger' : used >= limit * 0.8 ? 'warning' : undefined;
  return <Typography.Text type={tone}>{t(`exchange.dataset.quota${kind}`, { used: used.toLocaleString(), limit: limit.toLocaleString() })}</Typography.Text>;
}

export default function DatasetPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // The route is /data/:code with the code URL-encoded as one segment; the router hands it back decoded.
  const code = useParams().code ?? '';
  const [params, setParams] = useSearchParams();
  const [info, setInfo] = useState<DatasetInfo | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setInfo(await exchangeApi.dataset(code));
      setError(null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) });
    }
  }, [code]);

  useEffect(() => {
    setInfo(null);
    setError(null);
    void load();
  }, [load]);

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={error.status === 404 ? t('exchange.dataset.notFound') : t('exchange.dataset.loadFailed')}
        subTitle={error.message}
        extra={
          <Link to="/data">
            <Button type="primary">{t('exchange.dataset.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!info) return <Spin className="gs-page-spin" />;

  const tabular = info.tabular;
  const canRead = info.access !== null;
  const isProvider = info.access?.basis === 'provider';
  const items: { key: string; label: string; children: ReactNode }[] = [];
  const tab = (key: string, label: string, children: ReactNode) => items.push({ key, label, children });
  // A grant with a quota: the page's count follows the console's reads.
  if (tabular && canRead) tab('query', t('exchange.tabs.query'), <QueryConsole info={info} onRead={info.access?.quota ? () => void load() : undefined} />);
  if (tabular && info.canUpload) tab('upload', t('exchange.tabs.upload'), <UploadWizard info={info} onCommitted={() => void load()} />);
  if (tabular && (info.canUpload || isProvider)) tab('batches', t('exchange.tabs.batches'), <BatchesTab key={info.lastSeq} code={info.resourceCode} />);
  if (tabular && canRead) tab('subscriptions', t('exchange.tabs.subscriptions'), <DatasetSubscriptions info={info} />);
  if (!tabular && (canRead || info.canUpload)) tab('files', t('exchange.tabs.files'), <FilesTab info={info} />);
  if (canRead || info.canUpload) tab('api', t('exchange.tabs.api'), <ApiTab info={info} />);
  const wanted = params.get('tab');
  const active = items.find((i) => i.key === wanted)?.key ?? items[0]?.key;
  const maskedNames = (info.access?.masked ?? []).map((c) => info.items.find((i) => i.code === c)?.name ?? c);

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="dataset-title">{info.name}</span>
            <SharingTag type={info.sharingType} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{info.resourceCode}</span> · v{info.version} · {info.providerUnitName}
          </span>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('exchange.dataset.back')}
            </Button>
            <Link to={resourceLink(info.resourceCode)}>
              <Button icon={<ProfileOutlined />}>{t('exchange.dataset.catalogEntry')}</Button>
            </Link>
          </>
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('exchange.dataset.provider')}>{info.providerUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('exchange.dataset.cycle')}>
            <Space size={6}>
              {t(`catalog.cycle.${info.updateCycle}`)}
              {info.updateTimeLimitDays ? <Typography.Text type="secondary">{t('exchange.dataset.timeLimit', { days: info.updateTimeLimitDays })}</Typography.Text> : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.dataset.status')}>
            <UpdateStatus overdue={info.overdue} lastUpdateAt={info.lastUpdateAt} dueAt={info.dueAt ?? info.nextDueAt} daysOverdue={info.daysOverdue} />
          </Descriptions.Item>
          {tabular && (
            <Descriptions.Item label={t('exchange.dataset.rows')}>
              <span data-testid="dataset-rows">{info.rowCount.toLocaleString()}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('exchange.dataset.lastUpdate')}>
            <Time value={info.lastUpdateAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.dataset.access')}>
            <BasisTag basis={info.access?.basis} grantId={info.access?.grantId} />
          </Descriptions.Item>
          {info.access?.quota && (
            <Descriptions.Item label={<Tooltip title={t('exchange.dataset.quotaHint')}>{t('exchange.dataset.quota')}</Tooltip>}>
              <Space size={12} wrap data-testid="dataset-quota">
                <QuotaUse used={info.access.quota.requests} limit={info.access.quota.requestsPerDay} kind="Requests" />
                <QuotaUse used={info.access.quota.rows} limit={info.access.quota.rowsPerDay} kind="Rows" />
              </Space>
            </Descriptions.Item>
          )}
          {tabular && canRead && (
            <Descriptions.Item label={t('exchange.dataset.masked')} span={{ xs: 1, md: 2, xl: 3 }}>
              {maskedNames.length ? (
                maskedNames.map((n) => (
                  <Tag key={n} color="orange" bordered={false}>
                    {n}
                  </Tag>
                ))
              ) : (
                <Typography.Text type="secondary">{t('exchange.dataset.noneMasked')}</Typography.Text>
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {!canRead && !info.canUpload && <Alert type="warning" showIcon message={t('exchange.dataset.noAccess')} data-testid="dataset-no-access" />}
      {tabular && (canRead || info.canUpload) && <ObjectionMarks resourceCode={code} />}
      {items.length > 0 && (
        <Card size="small">
          <Tabs activeKey={active} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
        </Card>
      )}
    </div>
  );
}
