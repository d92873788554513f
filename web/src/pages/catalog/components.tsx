import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Descriptions, Empty, Space, Table, Tag, Timeline, Tooltip, Typography, type TableProps } from 'antd';
import {
  ArrowRightOutlined,
  CheckCircleOutlined,
  ExclamationCircleOutlined,
  FileProtectOutlined,
  KeyOutlined,
  LockOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../api';
import { fetchAll } from '../../hooks';
import { formatTime, Time } from '../../components/labels';
import type { MessageKey } from '../../i18n/keys';
import type {
  ChangeKind,
  Classification,
  DataElement,
  DataItem,
  DataType,
  DuplicateItemWarning,
  Layer,
  Resource,
  ResourceDiff,
  ResourceFormat,
  SecrecyLevel,
  SharingType,
  TimelineEntry,
  VersionState,
} from '../../catalogTypes';
import { resourceLink } from './catalogApi';
import './catalog.css';

// ---- tags

const LAYER_COLORS: Record<Layer, string> = { base: 'blue', platform: 'geekblue', specialized: 'purple', node: 'cyan' };
const SHARING_COLORS: Record<SharingType, string> = { mandatory: 'green', restricted: 'orange', none: 'default' };
const STATE_COLORS: Record<VersionState, string> = {
  proposed: 'purple',
  draft: 'default',
  submitted: 'processing',
  returned: 'error',
  approved: 'cyan',
  published: 'success',
  superseded: 'default',
  withdrawn: 'default',
  discarded: 'default',
};
const SECRECY_COLORS: Record<SecrecyLevel, string> = { public: 'green', internal: 'blue', secret_classified: 'red' };

export function LayerTag({ layer }: { layer: Layer }) {
  const { t } = useTranslation();
  return <Tag color={LAYER_COLORS[layer]}>{t(`catalog.layer.${layer}`)}</Tag>;
}

export function SharingTag({ type }: { type: SharingType }) {
  const { t } = useTranslation();
  return <Tag color={SHARING_COLORS[type]}>{t(`catalog.sharingType.${type}`)}</Tag>;
}

export function StateTag({ state }: { state: VersionState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="state-tag">
      {t(`catalog.state.${state}`)}
    </Tag>
  );
}

export function FormatTag({ format }: { format: ResourceFormat }) {
  const { t } = useTranslation();
  return <Tag>{t(`catalog.format.${format}`)}</Tag>;
}

export function SecrecyTag({ level }: { level: SecrecyLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={SECRECY_COLORS[level]} icon={level === 'secret_classified' ? <LockOutlined /> : undefined}>
      {t(`catalog.secrecy.${level}`)}
    </Tag>
  );
}

export function ChangeKindTag({ kind }: { kind: ChangeKind }) {
  const { t } = useTranslation();
  const color = kind === 'create' ? 'blue' : kind === 'update' ? 'gold' : 'volcano';
  return (
    <Tag color={color} bordered={false}>
      {t(`catalog.changeKind.${kind}`)}
    </Tag>
  );
}

export function ResourceLink({ code, name, version }: { code: string; name?: ReactNode; version?: number }) {
  return <Link to={resourceLink(code, version)}>{name ?? code}</Link>;
}

export function dataTypeLabel(t: TFunction, type: DataType): string {
  return `${type} ${t(`catalog.dataType.${type}`)}`;
}

/** "C(50)", "N(12,2)", "D" — the sizing the catalog-compilation sheets print. */
export function sizeLabel(item: Pick<DataItem, 'dataType' | 'length' | 'precision'>): string {
  if (item.length == null) return '';
  return item.precision != null && (item.dataType === 'N' || item.dataType === 'Y') ? `${item.length}, ${item.precision}` : String(item.length);
}

// ---- shared reference data

interface Ref<T> {
  items: T[];
  loading: boolean;
  error: string | null;
}

function useAll<T>(path: string, enabled = true): Ref<T> & { reload: () => void } {
  const [state, setState] = useState<Ref<T>>({ items: [], loading: enabled, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fetchAll<T>(path)
      .then((items) => live && setState({ items, loading: false, error: null }))
      .catch((e: unknown) => live && setState({ items: [], loading: false, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [path, tick, enabled]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function useDataElements(enabled = true) {
  const all = useAll<DataElement>('/catalog/data-elements', enabled);
  const byCode = useMemo(() => new Map(all.items.map((e) => [e.code, e])), [all.items]);
  return { ...all, byCode };
}

export function useClassifications(enabled = true) {
  const all = useAll<Classification>('/catalog/classifications', enabled);
  const byId = useMemo(() => new Map(all.items.map((c) => [c.id, c])), [all.items]);
  return { ...all, byId };
}

export interface ClassNode {
  key: string;
  value: string;
  title: string;
  label: string;
  children: ClassNode[];
  selectable?: boolean;
}

/** The 类-项-目-细目 forest of one kind (or of all kinds, under one root per kind). */
export function classificationTree(items: Classification[], t: TFunction, withKindRoots: boolean): ClassNode[] {
  const ids = new Set(items.map((c) => c.id));
  const byParent = new Map<string | null, Classification[]>();
  for (const c of [...items].sort((a, b) => a.code.localeCompare(b.code))) {
    const p = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), c]);
  }
  const build = (parent: string | null, kind?: string): ClassNode[] =>
    (byParent.get(parent) ?? [])
      .filter((c) => !kind || c.kind === kind)
      .map((c) => ({ key: c.id, value: c.id, title: `${c.code} ${c.name}`, label: `${c.code} ${c.name}`, children: build(c.id) }));
  if (!withKindRoots) return build(null);
  return (['basic', 'theme', 'department'] as const)
    .map((kind) => ({
      key: `kind:${kind}`,
      value: `kind:${kind}`,
      title: t(`catalog.classKind.${kind}`),
      label: t(`catalog.classKind.${kind}`),
      selectable: false,
      children: build(null, kind),
    }))
    .filter((n) => n.children.length > 0);
}

// ---- one data, one source

/** The item maps to a standard element another unit is authoritative for: a duplicate collection. */
export function duplicateOf(item: Pick<DataItem, 'elementCode'>, providerUnitId: string, elements: Map<string, DataElement>): DataElement | null {
  if (!item.elementCode) return null;
  const el = elements.get(item.elementCode);
  return el && el.authoritativeUnitId !== providerUnitId ? el : null;
}

export function ElementCell({
  code,
  providerUnitId,
  elements,
  warning,
}: {
  code: string | null;
  providerUnitId: string;
  elements: Map<string, DataElement>;
  /** The server's one-data-one-source flag for this item, when the caller has it. */
  warning?: DuplicateItemWarning;
}) {
  const { t } = useTranslation();
  if (!code) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const el = elements.get(code);
  const local = duplicateOf({ elementCode: code }, providerUnitId, elements);
  const dup = warning ? { authoritativeUnitName: warning.authoritativeUnitName, name: warning.elementName } : local;
  return (
    <Space size={4} wrap>
      <span>
        {el?.name ?? warning?.elementName ?? code}
        <Typography.Text type="secondary" className="gs-small gs-mono">
          {' '}
          {code}
        </Typography.Text>
      </span>
      {dup && (
        <Tooltip title={t('catalog.item.duplicateHint', { unit: dup.authoritativeUnitName, element: dup.name })}>
          <Tag color="warning" icon={<WarningOutlined />} data-testid="duplicate-flag">
            {t('catalog.item.duplicate')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

// ---- data items (read only)

export function DataItemsTable({
  items,
  providerUnitId,
  elements,
  duplicates,
}: {
  items: DataItem[];
  providerUnitId: string;
  elements: Map<string, DataElement>;
  /** The server's duplicate-collection warnings (ResourceDetail.duplicateItems); computed locally when absent. */
  duplicates?: DuplicateItemWarning[];
}) {
  const { t } = useTranslation();
  const warnings = useMemo(() => {
    if (duplicates) return duplicates;
    return items.flatMap((d): DuplicateItemWarning[] => {
      const el = duplicateOf(d, providerUnitId, elements);
      return el
        ? [{ itemCode: d.code, itemName: d.name, elementCode: el.code, elementName: el.name, authoritativeUnitId: el.authoritativeUnitId, authoritativeUnitName: el.authoritativeUnitName, authoritativeResource: null }]
        : [];
    });
  }, [duplicates, items, providerUnitId, elements]);
  const byItem = new Map(warnings.map((w) => [w.itemCode, w]));
  const columns: TableProps<DataItem>['columns'] = [
    { title: t('catalog.item.seq'), dataIndex: 'seq', width: 50, align: 'center' },
    {
      title: t('catalog.item.name'),
      dataIndex: 'name',
      width: 170,
      render: (_, d) => (
        <div>
          <Space size={4}>
            <span className="gs-item-name">{d.name}</span>
            {d.isKey && (
              <Tooltip title={t('catalog.item.isKey')}>
                <KeyOutlined className="gs-key-icon" aria-label={t('catalog.item.isKey')} />
              </Tooltip>
            )}
          </Space>
          {d.description && (
            <div>
              <Typography.Text type="secondary" className="gs-small">
                {d.description}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: t('catalog.item.code'), dataIndex: 'code', width: 140, render: (v: string) => <span className="gs-mono">{v}</span> },
    { title: t('catalog.item.dataType'), dataIndex: 'dataType', width: 100, render: (v: DataType) => dataTypeLabel(t, v) },
    { title: t('catalog.item.length'), key: 'size', width: 80, render: (_, d) => sizeLabel(d) || t('common.none') },
    {
      title: t('catalog.item.isKey'),
      dataIndex: 'isKey',
      width: 70,
      align: 'center',
      render: (v: boolean) => (v ? <CheckCircleOutlined className="gs-yes" aria-label={t('catalog.yes')} /> : ''),
    },
    {
      title: t('catalog.item.required'),
      dataIndex: 'required',
      width: 70,
      align: 'center',
      render: (v: boolean) => (v ? <CheckCircleOutlined className="gs-yes" aria-label={t('catalog.yes')} /> : ''),
    },
    {
      title: t('catalog.item.sensitivity'),
      key: 'sensitivity',
      width: 140,
      render: (_, d) =>
        d.sensitivity === 'none' ? (
          <Typography.Text type="secondary">{t('catalog.sensitivity.none')}</Typography.Text>
        ) : (
          <Space size={2} direction="vertical">
            <Tag color={d.sensitivity === 'privacy' ? 'gold' : 'red'}>{t(`catalog.sensitivity.${d.sensitivity}`)}</Tag>
            <Typography.Text type="secondary" className="gs-small">
              {t(`catalog.masking.${d.masking}`)}
              {d.masking === 'custom' && d.maskingCustom
                ? ` (${t('catalog.item.customShort', { start: d.maskingCustom.keepStart, end: d.maskingCustom.keepEnd, char: d.maskingCustom.maskChar })})`
                : ''}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: t('catalog.item.elementCode'),
      dataIndex: 'elementCode',
      width: 190,
      render: (v: string | null, d) => <ElementCell code={v} providerUnitId={providerUnitId} elements={elements} warning={byItem.get(d.code)} />,
    },
    {
      title: t('catalog.item.codeSet'),
      dataIndex: 'codeSet',
      width: 160,
      render: (v: DataItem['codeSet']) =>
        v && v.length ? (
          <Typography.Text className="gs-small" ellipsis={{ tooltip: v.map((e) => `${e.value} ${e.label}`).join('；') }} style={{ maxWidth: 150 }}>
            {v.map((e) => `${e.value}=${e.label}`).join('；')}
          </Typography.Text>
        ) : (
          ''
        ),
    },
  ];
  return (
    <>
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="gs-form-alert"
          data-testid="duplicate-alert"
          message={t('catalog.item.duplicateAlert', { count: warnings.length })}
          description={
            <ul className="gs-returned-list">
              {warnings.map((w) => (
                <li key={w.itemCode}>
                  {t('catalog.item.duplicateLine', { item: w.itemName, element: w.elementName, unit: w.authoritativeUnitName })}
                  {w.authoritativeResource && (
                    <>
                      {t('catalog.item.useInstead')}
                      <ResourceLink code={w.authoritativeResource.code} name={w.authoritativeResource.name} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table<DataItem>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1150 }}
        className="gs-items-table"
        data-testid="data-items-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.item.none')} /> }}
      />
    </>
  );
}

// ---- metadata

const METADATA_COLUMNS = { xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 };

export function ResourceMetadata({ r }: { r: Resource }) {
  const column = 2;
  const { t } = useTranslation();
  const none = t('common.none');
  const list = (v: string[]) => (v.length ? v.map((x) => <Tag key={x}>{x}</Tag>) : none);
  return (
    <Descriptions column={METADATA_COLUMNS} bordered size="small" styles={{ label: { width: 140, whiteSpace: 'nowrap' } }} data-testid="resource-metadata">
      <Descriptions.Item label={t('catalog.field.code')}>
        <Typography.Text className="gs-mono" copyable>
          {r.code}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.version')}>
        <Space size={4}>
          <span>v{r.version}</span>
          <StateTag state={r.state} />
          <ChangeKindTag kind={r.changeKind} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.name')} span={column}>
        {r.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.abstract')} span={column}>
        <span className="gs-prewrap">{r.abstract || none}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.provider')}>{r.providerUnitName}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.providerDepartment')}>{r.providerDepartment || none}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.classification')}>
        <span className="gs-mono gs-small">{r.classificationCode}</span> {r.classificationName}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.layer')}>
        <LayerTag layer={r.layer} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.format')}>
        <FormatTag format={r.format} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.storageFormat')}>{r.storageFormat || none}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.secrecyLevel')}>
        <SecrecyTag level={r.secrecyLevel} />
        {r.metadataOnly && <Tag color="red">{t('catalog.field.metadataOnly')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.dataGrade')}>{t(`catalog.grade.${r.dataGrade}`)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.sharingType')}>
        <SharingTag type={r.sharingType} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.sharingMethods')}>
        {r.sharingMethods.length ? r.sharingMethods.map((m) => <Tag key={m}>{t(`catalog.method.${m}`)}</Tag>) : none}
      </Descriptions.Item>
      {r.sharingType === 'restricted' && (
        <Descriptions.Item label={t('catalog.field.sharingConditions')} span={column}>
          <span className="gs-prewrap">{r.sharingConditions || none}</span>
        </Descriptions.Item>
      )}
      {r.sharingType === 'none' && (
        <Descriptions.Item label={t('catalog.field.legalBasis')} span={column}>
          <span className="gs-prewrap">{r.legalBasis || none}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('catalog.field.openAttribute')}>{t(`catalog.openAttribute.${r.openAttribute}`)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.updateCycle')}>
        {t(`catalog.cycle.${r.updateCycle}`)}
        <Typography.Text type="secondary" className="gs-small">
          {' · '}
          {t('catalog.field.timeLimit', { days: r.updateTimeLimitDays })}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.sourceSystem')}>{r.sourceSystem || none}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.targetDatabase')}>{r.targetDatabase || none}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.keywords')}>{list(r.keywords)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.scenarios')}>{list(r.scenarios)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.relatedCodes')} span={column}>
        {r.relatedCodes.length
          ? r.relatedCodes.map((c) => (
              <Tag key={c} className="gs-mono">
                <ResourceLink code={c} />
              </Tag>
            ))
          : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.publishedAt')}>
        <Time value={r.publishedAt} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.field.updatedAt')}>
        <Time value={r.updatedAt} />
      </Descriptions.Item>
    </Descriptions>
  );
}

// ---- how to get access

export function AccessBox({ r, unitNames }: { r: Resource; unitNames?: Map<string, string> }) {
  const { t } = useTranslation();
  if (r.metadataOnly || r.secrecyLevel === 'secret_classified') {
    return (
      <Alert
        type="error"
        showIcon
        icon={<LockOutlined />}
        data-testid="access-box"
        message={t('catalog.access.classifiedTitle')}
        description={t('catalog.access.classified')}
      />
    );
  }
  if (r.sharingType === 'mandatory') {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="access-box"
        message={t('catalog.access.mandatoryTitle')}
        description={
          <>
            <div>{t('catalog.access.mandatory')}</div>
            {r.sharingMethods.length > 0 && (
              <div className="gs-access-methods">
                {t('catalog.field.sharingMethods')}：{r.sharingMethods.map((m) => t(`catalog.method.${m}`)).join('、')}
              </div>
            )}
          </>
        }
      />
    );
  }
  if (r.sharingType === 'restricted') {
    const scope = r.sharingScope.all
      ? t('catalog.access.scopeAll')
      : r.sharingScope.unitIds.map((id) => unitNames?.get(id) ?? id).join('、') || t('common.none');
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="access-box"
        message={t('catalog.access.restrictedTitle')}
        description={
          <>
            <div>{t('catalog.access.restricted')}</div>
            <div className="gs-access-line">
              <Typography.Text strong>{t('catalog.field.sharingConditions')}：</Typography.Text>
              {r.sharingConditions}
            </div>
            <div className="gs-access-line">
              <Typography.Text strong>{t('catalog.field.sharingScope')}：</Typography.Text>
              {scope}
            </div>
            <Tooltip title={t('catalog.access.applySoon')}>
              {/* A disabled button swallows pointer events; the span keeps the tooltip working. */}
              <span className="gs-access-apply">
                <Button type="primary" icon={<FileProtectOutlined />} disabled data-testid="access-apply">
                  {t('catalog.access.apply')}
                </Button>
              </span>
            </Tooltip>
          </>
        }
      />
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      icon={<StopOutlined />}
      data-testid="access-box"
      message={t('catalog.access.noneTitle')}
      description={
        <>
          <div>{t('catalog.access.none')}</div>
          <div className="gs-access-line">
            <Typography.Text strong>{t('catalog.field.legalBasis')}：</Typography.Text>
            {r.legalBasis}
          </div>
        </>
      }
    />
  );
}

// ---- version diff

const ENUM_FIELDS: Record<string, string> = {
  layer: 'catalog.layer',
  format: 'catalog.format',
  secrecyLevel: 'catalog.secrecy',
  dataGrade: 'catalog.grade',
  sharingType: 'catalog.sharingType',
  openAttribute: 'catalog.openAttribute',
  updateCycle: 'catalog.cycle',
  sharingMethods: 'catalog.method',
  dataType: 'catalog.dataType',
  sensitivity: 'catalog.sensitivity',
  masking: 'catalog.masking',
  state: 'catalog.state',
};

function fieldLabel(t: TFunction, field: string, item = false): string {
  const key = `catalog.${item ? 'item' : 'field'}.${field}`;
  return t(key as MessageKey, { defaultValue: field });
}

export function formatValue(t: TFunction, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('common.none');
  if (typeof v === 'boolean') return v ? t('catalog.yes') : t('catalog.no');
  const prefix = ENUM_FIELDS[field];
  if (Array.isArray(v)) {
    if (!v.length) return t('common.none');
    return v.map((x) => (prefix && typeof x === 'string' ? t(`${prefix}.${x}` as MessageKey, { defaultValue: x }) : formatValue(t, '', x))).join('、');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (field === 'sharingScope') return o.all ? t('catalog.access.scopeAll') : t('catalog.diff.units', { count: Array.isArray(o.unitIds) ? o.unitIds.length : 0 });
    if ('value' in o && 'label' in o) return `${String(o.value)}=${String(o.label)}`;
    return JSON.stringify(v);
  }
  if (prefix && typeof v === 'string') return t(`${prefix}.${v}` as MessageKey, { defaultValue: v });
  if (field === 'publishedAt' && typeof v === 'string') return formatTime(v);
  return String(v);
}

interface DiffRow {
  key: string;
  what: ReactNode;
  field: string;
  from: string;
  to: string;
  kind: 'changed' | 'added' | 'removed';
}

export function VersionDiffView({ diff, fromLabel, toLabel }: { diff: ResourceDiff; fromLabel: string; toLabel: string }) {
  const { t } = useTranslation();
  const rows: DiffRow[] = [
    ...diff.changes.map((c) => ({
      key: `f:${c.field}`,
      what: fieldLabel(t, c.field),
      field: c.field,
      from: formatValue(t, c.field, c.from),
      to: formatValue(t, c.field, c.to),
      kind: 'changed' as const,
    })),
    ...diff.dataItems.added.map((d) => ({
      key: `a:${d.code}`,
      what: (
        <span>
          {t('catalog.diff.item')} <b>{d.name}</b> <span className="gs-mono gs-small">{d.code}</span>
        </span>
      ),
      field: '',
      from: '',
      to: `${dataTypeLabel(t, d.dataType)}${sizeLabel(d) ? `(${sizeLabel(d)})` : ''}${d.isKey ? ` · ${t('catalog.item.isKey')}` : ''}`,
      kind: 'added' as const,
    })),
    ...diff.dataItems.removed.map((d) => ({
      key: `r:${d.code}`,
      what: (
        <span>
          {t('catalog.diff.item')} <b>{d.name}</b> <span className="gs-mono gs-small">{d.code}</span>
        </span>
      ),
      field: '',
      from: `${dataTypeLabel(t, d.dataType)}${sizeLabel(d) ? `(${sizeLabel(d)})` : ''}`,
      to: '',
      kind: 'removed' as const,
    })),
    ...diff.dataItems.changed.map((c) => ({
      key: `c:${c.code}:${c.field}`,
      what: (
        <span>
          {t('catalog.diff.item')} <span className="gs-mono">{c.code}</span> · {fieldLabel(t, c.field, true)}
        </span>
      ),
      field: c.field,
      from: formatValue(t, c.field, c.from),
      to: formatValue(t, c.field, c.to),
      kind: 'changed' as const,
    })),
  ];
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.diff.same')} />;
  const kindTag = (k: DiffRow['kind']) =>
    k === 'added' ? <Tag color="green">{t('catalog.diff.added')}</Tag> : k === 'removed' ? <Tag color="red">{t('catalog.diff.removed')}</Tag> : <Tag color="gold">{t('catalog.diff.changed')}</Tag>;
  return (
    <Table<DiffRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      data-testid="version-diff"
      columns={[
        { title: t('catalog.diff.kind'), dataIndex: 'kind', width: 80, render: kindTag },
        { title: t('catalog.diff.what'), dataIndex: 'what', width: 220 },
        {
          title: fromLabel,
          dataIndex: 'from',
          render: (v: string) => (v ? <span className="gs-diff-from">{v}</span> : ''),
        },
        { title: '', key: 'arrow', width: 32, render: () => <ArrowRightOutlined className="gs-muted" /> },
        {
          title: toLabel,
          dataIndex: 'to',
          render: (v: string) => (v ? <span className="gs-diff-to">{v}</span> : ''),
        },
      ]}
    />
  );
}

// ---- workflow timeline

const ACTION_COLORS: Record<string, string> = {
  return: 'red',
  approve: 'green',
  confirm: 'green',
  submit: 'blue',
  discard: 'gray',
  withdraw: 'orange',
};

/** 'catalog.resource.start-change' → 'start-change'. */
export function actionName(action: string): string {
  return action.replace(/^catalog\.resource\./, '');
}

export function WorkflowTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.timeline.empty')} />;
  return (
    <Timeline
      data-testid="workflow-timeline"
      items={entries.map((e) => {
        const a = actionName(e.action);
        return {
          color: ACTION_COLORS[a] ?? 'blue',
          dot: a === 'return' ? <ExclamationCircleOutlined /> : undefined,
          children: (
            <div className="gs-timeline-entry">
              <div>
                <Typography.Text strong>{t(`catalog.action.${a}` as MessageKey, { defaultValue: a })}</Typography.Text>
                <Typography.Text type="secondary" className="gs-small">
                  {' '}
                  · v{e.version}
                  {e.fromState ? ` · ${t(`catalog.state.${e.fromState}`)} → ` : ' · '}
                  {t(`catalog.state.${e.toState}`)}
                </Typography.Text>
              </div>
              <Typography.Text type="secondary" className="gs-small">
                {formatTime(e.at)} · {e.actorName}
                {e.unitName ? `（${e.unitName}）` : ''}
              </Typography.Text>
              {e.comment && <div className={a === 'return' ? 'gs-comment gs-comment-return' : 'gs-comment'}>{e.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}

/** The reviewer's comment on a returned version, shown where the steward cannot miss it. */
export function ReturnedComment({ comment, testId = 'returned-comment' }: { comment: string | null; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      className="gs-returned"
      data-testid={testId}
      message={t('catalog.mine.returnedTitle')}
      description={<span className="gs-prewrap">{comment || t('common.none')}</span>}
    />
  );
}
