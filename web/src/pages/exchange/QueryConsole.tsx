import { useMemo, useState } from 'react';
import { Alert, Button, Col, Descriptions, Divider, Form, Input, Modal, Row, Select, Space, Table, Typography, type TableProps } from 'antd';
import { CodeOutlined, DeleteOutlined, LeftOutlined, PlayCircleOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { Time } from '../../components/labels';
import { FILTER_OPS, VALUELESS_OPS, type DatasetInfo, type DatasetItem, type Filter, type FilterOp, type RecordPage, type RecordRow } from '../../exchangeTypes';
import { ItemTitle, ValueCell } from './components';
import { enc, exchangeApi, recordsParams, rememberedPurpose, rememberPurpose, type RecordsRequest } from './exchangeApi';

const PAGE_SIZES = [10, 20, 50, 100, 200, 500, 1000];
const PURPOSE_MAX = 500;

interface FilterRow {
  id: number;
  field?: string;
  op: FilterOp;
  value: string;
}

let nextRowId = 1;

/** Turns the builder rows into API filters; returns an error message for an incomplete row. */
function toFilters(rows: FilterRow[], missingValue: string): { filters: Filter[]; error: string | null } {
  const filters: Filter[] = [];
  for (const r of rows) {
    if (!r.field) continue;
    if (VALUELESS_OPS.includes(r.op)) {
      filters.push({ field: r.field, op: r.op });
      continue;
    }
    if (r.op === 'in') {
      const values = r.value
        .split(/[,，]/)
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (!values.length) return { filters, error: missingValue };
      filters.push({ field: r.field, op: 'in', value: values });
      continue;
    }
    if (r.value === '') return { filters, error: missingValue };
    filters.push({ field: r.field, op: r.op, value: r.value });
  }
  return { filters, error: null };
}

/** The equivalent command line for a system integrator (a token instead of the browser session). */
export function curlCommand(code: string, purpose: string, params: URLSearchParams, suffix = '/records'): string {
  // ':' and ',' need no escaping in a query string; leaving them readable keeps `filter=XB:in:1,2` legible.
  const qs = params.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  const url = `${window.location.origin}/api/v1/data/${enc(code)}${suffix}${qs ? `?${qs}` : ''}`;
  return `curl -H "Authorization: Bearer $GOVSHARE_TOKEN" -H "X-Purpose: ${encodeURIComponent(purpose)}" "${url}"`;
}

/** 数据查询: filters, projection, sort and cursor paging over the records endpoint, plus key lookup. */
/** `onRead`: after every read (answered or refused), e.g. to show the quota's new count. */
export function QueryConsole({ info, onRead }: { info: DatasetInfo; onRead?: () => void }) {
  const { t } = useTranslation();
  const visible = useMemo(() => info.items.filter((i) => i.visible), [info.items]);
  const byCode = useMemo(() => new Map(info.items.map((i) => [i.code, i])), [info.items]);
  const [purpose, setPurpose] = useState(rememberedPurpose);
  const [purposeError, setPurposeError] = useState<string | null>(null);
  const [rows, setRows] = useState<FilterRow[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [sortField, setSortField] = useState<string | undefined>();
  const [sortDir, setSortDir] = useState<'asc' | 'desc'>('asc');
  const [limit, setLimit] = useState(20);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<RecordPage | null>(null);
  /** The request of the shown results (columns and paging follow it, not the form being edited). */
  const [ran, setRan] = useState<RecordsRequest | null>(null);
  const [total, setTotal] = useState<{ total: number; capped: boolean } | null>(null);
  /** Cursors of the pages before the current one (null = the first page). */
  const [history, setHistory] = useState<(string | null)[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [curl, setCurl] = useState<string | null>(null);

  const opOptions = FILTER_OPS.map((op) => ({ value: op, label: t(`exchange.op.${op}`) }));
  const label = (i: DatasetItem) => ({ value: i.code, label: `${i.name}（${i.code}）` });
  const fieldOptions = visible.map(label);
  // Masked items are served masked: the server refuses to filter or sort on them.
  const filterOptions = visible.filter((i) => !i.masked).map(label);
  const sortOptions = visible.filter((i) => i.indexed && !i.masked).map(label);

  /** Validates the purpose and the builder; returns the request or null (errors shown). */
  const buildRequest = (): RecordsRequest | null => {
    const p = purpose.trim();
    if (!p) {
      setPurposeError(t('exchange.query.purposeRequired'));
      return null;
    }
    if (p.length > PURPOSE_MAX) {
      setPurposeError(t('exchange.query.purposeTooLong', { max: PURPOSE_MAX }));
      return null;
    }
    setPurposeError(null);
    const { filters, error: filterError } = toFilters(rows, t('exchange.query.valueRequired'));
    if (filterError) {
      setError(filterError);
      return null;
    }
    return { filters, fields: fields.length ? fields : undefined, sort: sortField ? { field: sortField, dir: sortDir } : null, limit };
  };

  const fetchPage = async (req: RecordsRequest, at: string | null, first: boolean) => {
    setLoading(true);
    setError(null);
    try {
      const p = purpose.trim();
      rememberPurpose(p);
      const res = await exchangeApi.records(info.resourceCode, p, { ...req, cursor: at, count: first });
      setPage(res);
      setCursor(at);
      if (first) {
        setRan(req);
        setHistory([]);
        setTotal(res.total !== undefined ? { total: res.total, capped: !!res.totalCapped } : null);
      }
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setLoading(false);
      onRead?.();
    }
  };

  const run = () => {
    const req = buildRequest();
    if (req) void fetchPage(req, null, true);
  };

  const next = async () => {
    if (!ran || !page?.nextCursor) return;
    const before = cursor;
    if (await fetchPage(ran, page.nextCursor, false)) setHistory((h) => [...h, before]);
  };

  const prev = async () => {
    if (!ran || !history.length) return;
    const back = history[history.length - 1];
    if (await fetchPage(ran, back, false)) setHistory((h) => h.slice(0, -1));
  };

  const showCurl = () => {
    const req = buildRequest();
    if (req) setCurl(curlCommand(info.resourceCode, purpose.trim(), recordsParams({ ...req, count: true })));
  };

  const shownItems: DatasetItem[] = ran?.fields?.length ? ran.fields.map((c) => byCode.get(c)).filter((i): i is DatasetItem => !!i) : visible;
  const columns: TableProps<RecordRow>['columns'] = [
    ...shownItems.map((item) => ({
      key: item.code,
      title: <ItemTitle item={item} />,
      dataIndex: item.code,
      ellipsis: item.dataType === 'M',
      render: (_: unknown, row: RecordRow) => <ValueCell item={item} value={row[item.code]} />,
    })),
    { key: '_updatedAt', title: t('exchange.query.updatedAt'), dataIndex: '_updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  const setRow = (id: number, patch: Partial<FilterRow>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const totalText = total ? (total.capped ? t('exchange.query.totalCapped', { count: total.total }) : t('exchange.query.total', { count: total.total })) : null;

  return (
    <div data-testid="query-console">
      <Form layout="vertical">
        <Form.Item
          label={t('exchange.query.purpose')}
          required
          validateStatus={purposeError ? 'error' : undefined}
          help={purposeError ?? undefined}
          extra={t('exchange.query.purposeHelp')}
        >
          <Input
            value={purpose}
            maxLength={PURPOSE_MAX}
            onChange={(e) => {
              setPurpose(e.target.value);
              if (e.target.value.trim()) setPurposeError(null);
            }}
            placeholder={t('exchange.query.purposePlaceholder')}
            data-testid="query-purpose"
          />
        </Form.Item>
        <Form.Item label={t('exchange.query.filters')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {rows.map((r) => (
              <Space.Compact key={r.id} block data-testid="query-filter-row">
                <Select
                  value={r.field}
                  onChange={(v: string) => setRow(r.id, { field: v })}
                  options={filterOptions}
                  placeholder={t('exchange.query.field')}
                  showSearch
                  optionFilterProp="label"
                  style={{ width: '34%' }}
                  aria-label={t('exchange.query.field')}
                />
                <Select value={r.op} onChange={(v: FilterOp) => setRow(r.id, { op: v })} options={opOptions} style={{ width: 130 }} aria-label={t('exchange.query.op')} />
                <Input
                  value={r.value}
                  disabled={VALUELESS_OPS.includes(r.op)}
                  onChange={(e) => setRow(r.id, { value: e.target.value })}
                  onPressEnter={run}
                  placeholder={r.op === 'in' ? t('exchange.query.valueIn') : t('exchange.query.value')}
                  aria-label={t('exchange.query.value')}
                />
                <Button icon={<DeleteOutlined />} onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))} aria-label={t('exchange.query.removeFilter')} />
              </Space.Compact>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { id: nextRowId++, op: 'eq', value: '' }])} data-testid="query-add-filter">
              {t('exchange.query.addFilter')}
            </Button>
          </Space>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Form.Item label={t('exchange.query.fields')}>
              <Select
                mode="multiple"
                allowClear
                value={fields}
                onChange={setFields}
                options={fieldOptions}
                optionFilterProp="label"
                placeholder={t('exchange.query.fieldsPlaceholder')}
                maxTagCount="responsive"
                aria-label={t('exchange.query.fields')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={9}>
            <Form.Item label={t('exchange.query.sort')}>
              <Space.Compact block>
                <Select
                  allowClear
                  value={sortField}
                  onChange={(v?: string) => setSortField(v)}
                  options={sortOptions}
                  placeholder={t('exchange.query.sortDefault')}
                  style={{ width: '65%' }}
                  aria-label={t('exchange.query.sort')}
                />
                <Select
                  value={sortDir}
                  onChange={setSortDir}
                  disabled={!sortField}
                  options={[
                    { value: 'asc', label: t('exchange.query.asc') },
                    { value: 'desc', label: t('exchange.query.desc') },
                  ]}
                  style={{ width: '35%' }}
                />
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24} lg={5}>
            <Form.Item label={t('exchange.query.limit')}>
              <Select value={limit} onChange={setLimit} options={PAGE_SIZES.map((n) => ({ value: n, label: t('exchange.query.perPage', { count: n }) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={loading} onClick={run} data-testid="query-run">
            {t('exchange.query.run')}
          </Button>
          <Button icon={<CodeOutlined />} onClick={showCurl} data-testid="query-curl">
            {t('exchange.query.curl')}
          </Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="query-error" />}
      {page && (
        <>
          <Divider />
          <Space className="gs-toolbar" wrap>
            {totalText && <Typography.Text data-testid="query-total">{totalText}</Typography.Text>}
            <Typography.Text type="secondary">{t('exchange.query.page', { n: history.length + 1 })}</Typography.Text>
          </Space>
          <Table<RecordRow>
            rowKey="_key"
            size="small"
            columns={columns}
            dataSource={page.items}
            loading={loading}
            pagination={false}
            scroll={{ x: Math.max(800, shownItems.length * 160) }}
            data-testid="query-results"
            locale={{ emptyText: t('exchange.query.noResult') }}
          />
          <div className="gs-load-more">
            <Space>
              <Button icon={<LeftOutlined />} disabled={!history.length || loading} onClick={() => void prev()} data-testid="query-prev">
                {t('exchange.query.prevPage')}
              </Button>
              <Button disabled={!page.nextCursor || loading} onClick={() => void next()} data-testid="query-next">
                {t('exchange.query.nextPage')}
                <RightOutlined />
              </Button>
            </Space>
          </div>
        </>
      )}
      <Divider />
      <KeyLookup info={info} purpose={purpose} onMissingPurpose={() => setPurposeError(t('exchange.query.purposeRequired'))} onRead={onRead} />
      <Modal open={!!curl} title={t('exchange.query.curlTitle')} onCancel={() => setCurl(null)} footer={null} width={760} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('exchange.query.curlHint')}</Typography.Paragraph>
        <Typography.Paragraph className="gs-secret" copyable={{ text: curl ?? '', tooltips: [t('common.copy'), t('common.copied')] }} data-testid="query-curl-text">
          {curl}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}

/** 按主键查询: GET /records/{key}; a composite key is the canonical JSON array text. */
function KeyLookup({ info, purpose, onMissingPurpose, onRead }: { info: DatasetInfo; purpose: string; onMissingPurpose: () => void; onRead?: () => void }) {
  const { t } = useTranslation();
  const [row, setRow] = useState<RecordRow | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keyItems = info.items.filter((i) => i.isKey);
  const visible = info.items.filter((i) => i.visible);

  const lookup = async (key: string) => {
    const k = key.trim();
    if (!k) return;
    const p = purpose.trim();
    if (!p) {
      onMissingPurpose();
      return;
    }
    setLoading(true);
    setError(null);
    setRow(null);
    try {
      rememberPurpose(p);
      setRow(await exchangeApi.record(info.resourceCode, p, k));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
      onRead?.();
    }
  };

  return (
    <div>
      <Typography.Title level={5}>{t('exchange.query.keyLookup')}</Typography.Title>
      <Input.Search
        enterButton={t('exchange.query.lookup')}
        loading={loading}
        onSearch={(v) => void lookup(v)}
        placeholder={keyItems.length > 1 ? t('exchange.query.keyPlaceholderComposite', { items: keyItems.map((i) => i.name).join('、') }) : t('exchange.query.keyPlaceholder', { item: keyItems[0]?.name ?? '' })}
        style={{ maxWidth: 560 }}
        data-testid="query-key"
      />
      {keyItems.length > 1 && (
        <Typography.Text type="secondary" className="gs-hint">
          {t('exchange.query.keyHelp')}
        </Typography.Text>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="query-key-error" />}
      {row && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }} data-testid="query-key-result">
          {visible
            .filter((i) => i.code in row)
            .map((i) => (
              <Descriptions.Item key={i.code} label={<ItemTitle item={i} />}>
                <ValueCell item={i} value={row[i.code]} />
              </Descriptions.Item>
            ))}
          <Descriptions.Item label={t('exchange.query.rev')}>{row._rev}</Descriptions.Item>
          <Descriptions.Item label={t('exchange.query.updatedAt')}>
            <Time value={row._updatedAt} />
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
