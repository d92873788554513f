import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorMessage } from '../../api';

/** One problem of an import file, as POST /catalog/import reports it. */
interface ImportIssue {
  sheet: string | null;
  row: number | null;
  column: string | null;
  header: string | null;
  field: string | null;
  code: string;
  message: string;
}

interface ImportResult {
  created: number;
  updated: number;
  dryRun: boolean;
  codes?: string[];
}

/**
 * Catalog import (第十二条): the file is checked in full first (a dry run); only a file without a
 * single problem can then be imported. Problems are listed with sheet, row and column.
 */
export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [issues, setIssues] = useState<ImportIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setChecked(null);
    setIssues([]);
    setFailure(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    reset();
    try {
      const result = await api.upload<ImportResult>('/catalog/import', file, { dryRun: dryRun ? 'true' : undefined });
      if (dryRun) setChecked(result);
      else {
        message.success(t('catalog.import.done', { created: result.created, updated: result.updated }));
        setFile(null);
        onImported();
        onClose();
      }
    } catch (e) {
      const body = e instanceof ApiError ? e.body : undefined;
      const list = Array.isArray(body?.errors) ? (body!.errors as ImportIssue[]) : [];
      if (list.length && list[0] && 'row' in list[0]) setIssues(list);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('catalog.import.title')}
      width={860}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!file} loading={busy && !checked} onClick={() => void send(true)} data-testid="import-check">
            {t('catalog.import.check')}
          </Button>
          <Button type="primary" disabled={!checked || issues.length > 0} loading={busy && !!checked} onClick={() => void send(false)} data-testid="import-commit">
            {t('catalog.import.commit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('catalog.import.hint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.csv,.json"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          reset();
          return false;
        }}
        onRemove={() => {
          setFile(null);
          reset();
        }}
        fileList={file ? [{ uid: 'import', name: file.name, status: 'done' }] : []}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('catalog.import.drop')}</p>
      </Upload.Dragger>
      {checked && (
        <Alert style={{ marginTop: 16 }} type="success" showIcon message={t('catalog.import.checked', { created: checked.created, updated: checked.updated })} data-testid="import-checked" />
      )}
      {failure && <Alert style={{ marginTop: 16 }} type="error" showIcon message={failure} data-testid="import-failed" />}
      {issues.length > 0 && (
        <Table<ImportIssue>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(_, i) => String(i)}
          dataSource={issues}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          data-testid="import-issues"
          columns={[
            { title: t('catalog.import.sheet'), dataIndex: 'sheet', width: 100 },
            { title: t('catalog.import.row'), dataIndex: 'row', width: 60 },
            { title: t('catalog.import.column'), width: 150, render: (_, r) => [r.column, r.header].filter(Boolean).join(' · ') },
            { title: t('catalog.import.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
