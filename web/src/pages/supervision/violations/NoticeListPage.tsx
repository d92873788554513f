import { useEffect, useState } from 'react';
import { Alert, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { CategoryTag, useViolationTitle } from './components';
import { violationApi, type Notice } from './violationApi';

const PAGE = 20;

/** 通报: published criticisms, for every signed-in user. */
export default function NoticeListPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Notice[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const titleOf = useViolationTitle();

  useEffect(() => {
    let live = true;
    setLoading(true);
    violationApi
      .notices({ limit: PAGE, offset: (page - 1) * PAGE })
      .then((r) => live && setData(r))
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [page]);

  return (
    <>
      <PageHeader title={t('violation.menu.notices')} description={t('violation.notices.description')} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <List
        loading={loading}
        dataSource={data.items}
        data-testid="notice-list"
        locale={{ emptyText: t('violation.notices.empty') }}
        pagination={data.total > PAGE ? { current: page, pageSize: PAGE, total: data.total, onChange: setPage } : false}
        renderItem={(n) => (
          <List.Item key={n.violationId}>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Typography.Text strong>{n.unitName ?? t('violation.list.platformWide')}</Typography.Text>
                  <CategoryTag category={n.category} />
                  <Typography.Text type="secondary">
                    <Time value={n.notifiedAt} />
                  </Typography.Text>
                </Space>
              }
              description={
                <Space direction="vertical" size={2}>
                  <Typography.Text data-testid="notice-title">{titleOf(n)}</Typography.Text>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>{n.text}</Typography.Paragraph>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
