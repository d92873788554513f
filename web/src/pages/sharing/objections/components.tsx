import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Space, Steps, Tag, Typography } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../../components/labels';
import { newObjectionLink, objectionApi, type Marks, type Objection, type ObjectionOutcome, type ObjectionState } from './objectionApi';

const STATE_COLORS: Record<ObjectionState, string> = {
  raised: 'blue',
  marked: 'orange',
  fed_back: 'cyan',
  acknowledged: 'geekblue',
  disputed: 'volcano',
  archived: 'default',
};

export function ObjectionStateTag({ state }: { state: ObjectionState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="objection-state">
      {t(`objection.state.${state}`)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: ObjectionOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  const color = outcome === 'upheld' ? 'red' : outcome === 'not_upheld' ? 'green' : 'default';
  return (
    <Tag color={color} data-testid="objection-outcome">
      {t(`objection.outcome.${outcome}`)}
    </Tag>
  );
}

const PHASES = ['raised', 'accepted', 'marked', 'verified', 'fed_back', 'closed', 'archived'] as const;

/** The progress bar: raised → accepted → marked → verified → fed back → closed → archived. */
export function ObjectionSteps({ o }: { o: Objection }) {
  const { t } = useTranslation();
  let current: number;
  let status: 'process' | 'finish' | 'error' | 'wait' = 'process';
  let hint: string | null = null;
  switch (o.state) {
    case 'raised':
      current = 1;
      hint = t('objection.phaseHint.awaitAccept');
      break;
    case 'marked':
      current = 3;
      hint = t('objection.phaseHint.awaitVerify');
      break;
    case 'fed_back':
      current = 5;
      hint = t('objection.phaseHint.awaitAck');
      break;
    case 'acknowledged':
      current = 5;
      hint = t('objection.phaseHint.awaitClose');
      break;
    case 'disputed':
      current = 5;
      status = 'error';
      hint = t('objection.phaseHint.disputed');
      break;
    default:
      if (o.outcome === 'rejected') {
        current = 1;
        status = 'error';
        hint = t('objection.phaseHint.rejected');
      } else {
        current = 6;
        status = 'finish';
      }
  }
  const times: Record<(typeof PHASES)[number], string | null> = {
    raised: o.createdAt,
    accepted: o.acceptedAt,
    marked: o.acceptedAt,
    verified: o.answeredAt,
    fed_back: o.answeredAt,
    closed: o.closedAt,
    archived: o.archivedAt,
  };
  return (
    <Steps
      size="small"
      current={current}
      status={status}
      data-testid="objection-steps"
      items={PHASES.map((p, i) => ({
        title: t(`objection.phase.${p}`),
        description: i === current && hint ? hint : i <= current && times[p] && !(o.outcome === 'rejected' && i > 0) ? formatTime(times[p]).slice(5, 16) : undefined,
      }))}
    />
  );
}

/** "Under objection" for a resource: shown to every consumer (other units' record keys only as a count). */
export function ObjectionMarks({ resourceCode, showRaise = false }: { resourceCode: string; showRaise?: boolean }) {
  const { t } = useTranslation();
  const [marks, setMarks] = useState<Marks | null>(null);
  useEffect(() => {
    let live = true;
    objectionApi
      .marks(resourceCode)
      .then((m) => live && setMarks(m))
      .catch(() => live && setMarks(null));
    return () => {
      live = false;
    };
  }, [resourceCode]);
  if (!marks || !marks.objectionIds.length) {
    return showRaise ? (
      <Link to={newObjectionLink(resourceCode)}>
        <Button icon={<ExclamationCircleOutlined />}>{t('objection.marks.raise')}</Button>
      </Link>
    ) : null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="objection-marks"
      message={t('objection.marks.banner', { count: marks.objectionIds.length })}
      description={
        <Space direction="vertical" size={0}>
          {marks.resource && <Typography.Text>{t('objection.marks.resource')}</Typography.Text>}
          {marks.keys.length > 0 && <Typography.Text>{t('objection.marks.keys', { keys: marks.keys.join('、') })}</Typography.Text>}
          {marks.hiddenKeys > 0 && <Typography.Text>{t('objection.marks.hiddenKeys', { count: marks.hiddenKeys })}</Typography.Text>}
          {marks.fields.length > 0 && <Typography.Text>{t('objection.marks.fields', { fields: marks.fields.join('、') })}</Typography.Text>}
        </Space>
      }
      action={
        showRaise ? (
          <Link to={newObjectionLink(resourceCode)}>
            <Button size="small">{t('objection.marks.raise')}</Button>
          </Link>
        ) : undefined
      }
    />
  );
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
