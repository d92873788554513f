import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.js';
import { pickLang, translate, type Lang } from '../i18n.js';
import { securityHeadersFor } from './security-headers.js';

/** RFC 9457 problem details, GovShare flavour: a stable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function requestLang(request: FastifyRequest): Lang {
  return pickLang(request.headers['accept-language'], (request.query as Record<string, unknown> | undefined)?.lang);
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, errors?: FieldError[]) {
  const body: Problem = {
    type: `https://govshare.example/problems/${code}`,
    title: code,
    status,
    detail,
    code,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
  };
  if (errors?.length) body.errors = errors;
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns Ajv validation errors into per-field errors in the request's language. */
function schemaFieldErrors(err: FastifyError, lang: Lang): FieldError[] {
  const context = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const list = ((err as FastifyError & { validation?: AjvError[] }).validation ?? []) as AjvError[];
  return list.map((v) => {
    const base = v.instancePath ? `${context}${v.instancePath.replace(/\//g, '.')}` : context;
    switch (v.keyword) {
      case 'additionalProperties': {
        const field = `${base}.${String(v.params.additionalProperty)}`;
        return { field, code: 'unknown_field', message: translate('error.unknown_field', lang, { field }) };
      }
      case 'required': {
        const field = `${base}.${String(v.params.missingProperty)}`;
        return { field, code: 'required', message: translate('error.required', lang, { field }) };
      }
      case 'type':
        return { field: base, code: 'type', message: translate('error.type', lang, { field: base, expected: String(v.params.type) }) };
      case 'maxLength':
        return { field: base, code: 'too_long', message: translate('error.too_long', lang, { field: base, limit: Number(v.params.limit) }) };
      case 'minLength':
        return { field: base, code: 'too_short', message: translate('error.too_short', lang, { field: base, limit: Number(v.params.limit) }) };
      case 'enum':
      case 'const':
      case 'anyOf':
        return { field: base, code: 'enum', message: translate('error.enum', lang, { field: base }) };
      case 'minimum':
      case 'maximum':
      case 'minItems':
      case 'maxItems':
        return { field: base, code: 'range', message: translate('error.range', lang, { field: base }) };
      default:
        return { field: base, code: v.keyword, message: translate('error.format', lang, { field: base }) };
    }
  });
}

/** What busboy throws for a form that is not one (no boundary, cut short, broken part headers), as plain Errors. */
const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of (form|multipart)|Malformed part header|Malformed urlencoded form)/;

function isMalformedMultipart(error: FastifyError, request: FastifyRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/')) return false;
  return MULTIPART_BROKEN.test(error.message ?? '') || error.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLang(request);
    if (error instanceof AppError) {
      for (const name in error.headers) reply.header(name, error.headers[name]);
      const errors = error.fieldErrors.map((f) => ({ field: f.field, code: f.code, message: translate(f.messageKey, lang, f.params) }));
      return sendProblem(reply, request, error.status, error.code, translate(error.messageKey, lang, error.params), errors);
    }
    if ((error as FastifyError & { validation?: unknown }).validation) {
      return sendProblem(reply, request, 400, 'validation_failed', translate('error.validation', lang), schemaFieldErrors(error, lang));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, request, 400, 'malformed_json', translate('error.malformed_json', lang));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, request, 413, 'body_too_large', translate('error.body_too_large', lang, { limit: app.initialConfig.bodyLimit ?? 0 }));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, request, 415, 'unsupported_media_type', translate('error.unsupported_media_type', lang, { type: String(request.headers['content-type'] ?? '') }));
      default:
        break;
    }
    if (error instanceof SyntaxError) return sendProblem(reply, request, 400, 'malformed_json', translate('error.malformed_json', lang));
    if (isMalformedMultipart(error, request)) return sendProblem(reply, request, 400, 'malformed_multipart', translate('error.malformed_multipart', lang));
    const status = error.statusCode ?? 500;
    if (status === 429) return sendProblem(reply, request, 429, 'rate_limited', translate('error.rate_limited', lang));
    if (status >= 400 && status < 500) return otherClientProblem(reply, request, error, status);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 500, 'internal_error', translate('error.internal', lang, { requestId: String(request.id) }));
  });
}

/**
 * Fastify's router answers a few errors itself, before any hook or error handler (a URL whose
 * percent-encoding does not decode, an async route constraint that fails): the same problem+json
 * as everything else instead of Fastify's own JSON. Passed as the `frameworkErrors` option.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const lang = requestLang(request);
  // No hook runs for these: the headers every other answer gets are set here.
  reply.headers(securityHeadersFor(String(request.url ?? ''))).header('x-request-id', request.id);
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, request, 400, 'bad_url', translate('error.bad_url', lang, { url: String(request.url ?? '').split('?')[0]!.slice(0, 200) }));
  }
  return otherClientProblem(reply, request, error, error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400);
}

/** A 4xx raised by Fastify or a plugin with no message of ours: its code, lower-cased, and its text. */
function otherClientProblem(reply: FastifyReply, request: FastifyRequest, error: FastifyError, status: number) {
  return sendProblem(reply, request, status, (error.code ?? 'bad_request').toLowerCase(), error.message);
}

/** 404 for unknown routes; with `spa`, non-API GETs serve the portal's index.html instead. */
export function installNotFound(app: FastifyInstance, spa: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (spa && request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) return reply.sendFile('index.html');
    const lang = requestLang(request);
    return sendProblem(reply, request, 404, 'route_not_found', translate('error.route_not_found', lang, { method: request.method, url: request.url.split('?')[0] }));
  });
}
