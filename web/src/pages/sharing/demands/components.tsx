import { useEffect, useRef, useState } from 'react';
import { Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { catalogApi } from '../../catalog/catalogApi';
import type { DemandState } from './demandApi';

const STATE_COLORS: Record<DemandState, string> = {
  submitted: 'default',
  routed: 'processing',
  accepted: 'success',
  in_progress: 'cyan',
  met: 'green',
  declined: 'error',
  escalated: 'warning',
  decided: 'purple',
  gap: 'magenta',
  withdrawn: 'default',
};

export function DemandStateTag({ state }: { state: DemandState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="demand-state">
      {t(`demand.state.${state}`)}
    </Tag>
  );
}

/** The board's state tabs, in workflow order. */
export const BOARD_STATES: DemandState[] = ['submitted', 'routed', 'declined', 'escalated', 'decided', 'accepted', 'in_progress', 'met', 'gap', 'withdrawn'];

interface Option {
  value: string;
  label: string;
  providerUnitName: string;
}

/**
 * A published-resource picker searching the catalog as you type; `providerUnitId` narrows it to
 * one unit (a provider links only its own resources). Value: resource code(s).
 */
export function ResourcePicker(props: {
  value?: string | string[] | null;
  onChange?: (v: string | string[] | null) => void;
  providerUnitId?: string | null;
  multiple?: boolean;
  placeholder?: string;
  testId?: string;
  /** Codes to label before the user searches (e.g. the current value). */
  initial?: { code: string; name: string; providerUnitName: string }[];
}) {
  const { t } = useTranslation();
  const { value, onChange, providerUnitId, multiple, placeholder, testId, initial } = props;
  const [options, setOptions] = useState<Option[]>(() => (initial ?? []).map((r) => ({ value: r.code, label: r.name, providerUnitName: r.providerUnitName })));
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      catalogApi
        .search({ q: q.trim() || undefined, provider: providerUnitId ?? undefined, limit: 20, facets: false })
        .then((r) => {
          if (mine !== seq.current) return;
          setOptions((prev) => {
            const keep = prev.filter((o) => (Array.isArray(value) ? value.includes(o.value) : o.value === value));
            const fresh = r.items.map((i) => ({ value: i.code, label: i.name, providerUnitName: i.providerUnitName }));
            const seen = new Set(fresh.map((o) => o.value));
            return [...keep.filter((o) => !seen.has(o.value)), ...fresh];
          });
        })
        .catch(() => undefined)
        .finally(() => mine === seq.current && setLoading(false));
    }, 250);
  };

  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [providerUnitId]);

  return (
    <Select
      data-testid={testId}
      showSearch
      allowClear
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      placeholder={placeholder ?? t('demand.form.resourcePlaceholder')}
      filterOption={false}
      onSearch={search}
      loading={loading}
      onChange={(v) => onChange?.((v as string | string[] | undefined) ?? null)}
      notFoundContent={loading ? t('common.loading') : t('common.empty')}
      options={options.map((o) => ({
        value: o.value,
        label: (
          <span>
            {o.label} <Typography.Text type="secondary" className="gs-small gs-mono">{o.value}</Typography.Text>{' '}
            <Typography.Text type="secondary" className="gs-small">
              {o.providerUnitName}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
}
