import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { formatTime } from '../../../components/labels';

/**
 * A deadline countdown: 剩余 N 个工作日 / 今日到期 / 已超期 N 个工作日. Server values are preferred
 * (`remainingWorkingDays` from the inbox and task APIs); without them the tag counts working days
 * itself on the calendar (GET /calendar/{year}, cached per page load).
 */
export function DueTag(props: { dueAt: string | null; overdue?: boolean; remainingWorkingDays?: number | null }) {
  const { t } = useTranslation();
  const { dueAt, overdue } = props;
  const [computed, setComputed] = useState<number | null>(null);
  const fromServer = props.remainingWorkingDays;

  useEffect(() => {
    if (!dueAt || fromServer != null) return;
    let live = true;
    remainingWorkingDays(dueAt)
      .then((n) => live && setComputed(n))
      .catch(() => live && setComputed(null));
    return () => {
      live = false;
    };
  }, [dueAt, fromServer]);

  if (!dueAt) return <Tag>{t('workflow.due.none')}</Tag>;
  const n = fromServer ?? computed;
  const past = overdue ?? Date.parse(dueAt) < Date.now();
  let color = 'processing';
  let text: string;
  if (past) {
    color = 'error';
    text = n != null && n < 0 ? t('workflow.due.overdue', { count: -n }) : t('workflow.due.overdueToday');
  } else if (n == null) {
    text = t('workflow.due.dueAt', { time: formatTime(dueAt) });
  } else if (n <= 0) {
    color = 'warning';
    text = t('workflow.due.today');
  } else {
    color = n <= 2 ? 'warning' : 'processing';
    text = t('workflow.due.remaining', { count: n });
  }
  return (
    <Tooltip title={t('workflow.due.dueAt', { time: formatTime(dueAt) })}>
      <Tag color={color} icon={<ClockCircleOutlined />} data-testid="due-tag">
        {text}
      </Tag>
    </Tooltip>
  );
}

// ---- client-side working days (fallback) ----

const CST_MS = 8 * 3600_000;
const years = new Map<number, Promise<Map<string, 'holiday' | 'workday'>>>();

function cstDate(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function year(y: number) {
  let p = years.get(y);
  if (!p) {
    p = api
      .get<{ days: { day: string; kind: 'holiday' | 'workday' }[] }>(`/calendar/${y}`)
      .then((r) => new Map(r.days.map((d) => [d.day, d.kind])))
      .catch(() => new Map<string, 'holiday' | 'workday'>());
    years.set(y, p);
  }
  return p;
}

async function isWorkingDay(date: string): Promise<boolean> {
  const kind = (await year(Number(date.slice(0, 4)))).get(date);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  const wd = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

async function workingDaysBetween(from: string, to: string): Promise<number> {
  let n = 0;
  for (let d = addDays(from, 1), guard = 0; d <= to && guard < 3660; d = addDays(d, 1), guard++) if (await isWorkingDay(d)) n++;
  return n;
}

/** Working days from today (CST) to the deadline's day; negative when past (same rule as the server). */
export async function remainingWorkingDays(dueAt: string): Promise<number> {
  const today = cstDate(Date.now());
  const due = cstDate(Date.parse(dueAt));
  return due >= today ? workingDaysBetween(today, due) : -(await workingDaysBetween(due, today));
}
