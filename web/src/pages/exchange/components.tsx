import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatTime } from '../../components/labels';
import type { MessageKey } from '../../i18n/keys';
import type { AccessBasis, BatchState, DatasetItem, StoredValue } from '../../exchangeTypes';

const BASIS_COLORS: Record<AccessBasis, string> = { provider: 'blue', mandatory: 'green', grant: 'orange' };

/** 提供方 / 强制共享 / 授权 (grant id) — why the caller may use the data. */
export function BasisTag({ basis, grantId }: { basis: AccessBasis | null | undefined; grantId?: string | null }) {
  const { t } = useTranslation();
  if (!basis) return <Tag>{t('exchange.basis.none')}</Tag>;
  return (
    <Tag color={BASIS_COLORS[basis]} data-testid="access-basis">
      {t(`exchange.basis.${basis}`)}
      {basis === 'grant' && grantId ? (
        // The grant's id is long (a UUID): its start identifies it, the whole id on hover.
        <Tooltip title={<span className="gs-mono">{grantId}</span>}>
          <span className="gs-mono" data-testid="access-grant">
            {' '}
            {grantId.slice(0, 8)}
          </span>
        </Tooltip>
      ) : null}
    </Tag>
  );
}

/** Update timeliness (第十六、十九条): on time / overdue (red) / no data yet, with the due date. */
export function UpdateStatus({ overdue, lastUpdateAt, dueAt, daysOverdue }: { overdue: boolean; lastUpdateAt: string | null; dueAt: string | null; daysOverdue?: number }) {
  const { t } = useTranslation();
  const tag = overdue ? (
    <Tag color="error" data-testid="update-status">
      {daysOverdue ? t('exchange.status.overdueDays', { count: daysOverdue }) : t('exchange.status.overdue')}
    </Tag>
  ) : lastUpdateAt ? (
    <Tag color="success" data-testid="update-status">
      {t('exchange.status.onTime')}
    </Tag>
  ) : (
    <Tag data-testid="update-status">{t('exchange.status.noData')}</Tag>
  );
  return (
    <Space size={4} wrap>
      {tag}
      {dueAt && (
        <Typography.Text type={overdue ? 'danger' : 'secondary'} className="gs-small">
          {t(overdue ? 'exchange.status.dueWas' : 'exchange.status.nextDue', { date: formatTime(dueAt).slice(0, 10) })}
        </Typography.Text>
      )}
    </Space>
  );
}

const BATCH_COLORS: Record<BatchState, string> = {
  received: 'default',
  validating: 'processing',
  applying: 'processing',
  committed: 'success',
  validated: 'cyan',
  rejected: 'error',
  aborted: 'warning',
};

export function BatchStateTag({ state, dryRun }: { state: BatchState; dryRun?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={2}>
      <Tag color={BATCH_COLORS[state] ?? 'default'}>{t(`exchange.batchState.${state}`, { defaultValue: state })}</Tag>
      {dryRun && <Tag bordered={false}>{t('exchange.batches.dryRun')}</Tag>}
    </Space>
  );
}

/** A state word of subscriptions/deliveries; unknown words are shown as sent. */
export function StateWord({ group, state }: { group: 'subState' | 'deliveryState'; state: string }) {
  const { t } = useTranslation();
  const color =
    state === 'active' || state === 'delivered'
      ? 'success'
      : state === 'paused' || state === 'stopped'
        ? 'default'
        : state === 'dead_letter' || state === 'dead'
          ? 'error'
          : 'processing';
  return <Tag color={color}>{t(`exchange.${group}.${state}` as MessageKey, { defaultValue: state })}</Tag>;
}

/** A stored value as text: booleans as 是/否, null as a dash. */
export function valueText(t: TFunction, v: StoredValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('catalog.yes') : t('catalog.no');
  return String(v);
}

/** A cell of a records table; a code-set value is followed by its label. */
export function ValueCell({ item, value }: { item?: DatasetItem; value: StoredValue | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const text = valueText(t, value);
  const label = item?.codeSet?.find((c) => c.value === text)?.label;
  return label ? (
    <span>
      {text}
      <Typography.Text type="secondary" className="gs-small">
        {' '}
        {label}
      </Typography.Text>
    </span>
  ) : (
    <span>{text}</span>
  );
}

/** Column title of a data item: its name, the code on hover, a 脱敏 tag when masked. */
export function ItemTitle({ item }: { item: Pick<DatasetItem, 'code' | 'name' | 'masked' | 'isKey'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tooltip title={<span className="gs-mono">{item.code}</span>}>
        <span>{item.name}</span>
      </Tooltip>
      {item.isKey && (
        <Tag color="blue" bordered={false} className="gs-mono-tag">
          {t('exchange.dataset.key')}
        </Tag>
      )}
      {item.masked && (
        <Tag color="orange" bordered={false} className="gs-mono-tag" data-testid="masked-tag">
          {t('exchange.query.masked')}
        </Tag>
      )}
    </Space>
  );
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
