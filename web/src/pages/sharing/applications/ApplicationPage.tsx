import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Result, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, FileProtectOutlined, KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, applyFieldErrors, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { formatTime } from '../../../components/labels';
import { resourceLink } from '../../catalog/catalogApi';
import { Timeline } from '../workflow/Timeline';
import { TaskList } from '../workflow/TaskList';
import { ApplicationForm, toFormValues, toInput, type ApplicationFormValues } from './ApplicationForm';
import { agreementLink, applicationsApi, grantLink, REQUIRED_FIELDS, type ApplicationDetail, type RequiredField } from './applicationsApi';
import { ApplicationStateTag, cstDay, GrantStateTag, ItemList, lastDay, RowFilterText, useMissingText } from './components';
import { TermsEditor, toTerms, type TermsValues } from './TermsEditor';

type Dialog = 'refuse' | 'incomplete' | 'extension' | 'decideExtension' | 'coordinate' | 'edit' | null;

/** One application: its content and answer, the provider's approval panel, the authority's steps, the timeline. */
export default function ApplicationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = useParams().id ?? '';
  const [a, setA] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [extensionMax, setExtensionMax] = useState(10);
  const [systems, setSystems] = useState<{ id: string; code: string; name: string; scenario: string }[]>([]);
  const [reload, setReload] = useState(0);
  const [terms] = Form.useForm<TermsValues>();
  const [dialogForm] = Form.useForm();
  const [editForm] = Form.useForm<ApplicationFormValues>();
  const missingText = useMissingText();

  const load = useCallback(async () => {
    try {
      setA(await applicationsApi.get(id));
      setError(null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) });
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!a?.actions.requestExtension) return;
    api
      .get<{ settings: { extension_max: number } }>('/sharing/settings/deadlines')
      .then((s) => setExtensionMax(s.settings.extension_max))
      .catch(() => undefined);
  }, [a?.actions.requestExtension]);

  useEffect(() => {
    if (!a?.actions.edit) return;
    // The unit's application systems come with the form's prefill.
    applicationsApi
      .prefill(a.resourceCode)
      .then((p) => setSystems(p.systems))
      .catch(() => undefined);
  }, [a?.actions.edit, a?.resourceCode]);

  const names = useMemo(() => new Map((a?.resource?.items ?? []).map((i) => [i.code, i.name])), [a?.resource]);

  /** Runs one action; on success shows the new state, on a problem puts field errors on `form`. */
  const run = async (key: string, fn: () => Promise<ApplicationDetail>, form?: Parameters<typeof applyFieldErrors>[0]) => {
    setBusy(key);
    try {
      const next = await fn();
      setA(next);
      setReload((n) => n + 1);
      setDialog(null);
      message.success(t('application.review.done'));
      return true;
    } catch (e) {
      const rest = form ? applyFieldErrors(form, e) : [];
      message.error([errorMessage(e), ...rest].filter(Boolean).join('；'));
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={t('application.detail.loadFailed')}
        subTitle={error.message}
        extra={<Link to="/sharing/applications">{t('application.menu.list')}</Link>}
      />
    );
  }
  if (!a) return <Spin className="gs-page-spin" />;

  const act = a.actions;
  const quota = (r: number | null, rows: number | null) =>
    r === null && rows === null ? t('application.detail.unlimited') : t('application.detail.quotaValue', { requests: r ?? t('application.detail.unlimited'), rows: rows ?? t('application.detail.unlimited') });

  // ---- the answer, in front of everyone
  const banners: ReactNode[] = [];
  if (a.state === 'incomplete') {
    banners.push(
      <Alert
        key="incomplete"
        type="warning"
        showIcon
        data-testid="incomplete-notice"
        message={t('application.detail.incompleteTitle')}
        description={
          <Space direction="vertical" size={2}>
            {a.missing.length > 0 && <Typography.Text strong>{missingText(a.missing)}</Typography.Text>}
            {a.incompleteNote && <Typography.Text>{t('application.detail.incompleteNote', { note: a.incompleteNote })}</Typography.Text>}
          </Space>
        }
      />,
    );
  }
  if (a.autoAnswer) {
    banners.push(
      <Alert
        key="auto"
        type={a.autoAnswer === 'mandatory' ? 'success' : 'error'}
        showIcon
        data-testid="auto-answer"
        message={t(`application.autoAnswer.${a.autoAnswer}`)}
        description={a.autoAnswer === 'not_shared' && a.decisionComment ? t('application.legalBasisQuoted', { basis: a.decisionComment }) : undefined}
      />,
    );
  } else if (a.state === 'coordination' || a.state === 'refused') {
    banners.push(
      <Alert
        key="refused"
        type={a.state === 'refused' ? 'error' : 'warning'}
        showIcon
        data-testid="refusal-notice"
        message={a.state === 'refused' ? t('application.detail.refusedTitle') : t('application.detail.coordinationTitle')}
        description={
          <Space direction="vertical" size={2}>
            {a.decisionComment && <span>{t('application.detail.refusalReason', { reason: a.decisionComment })}</span>}
            {a.coordination?.decision === 'uphold' && <span>{t('application.detail.coordinationUpheld', { comment: a.coordination.comment })}</span>}
          </Space>
        }
      />,
    );
  } else if (a.state === 'approved' && a.grant) {
    const pending = a.grant.state === 'pending_agreement';
    banners.push(
      <Alert
        key="approved"
        type={pending ? 'info' : 'success'}
        showIcon
        data-testid="approved-notice"
        message={
          <Space wrap>
            {t('application.detail.approvedTitle')}
            <GrantStateTag state={a.grant.state} />
          </Space>
        }
        description={
          <Space direction="vertical" size={2}>
            <span>{pending ? t('application.detail.approvedPending') : t('application.detail.approvedActive')}</span>
            {a.coordination?.decision === 'order_approval' && <span>{t('application.detail.coordinationOrdered', { comment: a.coordination.comment })}</span>}
            {a.decisionComment && !a.coordination && <span>{a.decisionComment}</span>}
            {a.deliveredAt && <span>{t('application.detail.delivered', { at: formatTime(a.deliveredAt) })}</span>}
          </Space>
        }
        action={
          <Space direction="vertical">
            <Link to={grantLink(a.grant.id)} data-testid="grant-link">
              <Button size="small" icon={<KeyOutlined />}>
                {t('application.detail.toGrant')}
              </Button>
            </Link>
            {a.agreementId && (
              <Link to={agreementLink(a.agreementId)} data-testid="agreement-link">
                <Button size="small" type="primary" icon={<FileProtectOutlined />}>
                  {t('application.detail.toAgreement')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />,
    );
  } else if (a.state === 'withdrawn') {
    banners.push(<Alert key="withdrawn" type="info" showIcon message={t('application.detail.withdrawnTitle')} />);
  }
  if (a.extension) {
    banners.push(
      <Alert
        key="ext"
        type="info"
        showIcon
        data-testid="extension-notice"
        message={t('application.detail.extension', { days: a.extension.days, state: t(`application.detail.extensionState.${a.extension.state}`) })}
        description={t('application.detail.extensionReason', { reason: a.extension.reason }) + (a.extension.comment ? ` · ${a.extension.comment}` : '')}
      />,
    );
  }

  const openDialog = (d: Dialog) => {
    dialogForm.resetFields();
    if (d === 'edit') editForm.setFieldsValue(toFormValues(a));
    setDialog(d);
  };

  const approve = () => run('approve', () => applicationsApi.approve(a.id, toTerms(a, terms.getFieldsValue(true) as TermsValues)), terms);

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="application-title">{a.resourceName}</span>
            <ApplicationStateTag state={a.state} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{a.resourceCode}</span> · {a.providerUnitName} → {a.consumerUnitName}
          </span>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('application.detail.back')}
            </Button>
            {act.submit && (
              <Button type="primary" loading={busy === 'submit'} onClick={() => void run('submit', () => applicationsApi.submit(a.id))} data-testid="application-submit-draft">
                {t('application.applicantActions.submit')}
              </Button>
            )}
            {act.edit && (
              <Button type={act.resubmit ? 'primary' : 'default'} onClick={() => openDialog('edit')} data-testid="application-edit">
                {act.resubmit ? t('application.applicantActions.resubmit') : t('application.applicantActions.edit')}
              </Button>
            )}
            {act.withdraw && (
              <Popconfirm title={t('application.applicantActions.withdrawConfirm')} onConfirm={() => void run('withdraw', () => applicationsApi.comment(a.id, 'withdraw'))} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button danger loading={busy === 'withdraw'} data-testid="application-withdraw">
                  {t('application.applicantActions.withdraw')}
                </Button>
              </Popconfirm>
            )}
            {act.deliver && (
              <Button onClick={() => void run('deliver', () => applicationsApi.comment(a.id, 'deliver'))} loading={busy === 'deliver'} data-testid="application-deliver">
                {t('application.applicantActions.deliver')}
              </Button>
            )}
          </>
        }
      />
      {banners.length > 0 && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
          {banners}
        </Space>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('application.detail.content')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} bordered>
              <Descriptions.Item label={t('application.detail.resource')} span={2}>
                <Link to={resourceLink(a.resourceCode)}>{a.resourceName}</Link> <span className="gs-mono gs-small">{a.resourceCode}</span> · {t('application.detail.version', { version: a.resourceVersion })}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.detail.applicantUnit')}>{a.consumerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.applicant')}>{a.applicantName}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.provider')}>{a.providerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.system')}>{a.consumerSystemName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.fields')} span={2}>
                <ItemList codes={a.fields} names={names} all={t('application.detail.allItems')} />
              </Descriptions.Item>
              <Descriptions.Item label={t('application.detail.purpose')} span={2}>
                {a.purpose || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.detail.legalBasis')} span={2}>
                {a.legalBasis || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.detail.scenario')}>{a.scenario || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.scope')}>{a.scope || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.method')}>{a.method ? t(`catalog.method.${a.method}` as never) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.validity')}>
                {a.validFrom ?? '—'} ~ {a.validUntil ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.detail.quota')}>{quota(a.quotaRequestsPerDay, a.quotaRowsPerDay)}</Descriptions.Item>
              <Descriptions.Item label={t('application.detail.submittedAt')}>{formatTime(a.submittedAt)}</Descriptions.Item>
              {a.decidedAt && (
                <Descriptions.Item label={t('application.detail.decided')} span={2}>
                  {t('application.detail.decidedBy', { by: a.decidedBy ?? '—', at: formatTime(a.decidedAt) })}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>

          {a.grant && (
            <Card title={t('application.detail.grant')} style={{ marginBottom: 16 }} data-testid="application-grant" extra={<Link to={grantLink(a.grant.id)}>{t('application.detail.toGrant')}</Link>}>
              <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}>
                <Descriptions.Item label={t('application.grant.state')}>
                  <GrantStateTag state={a.grant.state} />
                </Descriptions.Item>
                <Descriptions.Item label={t('application.grant.validity')}>
                  {cstDay(a.grant.validFrom)} ~ {lastDay(a.grant.validUntil) ?? t('application.grants.openEnded')}
                </Descriptions.Item>
                <Descriptions.Item label={t('application.grant.fields')} span={2}>
                  <ItemList codes={a.grant.fields} names={names} all={t('application.grants.allFields')} />
                </Descriptions.Item>
                <Descriptions.Item label={t('application.grant.rowFilter')} span={2}>
                  <RowFilterText filters={a.grant.rowFilter} names={names} />
                </Descriptions.Item>
                <Descriptions.Item label={t('application.grant.masking')} span={2}>
                  {Object.keys(a.grant.masking).length
                    ? Object.entries(a.grant.masking).map(([c, m]) => `${names.get(c) ?? c}：${t(`catalog.masking.${m}` as never)}`).join('；')
                    : t('application.grant.noMasking')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}

          {act.approve && (
            <Card title={t('application.review.title')} style={{ marginBottom: 16 }} data-testid="approval-panel">
              <Typography.Paragraph type="secondary">{t('application.review.help')}</Typography.Paragraph>
              <TermsEditor form={terms} application={a} />
              <Space wrap>
                <Button type="primary" icon={<CheckOutlined />} loading={busy === 'approve'} onClick={() => void approve()} data-testid="approve-button">
                  {t('application.review.approve')}
                </Button>
                {act.refuse && (
                  <Button danger icon={<CloseOutlined />} onClick={() => openDialog('refuse')} data-testid="refuse-button">
                    {t('application.review.refuse')}
                  </Button>
                )}
                {act.incomplete && (
                  <Button onClick={() => openDialog('incomplete')} data-testid="incomplete-button">
                    {t('application.review.incomplete')}
                  </Button>
                )}
                {act.accept && (
                  <Button onClick={() => void run('accept', () => applicationsApi.comment(a.id, 'accept'))} loading={busy === 'accept'} data-testid="accept-button">
                    {t('application.review.accept')}
                  </Button>
                )}
                {act.requestExtension && (
                  <Button onClick={() => openDialog('extension')} data-testid="extension-button">
                    {t('application.review.extension')}
                  </Button>
                )}
              </Space>
            </Card>
          )}

          {(act.register || act.decideExtension || act.coordinate) && (
            <Card title={t('application.authority.title')} style={{ marginBottom: 16 }} data-testid="authority-panel">
              {act.coordinate && (
                <>
                  <Typography.Paragraph strong>{t('application.authority.coordinateTitle')}</Typography.Paragraph>
                  <TermsEditor form={terms} application={a} />
                </>
              )}
              <Space wrap>
                {act.coordinate && (
                  <Button type="primary" onClick={() => openDialog('coordinate')} data-testid="coordinate-button">
                    {t('application.authority.coordinate')}
                  </Button>
                )}
                {act.decideExtension && (
                  <Button onClick={() => openDialog('decideExtension')} data-testid="decide-extension-button">
                    {t('application.authority.decideExtension')}
                  </Button>
                )}
                {act.register && (
                  <Button onClick={() => void run('register', () => applicationsApi.comment(a.id, 'register'))} loading={busy === 'register'} data-testid="register-button">
                    {t('application.authority.register')}
                  </Button>
                )}
              </Space>
            </Card>
          )}
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('application.detail.tasks')} style={{ marginBottom: 16 }}>
            <TaskList itemKind="application" itemId={a.id} reloadKey={reload} />
          </Card>
          <Card title={t('application.detail.timeline')}>
            <Timeline itemKind="application" itemId={a.id} reloadKey={reload} />
          </Card>
        </Col>
      </Row>

      <Modal
        open={dialog === 'refuse'}
        title={t('application.review.refuseTitle')}
        okButtonProps={{ danger: true, loading: busy === 'refuse', 'data-testid': 'refuse-confirm' } as never}
        onCancel={() => setDialog(null)}
        onOk={() => void run('refuse', () => applicationsApi.refuse(a.id, dialogForm.getFieldValue('reason') ?? ''), dialogForm)}
        destroyOnClose
      >
        <Form form={dialogForm} layout="vertical">
          <Form.Item name="reason" label={t('application.review.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="refuse-reason" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'incomplete'}
        title={t('application.review.incompleteTitle')}
        okButtonProps={{ loading: busy === 'incomplete', 'data-testid': 'incomplete-confirm' } as never}
        onCancel={() => setDialog(null)}
        onOk={() => void run('incomplete', () => applicationsApi.incomplete(a.id, { missing: (dialogForm.getFieldValue('missing') ?? []) as RequiredField[], note: dialogForm.getFieldValue('note') ?? null }), dialogForm)}
        destroyOnClose
      >
        <Form form={dialogForm} layout="vertical">
          <Form.Item name="missing" label={t('application.review.missing')}>
            <Checkbox.Group options={REQUIRED_FIELDS.map((f) => ({ value: f, label: t(`application.field.${f}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('application.review.note')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'extension'}
        title={t('application.review.extensionTitle')}
        okButtonProps={{ loading: busy === 'extension' }}
        onCancel={() => setDialog(null)}
        onOk={() => void run('extension', () => applicationsApi.requestExtension(a.id, { days: Number(dialogForm.getFieldValue('days') ?? 0), reason: dialogForm.getFieldValue('reason') ?? '' }), dialogForm)}
        destroyOnClose
      >
        <Form form={dialogForm} layout="vertical" initialValues={{ days: Math.min(5, extensionMax) }}>
          <Form.Item name="days" label={t('application.review.days', { max: extensionMax })}>
            <InputNumber min={1} max={extensionMax} precision={0} />
          </Form.Item>
          <Form.Item name="reason" label={t('application.review.reason')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'decideExtension'}
        title={t('application.authority.decideExtension')}
        onCancel={() => setDialog(null)}
        footer={[
          <Button key="deny" danger loading={busy === 'denyExt'} onClick={() => void run('denyExt', () => applicationsApi.decideExtension(a.id, { approve: false, comment: dialogForm.getFieldValue('comment') ?? null }))}>
            {t('application.authority.denyExtension')}
          </Button>,
          <Button key="approve" type="primary" loading={busy === 'approveExt'} onClick={() => void run('approveExt', () => applicationsApi.decideExtension(a.id, { approve: true, comment: dialogForm.getFieldValue('comment') ?? null }))}>
            {t('application.authority.approveExtension')}
          </Button>,
        ]}
        destroyOnClose
      >
        {a.extension && <Typography.Paragraph>{t('application.detail.extension', { days: a.extension.days, state: t(`application.detail.extensionState.${a.extension.state}`) })} — {a.extension.reason}</Typography.Paragraph>}
        <Form form={dialogForm} layout="vertical">
          <Form.Item name="comment" label={t('application.authority.comment')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'coordinate'}
        title={t('application.authority.coordinateTitle')}
        okButtonProps={{ loading: busy === 'coordinate', 'data-testid': 'coordinate-confirm' } as never}
        onCancel={() => setDialog(null)}
        onOk={() =>
          void run(
            'coordinate',
            () => {
              const decision = dialogForm.getFieldValue('decision') as 'uphold' | 'order_approval';
              const { comment: _c, ...rest } = toTerms(a, terms.getFieldsValue(true) as TermsValues);
              void _c;
              return applicationsApi.coordinate(a.id, { decision, comment: dialogForm.getFieldValue('comment') ?? '', terms: decision === 'order_approval' ? rest : undefined });
            },
            dialogForm,
          )
        }
        destroyOnClose
      >
        <Form form={dialogForm} layout="vertical" initialValues={{ decision: 'uphold' }}>
          <Form.Item name="decision">
            <Radio.Group>
              <Radio value="uphold">{t('application.authority.uphold')}</Radio>
              <Radio value="order_approval">{t('application.authority.orderApproval')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="comment" label={t('application.authority.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'edit'}
        width={960}
        title={act.resubmit ? t('application.applicantActions.resubmit') : t('application.applicantActions.edit')}
        onCancel={() => setDialog(null)}
        footer={[
          <Button key="save" loading={busy === 'save'} onClick={() => void run('save', () => applicationsApi.update(a.id, toInput(editForm.getFieldsValue(true) as ApplicationFormValues)), editForm)}>
            {t('application.form.saveDraft')}
          </Button>,
          <Button
            key="send"
            type="primary"
            loading={busy === 'send'}
            data-testid="application-resubmit"
            onClick={() =>
              void run(
                'send',
                () => {
                  const input = toInput(editForm.getFieldsValue(true) as ApplicationFormValues);
                  return act.resubmit ? applicationsApi.resubmit(a.id, input) : applicationsApi.submit(a.id, input);
                },
                editForm,
              )
            }
          >
            {act.resubmit ? t('application.applicantActions.resubmit') : t('application.applicantActions.submit')}
          </Button>,
        ]}
        destroyOnClose
      >
        {a.resource && <ApplicationForm form={editForm} resource={a.resource} systems={systems} initial={toFormValues(a)} />}
      </Modal>
    </div>
  );
}
