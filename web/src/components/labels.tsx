import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditResult, Role, UnitFunction, UnitKind } from '../types';

const ROLE_COLORS: Record<Role, string> = {
  platform_admin: 'red',
  authority_reviewer: 'volcano',
  unit_steward: 'blue',
  unit_user: 'default',
  supervisor: 'purple',
  secrecy_officer: 'magenta',
  leader: 'gold',
  auditor: 'cyan',
};

export function RoleTags({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r] ?? 'default'} style={{ marginBottom: 2 }}>
          {t(`role.${r}`)}
        </Tag>
      ))}
    </>
  );
}

const KIND_COLORS: Record<UnitKind, string> = {
  city_department: 'blue',
  district: 'green',
  town: 'cyan',
  management_committee: 'purple',
  affiliated: 'default',
};

export function KindTag({ kind }: { kind: UnitKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{t(`unitKind.${kind}`)}</Tag>;
}

export function FunctionTags({ functions }: { functions: UnitFunction[] }) {
  const { t } = useTranslation();
  if (!functions.length) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <>
      {functions.map((f) => (
        <Tag key={f} color="geekblue" style={{ marginBottom: 2 }}>
          {t(`unitFunction.${f}`)}
        </Tag>
      ))}
    </>
  );
}

export function ResultTag({ result }: { result: AuditResult }) {
  const { t } = useTranslation();
  const color = result === 'success' ? 'success' : result === 'denied' ? 'warning' : 'error';
  return <Tag color={color}>{t(`audit.result.${result}`)}</Tag>;
}

/** ISO-8601 → local "YYYY-MM-DD HH:mm:ss" (the console's one time format). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function Time({ value }: { value: string | null | undefined }) {
  return <span className="gs-time">{formatTime(value)}</span>;
}
