import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Switch, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { PlayCircleOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../../api';
import { useAuth } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { SETTING_RANGES, complianceApi, type ComplianceRule, type ComplianceSettings, type RunResult } from './complianceApi';

const STATUS_COLOR: Record<string, string> = { ok: 'success', failed: 'error', running: 'processing', busy: 'warning' };

/** Numeric settings in form order; their input limits are the ranges the server checks. */
const FIELDS: { key: keyof ComplianceSettings; step?: number; group: 'c1' | 'c2' | 'c4' | 'common' }[] = [
  { key: 'noDataWorkingDays', group: 'c1' },
  { key: 'demandWorkingDays', group: 'c1' },
  { key: 'requiredEmptyRatio', step: 0.01, group: 'c2' },
  { key: 'requiredEmptyMinRows', group: 'c2' },
  { key: 'volumeMultiple', step: 0.5, group: 'c4' },
  { key: 'volumeMinCalls', group: 'c4' },
  { key: 'volumeBaselineDays', group: 'c4' },
  { key: 'oddHoursStart', group: 'c4' },
  { key: 'oddHoursEnd', group: 'c4' },
  { key: 'oddHoursRows', group: 'c4' },
  { key: 'lookbackDays', group: 'common' },
];

/** 合规监测 (R23, 第三十一条): the rules, their last runs, "run now", and the thresholds. */
export default function RulesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const mayEdit = (me?.roles ?? []).some((r) => r === 'supervisor' || r === 'authority_reviewer');
  const [rules, setRules] = useState<ComplianceRule[]>([]);
  const [loading, setLoading] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastRun, setLastRun] = useState<RunResult | null>(null);
  const [form] = Form.useForm<ComplianceSettings & { useCycle: boolean }>();
  const [saving, setSaving] = useState(false);
  const useCycle = Form.useWatch('useCycle', form);
  const en = i18n.language.startsWith('en');

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [list, settings] = await Promise.all([complianceApi.list(), complianceApi.settings()]);
      setRules(list.items);
      form.setFieldsValue({ ...settings, useCycle: settings.noDataWorkingDays === null, noDataWorkingDays: settings.noDataWorkingDays ?? 20 });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (ruleId?: string) => {
    setRunning(ruleId ?? '*');
    try {
      const r = await complianceApi.run(ruleId ? [ruleId] : undefined);
      setLastRun(r);
      const failed = r.rules.filter((x) => x.status === 'failed').length;
      if (failed) message.warning(t('compliance.run.doneWithFailures', { findings: r.findings, created: r.created, failed }));
      else message.success(t('compliance.run.done', { findings: r.findings, created: r.created }));
      setRules((await complianceApi.list()).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setRunning(null);
    }
  };

  const save = async () => {
    const v = await form.validateFields();
    const { useCycle: cycle, ...rest } = v;
    setSaving(true);
    try {
      const s = await complianceApi.updateSettings({ ...rest, noDataWorkingDays: cycle ? null : rest.noDataWorkingDays });
      form.setFieldsValue({ ...s, useCycle: s.noDataWorkingDays === null, noDataWorkingDays: s.noDataWorkingDays ?? 20 });
      message.success(t('common.saved'));
    } catch (e) {
      const rest2 = applyFieldErrors(form, e);
      if (rest2.length) message.error(rest2.join('；'));
      else message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const interval = (s: number) => (s % 86_400 === 0 ? t('compliance.interval.days', { count: s / 86_400 }) : s % 3600 === 0 ? t('compliance.interval.hours', { count: s / 3600 }) : t('compliance.interval.minutes', { count: Math.round(s / 60) }));

  const columns: TableProps<ComplianceRule>['columns'] = useMemo(
    () => [
      {
        title: t('compliance.col.article'),
        dataIndex: 'article',
        width: 150,
        render: (v: string, r) => (
          <Space direction="vertical" size={0}>
            <span>{v}</span>
            <Typography.Text type="secondary" className="gs-small">
              {t(`compliance.category.c${r.category}`)}
            </Typography.Text>
          </Space>
        ),
      },
      {
        title: t('compliance.col.title'),
        key: 'title',
        render: (_, r) => (
          <Space direction="vertical" size={0}>
            <Space size={4} wrap>
              <span>{en ? r.title.en : r.title.zh}</span>
              {r.reviewOnly && (
                <Tooltip title={t('compliance.reviewOnlyHint')}>
                  <Tag color="purple">{t('compliance.reviewOnly')}</Tag>
                </Tooltip>
              )}
            </Space>
            <Typography.Text type="secondary" className="gs-mono gs-small">
              {r.id}
            </Typography.Text>
          </Space>
        ),
      },
      { title: t('compliance.col.interval'), dataIndex: 'intervalSeconds', width: 110, render: (s: number) => interval(s) },
      { title: t('compliance.col.lastRun'), key: 'lastRun', width: 170, render: (_, r) => (r.lastRun.startedAt ? <Time value={r.lastRun.startedAt} /> : <Typography.Text type="secondary">{t('compliance.never')}</Typography.Text>) },
      {
        title: t('compliance.col.findings'),
        key: 'findings',
        width: 130,
        align: 'right',
        render: (_, r) => (r.lastRun.status ? t('compliance.findingsCell', { findings: r.lastRun.findings, created: r.lastRun.created }) : t('common.none')),
      },
      {
        title: t('compliance.col.status'),
        key: 'status',
        width: 120,
        render: (_, r) =>
          r.lastRun.status ? (
            <Tooltip title={r.lastRun.error ?? undefined}>
              <Tag color={STATUS_COLOR[r.lastRun.status]} data-testid={`rule-status-${r.id}`}>
                {t(`compliance.status.${r.lastRun.status}`)}
              </Tag>
            </Tooltip>
          ) : (
            <Tag>{t('compliance.status.never')}</Tag>
          ),
      },
      {
        title: t('common.actions'),
        key: 'actions',
        width: 110,
        render: (_, r) => (
          <Button size="small" icon={<PlayCircleOutlined />} loading={running === r.id} disabled={running !== null && running !== r.id} onClick={() => void run(r.id)} data-testid={`run-${r.id}`}>
            {t('compliance.runOne')}
          </Button>
        ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, en, running],
  );

  const group = (g: (typeof FIELDS)[number]['group']) => (
    <Row gutter={16}>
      {FIELDS.filter((f) => f.group === g).map((f) => (
        <Col xs={24} sm={12} lg={8} key={f.key}>
          <Form.Item name={f.key} label={t(`compliance.setting.${f.key}`)} tooltip={t(`compliance.settingHelp.${f.key}`)} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={SETTING_RANGES[f.key].min} max={SETTING_RANGES[f.key].max} step={f.step ?? 1} style={{ width: '100%' }} disabled={!mayEdit || (f.key === 'noDataWorkingDays' && useCycle)} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );

  return (
    <div className="gs-page">
      <PageHeader
        title={t('compliance.title')}
        description={t('compliance.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlayCircleOutlined />} loading={running === '*'} disabled={running !== null && running !== '*'} onClick={() => void run()} data-testid="run-all">
              {t('compliance.runAll')}
            </Button>
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      {lastRun && (
        <Alert
          type={lastRun.rules.some((r) => r.status === 'failed') ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setLastRun(null)}
          message={t('compliance.run.summary', { rules: lastRun.rules.length, findings: lastRun.findings, created: lastRun.created, existing: lastRun.existing })}
          description={
            lastRun.rules.some((r) => r.status !== 'ok') ? (
              <ul className="gs-small" style={{ margin: 0, paddingInlineStart: 18 }}>
                {lastRun.rules
                  .filter((r) => r.status !== 'ok')
                  .map((r) => (
                    <li key={r.ruleId}>
                      <span className="gs-mono">{r.ruleId}</span> — {t(`compliance.status.${r.status}`)}
                      {r.error ? `：${r.error}` : ''}
                    </li>
                  ))}
              </ul>
            ) : undefined
          }
          data-testid="run-summary"
        />
      )}
      <Card size="small" title={t('compliance.rulesTitle')}>
        <Table<ComplianceRule> rowKey="id" size="middle" columns={columns} dataSource={rules} loading={loading} pagination={false} scroll={{ x: 1000 }} data-testid="rules-table" />
      </Card>
      <Card
        size="small"
        title={t('compliance.settingsTitle')}
        extra={
          mayEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="save-settings">
              {t('common.save')}
            </Button>
          )
        }
      >
        {!mayEdit && <Alert type="info" showIcon message={t('compliance.readOnlySettings')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" data-testid="settings-form">
          <Typography.Title level={5}>{t('compliance.group.c1')}</Typography.Title>
          <Form.Item name="useCycle" label={t('compliance.setting.useCycle')} valuePropName="checked">
            <Switch disabled={!mayEdit} />
          </Form.Item>
          {group('c1')}
          <Typography.Title level={5}>{t('compliance.group.c2')}</Typography.Title>
          {group('c2')}
          <Typography.Title level={5}>{t('compliance.group.c4')}</Typography.Title>
          {group('c4')}
          <Typography.Title level={5}>{t('compliance.group.common')}</Typography.Title>
          {group('common')}
        </Form>
      </Card>
    </div>
  );
}
