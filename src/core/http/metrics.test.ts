import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { installMetrics, type Metrics } from './metrics.js';

/** The value of one sample line of the exposition text, or null when there is none. */
function sample(text: string, line: string): number | null {
  const at = text.split('\n').find((l) => l.startsWith(`${line} `));
  return at === undefined ? null : Number(at.slice(line.length + 1));
}

describe('HTTP metrics', () => {
  let app: FastifyInstance;
  let metrics: Metrics;
  beforeAll(async () => {
    app = Fastify({ logger: false });
    metrics = installMetrics(app);
    app.get<{ Querystring: { fail?: string } }>('/items/:id', async (request, reply) => {
      if (request.query.fail) return reply.code(500).send({ failed: true });
      return { ok: true };
    });
    app.post('/items', async (_request, reply) => reply.code(201).send({ created: true }));
    app.get('/metrics', async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
    await app.ready();
    for (let i = 0; i < 3; i++) await app.inject({ url: `/items/${i}` });
    await app.inject({ url: '/items/9?fail=1' });
    await app.inject({ method: 'POST', url: '/items' });
    await app.inject({ url: '/nowhere' });
    await app.inject({ url: '/nowhere/else' });
  });
  afterAll(() => app.close());

  it('counts answers by method, route pattern and status; requests of no route as unmatched', async () => {
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain('# TYPE govshare_http_requests_total counter');
    expect(sample(text, 'govshare_http_requests_total{method="GET",route="/items/:id",status="200"}')).toBe(3);
    expect(sample(text, 'govshare_http_requests_total{method="GET",route="/items/:id",status="500"}')).toBe(1);
    expect(sample(text, 'govshare_http_requests_total{method="POST",route="/items",status="201"}')).toBe(1);
    expect(sample(text, 'govshare_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(2);
    // The pattern, never the concrete path: ids do not become series.
    expect(text).not.toContain('route="/items/0"');
  });

  it('keeps a cumulative latency histogram per method and route', async () => {
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain('# TYPE govshare_http_request_duration_seconds histogram');
    const name = 'govshare_http_request_duration_seconds';
    const labels = 'method="GET",route="/items/:id"';
    const bounds = ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
    const counts = bounds.map((le) => sample(text, `${name}_bucket{le="${le}",${labels}}`));
    expect(counts.every((c) => c !== null)).toBe(true);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts[counts.length - 1]).toBe(4);
    expect(sample(text, `${name}_count{${labels}}`)).toBe(4);
    const sum = sample(text, `${name}_sum{${labels}}`)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(60);
  });

  it('starts the series again when the registry is reset', async () => {
    metrics.registry.resetMetrics();
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(sample(text, 'govshare_http_requests_total{method="GET",route="/items/:id",status="200"}')).toBeNull();
  });
});
