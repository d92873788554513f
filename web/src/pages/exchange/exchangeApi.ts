import { api, ApiError, apiUrl, sessionEnded, type FieldError, type Query } from '../../api';
import i18n from '../../i18n';
import type {
  Batch,
  BatchPage,
  CreatedSubscription,
  DataFile,
  DatasetInfo,
  DatasetSummary,
  Delivery,
  Filter,
  OpenApiDocument,
  OverdueEntry,
  RecordPage,
  RecordRow,
  SortSpec,
  Subscription,
  SubscriptionInput,
  UploadedFile,
  UploadEncoding,
  UploadFormat,
  UploadMode,
  WebhookTestResult,
} from '../../exchangeTypes';
import type { UpdateSubscriptionInput } from '@server/exchange/types.js';

/** Resource codes contain a '/', so they travel as one encoded path segment (API and portal alike). */
export const enc = (code: string) => encodeURIComponent(code);
const data = (code: string) => `/data/${enc(code)}`;

/** Portal links: /data/A01%2F000001 (the route is /data/:code; the router decodes the segment). */
export const datasetLink = (code: string, tab?: string) => `/data/${enc(code)}${tab ? `?tab=${tab}` : ''}`;

// ---- purpose (every data read declares one; remembered for the browser session)

const PURPOSE_KEY = 'govshare.exchange.purpose';

export function rememberedPurpose(): string {
  try {
    return sessionStorage.getItem(PURPOSE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberPurpose(purpose: string): void {
  try {
    sessionStorage.setItem(PURPOSE_KEY, purpose);
  } catch {
    // Storage can be blocked; the purpose is then asked again next time.
  }
}

// ---- requests the shared `api` helper cannot make (extra headers, raw bodies, blobs)

interface SendOptions {
  query?: Query | URLSearchParams;
  /** JSON body. */
  json?: unknown;
  /** Raw body (a file) with its content type. */
  raw?: Blob;
  rawType?: string;
  /** Declared purpose, sent as X-Purpose (URL-encoded UTF-8). */
  purpose?: string;
  headers?: Record<string, string>;
}

/** The session's CSRF token: the readable gs_csrf cookie the login sets (same value as GET /me's csrfToken). */
function csrfToken(): string | null {
  const m = /(?:^|;\s*)gs_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : null;
}

function urlOf(path: string, query?: Query | URLSearchParams): string {
  if (query instanceof URLSearchParams) {
    const s = query.toString();
    return `${apiUrl(path)}${s ? `?${s}` : ''}`;
  }
  return apiUrl(path, query);
}

async function send(method: string, path: string, opts: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
    ...opts.headers,
  };
  if (opts.purpose) headers['X-Purpose'] = encodeURIComponent(opts.purpose);
  let body: BodyInit | undefined;
  if (opts.raw) {
    body = opts.raw;
    headers['Content-Type'] = opts.rawType || 'application/octet-stream';
  } else if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('error.network'));
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) sessionEnded();
    throw problem;
  }
  return res;
}

async function problemOf(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json().catch(() => null) : null;
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  return new ApiError(
    res.status,
    typeof p.code === 'string' ? p.code : `http_${res.status}`,
    typeof p.detail === 'string' && p.detail ? p.detail : i18n.t('error.http', { status: res.status }),
    Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
    typeof p.requestId === 'string' ? p.requestId : res.headers.get('x-request-id') ?? undefined,
    p,
  );
}

async function sendJson<T>(method: string, path: string, opts: SendOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A batch, whether the server wrapped it ({ batch }) or not. */
function unwrapBatch(body: unknown): Batch {
  const b = body as { batch?: Batch } & Partial<Batch>;
  return (b.batch ?? b) as Batch;
}

// ---- query strings of the records endpoint

/** `field:op[:value]`; `in` values are comma-separated, valueless ops have no third part. */
export function filterParam(f: Filter): string {
  if (f.op === 'isnull' || f.op === 'notnull') return `${f.field}:${f.op}`;
  const v = Array.isArray(f.value) ? f.value.map(String).join(',') : String(f.value ?? '');
  return `${f.field}:${f.op}:${v}`;
}

export interface RecordsRequest {
  filters: Filter[];
  fields?: string[];
  sort?: SortSpec | null;
  limit?: number;
  cursor?: string | null;
  count?: boolean;
}

export function recordsParams(q: RecordsRequest): URLSearchParams {
  const p = new URLSearchParams();
  for (const f of q.filters) p.append('filter', filterParam(f));
  if (q.fields?.length) p.set('fields', q.fields.join(','));
  if (q.sort) p.set('sort', q.sort.dir === 'desc' ? `${q.sort.field}:desc` : q.sort.field);
  if (q.limit) p.set('limit', String(q.limit));
  if (q.cursor) p.set('cursor', q.cursor);
  if (q.count) p.set('count', 'true');
  return p;
}

/** The content type to send a file with, from its name (the server also takes `format`). */
export function uploadFormatOf(fileName: string): { format: UploadFormat | null; type: string } {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.txt')) return { format: 'csv', type: 'text/csv' };
  if (name.endsWith('.xlsx')) return { format: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return { format: 'ndjson', type: 'application/x-ndjson' };
  if (name.endsWith('.json')) return { format: 'json', type: 'application/json' };
  return { format: null, type: 'application/octet-stream' };
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, so fall back to getRandomValues. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : null;
}

export const exchangeApi = {
  list: (role: 'provider' | 'consumer') => api.get<{ items: DatasetSummary[] }>('/data', { role }),
  dataset: (code: string) => api.get<DatasetInfo>(data(code)),
  overdue: () => api.get<{ items: OverdueEntry[] }>('/data/overdue'),

  records: (code: string, purpose: string, q: RecordsRequest) =>
    sendJson<RecordPage>('GET', `${data(code)}/records`, { query: recordsParams(q), purpose }),
  record: (code: string, purpose: string, key: string) => sendJson<RecordRow>('GET', `${data(code)}/records/${enc(key)}`, { purpose }),

  upload: (code: string, file: File, encoding: UploadEncoding) => {
    const { format, type } = uploadFormatOf(file.name);
    return sendJson<UploadedFile>('POST', `${data(code)}/uploads`, {
      raw: file,
      rawType: type,
      query: { fileName: file.name, format: format ?? undefined, encoding },
    });
  },
  /** Starts a batch in the background (Prefer: respond-async); poll `batch` until it leaves RUNNING_STATES. */
  startBatch: async (code: string, body: { uploadId: string; mode: UploadMode; mapping: Record<string, string | null>; dryRun?: boolean }, idempotencyKey?: string) => {
    const headers: Record<string, string> = { Prefer: 'respond-async' };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    try {
      return unwrapBatch(await sendJson<unknown>('POST', `${data(code)}/batches`, { json: body, headers }));
    } catch (e) {
      // A server that answered synchronously with 422 upload_invalid still hands back the batch.
      const b = e instanceof ApiError ? (e.body?.batch as Batch | undefined) : undefined;
      if (b && typeof b === 'object' && 'id' in b) return b;
      throw e;
    }
  },
  batch: (code: string, id: string) => api.get<Batch>(`${data(code)}/batches/${enc(id)}`),
  batches: (code: string, cursor?: string | null) => api.get<BatchPage>(`${data(code)}/batches`, { cursor }),
  reportUrl: (code: string, id: string) => apiUrl(`${data(code)}/batches/${enc(id)}/report`),

  openapi: (code: string) => api.get<OpenApiDocument>(`${data(code)}/openapi.json`),
  openapiUrl: (code: string) => apiUrl(`${data(code)}/openapi.json`),

  files: (code: string, purpose: string) => sendJson<{ items: DataFile[]; total: number }>('GET', `${data(code)}/files`, { purpose }),
  /** The server detects the type from the bytes; octet-stream never contradicts it (a wrong browser guess would give 415). */
  uploadFile: (code: string, file: File) =>
    sendJson<DataFile>('POST', `${data(code)}/files`, { raw: file, rawType: 'application/octet-stream', query: { name: file.name } }),
  downloadFile: async (code: string, file: DataFile, purpose: string) => {
    const res = await send('GET', `${data(code)}/files/${enc(file.id)}/content`, { purpose, headers: { Accept: '*/*' } });
    saveBlob(await res.blob(), dispositionName(res.headers.get('content-disposition')) ?? file.name);
  },

  subscriptions: (code: string) => api.get<{ items: Subscription[] }>(`${data(code)}/subscriptions`),
  mySubscriptions: () => api.get<{ items: Subscription[] }>('/subscriptions'),
  subscribe: async (code: string, input: SubscriptionInput): Promise<CreatedSubscription> => {
    const body = await sendJson<Record<string, unknown>>('POST', `${data(code)}/subscriptions`, { json: input, purpose: input.purpose });
    // Either { subscription, secret } or the subscription with its secret beside the fields.
    if (body.subscription && typeof body.subscription === 'object') return body as unknown as CreatedSubscription;
    const { secret, ...rest } = body;
    return { subscription: rest as unknown as Subscription, secret: String(secret ?? '') };
  },
  setSubscriptionState: (id: string, state: NonNullable<UpdateSubscriptionInput['state']>) => api.patch<Subscription>(`/subscriptions/${enc(id)}`, { state }),
  /** Stops the subscription for good (it is kept, state stopped, with its deliveries). */
  deleteSubscription: (id: string) => api.delete<Subscription>(`/subscriptions/${enc(id)}`),
  deliveries: (id: string) => api.get<{ items: Delivery[] }>(`/subscriptions/${enc(id)}/deliveries`),
  /** Sends a dead-lettered subscription's dead delivery again and resumes delivery. */
  replay: (id: string) => api.post<Subscription>(`/subscriptions/${enc(id)}/replay`, {}),
  testWebhook: (id: string) => api.post<WebhookTestResult>(`/subscriptions/${enc(id)}/test`, {}),
};
