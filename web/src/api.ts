import type { FormInstance } from 'antd';
import i18n from './i18n';

/** One per-field error of a problem+json response. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem response (or a network failure) surfaced to the UI. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly requestId?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

const BASE = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The session's CSRF token, from the login response or GET /me. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** Called when the session ends under us (expired, logged out elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** For modules that call fetch themselves (streamed uploads, downloads): a 401 ends the session here too. */
export function sessionEnded(): void {
  if (onUnauthorized) onUnauthorized();
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${BASE}${path}${queryString(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as multipart/form-data under the field name `file` (instead of a JSON body). */
  file?: File;
  /** Do not treat a 401 as "session ended" (the login form and the first GET /me). */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
  };
  if (opts.body !== undefined && !opts.file) headers['Content-Type'] = 'application/json';
  let body: BodyInit | undefined = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (opts.file) {
    const form = new FormData();
    form.append('file', opts.file, opts.file.name);
    body = form; // the browser sets the multipart boundary itself
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body,
    });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('error.network'));
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const isJson = type.includes('json');
  const payload: unknown = isJson ? await res.json().catch(() => null) : await res.text().catch(() => '');
  if (res.ok) return payload as T;

  const problem = (isJson && payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const error = new ApiError(
    res.status,
    typeof problem.code === 'string' ? problem.code : `http_${res.status}`,
    typeof problem.detail === 'string' && problem.detail ? problem.detail : i18n.t('error.http', { status: res.status }),
    Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [],
    typeof problem.requestId === 'string' ? problem.requestId : res.headers.get('x-request-id') ?? undefined,
    problem,
  );
  if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized();
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POSTs a file as multipart/form-data (field `file`). */
  upload: <T>(path: string, file: File, query?: Query) => request<T>('POST', path, { file, query }),
};

/** "body.contacts.0.phone" or "/contacts/0/phone" → ['contacts', 0, 'phone'] (an antd NamePath). */
export function fieldPath(field: string): (string | number)[] {
  const parts = field
    .replace(/^\//, '')
    .split(/[./]/)
    .filter((p) => p !== '');
  if (parts[0] === 'body' || parts[0] === 'querystring' || parts[0] === 'params') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts a problem's per-field errors onto the matching form fields. Returns the messages that
 * matched no field (the caller shows them with the problem's detail), so nothing is swallowed.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: string[] = [];
  for (const fe of error.errors) {
    const name = fieldPath(fe.field);
    const key = JSON.stringify(name);
    if (!name.length || !hasField(form, name)) {
      unmatched.push(fe.message);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unmatched;
}

function hasField(form: FormInstance, name: (string | number)[]): boolean {
  // getFieldsError() lists every registered field, including those inside Form.List.
  const key = JSON.stringify(name);
  return form.getFieldsError().some((f) => JSON.stringify(f.name) === key);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
