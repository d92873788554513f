import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Table, Typography, type TableProps } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { Time } from '../../components/labels';
import type { DataFile, DatasetInfo } from '../../exchangeTypes';
import { formatBytes } from './components';
import { exchangeApi, rememberedPurpose, rememberPurpose } from './exchangeApi';

/** 文件: the documents, images and media of a non-tabular resource; downloading declares a purpose. */
export function FilesTab({ info }: { info: DatasetInfo }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<DataFile[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [purpose, setPurpose] = useState(rememberedPurpose);
  const [purposeError, setPurposeError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  /** The declared purpose, or null (and the field marked) when there is none. */
  const declared = (): string | null => {
    const p = purpose.trim();
    if (!p) {
      setPurposeError(t('exchange.query.purposeRequired'));
      return null;
    }
    setPurposeError(null);
    rememberPurpose(p);
    return p;
  };

  // Listing is a data access too: it declares the purpose (the remembered one on first load).
  const load = useCallback(
    async (p: string) => {
      setLoading(true);
      setError(null);
      try {
        setItems((await exchangeApi.files(info.resourceCode, p)).items);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [info.resourceCode],
  );

  useEffect(() => {
    const p = rememberedPurpose().trim();
    if (p) void load(p);
  }, [load]);

  const list = () => {
    const p = declared();
    if (p) void load(p);
  };

  const download = async (f: DataFile) => {
    const p = declared();
    if (!p) return;
    setDownloading(f.id);
    try {
      await exchangeApi.downloadFile(info.resourceCode, f, p);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDownloading(null);
    }
  };

  const upload = async () => {
    if (!file) return;
    setUploading(true);
    try {
      const saved = await exchangeApi.uploadFile(info.resourceCode, file);
      message.success(t('exchange.files.uploaded', { name: saved?.name ?? file.name }));
      setFile(null);
      if (input.current) input.current.value = '';
      list();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };

  const columns: TableProps<DataFile>['columns'] = [
    {
      title: t('exchange.files.name'),
      dataIndex: 'name',
      render: (v: string, f) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{v}</Typography.Text>
          {f.note && (
            <Typography.Text type="secondary" className="gs-small">
              {f.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('exchange.files.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('exchange.files.size'), key: 'size', width: 110, align: 'right', render: (_, f) => formatBytes(f.bytes) },
    { title: t('exchange.files.type'), dataIndex: 'contentType', width: 200, render: (v: string) => <span className="gs-small">{v}</span> },
    { title: t('exchange.files.uploadedBy'), dataIndex: 'uploadedBy', width: 120 },
    { title: t('exchange.files.uploadedAt'), dataIndex: 'uploadedAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, f) => (
        <Button type="link" size="small" icon={<DownloadOutlined />} loading={downloading === f.id} onClick={() => void download(f)} data-testid="file-download">
          {t('exchange.files.download')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="files-tab">
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label={t('exchange.query.purpose')} required validateStatus={purposeError ? 'error' : undefined} help={purposeError ?? t('exchange.files.purposeHelp')}>
          <Input value={purpose} maxLength={500} onChange={(e) => setPurpose(e.target.value)} placeholder={t('exchange.query.purposePlaceholder')} data-testid="file-purpose" />
        </Form.Item>
      </Form>
      {info.canUpload && (
        <Space className="gs-toolbar" wrap>
          <input ref={input} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="file-upload-input" aria-label={t('exchange.files.choose')} />
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} loading={uploading} onClick={() => void upload()} data-testid="file-upload">
            {t('exchange.files.upload')}
          </Button>
        </Space>
      )}
      <Space className="gs-toolbar">
        <Button icon={<ReloadOutlined />} onClick={list} data-testid="file-list">
          {t('exchange.files.list')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
      <Table<DataFile>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="file-table"
        locale={{ emptyText: t('exchange.files.empty') }}
      />
    </div>
  );
}
