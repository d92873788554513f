import { useEffect, useState } from 'react';
import { Alert, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { Time } from '../../../components/labels';
import { DueTag } from './DueTag';
import { roleLabel, stepLabel } from './labels';
import { workflowApi, type InboxEntry } from './workflowApi';

/** The open tasks of one item: which step awaits whom (role, unit) and until when. */
export function TaskList(props: { itemKind: string; itemId: string; reloadKey?: unknown }) {
  const { itemKind, itemId, reloadKey } = props;
  const { t } = useTranslation();
  const [items, setItems] = useState<InboxEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    workflowApi
      .tasks(itemKind, itemId)
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
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflow.task.none')} />;
  return (
    <List
      size="small"
      data-testid="sharing-tasks"
      dataSource={items}
      renderItem={(task) => (
        <List.Item key={task.id}>
          <Space direction="vertical" size={2}>
            <Space size={6} wrap>
              <Typography.Text strong>{stepLabel(itemKind, task.step)}</Typography.Text>
              <Tag>{roleLabel(task.assignee.role)}</Tag>
              {task.assignee.unitName && <Typography.Text>{task.assignee.unitName}</Typography.Text>}
            </Space>
            <DueTag dueAt={task.dueAt} overdue={task.overdue} remainingWorkingDays={task.remainingWorkingDays} />
            <Typography.Text type="secondary" className="gs-small">
              {t('workflow.task.opened')} <Time value={task.openedAt} />
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
