import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, UploadOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { PageHeader } from '../../../components/PageHeader';
import type { User } from '../../../types';
import { cstDateTime, TopicTag } from './components';
import { SessionFormModal } from './SessionFormModal';
import { trainingApi, type Attendance, type SessionDetail } from './trainingApi';

interface PersonValues {
  unitId: string;
  userId?: string;
  name?: string;
  post?: string;
  attended: boolean;
  result?: string;
}

/** One training session with its attendance; the authority edits it here. */
export default function TrainingSessionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const units = useAllUnits();
  const [s, setS] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [bulkUnit, setBulkUnit] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [csvOpen, setCsvOpen] = useState(false);
  const [csv, setCsv] = useState('');
  const [personForm] = Form.useForm<PersonValues>();
  const personUnit = Form.useWatch('unitId', personForm);
  const [unitUsers, setUnitUsers] = useState<User[]>([]);

  const load = useCallback(async () => {
    try {
      setS(await trainingApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!personUnit) {
      setUnitUsers([]);
      return;
    }
    api
      .get<{ items: User[] }>('/users', { unitId: personUnit, limit: 200 })
      .then((r) => setUnitUsers(r.items))
      .catch(() => setUnitUsers([]));
  }, [personUnit]);

  const manages = !!s?.actions.includes('manage');

  const run = async (work: () => Promise<SessionDetail | void>, done?: string) => {
    setBusy(true);
    try {
      const next = await work();
      if (next) setS(next);
      else await load();
      if (done) void message.success(done);
      setError(null);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addPerson = async () => {
    const v = await personForm.validateFields();
    const ok = await run(
      () => trainingApi.addAttendance(id, [{ unitId: v.unitId, userId: v.userId || null, name: v.userId ? null : v.name || null, post: v.userId ? null : v.post || null, attended: v.attended, result: v.result || null }]),
      t('training.detail.added', { count: 1 }),
    );
    if (ok) personForm.resetFields(['userId', 'name', 'post', 'result']);
  };

  const columns: TableProps<Attendance>['columns'] = [
    { title: t('training.detail.unit'), dataIndex: 'unitName', width: 200 },
    {
      title: t('training.detail.person'),
      dataIndex: 'name',
      render: (_, a) => (
        <Space direction="vertical" size={0}>
          <span>{a.name}</span>
          <Typography.Text type="secondary" className="gs-small">
            {a.username ?? t('training.detail.noAccount')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('training.detail.post'), dataIndex: 'post', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('training.detail.sharingStaff'), dataIndex: 'sharingStaff', width: 120, render: (v: boolean) => (v ? <Tag color="blue">{t('training.detail.yes')}</Tag> : <Tag>{t('training.detail.no')}</Tag>) },
    {
      title: t('training.detail.attendedCol'),
      dataIndex: 'attended',
      width: 110,
      render: (v: boolean, a) =>
        manages ? (
          <Switch size="small" checked={v} disabled={busy} onChange={(checked) => void run(() => trainingApi.updateAttendance(id, a.id, { attended: checked }).then(() => undefined))} data-testid="training-attended-switch" />
        ) : v ? (
          <Tag color="green">{t('training.detail.yes')}</Tag>
        ) : (
          <Tag color="red">{t('training.detail.absent')}</Tag>
        ),
    },
    { title: t('training.detail.result'), dataIndex: 'result', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('training.detail.certificate'), dataIndex: 'certificate', width: 140, render: (v: string | null) => v ?? '—' },
    ...(manages
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, a: Attendance) => (
              <Popconfirm title={t('training.detail.remove')} onConfirm={() => void run(() => trainingApi.removeAttendance(id, a.id).then(() => undefined))}>
                <Button size="small" danger type="link">
                  {t('training.detail.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={s?.title ?? t('training.menu.session')}
        extra={
          <>
            <Link to="/supervision/training">
              <Button icon={<ArrowLeftOutlined />}>{t('training.detail.back')}</Button>
            </Link>
            {manages && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('training.detail.edit')}
                </Button>
                <Popconfirm title={t('training.detail.deleteConfirm')} onConfirm={() => void trainingApi.remove(id).then(() => navigate('/supervision/training'), (e: unknown) => setError(errorMessage(e)))}>
                  <Button danger icon={<DeleteOutlined />}>
                    {t('training.detail.delete')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />}
      {s && (
        <>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
              <Descriptions.Item label={t('training.form.startsAt')}>
                <span className="gs-mono">{cstDateTime(s.startsAt)}</span>（{s.half}）
              </Descriptions.Item>
              <Descriptions.Item label={t('training.form.topic')}>
                <TopicTag topic={s.topic} />
              </Descriptions.Item>
              <Descriptions.Item label={t('training.form.organizer')}>{s.organizerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('training.form.location')}>{s.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('training.form.trainer')}>{s.trainer ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('training.form.hours')}>{s.hours ?? '—'}</Descriptions.Item>
              {s.description && (
                <Descriptions.Item label={t('training.form.description')} span={3}>
                  {s.description}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card
            size="small"
            title={`${t('training.detail.attendance')}（${s.attended}/${s.recorded}）`}
            extra={
              manages ? (
                <Button icon={<UploadOutlined />} onClick={() => setCsvOpen(true)}>
                  {t('training.detail.importCsv')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('training.detail.ownUnitOnly')}</Typography.Text>
              )
            }
          >
            {manages && (
              <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
                <Space wrap>
                  <Typography.Text strong>{t('training.detail.addUnit')}</Typography.Text>
                  <Select style={{ width: 260 }} showSearch value={bulkUnit} onChange={setBulkUnit} options={unitOptions(units.items)} filterOption={filterUnitOption} data-testid="training-bulk-unit" />
                  <Button
                    icon={<UsergroupAddOutlined />}
                    disabled={!bulkUnit || busy}
                    onClick={() => bulkUnit && void run(() => trainingApi.addUnit(id, bulkUnit))}
                    data-testid="training-bulk-add"
                  >
                    {t('training.detail.addUnitButton')}
                  </Button>
                  <Typography.Text type="secondary">{t('training.detail.addUnitHint')}</Typography.Text>
                </Space>
                <Form form={personForm} layout="inline" initialValues={{ attended: true }} data-testid="training-person-form">
                  <Form.Item name="unitId" rules={[{ required: true, message: t('training.form.required') }]}>
                    <Select style={{ width: 220 }} showSearch placeholder={t('training.detail.unit')} options={unitOptions(units.items)} filterOption={filterUnitOption} />
                  </Form.Item>
                  <Form.Item name="userId">
                    <Select style={{ width: 200 }} allowClear placeholder={t('training.detail.user')} options={unitUsers.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))} />
                  </Form.Item>
                  <Form.Item name="name">
                    <Input style={{ width: 120 }} placeholder={t('training.detail.name')} maxLength={50} />
                  </Form.Item>
                  <Form.Item name="post">
                    <Input style={{ width: 140 }} placeholder={t('training.detail.post')} maxLength={100} />
                  </Form.Item>
                  <Form.Item name="result">
                    <Input style={{ width: 120 }} placeholder={t('training.detail.result')} maxLength={500} />
                  </Form.Item>
                  <Form.Item name="attended" valuePropName="checked">
                    <Checkbox>{t('training.detail.attendedCol')}</Checkbox>
                  </Form.Item>
                  <Button type="primary" onClick={() => void addPerson()} disabled={busy} data-testid="training-person-add">
                    {t('training.detail.add')}
                  </Button>
                </Form>
                <Typography.Text type="secondary" className="gs-small">
                  {t('training.detail.userOrName')}
                </Typography.Text>
              </Space>
            )}
            <Table<Attendance> rowKey="id" size="small" columns={columns} dataSource={s.attendance} pagination={false} scroll={{ x: 1000 }} data-testid="training-attendance" locale={{ emptyText: t('training.detail.empty') }} />
          </Card>
        </>
      )}
      <SessionFormModal open={editing} session={s} onClose={() => setEditing(false)} onSaved={(next) => (setS(next), setEditing(false), void message.success(t('training.detail.saved')))} />
      <Modal
        open={csvOpen}
        title={t('training.detail.importCsv')}
        onCancel={() => setCsvOpen(false)}
        okText={t('training.detail.import')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void run(() => trainingApi.importCsv(id, csv)).then((ok) => ok && (setCsvOpen(false), setCsv('')))}
      >
        <Typography.Paragraph type="secondary">{t('training.detail.csvHint')}</Typography.Paragraph>
        <Input.TextArea rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} className="gs-mono" />
      </Modal>
    </div>
  );
}
