import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Result, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, applyFieldErrors, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { resourceLink } from '../../catalog/catalogApi';
import { ApplicationForm, toFormValues, toInput, type ApplicationFormValues } from './ApplicationForm';
import { applicationLink, applicationsApi, type Prefill } from './applicationsApi';
import { ApplicationStateTag } from './components';

/** Picks a published resource by name when the page is opened without ?resource=. */
function ResourcePicker({ onPick }: { onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      setLoading(true);
      try {
        const r = await api.get<{ items: { code: string; name: string; providerUnitName: string }[] }>('/catalog/resources', { q: q || undefined, sharingType: 'restricted', facets: false, limit: 30 });
        setOptions(r.items.map((x) => ({ value: x.code, label: `${x.name} · ${x.providerUnitName} · ${x.code}` })));
      } catch {
        setOptions([]);
      } finally {
        setLoading(false);
      }
    }, 250);
  };
  useEffect(() => {
    search('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      loading={loading}
      options={options}
      onChange={onPick}
      placeholder={t('application.form.pickPlaceholder')}
      style={{ width: '100%', maxWidth: 640 }}
      data-testid="application-resource-picker"
    />
  );
}

/** 申请共享数据: the form from a catalog entry (GET …/applications/prefill). */
export default function NewApplicationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const code = params.get('resource');
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [form] = Form.useForm<ApplicationFormValues>();

  useEffect(() => {
    if (!code) return;
    let live = true;
    setPrefill(null);
    setError(null);
    applicationsApi
      .prefill(code)
      .then((p) => live && setPrefill(p))
      .catch((e: unknown) => live && setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [code]);

  const save = async (submit: boolean) => {
    if (!prefill) return;
    setBusy(submit ? 'submit' : 'draft');
    try {
      const values = form.getFieldsValue(true) as ApplicationFormValues;
      const created = await applicationsApi.create({ resourceCode: prefill.resource.code, ...toInput(values), submit });
      message.success(t(submit ? 'application.form.submitted' : 'application.form.saved'));
      navigate(applicationLink(created.id));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      message.error([errorMessage(e), ...rest].filter(Boolean).join('；'));
    } finally {
      setBusy(null);
    }
  };

  const header = <PageHeader title={t('application.form.title')} description={t('application.form.description')} extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>{t('application.detail.back')}</Button>} />;

  if (!code) {
    return (
      <div className="gs-page">
        {header}
        <Card title={t('application.form.pickResource')}>
          <ResourcePicker onPick={(c) => setParams({ resource: c })} />
        </Card>
      </div>
    );
  }
  if (error) {
    return (
      <div className="gs-page">
        {header}
        <Result status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'warning'} title={error.message} extra={<Link to="/catalog">{t('catalog.detail.backToSearch')}</Link>} />
      </div>
    );
  }
  if (!prefill) return <Spin className="gs-page-spin" />;

  const r = prefill.resource;
  const initial = toFormValues({ ...prefill.defaults, method: (prefill.defaults.method as ApplicationFormValues['method']) ?? null });

  return (
    <div className="gs-page">
      {header}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}>
          <Descriptions.Item label={t('application.form.resource')}>
            <Space>
              <Link to={resourceLink(r.code)} data-testid="application-resource-name">
                {r.name}
              </Link>
              <Typography.Text type="secondary" className="gs-mono">
                {r.code} · v{r.version}
              </Typography.Text>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('application.form.provider')}>{r.providerUnitName}</Descriptions.Item>
          {r.sharingConditions && <Descriptions.Item label={t('application.form.conditions')}>{r.sharingConditions}</Descriptions.Item>}
        </Descriptions>
        {prefill.autoAnswer && (
          <Alert
            style={{ marginTop: 12 }}
            type={prefill.autoAnswer === 'mandatory' ? 'info' : 'warning'}
            showIcon
            data-testid="application-auto-answer"
            message={t(`application.autoAnswerBefore.${prefill.autoAnswer}`)}
            description={prefill.autoAnswer === 'not_shared' && r.legalBasis ? t('application.legalBasisQuoted', { basis: r.legalBasis }) : undefined}
          />
        )}
        {!prefill.autoAnswer && prefill.needsAgreement && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('application.form.needsAgreement')} />}
        {prefill.open.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message={
              <Space wrap>
                {t('application.form.openApplications')}
                {prefill.open.map((o) => (
                  <Link key={o.id} to={applicationLink(o.id)}>
                    <ApplicationStateTag state={o.state} />
                  </Link>
                ))}
              </Space>
            }
          />
        )}
      </Card>
      <Card>
        <ApplicationForm form={form} resource={r} systems={prefill.systems} initial={initial} />
        <Space>
          <Button icon={<SaveOutlined />} loading={busy === 'draft'} disabled={busy !== null} onClick={() => void save(false)} data-testid="application-save-draft">
            {t('application.form.saveDraft')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null} onClick={() => void save(true)} data-testid="application-submit">
            {t('application.form.submit')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
