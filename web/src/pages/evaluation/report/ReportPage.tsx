import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Modal, Row, Space, Spin, Table, Tabs, Typography } from 'antd';
import { CheckOutlined, EditOutlined, FileExcelOutlined, FilePdfOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import i18n from '../../../i18n';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time, formatTime } from '../../../components/labels';
import { Timeline } from '../../sharing/workflow/Timeline';
import { EChart, barOption, lineOption, pieOption } from '../dashboard/EChart';
import { partNames } from '../dashboard/dashboardApi';
import { ReportStateTag } from './components';
import { reportApi, TEXT_SECTION_KEYS, type Report, type ReportVersion, type TextSectionKey } from './reportApi';

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString());
const label = (key: string, fallback: string) => (i18n.exists(key) ? String(i18n.t(key as never)) : fallback);

/** One annual report: its text (edited in versions by the authority), its figures, its versions and history; send / acknowledge; exports. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [r, setR] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<TextSectionKey, string>>({ summary: '', achievements: '', problems: '', next_steps: '' });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [versions, setVersions] = useState<ReportVersion[] | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(async () => {
    setError(null);
    try {
      setR(await reportApi.get(id));
      setVersions(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (f: () => Promise<Report>, done: string) => {
    setBusy(true);
    try {
      setR(await f());
      setVersions(null);
      setReloadKey((k) => k + 1);
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const startEdit = () => {
    if (!r) return;
    const next = { ...draft };
    for (const s of r.sections) next[s.key] = s.text;
    setDraft(next);
    setComment('');
    setEditing(true);
  };

  const save = async () => {
    if (!r) return;
    const changed = r.sections.filter((s) => draft[s.key] !== s.text).map((s) => ({ key: s.key, text: draft[s.key] }));
    await run(async () => {
      const next = await reportApi.edit(r.id, changed, r.version, comment.trim() || undefined);
      setEditing(false);
      return next;
    }, t('report.detail.saved', { version: r.version + 1 }));
  };

  const lang = i18n.language.startsWith('en') ? 'en' : 'zh-CN';
  if (error) return <Alert type="error" showIcon message={error} action={<Link to="/evaluation/reports">{t('report.detail.back')}</Link>} />;
  if (!r) return <Spin />;

  return (
    <>
      <PageHeader
        title={
          <Space>
            {r.title}
            <ReportStateTag state={r.state} />
          </Space>
        }
        description={`${t('report.detail.version', { version: r.version })} · ${t('report.detail.draftedBy', { who: r.draftedBy })} · ${formatTime(r.draftedAt)}`}
        extra={
          <>
            {r.actions.includes('edit') && !editing && (
              <Button icon={<EditOutlined />} onClick={startEdit} data-testid="report-edit">
                {t('report.detail.edit')}
              </Button>
            )}
            {r.actions.includes('refresh') && (
              <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void run(() => reportApi.refresh(r.id), t('report.detail.refreshed'))}>
                {t('report.action.refresh')}
              </Button>
            )}
            {r.actions.includes('send') && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy}
                data-testid="report-send"
                onClick={() => Modal.confirm({ title: t('report.action.send'), content: t('report.detail.sendConfirm'), onOk: () => run(() => reportApi.send(r.id), t('report.detail.sent')) })}
              >
                {t('report.action.send')}
              </Button>
            )}
            {r.actions.includes('receive') && (
              <Button type="primary" icon={<CheckOutlined />} loading={busy} data-testid="report-receive" onClick={() => void run(() => reportApi.receive(r.id), t('report.detail.received'))}>
                {t('report.action.receive')}
              </Button>
            )}
            <Button icon={<FilePdfOutlined />} href={reportApi.exportUrl(r.id, 'pdf', lang)} data-testid="report-export-pdf">
              {t('report.detail.exportPdf')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={reportApi.exportUrl(r.id, 'xlsx', lang)} data-testid="report-export-xlsx">
              {t('report.detail.exportXlsx')}
            </Button>
          </>
        }
      />
      {r.data.unavailable.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('report.detail.unavailable', { parts: partNames(r.data.unavailable) })} />}
      <Tabs
        items={[
          {
            key: 'text',
            label: t('report.detail.sections'),
            children: editing ? (
              <Card>
                {TEXT_SECTION_KEYS.map((k) => (
                  <div key={k} style={{ marginBottom: 16 }}>
                    <Typography.Title level={5}>{t(`report.section.${k}`)}</Typography.Title>
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} data-testid={`report-text-${k}`} maxLength={20000} />
                  </div>
                ))}
                <Input placeholder={t('report.detail.comment')} value={comment} onChange={(e) => setComment(e.target.value)} style={{ marginBottom: 16 }} maxLength={2000} />
                <Space>
                  <Button type="primary" loading={busy} onClick={() => void save()} data-testid="report-save">
                    {t('report.detail.save')}
                  </Button>
                  <Button onClick={() => setEditing(false)}>{t('report.detail.cancel')}</Button>
                </Space>
              </Card>
            ) : (
              <Card data-testid="report-text">
                {r.sections.map((s) => (
                  <div key={s.key} style={{ marginBottom: 20 }}>
                    <Typography.Title level={5}>{t(`report.section.${s.key}`)}</Typography.Title>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} type={s.text.trim() ? undefined : 'secondary'}>
                      {s.text.trim() || t('report.detail.empty')}
                    </Typography.Paragraph>
                  </div>
                ))}
              </Card>
            ),
          },
          { key: 'figures', label: t('report.detail.figures'), children: <Figures r={r} /> },
          {
            key: 'versions',
            label: t('report.detail.history'),
            children: <Versions id={r.id} versions={versions} setVersions={setVersions} />,
          },
          { key: 'timeline', label: t('report.detail.timeline'), children: <Timeline itemKind="annual_report" itemId={r.id} reloadKey={reloadKey} /> },
        ]}
      />
    </>
  );
}

function Versions({ id, versions, setVersions }: { id: string; versions: ReportVersion[] | null; setVersions: (v: ReportVersion[]) => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (versions) return;
    reportApi
      .versions(id)
      .then((v) => setVersions(v.items))
      .catch(() => setVersions([]));
  }, [id, versions, setVersions]);
  if (!versions) return <Spin />;
  return (
    <Table
      rowKey="version"
      size="small"
      pagination={false}
      dataSource={versions}
      expandable={{
        expandedRowRender: (v) =>
          v.sections.map((s) => (
            <div key={s.key}>
              <Typography.Text strong>{t(`report.section.${s.key}`)}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.text || t('report.detail.empty')}</Typography.Paragraph>
            </div>
          )),
      }}
      columns={[
        { title: t('report.list.version'), dataIndex: 'version', width: 80 },
        { title: t('report.detail.editor'), dataIndex: 'editedBy', render: (_: string, v) => t('report.detail.editedBy', { who: v.editedBy, at: formatTime(v.editedAt) }) },
        { title: t('report.detail.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
      ]}
    />
  );
}

function Figures({ r }: { r: Report }) {
  const { t } = useTranslation();
  const d = r.data;
  const monthly = useMemo(() => (d.monthly ? lineOption(d.monthly.map((m) => m.month), [{ name: t('report.figure.calls'), values: d.monthly.map((m) => m.calls), area: true }]) : null), [d, t]);
  const violations = useMemo(() => {
    const e = Object.entries(d.violations?.byCategory ?? {});
    return e.length ? pieOption(e.map(([c, n]) => ({ name: String(t('dashboard.category', { n: c })), value: n }))) : null;
  }, [d, t]);
  const consumers = useMemo(
    () => (d.topConsumers?.length ? barOption(d.topConsumers.map((c) => c.unitName ?? c.unitId), [{ name: t('report.figure.calls'), values: d.topConsumers.map((c) => c.calls) }], { horizontal: true }) : null),
    [d, t],
  );
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.figure.noData')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card title={t('report.figure.totals')} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('report.figure.units')}>{num(d.totals.units)}</Descriptions.Item>
          <Descriptions.Item label={t('report.figure.resources')}>
            {num(d.totals.resources)}
            {d.totals.resourcesBySharingType &&
              ` (${Object.entries(d.totals.resourcesBySharingType)
                .map(([k, v]) => `${label(`catalog.sharingType.${k}`, k)} ${v}`)
                .join(' / ')})`}
          </Descriptions.Item>
          <Descriptions.Item label={t('report.figure.dataItems')}>{num(d.totals.dataItems)}</Descriptions.Item>
          <Descriptions.Item label={t('report.figure.recordsAvailable')}>{num(d.totals.recordsAvailable)}</Descriptions.Item>
          <Descriptions.Item label={t('report.figure.calls')}>{num(d.totals.calls)}</Descriptions.Item>
          <Descriptions.Item label={t('report.figure.rowsServed')}>{num(d.totals.rowsServed)}</Descriptions.Item>
          <Descriptions.Item label={t('report.figure.previousCalls')}>{num(d.previousYear?.calls)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('report.figure.monthly')} size="small">
            {monthly ? <EChart option={monthly} height={260} testId="report-chart-monthly" /> : none}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('report.figure.violations')} size="small">
            {violations ? <EChart option={violations} height={260} testId="report-chart-violations" /> : none}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('report.figure.topConsumers')} size="small">
            {consumers ? <EChart option={consumers} height={260} /> : none}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('report.figure.topResources')} size="small">
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={d.topResources ?? []}
              columns={[
                { title: t('report.figure.name'), dataIndex: 'name' },
                { title: t('report.figure.provider'), dataIndex: 'providerUnitName' },
                { title: t('report.figure.calls'), dataIndex: 'calls', align: 'right', render: num },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('report.figure.applications')} size="small">
        <Table
          size="small"
          rowKey="systemId"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={d.applications ?? []}
          columns={[
            { title: t('report.figure.system'), dataIndex: 'name' },
            { title: t('report.figure.unit'), dataIndex: 'unitName' },
            { title: t('report.figure.scenario'), dataIndex: 'scenario' },
            { title: t('report.figure.resourceCount'), dataIndex: 'resources', align: 'right' },
            { title: t('report.figure.calls'), dataIndex: 'calls', align: 'right', render: num },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('report.figure.handling')} size="small">
            <Table
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={d.handling ?? []}
              columns={[
                { title: t('report.figure.kind'), dataIndex: 'kind', render: (k: string) => label(`dashboard.kind.${k}`, k) },
                { title: t('report.figure.handled'), dataIndex: 'handled', align: 'right' },
                { title: t('report.figure.onTime'), dataIndex: 'onTime', align: 'right' },
                { title: t('report.figure.late'), dataIndex: 'late', align: 'right' },
                { title: t('report.figure.open'), dataIndex: 'open', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Descriptions size="small" column={1} title={t('report.figure.objections')}>
              <Descriptions.Item label={t('report.figure.upheld')}>{num(d.objections?.upheld)}</Descriptions.Item>
              <Descriptions.Item label={t('report.figure.notUpheld')}>{num(d.objections?.notUpheld)}</Descriptions.Item>
              <Descriptions.Item label={t('report.figure.rejected')}>{num(d.objections?.rejected)}</Descriptions.Item>
            </Descriptions>
            <Descriptions size="small" column={1} title={t('report.figure.training')}>
              <Descriptions.Item label={t('report.figure.sessions')}>{num(d.training?.sessions)}</Descriptions.Item>
              <Descriptions.Item label={t('report.figure.attendances')}>{num(d.training?.attendances)}</Descriptions.Item>
              <Descriptions.Item label={t('report.figure.unitsTrained')}>
                {num(d.training?.unitsTrained)}
                {d.training?.unitsTotal ? ` / ${d.training.unitsTotal}` : ''}
              </Descriptions.Item>
            </Descriptions>
            <Descriptions size="small" column={1} title={t('report.figure.plans')}>
              <Descriptions.Item label={t('report.figure.planItems')}>{num(d.plans?.total)}</Descriptions.Item>
              <Descriptions.Item label={t('report.figure.budget')}>{num(d.plans?.budget)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <Card title={t('report.figure.evaluation')} size="small">
        {d.evaluation ? (
          <Table
            size="small"
            rowKey="unitId"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={d.evaluation.ranking}
            columns={[
              { title: t('report.figure.rank'), dataIndex: 'rank', width: 70 },
              { title: t('report.figure.unit'), dataIndex: 'unitName' },
              { title: t('report.figure.score'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
              { title: t('report.figure.grade'), dataIndex: 'grade', render: (g: string | null) => (g ? label(`evaluation.grade.${g}`, g) : '—') },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.figure.notPublished')} />
        )}
      </Card>
      <Typography.Text type="secondary">
        <Time value={d.computedAt} />
      </Typography.Text>
    </Space>
  );
}
