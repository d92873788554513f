import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Alert, Button, Descriptions, Form, Progress, Radio, Result, Select, Space, Statistic, Steps, Table, Typography } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import {
  RUNNING_STATES,
  UPLOAD_ENCODINGS,
  UPLOAD_MODES,
  type Batch,
  type DatasetInfo,
  type DatasetItem,
  type UploadedFile,
  type UploadEncoding,
  type UploadIssue,
  type UploadMode,
} from '../../exchangeTypes';
import { formatBytes } from './components';
import { exchangeApi, newUuid } from './exchangeApi';

const POLL_MS = 500;
const ACCEPT = '.csv,.txt,.xlsx,.ndjson,.jsonl,.json';

type Step = 0 | 1 | 2 | 3;
type Mapping = Record<string, string | null>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 上传数据 (第十六、十九条): ① file, encoding, mode → ② map file columns to data items →
 * ③ validate the whole file (dry run, nothing written) → ④ commit with an idempotency key, so a
 * retried commit (lost response, double click) never applies the file twice.
 */
export function UploadWizard({ info, onCommitted }: { info: DatasetInfo; onCommitted: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [mode, setMode] = useState<UploadMode>('upsert');
  const [uploaded, setUploaded] = useState<UploadedFile | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<Batch | null>(null);
  const [result, setResult] = useState<Batch | null>(null);
  /**
   * One key per validated file + mapping + mode (renewed with each validation): retrying the commit
   * of what was validated is recognised by the server, a changed mapping is a new request.
   */
  const idempotencyKey = useRef<string>(newUuid());
  const fileInput = useRef<HTMLInputElement>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const restart = () => {
    setStep(0);
    setFile(null);
    setUploaded(null);
    setMapping({});
    setCheck(null);
    setResult(null);
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  /** Polls a background batch until it leaves the running states, reporting progress. */
  const follow = async (start: Batch, onProgress: (b: Batch) => void): Promise<Batch | null> => {
    let b = start;
    onProgress(b);
    while (RUNNING_STATES.includes(b.state)) {
      await sleep(POLL_MS);
      if (!alive.current) return null;
      b = await exchangeApi.batch(info.resourceCode, b.id);
      if (!alive.current) return null;
      onProgress(b);
    }
    return b;
  };

  const sendFile = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const up = await exchangeApi.upload(info.resourceCode, file, encoding);
      setUploaded(up);
      setMapping(up.mapping);
      setCheck(null);
      setResult(null);
      setStep(1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const validate = async () => {
    if (!uploaded) return;
    setStep(2);
    setBusy(true);
    setError(null);
    setCheck(null);
    idempotencyKey.current = newUuid();
    try {
      const started = await exchangeApi.startBatch(info.resourceCode, { uploadId: uploaded.uploadId, mode, mapping, dryRun: true });
      await follow(started, setCheck);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const commit = async () => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      const started = await exchangeApi.startBatch(info.resourceCode, { uploadId: uploaded.uploadId, mode, mapping }, idempotencyKey.current);
      const done = await follow(started, setResult);
      if (done?.state === 'committed') onCommitted();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  return (
    <div data-testid="upload-wizard">
      <Steps
        size="small"
        current={step === 3 && result?.state === 'committed' ? 4 : step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('exchange.upload.stepFile') }, { title: t('exchange.upload.stepMap') }, { title: t('exchange.upload.stepValidate') }, { title: t('exchange.upload.stepCommit') }]}
      />
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" data-testid="upload-error" />}
      {step === 0 && (
        <ChooseFile
          fileInput={fileInput}
          file={file}
          onFile={setFile}
          encoding={encoding}
          onEncoding={setEncoding}
          mode={mode}
          onMode={setMode}
          busy={busy}
          onNext={() => void sendFile()}
        />
      )}
      {step === 1 && uploaded && (
        <MapColumns info={info} uploaded={uploaded} mode={mode} mapping={mapping} onChange={setMapping} onBack={() => setStep(0)} onNext={() => void validate()} />
      )}
      {step === 2 && (
        <ValidateStep
          code={info.resourceCode}
          items={info.items}
          batch={check}
          busy={busy}
          failed={!!error}
          onBack={() => setStep(1)}
          onChooseAgain={restart}
          onNext={() => {
            setResult(null);
            setStep(3);
          }}
        />
      )}
      {step === 3 && uploaded && file && (
        <CommitStep
          code={info.resourceCode}
          items={info.items}
          fileName={file.name}
          mode={mode}
          checked={check}
          result={result}
          busy={busy}
          onBack={() => setStep(2)}
          onCommit={() => void commit()}
          onAgain={restart}
        />
      )}
    </div>
  );
}

function ChooseFile(props: {
  fileInput: RefObject<HTMLInputElement | null>;
  file: File | null;
  onFile: (f: File | null) => void;
  encoding: UploadEncoding;
  onEncoding: (e: UploadEncoding) => void;
  mode: UploadMode;
  onMode: (m: UploadMode) => void;
  busy: boolean;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" style={{ maxWidth: 720 }}>
      <Form.Item label={t('exchange.upload.file')} required extra={t('exchange.upload.fileHelp')}>
        <div className="gs-secret">
          <input
            ref={props.fileInput}
            type="file"
            accept={ACCEPT}
            onChange={(e) => props.onFile(e.target.files?.[0] ?? null)}
            data-testid="upload-file"
            aria-label={t('exchange.upload.file')}
          />
          {props.file && (
            <Typography.Text type="secondary" className="gs-small">
              {' '}
              {formatBytes(props.file.size)}
            </Typography.Text>
          )}
        </div>
      </Form.Item>
      <Form.Item label={t('exchange.upload.encoding')}>
        <Select
          value={props.encoding}
          onChange={props.onEncoding}
          options={UPLOAD_ENCODINGS.map((e) => ({ value: e, label: t(`exchange.encoding.${e}`) }))}
          style={{ width: 240 }}
          data-testid="upload-encoding"
        />
      </Form.Item>
      <Form.Item label={t('exchange.upload.mode')}>
        <Radio.Group value={props.mode} onChange={(e) => props.onMode(e.target.value as UploadMode)} data-testid="upload-mode">
          <Space direction="vertical">
            {UPLOAD_MODES.map((m) => (
              <Radio key={m} value={m} data-testid={`upload-mode-${m}`}>
                {t(`exchange.mode.${m}`)}
                <Typography.Text type="secondary" className="gs-small">
                  {' '}
                  — {t(`exchange.modeHelp.${m}`)}
                </Typography.Text>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      {props.mode === 'snapshot' && <Alert type="warning" showIcon message={t('exchange.upload.snapshotWarning')} className="gs-form-alert" />}
      <Button type="primary" icon={<CloudUploadOutlined />} disabled={!props.file} loading={props.busy} onClick={props.onNext} data-testid="upload-next">
        {t('exchange.upload.sendFile')}
      </Button>
    </Form>
  );
}

interface ColumnRow {
  column: string;
  index: number;
}

function MapColumns({
  info,
  uploaded,
  mode,
  mapping,
  onChange,
  onBack,
  onNext,
}: {
  info: DatasetInfo;
  uploaded: UploadedFile;
  mode: UploadMode;
  mapping: Mapping;
  onChange: (m: Mapping) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const IGNORE = '';
  const options = [
    { value: IGNORE, label: t('exchange.upload.ignore') },
    ...info.items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）${i.isKey ? ` · ${t('exchange.dataset.key')}` : i.required ? ` · ${t('exchange.upload.required')}` : ''}` })),
  ];
  // Deleting needs only the key; the other modes need every required item (and the key).
  const needed = useMemo(() => info.items.filter((i) => i.isKey || (mode !== 'delete' && i.required)), [info.items, mode]);
  const mapped = new Set(Object.values(mapping).filter((v): v is string => !!v));
  const missing = needed.filter((i) => !mapped.has(i.code));
  const counts = new Map<string, number>();
  for (const v of Object.values(mapping)) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const doubled = [...counts].filter(([, n]) => n > 1).map(([c]) => info.items.find((i) => i.code === c)?.name ?? c);
  const rows: ColumnRow[] = uploaded.columns.map((column, index) => ({ column, index }));

  return (
    <div data-testid="upload-mapping">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('exchange.upload.format')}>{uploaded.format}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.upload.encoding')}>{uploaded.encoding}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.upload.size')}>{formatBytes(uploaded.bytes)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('exchange.upload.mapHint')}</Typography.Paragraph>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="gs-form-alert"
          message={t('exchange.upload.unmappedRequired', { items: missing.map((i) => `${i.name}（${i.code}）`).join('、') })}
          data-testid="upload-unmapped"
        />
      )}
      {doubled.length > 0 && <Alert type="warning" showIcon className="gs-form-alert" message={t('exchange.upload.mappedTwice', { items: doubled.join('、') })} />}
      <Table<ColumnRow>
        rowKey="column"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 800 }}
        columns={[
          { title: t('exchange.upload.column'), dataIndex: 'column', width: 200, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          {
            title: t('exchange.upload.sample'),
            key: 'sample',
            render: (_, r) => (
              <Typography.Text type="secondary" className="gs-small" ellipsis style={{ maxWidth: 360 }}>
                {uploaded.sample
                  .slice(0, 3)
                  .map((s) => s[r.index] ?? '')
                  .join(' ｜ ')}
              </Typography.Text>
            ),
          },
          {
            title: t('exchange.upload.target'),
            key: 'target',
            width: 320,
            render: (_, r) => (
              <Select
                value={mapping[r.column] ?? IGNORE}
                onChange={(v: string) => onChange({ ...mapping, [r.column]: v === IGNORE ? null : v })}
                options={options}
                showSearch
                optionFilterProp="label"
                style={{ width: '100%' }}
                aria-label={t('exchange.upload.target')}
                data-testid={`upload-map-${r.index}`}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button icon={<LeftOutlined />} onClick={onBack}>
          {t('exchange.upload.back')}
        </Button>
        <Button type="primary" onClick={onNext} data-testid="upload-next">
          {t('exchange.upload.validate')}
          <RightOutlined />
        </Button>
      </Space>
    </div>
  );
}

/** A running batch: a progress bar moved by the state and the rows read so far. */
function BatchProgress({ batch }: { batch: Batch | null }) {
  const { t } = useTranslation();
  const state = batch?.state ?? 'received';
  const percent = state === 'received' ? 5 : state === 'validating' ? 45 : state === 'applying' ? 80 : 100;
  return (
    <div data-testid="upload-progress">
      <Progress percent={percent} status={RUNNING_STATES.includes(state) ? 'active' : undefined} showInfo={false} />
      <Typography.Text type="secondary">
        {t(`exchange.batchState.${state}`)} · {t('exchange.upload.rowsRead', { count: batch?.rowsRead ?? 0 })}
      </Typography.Text>
    </div>
  );
}

/** The problems of a batch: row, data item (name and code), value, reason; the full list as a CSV report. */
export function IssuesTable({ code, batch, items }: { code: string; batch: Batch; items?: DatasetItem[] }) {
  const { t } = useTranslation();
  const names = new Map((items ?? []).map((i) => [i.code, i.name]));
  return (
    <>
      <Table<UploadIssue>
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={batch.issues ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="upload-issues"
        columns={[
          { title: t('exchange.upload.issueRow'), dataIndex: 'row', width: 80, render: (v: number) => (v === 0 ? t('exchange.upload.wholeFile') : v) },
          {
            title: t('exchange.upload.issueField'),
            dataIndex: 'field',
            width: 220,
            render: (v: string | null) =>
              v === null ? (
                t('common.none')
              ) : names.has(v) ? (
                <span>
                  {names.get(v)}
                  <Typography.Text type="secondary" className="gs-mono gs-small">
                    {' '}
                    {v}
                  </Typography.Text>
                </span>
              ) : (
                <span className="gs-mono">{v}</span>
              ),
          },
          {
            title: t('exchange.upload.issueValue'),
            dataIndex: 'value',
            width: 200,
            render: (v: string | null) => (v === null ? t('common.none') : <span className="gs-mono">{v}</span>),
          },
          { title: t('exchange.upload.issueProblem'), dataIndex: 'message' },
        ]}
      />
      {batch.issueCount > (batch.issues ?? []).length && (
        <Typography.Text type="secondary" className="gs-hint">
          {t('exchange.upload.moreIssues', { shown: (batch.issues ?? []).length, count: batch.issueCount })}
        </Typography.Text>
      )}
      <div style={{ marginTop: 12 }}>
        <a href={exchangeApi.reportUrl(code, batch.id)} download data-testid="upload-report">
          <Button icon={<DownloadOutlined />}>{t('exchange.upload.report')}</Button>
        </a>
      </div>
    </>
  );
}

function ValidateStep({
  code,
  items,
  batch,
  busy,
  failed,
  onBack,
  onChooseAgain,
  onNext,
}: {
  code: string;
  items: DatasetItem[];
  batch: Batch | null;
  busy: boolean;
  failed: boolean;
  onBack: () => void;
  onChooseAgain: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const state = batch?.state;
  const running = busy || !state || RUNNING_STATES.includes(state);
  // A dry run that found nothing wrong ends 'validated' (nothing written).
  const passed = state === 'validated' || state === 'committed';
  return (
    <div data-testid="upload-validate">
      {running && !failed && <BatchProgress batch={batch} />}
      {batch && passed && (
        <Alert
          type="success"
          showIcon
          className="gs-form-alert"
          data-testid="upload-valid"
          message={t('exchange.upload.valid', { count: batch.rowsRead })}
          description={t('exchange.upload.validDetail', { inserted: batch.inserted, updated: batch.updated, unchanged: batch.unchanged, deleted: batch.deleted })}
        />
      )}
      {batch && state === 'rejected' && (
        <>
          <Alert type="error" showIcon className="gs-form-alert" data-testid="upload-rejected" message={t('exchange.upload.rejected', { count: batch.issueCount, rows: batch.rowsInvalid })} />
          <IssuesTable code={code} batch={batch} items={items} />
        </>
      )}
      {batch && state === 'aborted' && <Alert type="error" showIcon className="gs-form-alert" message={t('exchange.upload.aborted')} />}
      <Space style={{ marginTop: 16 }} wrap>
        <Button icon={<LeftOutlined />} disabled={running && !failed} onClick={onBack}>
          {t('exchange.upload.backToMapping')}
        </Button>
        {(state === 'rejected' || state === 'aborted' || failed) && (
          <Button onClick={onChooseAgain} data-testid="upload-choose-again">
            {t('exchange.upload.chooseAgain')}
          </Button>
        )}
        {passed && (
          <Button type="primary" onClick={onNext} data-testid="upload-next">
            {t('exchange.upload.toCommit')}
            <RightOutlined />
          </Button>
        )}
      </Space>
    </div>
  );
}

function CommitStep({
  code,
  items,
  fileName,
  mode,
  checked,
  result,
  busy,
  onBack,
  onCommit,
  onAgain,
}: {
  code: string;
  items: DatasetItem[];
  fileName: string;
  mode: UploadMode;
  checked: Batch | null;
  result: Batch | null;
  busy: boolean;
  onBack: () => void;
  onCommit: () => void;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const state = result?.state;
  if (result && state === 'committed') {
    return (
      <div data-testid="upload-result">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('exchange.upload.done')}
          subTitle={t('exchange.upload.doneDetail', { rows: result.rowsRead, file: fileName })}
          extra={
            <Button type="primary" onClick={onAgain} data-testid="upload-again">
              {t('exchange.upload.again')}
            </Button>
          }
        >
          <Space size={48} wrap style={{ justifyContent: 'center', width: '100%' }}>
            <Statistic title={t('exchange.upload.inserted')} value={result.inserted} />
            <Statistic title={t('exchange.upload.updated')} value={result.updated} />
            <Statistic title={t('exchange.upload.unchanged')} value={result.unchanged} />
            <Statistic title={t('exchange.upload.deleted')} value={result.deleted} />
          </Space>
        </Result>
      </div>
    );
  }
  const running = busy || (!!state && RUNNING_STATES.includes(state));
  return (
    <div data-testid="upload-commit-step">
      <Descriptions size="small" bordered column={1} style={{ maxWidth: 640, marginBottom: 16 }}>
        <Descriptions.Item label={t('exchange.upload.file')}>{fileName}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.upload.mode')}>{t(`exchange.mode.${mode}`)}</Descriptions.Item>
        {checked && <Descriptions.Item label={t('exchange.upload.checkedRows')}>{checked.rowsRead.toLocaleString()}</Descriptions.Item>}
      </Descriptions>
      {mode === 'snapshot' && <Alert type="warning" showIcon message={t('exchange.upload.snapshotWarning')} className="gs-form-alert" />}
      {running && result && <BatchProgress batch={result} />}
      {result && state === 'rejected' && (
        <>
          <Alert type="error" showIcon className="gs-form-alert" message={t('exchange.upload.rejected', { count: result.issueCount, rows: result.rowsInvalid })} />
          <IssuesTable code={code} batch={result} items={items} />
        </>
      )}
      {result && state === 'aborted' && <Alert type="error" showIcon className="gs-form-alert" message={t('exchange.upload.aborted')} />}
      <Space style={{ marginTop: 16 }} wrap>
        <Button icon={<LeftOutlined />} disabled={running} onClick={onBack}>
          {t('exchange.upload.back')}
        </Button>
        {(state === 'rejected' || state === 'aborted') && (
          <Button onClick={onAgain} data-testid="upload-choose-again">
            {t('exchange.upload.chooseAgain')}
          </Button>
        )}
        <Button type="primary" icon={<CloudUploadOutlined />} loading={running} disabled={state === 'rejected' || state === 'aborted'} onClick={onCommit} data-testid="upload-commit">
          {t('exchange.upload.commit')}
        </Button>
      </Space>
    </div>
  );
}
