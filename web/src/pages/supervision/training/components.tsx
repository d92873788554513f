import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Topic } from './trainingApi';

const TOPIC_COLORS: Record<Topic, string> = { business: 'blue', security: 'volcano', both: 'purple' };

export function TopicTag({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  return <Tag color={TOPIC_COLORS[topic]}>{t(`training.topic.${topic}`)}</Tag>;
}

/** The CST wall-clock time of an instant: 2026-06-30 23:30. */
export function cstDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
