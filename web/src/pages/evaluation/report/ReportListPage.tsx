import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, InputNumber, Space, Table, type TableProps } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { ReportStateTag } from './components';
import { reportApi, type ReportSummary } from './reportApi';

const PAGE = 20;

/** 年度报告: one per year, with its state; "draft now" for the authority. */
export default function ReportListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: ReportSummary[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [year, setYear] = useState<number>(new Date().getFullYear() - 1);
  const [drafting, setDrafting] = useState(false);
  const canDraft = hasAnyRole(me, ['authority_reviewer', 'platform_admin']);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await reportApi.list({ limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [page]);

  useEffect(() => {
    void load();
  }, [load]);

  const draft = async () => {
    setDrafting(true);
    try {
      const r = await reportApi.draft(year);
      message.success(t('report.list.drafted', { year: r.year }));
      navigate(`/evaluation/reports/${encodeURIComponent(r.id)}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDrafting(false);
    }
  };

  const columns: TableProps<ReportSummary>['columns'] = [
    { title: t('report.list.year'), dataIndex: 'year', width: 90 },
    {
      title: t('report.list.title'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/evaluation/reports/${encodeURIComponent(r.id)}`} data-testid="report-link">
          {v}
        </Link>
      ),
    },
    { title: t('report.list.state'), dataIndex: 'state', width: 110, render: (s: ReportSummary['state']) => <ReportStateTag state={s} /> },
    { title: t('report.list.version'), dataIndex: 'version', width: 80 },
    { title: t('report.list.draftedAt'), dataIndex: 'draftedAt', render: (v: string) => <Time value={v} /> },
    { title: t('report.list.sentAt'), dataIndex: 'sentAt', render: (v: string | null) => <Time value={v} /> },
    { title: t('report.list.receivedAt'), dataIndex: 'receivedAt', render: (v: string | null) => <Time value={v} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('report.menu.list')}
        description={t('report.home.list')}
        extra={
          canDraft && (
            <Space>
              <span>{t('report.list.draftYear')}</span>
              <InputNumber min={2000} max={new Date().getFullYear() - 1} value={year} onChange={(v) => v && setYear(v)} data-testid="report-year" />
              <Button type="primary" icon={<FileAddOutlined />} loading={drafting} onClick={() => void draft()} data-testid="report-draft">
                {t('report.list.draftNow')}
              </Button>
            </Space>
          )
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        locale={{ emptyText: t('report.list.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, hideOnSinglePage: true }}
      />
    </>
  );
}
