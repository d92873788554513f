import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Timeline, Typography, type TableProps } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { ItemStatus, PlanStatusTag } from './components';
import { PlanFormModal } from './PlanFormModal';
import { ASSESSMENTS, cstToday, groupYuan, planApi, STATUS_NEXT, type Assessment, type Milestone, type PlanDetail, type PlanEntry, type PlanStatus } from './planApi';

const ENTRY_COLORS: Record<PlanEntry['kind'], string> = { created: 'gray', edited: 'gray', status: 'blue', followup: 'purple', progress: 'green', milestone: 'cyan' };
const ASSESSMENT_COLORS: Record<Assessment, string> = { on_track: 'green', at_risk: 'orange', behind: 'red', done: 'blue' };

/** One plan item: milestones, the follow-up timeline, and the forms of whoever may act on it. */
export default function PlanDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const { id = '' } = useParams();
  const [d, setD] = useState<PlanDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [doneDates, setDoneDates] = useState<Record<string, string>>({});
  const [statusForm] = Form.useForm<{ status: PlanStatus; reason?: string }>();
  const [followForm] = Form.useForm<{ date?: string; note: string; assessment: Assessment }>();
  const [progressForm] = Form.useForm<{ date?: string; note: string }>();
  const [msForm] = Form.useForm<{ title: string; dueDate: string }>();

  const load = useCallback(async () => {
    try {
      setD(await planApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<PlanDetail>, after?: () => void) => {
    setBusy(true);
    try {
      setD(await work());
      setError(null);
      after?.();
      void message.success(t('plan.detail.saved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const manages = !!d?.actions.includes('manage');
  const reports = !!d?.actions.includes('progress');
  const isAuthority = hasAnyRole(me, ['authority_reviewer']);
  const req = [{ required: true, message: t('plan.form.required') }];

  const msColumns: TableProps<Milestone>['columns'] = [
    { title: '#', dataIndex: 'seq', width: 50 },
    { title: t('plan.form.milestoneTitle'), dataIndex: 'title' },
    { title: t('plan.detail.due'), dataIndex: 'dueDate', width: 120, render: (v: string) => <span className="gs-mono">{v}</span> },
    {
      title: t('plan.detail.done'),
      dataIndex: 'doneDate',
      width: 220,
      render: (_, m) => (
        <Space size={4}>
          {m.doneDate && <span className="gs-mono">{m.doneDate}</span>}
          {m.overdue && <Tag color="red">{t('plan.detail.overdue')}</Tag>}
          {m.late && <Tag color="orange">{t('plan.detail.late')}</Tag>}
        </Space>
      ),
    },
    ...(manages || reports
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 300,
            render: (_: unknown, m: Milestone) =>
              m.doneDate ? (
                <Space>
                  <Button size="small" type="link" disabled={busy} onClick={() => void run(() => planApi.updateMilestone(id, m.id, { doneDate: null }))}>
                    {t('plan.detail.undo')}
                  </Button>
                  {manages && (
                    <Popconfirm title={t('plan.detail.remove')} onConfirm={() => void run(() => planApi.removeMilestone(id, m.id))}>
                      <Button size="small" type="link" danger>
                        {t('plan.detail.remove')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ) : (
                <Space size={4}>
                  <Input size="small" style={{ width: 120 }} placeholder={cstToday()} value={doneDates[m.id] ?? ''} onChange={(e) => setDoneDates({ ...doneDates, [m.id]: e.target.value })} />
                  <Button size="small" disabled={busy} onClick={() => void run(() => planApi.updateMilestone(id, m.id, { doneDate: (doneDates[m.id] || cstToday()).trim() }))} data-testid="plan-milestone-done">
                    {t('plan.detail.markDone')}
                  </Button>
                  {manages && (
                    <Popconfirm title={t('plan.detail.remove')} onConfirm={() => void run(() => planApi.removeMilestone(id, m.id))}>
                      <Button size="small" type="link" danger>
                        {t('plan.detail.remove')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={d?.title ?? t('plan.menu.detail')}
        extra={
          <>
            <Link to={d ? `/supervision/plans?year=${d.year}` : '/supervision/plans'}>
              <Button icon={<ArrowLeftOutlined />}>{t('plan.detail.back')}</Button>
            </Link>
            {manages && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('plan.detail.edit')}
              </Button>
            )}
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />}
      {d && (
        <>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
              <Descriptions.Item label={t('plan.list.status')}>
                <Space>
                  <ItemStatus item={d} />
                  {d.effectiveStatus !== d.status && <Typography.Text type="danger">{t('plan.detail.computedDelayed')}</Typography.Text>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.detail.recordedStatus')}>
                <PlanStatusTag status={d.status} />
                {d.statusReason && <Typography.Text type="secondary">{`${t('plan.detail.reason')}：${d.statusReason}`}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.form.year')}>{d.year}</Descriptions.Item>
              <Descriptions.Item label={t('plan.form.kind')}>{t(`plan.kind.${d.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('plan.form.owner')}>{d.ownerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('plan.form.budget')}>
                <span className="gs-mono" data-testid="plan-budget">
                  {groupYuan(d.budget)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.form.funding')}>
                {t(`plan.funding.${d.fundingSource}`)}
                {d.fundingNote ? `（${d.fundingNote}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.detail.createdBy')}>
                {d.createdBy} · <Time value={d.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.detail.content')} span={3}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.content}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={`${t('plan.detail.milestones')}（${d.milestonesDone}/${d.milestonesTotal}）`}>
            <Table<Milestone> rowKey="id" size="small" columns={msColumns} dataSource={d.milestones} pagination={false} data-testid="plan-milestones" />
            {manages && (
              <Form form={msForm} layout="inline" style={{ marginTop: 12 }} onFinish={(v) => void run(() => planApi.addMilestone(id, v), () => msForm.resetFields())}>
                <Form.Item name="title" rules={req}>
                  <Input placeholder={t('plan.form.milestoneTitle')} style={{ width: 260 }} maxLength={200} />
                </Form.Item>
                <Form.Item name="dueDate" rules={[...req, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
                  <Input placeholder={`${t('plan.form.dueDate')} YYYY-MM-DD`} style={{ width: 200 }} />
                </Form.Item>
                <Button htmlType="submit" disabled={busy}>
                  {t('plan.detail.addMilestone')}
                </Button>
              </Form>
            )}
          </Card>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('plan.detail.timeline')} data-testid="plan-timeline">
                {d.entries.length === 0 ? (
                  <Typography.Text type="secondary">{t('plan.detail.noEntries')}</Typography.Text>
                ) : (
                  <Timeline
                    items={[...d.entries].reverse().map((e) => ({
                      color: ENTRY_COLORS[e.kind],
                      children: (
                        <div>
                          <Space wrap size={4}>
                            <Typography.Text strong>{t(`plan.entry.${e.kind}`)}</Typography.Text>
                            <span className="gs-mono">{e.day}</span>
                            {e.fromStatus && <PlanStatusTag status={e.fromStatus} />}
                            {e.toStatus && (
                              <>
                                {e.fromStatus && '→'}
                                <PlanStatusTag status={e.toStatus} />
                              </>
                            )}
                            {e.assessment && <Tag color={ASSESSMENT_COLORS[e.assessment]}>{t(`plan.assessment.${e.assessment}`)}</Tag>}
                            <Typography.Text type="secondary">{e.by}</Typography.Text>
                          </Space>
                          {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                        </div>
                      ),
                    }))}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {manages && STATUS_NEXT[d.status].length > 0 && (
                  <Card size="small" title={t('plan.detail.changeStatus')}>
                    <Form form={statusForm} layout="vertical" onFinish={(v) => void run(() => planApi.setStatus(id, v.status, v.reason), () => statusForm.resetFields())} data-testid="plan-status-form">
                      <Form.Item name="status" label={t('plan.detail.newStatus')} rules={req}>
                        <Select options={STATUS_NEXT[d.status].map((s) => ({ value: s, label: t(`plan.status.${s}`) }))} />
                      </Form.Item>
                      <Form.Item name="reason" label={t('plan.detail.statusReason')}>
                        <Input.TextArea rows={2} maxLength={4000} />
                      </Form.Item>
                      <Button type="primary" htmlType="submit" disabled={busy}>
                        {t('plan.detail.submit')}
                      </Button>
                    </Form>
                  </Card>
                )}
                {isAuthority && (
                  <Card size="small" title={t('plan.detail.followUp')}>
                    <Form form={followForm} layout="vertical" onFinish={(v) => void run(() => planApi.followUp(id, { ...v, date: v.date || null }), () => followForm.resetFields())} data-testid="plan-followup-form">
                      <Space wrap>
                        <Form.Item name="date" label={t('plan.detail.followUpDate')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
                          <Input placeholder={cstToday()} style={{ width: 140 }} />
                        </Form.Item>
                        <Form.Item name="assessment" label={t('plan.detail.assessment')} rules={req}>
                          <Select style={{ width: 160 }} options={ASSESSMENTS.map((a) => ({ value: a, label: t(`plan.assessment.${a}`) }))} />
                        </Form.Item>
                      </Space>
                      <Form.Item name="note" label={t('plan.detail.note')} rules={req}>
                        <Input.TextArea rows={3} maxLength={4000} />
                      </Form.Item>
                      <Button type="primary" htmlType="submit" disabled={busy} data-testid="plan-followup-submit">
                        {t('plan.detail.submit')}
                      </Button>
                    </Form>
                  </Card>
                )}
                {reports && (
                  <Card size="small" title={t('plan.detail.progress')}>
                    <Form form={progressForm} layout="vertical" onFinish={(v) => void run(() => planApi.progress(id, { ...v, date: v.date || null }), () => progressForm.resetFields())} data-testid="plan-progress-form">
                      <Form.Item name="date" label={t('plan.detail.progressDate')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
                        <Input placeholder={cstToday()} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name="note" label={t('plan.detail.note')} rules={req}>
                        <Input.TextArea rows={3} maxLength={4000} />
                      </Form.Item>
                      <Button type="primary" htmlType="submit" disabled={busy} data-testid="plan-progress-submit">
                        {t('plan.detail.submit')}
                      </Button>
                    </Form>
                  </Card>
                )}
              </Space>
            </Col>
          </Row>
        </>
      )}
      <PlanFormModal open={editing} item={d} year={d?.year ?? 2026} onClose={() => setEditing(false)} onSaved={(next) => (setD(next), setEditing(false), void message.success(t('plan.detail.saved')))} />
    </div>
  );
}
