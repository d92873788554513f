import { Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgreementState } from './agreementApi';

const STATE_COLORS: Record<AgreementState, string> = {
  draft: 'default',
  signed: 'blue',
  filing: 'processing',
  returned: 'warning',
  filed: 'success',
  expired: 'default',
  terminated: 'error',
};

export function AgreementStateTag({ state }: { state: AgreementState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="agreement-state" data-state={state}>
      {t(`agreement.state.${state}`)}
    </Tag>
  );
}

const PROGRESS = ['draft', 'signed', 'filing', 'filed'] as const;

/** 起草 → 签署确认 → 报送备案 → 备案生效, with a returned filing shown on the filing step. */
export function AgreementProgress({ state }: { state: AgreementState }) {
  const { t } = useTranslation();
  const at: Record<AgreementState, number> = { draft: 0, signed: 1, returned: 2, filing: 2, filed: 3, expired: 3, terminated: 0 };
  const status = state === 'returned' || state === 'terminated' ? 'error' : state === 'filed' || state === 'expired' ? 'finish' : 'process';
  return <Steps size="small" current={at[state]} status={status} items={PROGRESS.map((s) => ({ title: t(`agreement.progress.${s}`) }))} style={{ marginBottom: 16 }} />;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
