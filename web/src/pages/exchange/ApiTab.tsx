import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Popover, Space, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import type { DatasetInfo, DatasetItem, OpenApiDocument, OpenApiSchema } from '../../exchangeTypes';
import { dataTypeLabel } from '../catalog/components';
import { enc, exchangeApi, rememberedPurpose } from './exchangeApi';

interface SchemaRow {
  field: string;
  name: string;
  type: string;
  length: number | null;
  codeSet: { value: string; label: string }[];
  masked: boolean;
  required: boolean;
}

interface EndpointRow {
  method: string;
  path: string;
  summary: string;
}

const METHOD_COLORS: Record<string, string> = { get: 'blue', post: 'green', put: 'orange', patch: 'gold', delete: 'red' };

function resolve(doc: OpenApiDocument, s: OpenApiSchema | undefined): OpenApiSchema | undefined {
  if (!s?.$ref) return s;
  const name = s.$ref.split('/').pop() ?? '';
  return doc.components?.schemas?.[name];
}

/** The document's `Record` schema (tabular resources only). */
function recordProperties(doc: OpenApiDocument): { properties: Record<string, OpenApiSchema>; required: string[] } | null {
  const schema = doc.components?.schemas?.Record;
  if (!schema?.properties) return null;
  const required = Array.isArray((schema as { required?: unknown }).required) ? (schema as { required: string[] }).required : [];
  return { properties: schema.properties, required };
}

function schemaRows(doc: OpenApiDocument | null, items: DatasetItem[], typeOf: (i: DatasetItem) => string): SchemaRow[] {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const fromItem = (i: DatasetItem): SchemaRow => ({
    field: i.code,
    name: i.name,
    type: typeOf(i),
    length: i.length,
    codeSet: i.codeSet ?? [],
    masked: i.masked,
    required: i.required || i.isKey,
  });
  const rec = doc ? recordProperties(doc) : null;
  if (!rec) return items.filter((i) => i.visible).map(fromItem);
  return Object.entries(rec.properties).map(([field, raw]) => {
    const p = resolve(doc!, raw) ?? raw;
    const item = byCode.get(field);
    const base = item ? fromItem(item) : null;
    const type = [p.type, p.format].filter(Boolean).join(' / ');
    // buildResourceOpenApi marks masked items with x-masking (the rule) and lists code sets in x-code-set.
    const masking = p['x-masking'];
    const xCodeSet = Array.isArray(p['x-code-set']) ? (p['x-code-set'] as { value: string; label: string }[]) : null;
    const enumValues = (p.enum ?? []).filter((v) => v !== null).map((v) => ({ value: String(v), label: '' }));
    return {
      field,
      name: base?.name ?? p.title ?? '',
      type: base ? `${type}${type ? ' · ' : ''}${base.type}` : type,
      length: p.maxLength ?? base?.length ?? null,
      codeSet: xCodeSet ?? (base?.codeSet.length ? base.codeSet : enumValues),
      masked: (typeof masking === 'string' && masking !== 'none') || (base?.masked ?? false),
      required: rec.required.includes(field) || (base?.required ?? false),
    };
  });
}

/** A plausible value of an item for an example filter. */
function exampleValue(item: DatasetItem): string {
  if (item.codeSet?.length) return item.codeSet[0].value;
  if (item.dataType === 'D') return '2024-01-01';
  if (item.dataType === 'T') return '2024-01-01T00:00:00Z';
  if (['N', 'Y', 'I', 'B', 'F'].includes(item.dataType)) return '1';
  if (item.dataType === 'L') return 'true';
  return 'value';
}

type ExampleName = 'query' | 'key' | 'changes' | 'upload' | 'files' | 'download';

/** curl examples of the unified interface (第十七条) for this resource. */
function examples(info: DatasetInfo, purpose: string, origin: string): { title: ExampleName; command: string }[] {
  const base = `${origin}/api/v1/data/${enc(info.resourceCode)}`;
  const auth = '-H "Authorization: Bearer $GOVSHARE_TOKEN"';
  const p = `-H "X-Purpose: ${encodeURIComponent(purpose)}"`;
  const keyItem = info.items.find((i) => i.isKey);
  const filterItem = info.items.find((i) => i.visible && i.indexed && !i.isKey) ?? keyItem;
  const filter = filterItem ? `filter=${filterItem.code}:eq:${encodeURIComponent(exampleValue(filterItem))}&` : '';
  if (!info.tabular) {
    return [
      { title: 'files', command: `curl ${auth} ${p} "${base}/files"` },
      { title: 'download', command: `curl -OJ ${auth} ${p} "${base}/files/<fileId>/content"` },
    ];
  }
  const list: { title: ExampleName; command: string }[] = [
    { title: 'query', command: `curl ${auth} ${p} "${base}/records?${filter}limit=100&count=true"` },
    { title: 'key', command: `curl ${auth} ${p} "${base}/records/${keyItem ? `<${keyItem.code}>` : '<key>'}"` },
    { title: 'changes', command: `curl ${auth} ${p} "${base}/changes?after=0&limit=1000"` },
  ];
  if (info.canUpload) {
    list.push({
      title: 'upload',
      command: `curl -X POST ${auth} -H "Content-Type: text/csv" -H "Idempotency-Key: $(uuidgen)" --data-binary @data.csv "${base}/batches?mode=upsert&fileName=data.csv"`,
    });
  }
  return list;
}

/** 接口说明: the resource's record schema and endpoints, from its OpenAPI document, with curl examples. */
export function ApiTab({ info }: { info: DatasetInfo }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    exchangeApi
      .openapi(info.resourceCode)
      .then((d) => live && (setDoc(d), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [info.resourceCode]);

  const rows = useMemo(() => schemaRows(doc, info.items, (i) => dataTypeLabel(t, i.dataType)), [doc, info.items, t]);
  const endpoints = useMemo<EndpointRow[]>(
    () =>
      Object.entries(doc?.paths ?? {}).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([m]) => m in METHOD_COLORS)
          .map(([method, op]) => ({ method, path, summary: op.summary ?? op.description ?? '' })),
      ),
    [doc],
  );
  const purpose = rememberedPurpose() || t('exchange.api.purposeExample');
  const fileName = `${info.resourceCode.replace(/[^A-Za-z0-9_-]+/g, '_')}-openapi.json`;

  return (
    <div data-testid="api-tab">
      <Space className="gs-toolbar" wrap>
        <a href={exchangeApi.openapiUrl(info.resourceCode)} download={fileName} data-testid="api-download">
          <Button icon={<DownloadOutlined />}>{t('exchange.api.download')}</Button>
        </a>
        {doc?.info?.version && <Typography.Text type="secondary">{t('exchange.api.version', { version: doc.info.version, openapi: doc.openapi ?? '' })}</Typography.Text>}
      </Space>
      {error && <Alert type="warning" showIcon message={t('exchange.api.loadFailed')} description={error} className="gs-form-alert" />}
      {loading && <Spin />}
      {info.tabular && (
        <>
          <Typography.Title level={5}>{t('exchange.api.schema')}</Typography.Title>
          <Table<SchemaRow>
            rowKey="field"
            size="small"
            pagination={false}
            dataSource={rows}
            data-testid="api-schema"
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('exchange.api.field'),
                dataIndex: 'field',
                width: 220,
                render: (v: string, r) => (
                  <Space direction="vertical" size={0}>
                    <span className="gs-mono">
                      {v}
                      {r.required && <Typography.Text type="danger"> *</Typography.Text>}
                    </span>
                    {r.name && <Typography.Text type="secondary" className="gs-small">{r.name}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t('exchange.api.type'), dataIndex: 'type', width: 220 },
              { title: t('exchange.api.length'), dataIndex: 'length', width: 80, render: (v: number | null) => v ?? t('common.none') },
              {
                title: t('exchange.api.codeSet'),
                key: 'codeSet',
                render: (_, r) =>
                  r.codeSet.length ? (
                    <Popover
                      title={t('exchange.api.codeSet')}
                      content={
                        <div style={{ maxHeight: 280, overflow: 'auto' }}>
                          {r.codeSet.map((c) => (
                            <div key={c.value}>
                              <span className="gs-mono">{c.value}</span> {c.label}
                            </div>
                          ))}
                        </div>
                      }
                    >
                      <Tag className="gs-clickable">{t('exchange.api.codeCount', { count: r.codeSet.length })}</Tag>
                    </Popover>
                  ) : (
                    t('common.none')
                  ),
              },
              {
                title: t('exchange.api.masked'),
                dataIndex: 'masked',
                width: 90,
                render: (v: boolean) =>
                  v ? (
                    <Tag color="orange" bordered={false}>
                      {t('exchange.query.masked')}
                    </Tag>
                  ) : (
                    t('common.none')
                  ),
              },
            ]}
          />
        </>
      )}
      {endpoints.length > 0 && (
        <>
          <Typography.Title level={5} className="gs-section-title">
            {t('exchange.api.endpoints')}
          </Typography.Title>
          <Table<EndpointRow>
            rowKey={(r) => `${r.method} ${r.path}`}
            size="small"
            pagination={false}
            dataSource={endpoints}
            data-testid="api-endpoints"
            columns={[
              { title: t('exchange.api.method'), dataIndex: 'method', width: 90, render: (m: string) => <Tag color={METHOD_COLORS[m]}>{m.toUpperCase()}</Tag> },
              { title: t('exchange.api.path'), dataIndex: 'path', render: (v: string) => <span className="gs-mono gs-small">{v}</span> },
              { title: t('exchange.api.summary'), dataIndex: 'summary' },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} className="gs-section-title">
        {t('exchange.api.examples')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('exchange.api.examplesHint')}</Typography.Paragraph>
      {examples(info, purpose, window.location.origin).map((ex) => (
        <div key={ex.title} data-testid={`api-example-${ex.title}`}>
          <Typography.Text strong>{t(`exchange.api.example.${ex.title as ExampleName}`)}</Typography.Text>
          <Typography.Paragraph className="gs-secret" copyable={{ text: ex.command, tooltips: [t('common.copy'), t('common.copied')] }}>
            {ex.command}
          </Typography.Paragraph>
        </div>
      ))}
    </div>
  );
}
