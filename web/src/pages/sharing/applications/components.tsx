import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationState, GrantState, RequiredField, RowFilter } from './applicationsApi';

const STATE_COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  incomplete: 'warning',
  under_review: 'processing',
  approved: 'success',
  coordination: 'orange',
  refused: 'error',
  withdrawn: 'default',
};

const GRANT_COLORS: Record<GrantState, string> = {
  pending_agreement: 'gold',
  active: 'success',
  suspended: 'orange',
  revoked: 'error',
  expired: 'default',
};

export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="application-state" data-state={state}>
      {t(`application.state.${state}`)}
    </Tag>
  );
}

export function GrantStateTag({ state }: { state: GrantState }) {
  const { t } = useTranslation();
  return (
    <Tag color={GRANT_COLORS[state]} data-testid="grant-state" data-state={state}>
      {t(`application.grantState.${state}`)}
    </Tag>
  );
}

/** The localized names of missing fields, joined. */
export function useMissingText() {
  const { t, i18n } = useTranslation();
  return (missing: RequiredField[]) => missing.map((m) => t(`application.field.${m}`)).join(i18n.language === 'en' ? ', ' : '、');
}

/** YYYY-MM-DD of an ISO instant in China Standard Time (grants store instants; the UI shows days). */
export function cstDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A grant's validUntil is exclusive (the start of the next day): show the last day it is in force. */
export function lastDay(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Date(t + 8 * 3600_000 - 1).toISOString().slice(0, 10);
}

/** Item codes with their names from the resource (the code when unknown). */
export function ItemList({ codes, names, all }: { codes: string[] | null; names: Map<string, string>; all: string }) {
  if (codes === null) return <Typography.Text>{all}</Typography.Text>;
  return (
    <span data-testid="item-list">
      {codes.map((c) => (
        <Tag key={c} style={{ marginBottom: 4 }}>
          {names.get(c) ?? c} <span className="gs-mono gs-small">{c}</span>
        </Tag>
      ))}
    </span>
  );
}

export function RowFilterText({ filters, names }: { filters: RowFilter[]; names: Map<string, string> }) {
  const { t } = useTranslation();
  if (!filters.length) return <Typography.Text type="secondary">{t('application.grant.noRowFilter')}</Typography.Text>;
  return (
    <span>
      {filters.map((f, i) => (
        <Tag key={i} color="blue">
          {names.get(f.field) ?? f.field} {t(`application.op.${f.op}` as never)} {f.value === undefined ? '' : Array.isArray(f.value) ? f.value.join(', ') : String(f.value)}
        </Tag>
      ))}
    </span>
  );
}
