import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Space, Table, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { Time } from '../../components/labels';
import type { Batch } from '../../exchangeTypes';
import { BatchStateTag, formatBytes } from './components';
import { exchangeApi } from './exchangeApi';

/** 上传记录: every batch of the dataset, newest first, with its outcome and problem report. */
export function BatchesTab({ code }: { code: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Batch[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await exchangeApi.batches(code, after);
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [code],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const columns: TableProps<Batch>['columns'] = [
    { title: t('exchange.batches.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('exchange.batches.file'),
      key: 'file',
      width: 220,
      render: (_, b) => (
        <Space direction="vertical" size={0}>
          <Typography.Text ellipsis style={{ maxWidth: 200 }}>
            {b.fileName ?? t('common.none')}
          </Typography.Text>
          <Typography.Text type="secondary" className="gs-small">
            {b.format} · {formatBytes(b.bytes)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.batches.mode'), dataIndex: 'mode', width: 110, render: (v: Batch['mode']) => t(`exchange.mode.${v}`) },
    { title: t('common.status'), key: 'state', width: 150, render: (_, b) => <BatchStateTag state={b.state} dryRun={b.dryRun} /> },
    { title: t('exchange.batches.rows'), dataIndex: 'rowsRead', width: 100, align: 'right', render: (n: number) => n.toLocaleString() },
    {
      title: t('exchange.batches.result'),
      key: 'result',
      width: 240,
      render: (_, b) =>
        b.state === 'committed' || b.state === 'validated' ? (
          <Typography.Text className="gs-small">
            {t('exchange.batches.counts', { inserted: b.inserted, updated: b.updated, unchanged: b.unchanged, deleted: b.deleted })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      title: t('exchange.batches.issues'),
      key: 'issues',
      width: 130,
      render: (_, b) =>
        b.issueCount > 0 ? (
          <Space size={4}>
            <Typography.Text type="danger">{b.issueCount.toLocaleString()}</Typography.Text>
            <Tooltip title={t('exchange.upload.report')}>
              <a href={exchangeApi.reportUrl(code, b.id)} download aria-label={t('exchange.upload.report')} data-testid="batch-report">
                <DownloadOutlined />
              </a>
            </Tooltip>
          </Space>
        ) : (
          0
        ),
    },
    { title: t('exchange.batches.by'), key: 'by', width: 140, dataIndex: 'createdBy' },
    { title: t('exchange.batches.finishedAt'), dataIndex: 'finishedAt', width: 170, render: (v: string | null) => <Time value={v} /> },
  ];

  return (
    <div>
      <Space className="gs-toolbar">
        <Button icon={<ReloadOutlined />} onClick={() => void load(null)}>
          {t('common.refresh')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
      <Table<Batch>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        scroll={{ x: 1500 }}
        data-testid="batch-table"
        expandable={{
          rowExpandable: (b) => (b.issues ?? []).length > 0,
          expandedRowRender: (b) => (
            <ul className="gs-small" style={{ margin: 0 }}>
              {(b.issues ?? []).slice(0, 10).map((i, n) => (
                <li key={n}>
                  {t('exchange.batches.issueLine', { row: i.row, field: i.field ?? '—', message: i.message })}
                </li>
              ))}
            </ul>
          ),
        }}
      />
      {cursor && (
        <div className="gs-load-more">
          <Button loading={loading} onClick={() => void load(cursor)}>
            {t('exchange.batches.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
