import client from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** Prometheus metrics of one server instance (a registry per app, so tests can build many). */
export interface Metrics {
  registry: client.Registry;
  gauge(name: string, help: string, collect: () => number): void;
}

/** Upper bounds (seconds) of the request latency histogram. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The requests of one method and route: answers by status and the latency histogram. */
interface RouteSeries {
  method: string;
  route: string;
  byStatus: Map<number, number>;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

/**
 * The HTTP request counter and latency histogram. Every answer passes through here, so the hot
 * path is a map lookup and a few additions; the series are turned into Prometheus samples only
 * when /metrics is read (prom-client's own metrics hash their labels on every observation).
 */
function httpMetrics(registry: client.Registry): (method: string, route: string, status: number, seconds: number) => void {
  const series = new Map<string, RouteSeries>();
  const counter = {
    name: 'govshare_http_requests_total',
    help: 'HTTP requests by method, route and status',
    type: 'counter',
    aggregator: 'sum',
  };
  const histogram = {
    name: 'govshare_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    type: 'histogram',
    aggregator: 'sum',
  };
  const metric = (m: typeof counter, values: () => Sample[]) => ({
    ...m,
    get: () => Promise.resolve({ ...m, values: values() }),
    reset: () => series.clear(),
  });
  registry.registerMetric(
    metric(counter, () => {
      const out: Sample[] = [];
      for (const s of series.values()) {
        for (const [status, n] of s.byStatus) out.push({ labels: { method: s.method, route: s.route, status: String(status) }, value: n });
      }
      return out;
    }) as unknown as client.Metric,
  );
  registry.registerMetric(
    metric(histogram, () => {
      const out: Sample[] = [];
      for (const s of series.values()) {
        let cumulative = 0;
        for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
          cumulative += s.buckets[i]!;
          const le = i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i]! : '+Inf';
          out.push({ labels: { le, method: s.method, route: s.route }, value: cumulative, metricName: `${histogram.name}_bucket` });
        }
        out.push({ labels: { method: s.method, route: s.route }, value: s.sum, metricName: `${histogram.name}_sum` });
        out.push({ labels: { method: s.method, route: s.route }, value: s.count, metricName: `${histogram.name}_count` });
      }
      return out;
    }) as unknown as client.Metric,
  );
  return (method, route, status, seconds) => {
    const key = `${method} ${route}`;
    let s = series.get(key);
    if (!s) {
      s = { method, route, byStatus: new Map(), buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      series.set(key, s);
    }
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    s.buckets[i]!++;
    s.sum += seconds;
    s.count++;
  };
}

export function installMetrics(app: FastifyInstance): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'govshare_process_' });
  const observe = httpMetrics(registry);
  app.addHook('onResponse', (request, reply, done) => {
    observe(request.method, request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched'), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  return {
    registry,
    gauge(name, help, collect) {
      new client.Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(collect());
        },
      });
    },
  };
}
