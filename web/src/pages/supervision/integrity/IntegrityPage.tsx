import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography, message, type TableProps } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { integrityApi, type CheckStatus, type IntegrityFinding, type IntegrityStatus } from './integrityApi';

/** Who may run the full verification (the server's policy.ts decides). */
const VERIFIERS = ['supervisor', 'auditor', 'platform_admin'] as const;

function StatusTag({ ok }: { ok: boolean | null }) {
  const { t } = useTranslation();
  if (ok === null) return <Tag icon={<MinusCircleOutlined />}>{t('integrity.status.never')}</Tag>;
  return ok ? (
    <Tag color="success" icon={<CheckCircleOutlined />} data-testid="integrity-ok">
      {t('integrity.status.ok')}
    </Tag>
  ) : (
    <Tag color="error" icon={<ExclamationCircleOutlined />} data-testid="integrity-broken">
      {t('integrity.status.broken')}
    </Tag>
  );
}

/** The few evidence fields that say what was found, as one line each. */
function Evidence({ f }: { f: IntegrityFinding }) {
  const { t } = useTranslation();
  const e = f.evidence as Record<string, unknown>;
  const rows: [string, string][] = [];
  const add = (label: string, v: unknown) => {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return;
    rows.push([label, Array.isArray(v) ? v.join(', ') : String(v)]);
  };
  add(t('integrity.evidence.chain'), e.chain);
  add(t('integrity.evidence.firstBadSeq'), e.firstBadSeq);
  add(t('integrity.evidence.detail'), e.detail);
  add(t('integrity.evidence.table'), e.table);
  add(t('integrity.evidence.count'), e.count);
  add(t('integrity.evidence.keys'), e.keys);
  add(t('integrity.evidence.seqs'), e.seqs);
  const hashes = e.hashes as { key: string; expected: string | null; found: string | null }[] | undefined;
  if (hashes?.length) add(t('integrity.evidence.hashes'), hashes.map((h) => `${h.expected ?? '—'} → ${h.found ?? '—'}`));
  add(t('integrity.evidence.object'), e.object);
  if (e.expected !== undefined || e.found !== undefined) add(t('integrity.evidence.expectedFound'), `${String(e.expected ?? '—')} → ${String(e.found ?? '—')}`);
  return (
    <Space direction="vertical" size={0}>
      {rows.map(([k, v]) => (
        <Typography.Text key={k} className="gs-small">
          <Typography.Text type="secondary">{k}：</Typography.Text>
          <span className="gs-mono">{v}</span>
        </Typography.Text>
      ))}
    </Space>
  );
}

function scopeLine(c: CheckStatus, t: TFunction): string {
  const s = c.scope as Record<string, unknown>;
  if (c.id === 'c7.audit_chain') {
    const chains = (s.chains as { chain: string }[] | undefined) ?? [];
    return t('integrity.scope.audit', { events: c.checked, chains: chains.length });
  }
  if (c.id === 'c7.dataset_tamper') return t('integrity.scope.dataset', { datasets: Number(s.datasets ?? 0), rows: Number(s.rowsVerified ?? 0), sealed: Number(s.rowsSealed ?? 0) });
  return t('integrity.scope.schema', { objects: Number(s.objects ?? 0), tables: Number(s.datasetTables ?? 0) });
}

/** 数据完整性 (第三十一条第七项): the status of each check and a "verify now" button. */
export default function IntegrityPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const me = useMe();
  const mayVerify = hasAnyRole(me, [...VERIFIERS]);
  const [data, setData] = useState<IntegrityStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await integrityApi.status());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const verify = async () => {
    setVerifying(true);
    setError(null);
    try {
      const s = await integrityApi.verify();
      setData(s);
      if (s.ok) void message.success(t('integrity.verify.clean'));
      else void message.warning(t('integrity.verify.found'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableProps<IntegrityFinding>['columns'] = [
    {
      title: t('integrity.finding.title'),
      dataIndex: 'title',
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{en ? f.titleEn ?? f.title : f.title}</Typography.Text>
          {f.subject?.type === 'resource' && (
            <Link to={`/data/${encodeURIComponent(f.subject.id)}`} className="gs-small">
              {t('integrity.finding.openDataset')}
            </Link>
          )}
        </Space>
      ),
    },
    { title: t('integrity.finding.evidence'), key: 'evidence', render: (_, f) => <Evidence f={f} /> },
    { title: t('integrity.finding.observedAt'), dataIndex: 'observedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div>
      <PageHeader
        title={t('integrity.page.title')}
        description={t('integrity.page.description')}
        extra={
          mayVerify && (
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="integrity-verify">
              {t('integrity.verify.button')}
            </Button>
          )
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={data.ok ? 'success' : data.checks.some((c) => c.ok === false) ? 'error' : 'info'}
          message={data.ok ? t('integrity.summary.ok') : data.checks.some((c) => c.ok === false) ? t('integrity.summary.broken') : t('integrity.summary.incomplete')}
          description={t('integrity.summary.note')}
          data-testid="integrity-summary"
        />
      )}
      <Row gutter={[16, 16]}>
        {(data?.checks ?? []).map((c) => (
          <Col span={24} key={c.id}>
            <Card
              loading={loading && !data}
              title={
                <Space>
                  {en ? c.title.en : c.title.zh}
                  <Typography.Text type="secondary" className="gs-mono gs-small">
                    {c.id}
                  </Typography.Text>
                </Space>
              }
              extra={<StatusTag ok={c.ok} />}
              data-testid={`integrity-check-${c.id}`}
            >
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('integrity.field.lastRunAt')}>
                  <Time value={c.lastRunAt} />
                </Descriptions.Item>
                <Descriptions.Item label={t('integrity.field.mode')}>{c.mode ? t(`integrity.mode.${c.mode}`) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('integrity.field.lastFullAt')}>
                  <Time value={c.lastFullAt} />
                </Descriptions.Item>
                <Descriptions.Item label={t('integrity.field.scope')} span={2}>
                  {c.lastRunAt ? scopeLine(c, t) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('integrity.field.duration')}>{c.lastRunAt ? t('integrity.field.ms', { ms: c.durationMs }) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('integrity.field.article')}>{c.article}</Descriptions.Item>
              </Descriptions>
              {c.findings.length > 0 ? (
                <Table<IntegrityFinding> size="small" rowKey="dedupeKey" columns={columns} dataSource={c.findings} pagination={c.findings.length > 10 ? { pageSize: 10 } : false} />
              ) : c.lastRunAt ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('integrity.finding.none')} />
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
