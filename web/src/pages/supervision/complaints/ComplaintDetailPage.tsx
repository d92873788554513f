import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, List, Modal, Radio, Result, Row, Select, Space, Spin, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { Timeline } from '../../sharing/workflow/Timeline';
import { TaskList } from '../../sharing/workflow/TaskList';
import { useViolationTitle } from '../violations/components';
import { ComplaintStateTag } from './ComplaintListPage';
import { complaintApi, type ComplaintAction, type ComplaintDetail, type ComplaintOutcome, type Party } from './complaintApi';

const TEXT_REQUIRED: ComplaintAction[] = ['reject', 'note', 'request', 'reply', 'record_violation', 'conclude'];

/** 投诉详情: the complaint, its feedback, the exchange the caller may see, evidence, linked violations, actions, timeline. */
export default function ComplaintDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = useParams().id ?? '';
  const [c, setC] = useState<ComplaintDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [acting, setActing] = useState<ComplaintAction | null>(null);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [party, setParty] = useState<Party>('target');
  const [outcome, setOutcome] = useState<ComplaintOutcome | null>(null);
  const [category, setCategory] = useState<number>(1);
  const [busy, setBusy] = useState(false);
  const violationTitle = useViolationTitle();

  const load = useCallback(async () => {
    try {
      setC(await complaintApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error && !c) {
    return (
      <Result
        status="warning"
        title={t('complaint.detail.loadFailed')}
        subTitle={error}
        extra={
          <Link to="/supervision/complaints">
            <Button type="primary">{t('complaint.detail.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!c) return <Spin className="gs-page-spin" />;

  const open = (a: ComplaintAction) => {
    setActing(a);
    setText('');
    setTitle('');
    setTitleEn('');
    setOutcome(null);
  };

  const run = async () => {
    if (!acting) return;
    const body = text.trim();
    setBusy(true);
    try {
      const next = await (() => {
        switch (acting) {
          case 'accept':
            return complaintApi.accept(c.id, body || undefined);
          case 'reject':
            return complaintApi.reject(c.id, body);
          case 'note':
            return complaintApi.note(c.id, body);
          case 'request':
            return complaintApi.request(c.id, party, body);
          case 'reply':
            return complaintApi.reply(c.id, body);
          case 'link':
            return complaintApi.link(c.id, body.split(/[\s,，]+/).filter(Boolean));
          case 'record_violation':
            return complaintApi.recordViolation(c.id, { category, title: title.trim(), titleEn: titleEn.trim() || null, description: body });
          case 'conclude':
            return complaintApi.conclude(c.id, outcome ?? 'not_upheld', body);
          case 'acknowledge':
            return complaintApi.acknowledge(c.id, body || undefined);
          case 'close':
            return complaintApi.close(c.id, body || undefined);
          default:
            return complaintApi.disclose(c.id, body || undefined);
        }
      })();
      setC(next);
      setActing(null);
      setReloadKey((k) => k + 1);
      message.success(t('complaint.panel.done'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    try {
      await complaintApi.uploadEvidence(c.id, file);
      await load();
      setReloadKey((k) => k + 1);
      message.success(t('complaint.panel.done'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const okDisabled =
    acting !== null &&
    ((TEXT_REQUIRED.includes(acting) && !text.trim()) || (acting === 'link' && !text.trim()) || (acting === 'conclude' && !outcome) || (acting === 'record_violation' && !title.trim()));
  const modalActions = c.actions.filter((a) => a !== 'evidence');

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {c.title}
            <ComplaintStateTag state={c.state} />
          </Space>
        }
        description={t(`complaint.role.${c.role}`)}
        extra={
          <Link to="/supervision/complaints">
            <Button icon={<ArrowLeftOutlined />}>{t('complaint.detail.back')}</Button>
          </Link>
        }
      />
      {(modalActions.length > 0 || c.actions.includes('evidence')) && (
        <Card size="small" className="gs-side-card" title={t('complaint.panel.title')} data-testid="complaint-actions">
          <Space wrap>
            {modalActions.map((a, i) => (
              <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => open(a)} data-testid={`complaint-action-${a}`}>
                {t(`complaint.action.${a}`)}
              </Button>
            ))}
            {c.actions.includes('evidence') && (
              <Upload
                showUploadList={false}
                beforeUpload={(f) => {
                  void upload(f);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{t('complaint.action.evidence')}</Button>
              </Upload>
            )}
          </Space>
        </Card>
      )}
      {c.outcome && (
        <Alert
          type={c.outcome === 'upheld' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="complaint-result"
          message={t(`complaint.outcome.${c.outcome}`)}
          description={
            <>
              <div>{c.result}</div>
              <Typography.Text type="secondary">
                <Time value={c.concludedAt} />
              </Typography.Text>
            </>
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('complaint.detail.summary')} className="gs-side-card">
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('complaint.list.target')}>{c.targetUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('complaint.list.addressee')}>{t(`complaint.addressee.${c.addressee}`)}</Descriptions.Item>
              <Descriptions.Item label={t('complaint.list.complainant')}>
                {c.complainantUnitName ? `${c.complainantUnitName}（${c.complainant ?? ''}）` : <Tag>{t('complaint.detail.hidden')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaint.form.category')}>{c.category ? t(`violation.category.c${c.category}` as never) : t('complaint.detail.none')}</Descriptions.Item>
              <Descriptions.Item label={t('complaint.list.created')}>
                <Time value={c.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('complaint.detail.awaiting')}>{c.awaiting.length ? c.awaiting.map((p) => t(`complaint.party.${p}`)).join('、') : t('complaint.detail.none')}</Descriptions.Item>
              <Descriptions.Item label={t('complaint.form.text')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.text}</Typography.Paragraph>
              </Descriptions.Item>
              {c.rejectReason && (
                <Descriptions.Item label={t('complaint.detail.rejectReason')} span={2}>
                  {c.rejectReason}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('complaint.detail.messages')} className="gs-side-card">
            <List
              dataSource={c.messages}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaint.detail.noMessages')} /> }}
              renderItem={(m) => (
                <List.Item key={m.id}>
                  <List.Item.Meta
                    title={
                      <Space>
                        <Tag>{t(`complaint.messageKind.${m.kind}`)}</Tag>
                        {m.party && <Typography.Text type="secondary">{t(`complaint.party.${m.party}`)}</Typography.Text>}
                        {m.by && <Typography.Text type="secondary">{m.by}</Typography.Text>}
                        <Typography.Text type="secondary">
                          <Time value={m.at} />
                        </Typography.Text>
                      </Space>
                    }
                    description={<span style={{ whiteSpace: 'pre-wrap' }}>{m.text}</span>}
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('complaint.detail.evidence')} className="gs-side-card">
            <List
              dataSource={c.evidenceFiles}
              locale={{ emptyText: t('complaint.detail.none') }}
              renderItem={(f) => (
                <List.Item key={f.id} actions={[<a key="dl" href={complaintApi.evidenceUrl(c.id, f.id)}><DownloadOutlined /></a>]}>
                  {f.name}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('complaint.detail.violations')} className="gs-side-card">
            <List
              dataSource={c.violations}
              locale={{ emptyText: t('complaint.detail.none') }}
              renderItem={(v) => (
                <List.Item key={v.id}>
                  <Space>
                    {/* The complainant's unit may not open another unit's violation: its title only. */}
                    {c.role === 'handler' || c.role === 'reader' || c.role === 'target' ? <Link to={`/supervision/violations/${encodeURIComponent(v.id)}`}>{violationTitle(v)}</Link> : violationTitle(v)}
                    <Tag>{t(`violation.category.c${v.category}` as never)}</Tag>
                    <Tag>{t(`violation.state.${v.state}` as never)}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          {c.role !== 'target' && (
            <>
              <Card size="small" title={t('complaint.detail.tasks')} className="gs-side-card">
                <TaskList itemKind="complaint" itemId={c.id} reloadKey={reloadKey} />
              </Card>
              <Card size="small" title={t('complaint.detail.timeline')} className="gs-side-card">
                <Timeline itemKind="complaint" itemId={c.id} reloadKey={reloadKey} />
              </Card>
            </>
          )}
        </Col>
      </Row>
      <Modal
        open={acting !== null}
        title={acting ? t(`complaint.action.${acting}`) : ''}
        onCancel={() => setActing(null)}
        onOk={() => void run()}
        okText={t('complaint.panel.submit')}
        okButtonProps={{ disabled: okDisabled, loading: busy, ...({ 'data-testid': 'complaint-modal-ok' } as object) }}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {acting === 'request' && (
            <Radio.Group value={party} onChange={(e) => setParty(e.target.value as Party)}>
              <Radio value="target">{t('complaint.party.target')}</Radio>
              <Radio value="complainant">{t('complaint.party.complainant')}</Radio>
            </Radio.Group>
          )}
          {acting === 'conclude' && (
            <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as ComplaintOutcome)}>
              <Radio value="upheld">{t('complaint.outcome.upheld')}</Radio>
              <Radio value="not_upheld">{t('complaint.outcome.not_upheld')}</Radio>
            </Radio.Group>
          )}
          {acting === 'record_violation' && (
            <>
              <Select value={category} onChange={setCategory} style={{ width: '100%' }} options={[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: n, label: t(`violation.category.c${n}` as never) }))} />
              <Input placeholder={t('complaint.panel.violationTitle')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
              <Input placeholder={t('complaint.panel.violationTitleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={200} data-testid="complaint-violation-title-en" />
            </>
          )}
          <Input.TextArea
            rows={4}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={acting === 'link' ? t('complaint.panel.violationIds') : acting && TEXT_REQUIRED.includes(acting) ? t('complaint.panel.required') : t('complaint.panel.optional')}
            data-testid="complaint-modal-text"
          />
        </Space>
      </Modal>
    </>
  );
}
