import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, errorMessage, type Query } from '../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { ResultTag, Time } from '../components/labels';
import type { AuditEvent, AuditPage as AuditEventsPage, AuditResult, VerifyResult } from '../types';

const PAGE = 50;
const ACTION_PREFIXES = ['auth.', 'org.', 'org.unit.', 'org.user.', 'org.system.', 'org.token.', 'audit.', 'core.calendar.'];
const REASONS = ['hash_mismatch', 'missing', 'inserted', 'reordered', 'bad_checkpoint_signature', 'checkpoint_mismatch', 'truncated'] as const;

interface FilterValues {
  actor?: string;
  unitId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toQuery(v: FilterValues): Query {
  return {
    actor: v.actor?.trim(),
    unitId: v.unitId,
    action: v.action?.trim(),
    targetType: v.targetType?.trim(),
    targetId: v.targetId?.trim(),
    result: v.result,
    from: v.range?.[0]?.toISOString(),
    to: v.range?.[1]?.toISOString(),
  };
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<Query>({});
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [detail, setDetail] = useState<AuditEvent | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<VerifyResult | null>(null);

  const load = useCallback(
    async (q: Query, after: string | null) => {
      setLoading(true);
      try {
        const page = await api.get<AuditEventsPage>('/audit/events', { ...q, limit: PAGE, cursor: after ?? undefined });
        setEvents((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [message],
  );

  useEffect(() => {
    void load(query, null);
  }, [load, query]);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.post<VerifyResult>('/audit/verify'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const unitName = (id: string | null) => (id ? units.byId.get(id)?.name ?? id : t('common.none'));

  const columns: TableProps<AuditEvent>['columns'] = [
    { title: t('audit.field.seq'), dataIndex: 'seq', width: 80, render: (v: number) => <span className="gs-mono">{v}</span> },
    { title: t('audit.field.time'), dataIndex: 'time', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('audit.field.actor'),
      key: 'actor',
      width: 150,
      render: (_, e) => (
        <span>
          {e.actorName}
          <Typography.Text type="secondary" className="gs-small">
            {' '}
            · {t(`audit.actorType.${e.actorType}` as 'audit.actorType.user', { defaultValue: e.actorType })}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('audit.field.unit'), dataIndex: 'unitId', width: 160, ellipsis: true, render: (v: string | null) => unitName(v) },
    { title: t('audit.field.action'), dataIndex: 'action', width: 180, render: (v: string) => <span className="gs-mono">{v}</span> },
    {
      title: t('audit.field.target'),
      key: 'target',
      ellipsis: true,
      render: (_, e) =>
        e.targetType ? (
          <span>
            <Tag>{e.targetType}</Tag>
            <span className="gs-mono gs-small">{e.targetId}</span>
          </span>
        ) : (
          t('common.none')
        ),
    },
    { title: t('audit.field.result'), dataIndex: 'result', width: 90, render: (r: AuditResult) => <ResultTag result={r} /> },
    { title: t('audit.field.clientIp'), dataIndex: 'clientIp', width: 120, render: (v: string | null) => v ?? t('common.none') },
  ];

  const submit = (v: FilterValues) => setQuery(toQuery(v));

  return (
    <div className="gs-page">
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        extra={
          <>
            <Button href={apiUrl('/audit/export', query)} download icon={<DownloadOutlined />} data-testid="audit-export">
              {t('audit.export')}
            </Button>
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
              {t('audit.verify')}
            </Button>
          </>
        }
      />
      {verify && <VerifyPanel result={verify} onClose={() => setVerify(null)} />}
      <Card size="small" className="gs-filter-card">
        <Form form={form} layout="vertical" onFinish={submit} data-testid="audit-filters" className="gs-filter-form">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="actor" label={t('audit.filter.actor')}>
                <Input allowClear placeholder={t('audit.filter.actorPlaceholder')} data-testid="audit-filter-actor" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="unitId" label={t('audit.filter.unit')}>
                <Select allowClear showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} placeholder={t('common.all')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="action" label={t('audit.filter.action')}>
                <AutoComplete
                  allowClear
                  options={ACTION_PREFIXES.map((a) => ({ value: a }))}
                  placeholder={t('audit.filter.actionPlaceholder')}
                  data-testid="audit-filter-action"
                  filterOption={(input, option) => String(option?.value ?? '').startsWith(input)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="result" label={t('audit.filter.result')}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={(['success', 'failure', 'denied'] as const).map((r) => ({ value: r, label: t(`audit.result.${r}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="targetType" label={t('audit.filter.targetType')}>
                <Input allowClear placeholder={t('audit.filter.targetTypePlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="targetId" label={t('audit.filter.targetId')}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={16} xl={8}>
              <Form.Item name="range" label={t('audit.filter.range')}>
                <DatePicker.RangePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4} className="gs-filter-actions">
              <Form.Item label=" " colon={false}>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                    {t('common.search')}
                  </Button>
                  <Button
                    onClick={() => {
                      form.resetFields();
                      setQuery({});
                    }}
                  >
                    {t('common.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card
        size="small"
        title={t('audit.listTitle')}
        extra={<Button type="text" icon={<ReloadOutlined />} onClick={() => void load(query, null)} aria-label={t('common.refresh')} />}
      >
        <Table<AuditEvent>
          rowKey={(e) => `${e.chain}:${e.seq}`}
          size="small"
          columns={columns}
          dataSource={events}
          loading={loading}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="audit-table"
          onRow={(e) => ({ onClick: () => setDetail(e), className: 'gs-clickable' })}
        />
        <div className="gs-load-more">
          {cursor ? (
            <Button onClick={() => void load(query, cursor)} loading={loading} data-testid="audit-load-more">
              {t('audit.loadMore')}
            </Button>
          ) : (
            events.length > 0 && <Typography.Text type="secondary">{t('audit.end', { count: events.length })}</Typography.Text>
          )}
        </div>
      </Card>
      <AuditDrawer event={detail} unitName={unitName} onClose={() => setDetail(null)} />
    </div>
  );
}

function VerifyPanel({ result, onClose }: { result: VerifyResult; onClose: () => void }) {
  const { t } = useTranslation();
  const facts = t('audit.verifyFacts', {
    events: result.checkedEvents,
    checkpoints: result.checkedCheckpoints,
    lastSeq: result.lastSeq,
    algorithm: result.algorithm.toUpperCase(),
    signature: result.signature ? result.signature.toUpperCase() : t('common.none'),
    ms: result.durationMs,
  });
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        closable
        onClose={onClose}
        className="gs-verify"
        data-testid="audit-verify-result"
        message={t('audit.verifyOk')}
        description={
          <>
            <div>{facts}</div>
            {result.headHash && (
              <div>
                {t('audit.headHash')}: <span className="gs-mono gs-hash">{result.headHash}</span>
              </div>
            )}
          </>
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      className="gs-verify"
      data-testid="audit-verify-result"
      message={t('audit.verifyBroken', { count: result.breaks.length })}
      description={
        <>
          <div>{facts}</div>
          <List
            size="small"
            dataSource={result.breaks}
            renderItem={(b) => (
              <List.Item>
                <Space wrap>
                  <Tag color="red">
                    {b.chain} #{b.seq}
                  </Tag>
                  <Typography.Text strong>
                    {REASONS.includes(b.reason as (typeof REASONS)[number]) ? t(`audit.reason.${b.reason as (typeof REASONS)[number]}`) : b.reason}
                  </Typography.Text>
                  <Typography.Text type="secondary">{b.detail}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {result.omittedBreaks > 0 && <Typography.Text type="secondary">{t('audit.omittedBreaks', { count: result.omittedBreaks })}</Typography.Text>}
        </>
      }
    />
  );
}

function AuditDrawer({ event, unitName, onClose }: { event: AuditEvent | null; unitName: (id: string | null) => string; onClose: () => void }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const mono = (v: string | null | undefined, copy = false) =>
    v ? (
      <Typography.Text className="gs-mono gs-hash" copyable={copy}>
        {v}
      </Typography.Text>
    ) : (
      none
    );
  return (
    <Drawer open={!!event} onClose={onClose} width={720} title={event ? t('audit.detailTitle', { seq: event.seq }) : ''} data-testid="audit-drawer">
      {event && (
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 150 } }}>
          <Descriptions.Item label={t('audit.field.seq')}>{event.seq}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.chain')}>{mono(event.chain)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.time')}>
            <Time value={event.time} /> <Typography.Text type="secondary" className="gs-small">({event.time})</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.field.actorType')}>
            {t(`audit.actorType.${event.actorType}` as 'audit.actorType.user', { defaultValue: event.actorType })}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.field.actorId')}>{mono(event.actorId)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.actorName')}>{event.actorName}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.unit')}>
            {event.unitId ? (
              <>
                {unitName(event.unitId)} <span className="gs-mono gs-small">({event.unitId})</span>
              </>
            ) : (
              none
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.field.action')}>{mono(event.action)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.targetType')}>{event.targetType ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.targetId')}>{mono(event.targetId, true)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.result')}>
            <ResultTag result={event.result} />
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.field.purpose')}>{event.purpose ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.grantId')}>{mono(event.grantId)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.clientIp')}>{event.clientIp ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.requestId')}>{mono(event.requestId, true)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.detail')}>
            {event.detail && Object.keys(event.detail).length ? <pre className="gs-json">{JSON.stringify(event.detail, null, 2)}</pre> : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.field.prevHash')}>{mono(event.prevHash, true)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.field.hash')}>{mono(event.hash, true)}</Descriptions.Item>
        </Descriptions>
      )}
    </Drawer>
  );
}
