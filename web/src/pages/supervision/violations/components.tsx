import { Link } from 'react-router-dom';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ViolationState } from './violationApi';
import { localTitle, type Titled } from '../../sharing/workflow/labels';

const COLORS: Record<ViolationState, string> = {
  candidate: 'gold',
  dismissed: 'default',
  confirmed: 'volcano',
  notified: 'red',
  rectifying: 'orange',
  answered: 'cyan',
  rectified: 'green',
  escalated: 'magenta',
};

export function ViolationStateTag({ state }: { state: ViolationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} data-testid="violation-state">
      {t(`violation.state.${state}`)}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: number }) {
  const { t } = useTranslation();
  return <Tag color="blue">{t(`violation.category.c${category}` as never)}</Tag>;
}

/**
 * The article of a violation in the portal's language ('第三十一条第三项' / 'Art. 31 (3)'), from its
 * category: the server's `article` is the Chinese label, kept for a category the portal does not know.
 */
export function useArticleLabel(): (v: { category: number; article: string }) => string {
  // Bound to the current language: re-renders when the user switches it.
  const { t, i18n } = useTranslation();
  return (v) => {
    const key = `violation.article.c${v.category}`;
    return i18n.exists(key) ? t(key as never) : v.article;
  };
}

export function ReviewOnlyTag() {
  const { t } = useTranslation();
  return (
    <Tag color="purple" data-testid="violation-review-only">
      {t('violation.list.reviewOnly')}
    </Tag>
  );
}

/** A violation's title in the portal's language (the workflow's localTitle), bound to the current language: re-renders when the user switches it. */
export function useViolationTitle(): (v: Titled) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return (v) => localTitle(v, language);
}

/** Where an evidence value or a subject links to in the portal. */
export function subjectLink(type: string, id: string): string | null {
  switch (type) {
    case 'resource':
      return `/catalog/resources/${encodeURIComponent(id)}`;
    case 'application':
      return `/sharing/applications/${encodeURIComponent(id)}`;
    case 'objection':
      return `/sharing/objections/${encodeURIComponent(id)}`;
    case 'demand':
      return `/sharing/demands/${encodeURIComponent(id)}`;
    case 'agreement':
      return `/sharing/agreements/${encodeURIComponent(id)}`;
    case 'complaint':
      return `/supervision/complaints/${encodeURIComponent(id)}`;
    case 'violation':
      return `/supervision/violations/${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

const KEY_LINKS: Record<string, string> = { resourceCode: 'resource', applicationId: 'application', objectionId: 'objection', demandId: 'demand', agreementId: 'agreement', complaintId: 'complaint' };

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The evidence JSON as a key/value table; ids of known kinds link to their pages. */
export function EvidenceTable({ evidence }: { evidence: Record<string, unknown> }) {
  const { t } = useTranslation();
  const rows = Object.entries(evidence).map(([key, v]) => ({ key, v }));
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      data-testid="violation-evidence"
      locale={{ emptyText: t('violation.detail.noEvidence') }}
      columns={[
        { title: t('violation.detail.evidenceKey'), dataIndex: 'key', width: 220, render: (k: string) => <Typography.Text className="gs-mono">{k}</Typography.Text> },
        {
          title: t('violation.detail.evidenceValue'),
          dataIndex: 'v',
          render: (v: unknown, r: { key: string }) => {
            const kind = KEY_LINKS[r.key];
            const to = kind && typeof v === 'string' ? subjectLink(kind, v) : null;
            return to ? <Link to={to}>{v as string}</Link> : <Typography.Text style={{ wordBreak: 'break-all' }}>{value(v)}</Typography.Text>;
          },
        },
      ]}
    />
  );
}
