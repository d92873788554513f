import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import { installNulGuard } from './nul-guard.js';
import { frameworkProblem, installNotFound, installProblemHandlers } from './problem.js';
import { installMetrics, type Metrics } from './metrics.js';
import { installSecurityHeaders } from './security-headers.js';
import { sharedCompilers } from './compilers.js';
import { ping } from '../db/database.js';
import type { Platform } from '../../platform.js';
import { exchangeRoutes } from '../../exchange/routes.js';
import { fileRoutes } from '../../exchange/files/routes.js';
import { subscriptionRoutes } from '../../exchange/subscriptions/routes.js';
import { authHook } from '../../org/auth.js';
import { orgRoutes } from '../../org/routes.js';
import { auditRoutes } from '../../audit/routes.js';
import { calendarRoutes } from '../calendar/routes.js';
import { catalogRoutes } from '../../catalog/routes.js';
import { sharingRoutes } from '../../sharing/routes.js';
import { supervisionRoutes } from '../../supervision/routes.js';
import { evaluationRoutes } from '../../evaluation/routes.js';

export type App = FastifyInstance & { withTypeProvider: () => FastifyInstance };

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    metrics: Metrics;
  }
}

export interface BuildOptions {
  /** pino options or false; tests pass false. */
  logger?: boolean | Record<string, unknown>;
  /** Serve the built portal from web/dist (default: when it exists). */
  serveWeb?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Finds web/dist whether running from src (tests) or dist/src (built). */
export function webDistDir(): string | null {
  for (const up of ['../../..', '../../../..']) {
    const dir = join(here, up, 'web', 'dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(platform: Platform, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    logger: opts.logger === undefined ? { level: config.logLevel } : opts.logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // A caller's X-Request-Id is kept (it ties our logs and audit events to theirs) only when it
    // looks like an id: it is echoed, logged and stored with every audit event of the request.
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
    },
    // Route schemas compile once per process, not once per app (ADR 0018).
    schemaController: { compilersFactory: sharedCompilers },
    return503OnClosing: true,
    frameworkErrors: frameworkProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('platform', platform);
  app.decorateRequest('actor', null);
  installProblemHandlers(app);
  const metrics = installMetrics(app);
  app.decorate('metrics', metrics);
  metrics.gauge('govshare_audit_queue_length', 'Audit events waiting for the next group commit', () => platform.audit.queueLength());
  if (platform.db.pool) {
    const pool = platform.db.pool;
    metrics.gauge('govshare_db_pool_total', 'PostgreSQL pool connections', () => pool.totalCount);
    metrics.gauge('govshare_db_pool_idle', 'Idle PostgreSQL pool connections', () => pool.idleCount);
    metrics.gauge('govshare_db_pool_waiting', 'Requests waiting for a PostgreSQL connection', () => pool.waitingCount);
  }

  // Set before the route runs (a plain hook, no promise), so error answers carry it too.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  installSecurityHeaders(app);
  installNulGuard(app);
  await app.register(cookie);
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, { max: config.rateLimitPerMinute, timeWindow: '1 minute', allowList: ['127.0.0.1', '::1'] });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'GovShare API — 政务信息资源共享平台',
        version: '1',
        description:
          'The API of GovShare. Errors are RFC 9457 application/problem+json with a stable `code`. ' +
          'Authenticate with a bearer token (POST /api/v1/auth/login, or an application system token) or the session cookie plus X-CSRF-Token.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'gs_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Process is up', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Database is reachable',
        security: [],
        response: { 200: Type.Object({ status: Type.String(), database: Type.String() }), 503: Type.Object({ status: Type.String(), database: Type.String() }) },
      },
    },
    async (_req, reply) => {
      const ok = await ping(platform.db);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', database: platform.db.dialect });
    },
  );
  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics', security: [], produces: ['text/plain'] } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.addHook('onRequest', authHook(platform));
  await app.register(orgRoutes, { prefix: '/api/v1' });
  await app.register(auditRoutes, { prefix: '/api/v1' });
  await app.register(calendarRoutes, { prefix: '/api/v1' });
  await app.register(catalogRoutes, { prefix: '/api/v1' });
  await app.register(exchangeRoutes, { prefix: '/api/v1', exchange: platform.exchange });
  await app.register(fileRoutes, { prefix: '/api/v1', files: platform.files });
  await app.register(subscriptionRoutes, { prefix: '/api/v1', subscriptions: platform.subscriptions });
  await app.register(sharingRoutes, { prefix: '/api/v1' });
  await app.register(supervisionRoutes, { prefix: '/api/v1' });
  await app.register(evaluationRoutes, { prefix: '/api/v1' });

  const web = opts.serveWeb === false ? null : webDistDir();
  if (web) {
    await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  installNotFound(app, !!web);
  return app;
}
