import { useEffect, useState } from 'react';
import { Alert, Empty, Space, Spin, Tag, Timeline as AntTimeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { Time } from '../../../components/labels';
import { workflowApi, type TimelineEntry } from './workflowApi';
import { actionLabel, stateLabel } from './labels';

const COLORS: Record<string, string> = {
  decline: 'red',
  refuse: 'red',
  reject: 'red',
  revoke: 'red',
  suspend: 'orange',
  escalate: 'orange',
  overdue: 'red',
  approve: 'green',
  accept: 'green',
  activate: 'green',
  decide: 'green',
  archive: 'gray',
};

/** An item's full timeline: who did what, when, from which state to which, with which comment. */
export function Timeline(props: { itemKind: string; itemId: string; reloadKey?: unknown }) {
  const { itemKind, itemId, reloadKey } = props;
  const { t } = useTranslation();
  const [items, setItems] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    workflowApi
      .timeline(itemKind, itemId)
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => {
        if (!live) return;
        setItems([]);
        setError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [itemKind, itemId, reloadKey]);

  if (error) return <Alert type="warning" showIcon message={error} />;
  if (!items) return <Spin />;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflow.timeline.empty')} />;
  return (
    <AntTimeline
      data-testid="sharing-timeline"
      items={items.map((e) => {
        const verb = e.action.split('.').pop() ?? '';
        return {
          key: e.id,
          color: COLORS[verb] ?? 'blue',
          children: (
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={6}>
                <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
                {(e.fromState || e.toState) && e.fromState !== e.toState && (
                  <span className="gs-small">
                    {e.fromState && <Tag>{stateLabel(itemKind, e.fromState)}</Tag>}
                    {e.fromState && <ArrowRightOutlined style={{ marginRight: 8, fontSize: 11 }} />}
                    {e.toState && <Tag color="blue">{stateLabel(itemKind, e.toState)}</Tag>}
                  </span>
                )}
              </Space>
              <Typography.Text type="secondary" className="gs-small">
                <Time value={e.at} /> · {e.actorName}
                {e.unitName ? ` · ${e.unitName}` : ''}
              </Typography.Text>
              {e.comment && (
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} className="gs-timeline-comment">
                  {e.comment}
                </Typography.Paragraph>
              )}
            </Space>
          ),
        };
      })}
    />
  );
}
