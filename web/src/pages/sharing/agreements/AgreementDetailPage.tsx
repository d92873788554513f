import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloudUploadOutlined, DownloadOutlined, EditOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { Timeline } from '../workflow/Timeline';
import { TaskList } from '../workflow/TaskList';
import { agreementApi, cstDay, lastCstDay, type AgreementDetail, type Filing, type Office, type Side } from './agreementApi';
import { AgreementProgress, AgreementStateTag, formatBytes } from './components';

interface TermsForm {
  purpose: string;
  scope: string;
  validFrom: Dayjs | null;
  validUntil: Dayjs | null;
  obligations: string;
}

const FILING_COLORS: Record<Filing['state'], string> = { pending: 'processing', acknowledged: 'success', returned: 'warning', cancelled: 'default' };

/** One agreement: terms, signed document with its hash, both parties' confirmation, the filing with both offices, timeline and tasks. */
export default function AgreementDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = useParams().id ?? '';
  const [a, setA] = useState<AgreementDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<TermsForm>();
  const [file, setFile] = useState<File | null>(null);
  const [signedAt, setSignedAt] = useState<Dayjs | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirmComment, setConfirmComment] = useState('');
  const [filingText, setFilingText] = useState<Record<string, string>>({});
  const [terminating, setTerminating] = useState(false);
  const [endReason, setEndReason] = useState('');

  const load = useCallback(async () => {
    try {
      setA(await agreementApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error && !a) {
    return (
      <Result
        status="warning"
        title={t('agreement.detail.loadFailed')}
        subTitle={error}
        extra={
          <Link to="/sharing/agreements">
            <Button type="primary">{t('agreement.detail.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!a) return <Spin className="gs-page-spin" />;

  /** Runs one action; on success shows the new state and reloads the timeline and tasks. */
  const act = async (run: () => Promise<AgreementDetail>, after?: () => void): Promise<boolean> => {
    setBusy(true);
    try {
      setA(await run());
      setReloadKey((k) => k + 1);
      after?.();
      message.success(t('agreement.done'));
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const none = t('agreement.detail.none');
  const sideLabel = (s: Side) => t(`agreement.side.${s}`);
  const officeLabel = (o: Office) => t(`agreement.office.${o}`);
  const returnedBy = a.state === 'returned' ? a.filings.find((f) => f.state === 'returned')?.office : undefined;

  const openEdit = () => {
    form.setFieldsValue({
      purpose: a.purpose,
      scope: a.scope,
      validFrom: dayjs(cstDay(a.validFrom)),
      validUntil: dayjs(lastCstDay(a.validUntil)),
      obligations: a.obligations,
    });
    setEditing(true);
  };

  const saveTerms = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      setA(
        await agreementApi.update(a.id, {
          purpose: v.purpose,
          scope: v.scope ?? '',
          validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : undefined,
          validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : undefined,
          obligations: v.obligations,
        }),
      );
      setReloadKey((k) => k + 1);
      setEditing(false);
      message.success(t('agreement.done'));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      message.error(rest.length ? rest.join('；') : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = () =>
    file &&
    void act(
      () => agreementApi.upload(a.id, file, signedAt ? signedAt.format('YYYY-MM-DD') : undefined),
      () => {
        message.info(t('agreement.document.uploaded', { name: file.name }));
        setFile(null);
        setSignedAt(null);
        if (fileInput.current) fileInput.current.value = '';
      },
    );

  const confirmState = (side: Side) => {
    const at = side === 'provider' ? a.providerConfirmedAt : a.consumerConfirmedAt;
    const by = side === 'provider' ? a.providerConfirmedBy : a.consumerConfirmedBy;
    return at ? (
      <Typography.Text type="success" data-testid={`agreement-confirmed-${side}`}>
        <CheckOutlined /> {t('agreement.confirm.confirmedBy', { who: by, time: new Date(at).toLocaleString() })}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">{t('agreement.confirm.waiting')}</Typography.Text>
    );
  };

  const filingRow = (f: Filing) => {
    const mine = a.can.acknowledge.includes(f.office);
    const text = filingText[f.office] ?? '';
    const reference = filingText[`${f.office}.ref`] ?? '';
    return (
      <Card key={f.office} size="small" type="inner" title={officeLabel(f.office)} extra={<Tag color={FILING_COLORS[f.state]} data-testid={`agreement-filing-${f.office}`}>{t(`agreement.filingState.${f.state}`)}</Tag>} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('agreement.filing.decidedBy')}>{f.decidedBy ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('agreement.filing.decidedAt')}>{f.decidedAt ? <Time value={f.decidedAt} /> : none}</Descriptions.Item>
          {f.reference && <Descriptions.Item label={t('agreement.filing.reference')}>{f.reference}</Descriptions.Item>}
          {f.comment && <Descriptions.Item label={t('agreement.filing.comment')}>{f.comment}</Descriptions.Item>}
        </Descriptions>
        {mine && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid={`agreement-filing-panel-${f.office}`}>
            <Typography.Text type="secondary">{t('agreement.filing.actFor', { office: officeLabel(f.office) })}</Typography.Text>
            <Input
              maxLength={100}
              value={reference}
              onChange={(e) => setFilingText((m) => ({ ...m, [`${f.office}.ref`]: e.target.value }))}
              placeholder={t('agreement.filing.referencePlaceholder')}
              data-testid={`agreement-reference-${f.office}`}
            />
            <Input.TextArea
              rows={2}
              maxLength={1000}
              value={text}
              onChange={(e) => setFilingText((m) => ({ ...m, [f.office]: e.target.value }))}
              placeholder={`${t('agreement.filing.commentPlaceholder')} / ${t('agreement.filing.reasonPlaceholder')}`}
              data-testid={`agreement-filing-text-${f.office}`}
            />
            <Space>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy}
                onClick={() => void act(() => agreementApi.acknowledge(a.id, f.office, { comment: text.trim() || undefined, reference: reference.trim() || undefined }), () => setFilingText({}))}
                data-testid={`agreement-acknowledge-${f.office}`}
              >
                {t('agreement.filing.acknowledge')}
              </Button>
              <Button danger icon={<RollbackOutlined />} disabled={!text.trim()} loading={busy} onClick={() => void act(() => agreementApi.returnFiling(a.id, f.office, text.trim()), () => setFilingText({}))} data-testid={`agreement-return-${f.office}`}>
                {t('agreement.filing.return')}
              </Button>
            </Space>
          </Space>
        )}
      </Card>
    );
  };

  return (
    <div className="gs-page" data-testid="agreement-detail">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span>
              {t('agreement.menu.detail')}：{a.resourceName}
            </span>
            <AgreementStateTag state={a.state} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{a.resourceCode}</span> · {a.providerUnitName} → {a.consumerUnitName}
          </span>
        }
        extra={
          <>
            {a.can.terminate && (
              <Button danger icon={<StopOutlined />} onClick={() => setTerminating(true)} data-testid="agreement-terminate">
                {t('agreement.terminate.button')}
              </Button>
            )}
            <Link to="/sharing/agreements">
              <Button icon={<ArrowLeftOutlined />}>{t('agreement.detail.back')}</Button>
            </Link>
          </>
        }
      />
      <AgreementProgress state={a.state} />
      {a.state === 'returned' && a.returnReason && (
        <Alert type="warning" showIcon className="gs-form-alert" message={t('agreement.detail.returned', { office: returnedBy ? officeLabel(returnedBy) : '' })} description={a.returnReason} data-testid="agreement-return-reason" />
      )}
      {(a.state === 'terminated' || a.state === 'expired') && (
        <Alert type="info" showIcon className="gs-form-alert" message={t('agreement.detail.ended')} description={a.endReason ?? undefined} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('agreement.detail.terms')}
            extra={
              a.can.edit && (
                <Button size="small" icon={<EditOutlined />} onClick={openEdit} data-testid="agreement-edit">
                  {t('agreement.detail.edit')}
                </Button>
              )
            }
            style={{ marginBottom: 16 }}
          >
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('agreement.list.resource')}>
                <Link to={`/catalog/resources/${a.resourceCode}`}>{a.resourceName}</Link> <span className="gs-mono gs-small">{a.resourceCode}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('agreement.list.provider')}>{a.providerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('agreement.list.consumer')}>{a.consumerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.system')}>{a.consumerSystemId ?? t('agreement.detail.anySystem')}</Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.grant')}>
                <span className="gs-mono gs-small">{a.grantId}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.purpose')}>{a.purpose}</Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.scope')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{a.scope || none}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.validity')}>
                <span data-testid="agreement-validity">
                  {cstDay(a.validFrom)} ~ {lastCstDay(a.validUntil)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('agreement.detail.createdBy')}>
                {a.createdBy} · <Time value={a.createdAt} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} className="gs-section-title" style={{ marginTop: 16 }}>
              {t('agreement.detail.obligations')}
            </Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto', padding: 12, background: 'rgba(0,0,0,0.02)', borderRadius: 6 }} data-testid="agreement-obligations">
              {a.obligations}
            </div>
          </Card>

          <Card size="small" title={t('agreement.document.title')} style={{ marginBottom: 16 }} data-testid="agreement-document">
            {a.document ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('agreement.document.name')}>
                  <a href={agreementApi.documentUrl(a.id)} download={a.document.name} data-testid="agreement-download">
                    <DownloadOutlined /> {a.document.name}
                  </a>
                </Descriptions.Item>
                <Descriptions.Item label={t('agreement.document.sha256')}>
                  <Typography.Text className="gs-hash" copyable data-testid="agreement-sha256">
                    {a.document.sha256}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('agreement.document.type')}>
                  {a.document.contentType} · {formatBytes(a.document.bytes)}
                </Descriptions.Item>
                <Descriptions.Item label={t('agreement.document.signedAt')}>{a.signedAt ? cstDay(a.signedAt) : none}</Descriptions.Item>
                <Descriptions.Item label={t('agreement.document.uploadedBy')}>
                  {a.document.uploadedBy} · <Time value={a.document.uploadedAt} />
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agreement.document.none')} />
            )}
            {a.can.upload && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
                <Typography.Text type="secondary">{t('agreement.document.hint')}</Typography.Text>
                <Space wrap>
                  <input
                    ref={fileInput}
                    type="file"
                    accept=".pdf,.ofd,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                    aria-label={t('agreement.document.choose')}
                    data-testid="agreement-upload-input"
                  />
                  <DatePicker value={signedAt} onChange={setSignedAt} placeholder={t('agreement.document.signedAt')} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="agreement-signed-at" />
                  <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} loading={busy} onClick={upload} data-testid="agreement-upload">
                    {a.document ? t('agreement.document.replace') : t('agreement.document.upload')}
                  </Button>
                </Space>
              </Space>
            )}
          </Card>
        </Col>

        <Col xs={24} xl={10}>
          <Card size="small" title={t('agreement.confirm.title')} style={{ marginBottom: 16 }} data-testid="agreement-confirmations">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={sideLabel('provider')}>{confirmState('provider')}</Descriptions.Item>
              <Descriptions.Item label={sideLabel('consumer')}>{confirmState('consumer')}</Descriptions.Item>
            </Descriptions>
            {!a.document && (a.state === 'draft' || a.state === 'returned') && <Typography.Text type="secondary">{t('agreement.confirm.needDocument')}</Typography.Text>}
            {a.can.confirm.length > 0 && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                <Input maxLength={1000} value={confirmComment} onChange={(e) => setConfirmComment(e.target.value)} placeholder={t('agreement.confirm.comment')} data-testid="agreement-confirm-comment" />
                <Space wrap>
                  {a.can.confirm.map((side) => (
                    <Button
                      key={side}
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={busy}
                      onClick={() => void act(() => agreementApi.confirm(a.id, side, confirmComment.trim() || undefined), () => setConfirmComment(''))}
                      data-testid={`agreement-confirm-${side}`}
                    >
                      {t('agreement.confirm.confirmAs', { side: sideLabel(side) })}
                    </Button>
                  ))}
                </Space>
              </Space>
            )}
            {a.can.submit && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
                <Alert type="success" showIcon message={t('agreement.confirm.submitHint')} />
                <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void act(() => agreementApi.submit(a.id))} data-testid="agreement-submit">
                  {t('agreement.confirm.submit')}
                </Button>
              </Space>
            )}
          </Card>

          <Card size="small" title={t('agreement.filing.title')} extra={a.round > 0 && <Typography.Text type="secondary">{t('agreement.filing.round', { round: a.round })}</Typography.Text>} style={{ marginBottom: 16 }} data-testid="agreement-filing">
            {a.filings.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agreement.filing.notSubmitted')} />
            ) : (
              <>
                {a.submittedAt && (
                  <Typography.Paragraph type="secondary">
                    {t('agreement.filing.submittedAt')}: <Time value={a.submittedAt} />
                  </Typography.Paragraph>
                )}
                {a.filings.map(filingRow)}
              </>
            )}
          </Card>

          <Card size="small" title={t('agreement.tasks')} style={{ marginBottom: 16 }}>
            <TaskList itemKind="agreement" itemId={a.id} reloadKey={reloadKey} />
          </Card>
          <Card size="small" title={t('agreement.timeline')}>
            <Timeline itemKind="agreement" itemId={a.id} reloadKey={reloadKey} />
          </Card>
        </Col>
      </Row>

      <Modal open={editing} title={t('agreement.detail.edit')} onCancel={() => setEditing(false)} onOk={() => void saveTerms()} okText={t('agreement.detail.save')} cancelText={t('agreement.detail.cancel')} confirmLoading={busy} width={760} forceRender>
        {a.state !== 'draft' && <Alert type="warning" showIcon message={t('agreement.detail.editHint')} className="gs-form-alert" />}
        <Form form={form} layout="vertical" data-testid="agreement-terms-form">
          <Form.Item name="purpose" label={t('agreement.detail.purpose')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="scope" label={t('agreement.detail.scope')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Space size={16} wrap>
            <Form.Item name="validFrom" label={t('agreement.detail.validFrom')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="validUntil" label={t('agreement.detail.validUntil')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="obligations" label={t('agreement.detail.obligations')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={12} maxLength={20000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={terminating}
        title={t('agreement.terminate.title')}
        onCancel={() => setTerminating(false)}
        okText={t('agreement.terminate.ok')}
        okButtonProps={{ danger: true, disabled: !endReason.trim(), loading: busy }}
        onOk={() =>
          void act(
            () => agreementApi.terminate(a.id, endReason.trim()),
            () => {
              setTerminating(false);
              setEndReason('');
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('agreement.terminate.hint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={endReason} onChange={(e) => setEndReason(e.target.value)} placeholder={t('agreement.terminate.reason')} data-testid="agreement-terminate-reason" />
      </Modal>
    </div>
  );
}
