import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Result, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, FileProtectOutlined, PauseCircleOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, applyFieldErrors, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { formatTime } from '../../../components/labels';
import { resourceLink } from '../../catalog/catalogApi';
import { Timeline } from '../workflow/Timeline';
import { agreementLink, applicationLink, applicationsApi, type GrantDetail } from './applicationsApi';
import { cstDay, GrantStateTag, ItemList, lastDay, RowFilterText } from './components';

type Dialog = 'suspend' | 'resume' | 'revoke' | null;

/** One grant: what the data API serves to whom, its agreement, and every change (visible to both sides). */
export default function GrantPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = useParams().id ?? '';
  const [g, setG] = useState<GrantDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [form] = Form.useForm<{ text: string }>();

  const load = useCallback(async () => {
    try {
      setG(await applicationsApi.grant(id));
      setError(null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) });
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const code = g?.resourceCode;
  useEffect(() => {
    if (!code) return;
    api
      .get<{ dataItems: { code: string; name: string }[] }>(`/catalog/resources/${encodeURIComponent(code)}`)
      .then((r) => setNames(new Map(r.dataItems.map((i) => [i.code, i.name]))))
      .catch(() => undefined);
  }, [code]);

  const masking = useMemo(() => (g ? Object.entries(g.masking) : []), [g]);

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={t('application.grant.loadFailed')}
        subTitle={error.message}
        extra={<Link to="/sharing/grants">{t('application.menu.grants')}</Link>}
      />
    );
  }
  if (!g) return <Spin className="gs-page-spin" />;

  const submit = async () => {
    const text = (form.getFieldValue('text') as string | undefined) ?? '';
    setBusy(true);
    try {
      const next = dialog === 'suspend' ? await applicationsApi.suspendGrant(g.id, text) : dialog === 'revoke' ? await applicationsApi.revokeGrant(g.id, text) : await applicationsApi.resumeGrant(g.id, text);
      setG(next);
      setReload((n) => n + 1);
      setDialog(null);
      message.success(t('application.grant.done'));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      message.error([errorMessage(e), ...rest].join('；'));
    } finally {
      setBusy(false);
    }
  };

  const open = (d: Dialog) => {
    form.resetFields();
    setDialog(d);
  };

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="grant-title">{g.resourceName ?? g.resourceCode}</span>
            <GrantStateTag state={g.state} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{g.resourceCode}</span> · {g.providerUnitName} → {g.consumerUnitName}
          </span>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('application.detail.back')}
            </Button>
            {g.actions.suspend && (
              <Button icon={<PauseCircleOutlined />} onClick={() => open('suspend')} data-testid="grant-suspend">
                {t('application.grant.suspend')}
              </Button>
            )}
            {g.actions.resume && (
              <Button icon={<PlayCircleOutlined />} onClick={() => open('resume')} data-testid="grant-resume">
                {t('application.grant.resume')}
              </Button>
            )}
            {g.actions.revoke && (
              <Button danger icon={<StopOutlined />} onClick={() => open('revoke')} data-testid="grant-revoke">
                {t('application.grant.revoke')}
              </Button>
            )}
          </>
        }
      />
      {g.needsAgreement && (
        <Alert
          style={{ marginBottom: 16 }}
          type={g.agreementFiled ? 'success' : 'warning'}
          showIcon
          data-testid="grant-agreement"
          message={g.agreementFiled ? t('application.grant.agreementFiled') : t('application.grant.agreementPending')}
          description={t('application.grant.agreementNeeded')}
          action={
            g.agreementId ? (
              <Link to={agreementLink(g.agreementId)} data-testid="grant-agreement-link">
                <Button type="primary" size="small" icon={<FileProtectOutlined />}>
                  {t('application.grant.toAgreement')}
                </Button>
              </Link>
            ) : undefined
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} bordered>
              <Descriptions.Item label={t('application.grant.resource')} span={2}>
                <Link to={resourceLink(g.resourceCode)}>{g.resourceName ?? g.resourceCode}</Link> <span className="gs-mono gs-small">{g.resourceCode}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.provider')}>{g.providerUnitName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.grant.consumer')}>{g.consumerUnitName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('application.grant.system')} span={2}>
                {g.consumerSystemName ?? t('application.grant.anySystem')}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.fields')} span={2}>
                <ItemList codes={g.fields} names={names} all={t('application.grants.allFields')} />
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.rowFilter')} span={2}>
                <RowFilterText filters={g.rowFilter} names={names} />
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.masking')} span={2}>
                {masking.length ? masking.map(([c, m]) => `${names.get(c) ?? c}：${t(`catalog.masking.${m}` as never)}`).join('；') : t('application.grant.noMasking')}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.purpose')} span={2}>
                {g.purpose}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.legalBasis')} span={2}>
                {g.legalBasis || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.validity')}>
                {cstDay(g.validFrom)} ~ {lastDay(g.validUntil) ?? t('application.grants.openEnded')}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.grant.quota')}>
                {g.quotaRequestsPerDay === null && g.quotaRowsPerDay === null
                  ? t('application.detail.unlimited')
                  : t('application.detail.quotaValue', { requests: g.quotaRequestsPerDay ?? t('application.detail.unlimited'), rows: g.quotaRowsPerDay ?? t('application.detail.unlimited') })}
              </Descriptions.Item>
              {g.stateReason && (
                <Descriptions.Item label={t('application.grant.stateReason')} span={2}>
                  {g.stateReason}
                </Descriptions.Item>
              )}
              {g.applicationId && (
                <Descriptions.Item label={t('application.grant.application')} span={2}>
                  <Link to={applicationLink(g.applicationId)} data-testid="grant-application-link">
                    {t('application.menu.detail')}
                  </Link>
                  <Typography.Text type="secondary" className="gs-small">
                    {' '}
                    · {formatTime(g.createdAt)}
                  </Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('application.grant.timeline')}>
            <Timeline itemKind="grant" itemId={g.id} reloadKey={reload} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog === 'suspend' ? t('application.grant.suspendTitle') : dialog === 'revoke' ? t('application.grant.revokeTitle') : t('application.grant.resumeTitle')}
        okButtonProps={{ danger: dialog === 'revoke', loading: busy, 'data-testid': 'grant-dialog-ok' } as never}
        onOk={() => void submit()}
        onCancel={() => setDialog(null)}
        destroyOnClose
      >
        <Form form={form} layout="vertical">
          <Form.Item name="text" label={dialog === 'resume' ? t('application.grant.comment') : t('application.grant.reason')} rules={dialog === 'resume' ? [] : [{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="grant-dialog-text" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
