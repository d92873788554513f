import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Space, Table, Tabs, Tag, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { complaintApi, type Complaint, type ComplaintBox, type ComplaintState } from './complaintApi';

const PAGE = 20;
const COLORS: Record<ComplaintState, string> = { submitted: 'blue', accepted: 'geekblue', investigating: 'orange', concluded: 'cyan', closed: 'default', rejected: 'default' };

export function ComplaintStateTag({ state }: { state: ComplaintState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} data-testid="complaint-state">
      {t(`complaint.state.${state}`)}
    </Tag>
  );
}

/** 投诉: my unit's complaints, those awaiting me, all I may see. */
export default function ComplaintListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const person = hasAnyRole(me, ['unit_user', 'unit_steward']);
  const boxes: ComplaintBox[] = person ? ['mine', 'to_handle', 'all'] : ['to_handle', 'all'];
  const box = (boxes as string[]).includes(params.get('box') ?? '') ? (params.get('box') as ComplaintBox) : boxes[0]!;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Complaint[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await complaintApi.list({ box, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setData({ items: [], total: 0 });
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [box, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<Complaint>['columns'] = [
    {
      title: t('complaint.list.title'),
      dataIndex: 'title',
      render: (_, c) => (
        <Link to={`/supervision/complaints/${encodeURIComponent(c.id)}`} data-testid="complaint-link">
          {c.title}
        </Link>
      ),
    },
    { title: t('complaint.list.target'), dataIndex: 'targetUnitName', width: 180 },
    { title: t('complaint.list.complainant'), dataIndex: 'complainantUnitName', width: 180, render: (n: string | null) => n ?? t('complaint.detail.hidden') },
    { title: t('complaint.list.addressee'), dataIndex: 'addressee', width: 120, render: (a: 'supervision' | 'authority') => t(`complaint.addressee.${a}`) },
    { title: t('complaint.list.state'), dataIndex: 'state', width: 120, render: (s: ComplaintState) => <ComplaintStateTag state={s} /> },
    { title: t('complaint.list.created'), dataIndex: 'createdAt', width: 170, render: (x: string) => <Time value={x} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('complaint.menu.list')}
        description={t('complaint.list.description')}
        extra={
          person && (
            <Link to="/supervision/complaints/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="complaint-new">
                {t('complaint.menu.new')}
              </Button>
            </Link>
          )
        }
      />
      <Tabs
        activeKey={box}
        onChange={(k) => {
          setParams({ box: k }, { replace: true });
          setPage(1);
        }}
        items={boxes.map((b) => ({ key: b, label: t(`complaint.box.${b}`) }))}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Table rowKey="id" loading={loading} columns={columns} dataSource={data.items} data-testid="complaint-table" pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showSizeChanger: false }} />
      </Space>
    </>
  );
}
