// The web dashboard: static files (plain HTML, CSS and JavaScript, no build step, nothing from the network) and a JSON
// API that answers exactly what the gRPC API answers, in proto3 JSON.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  GetAvoidableRequest,
  GetAvoidableResponse,
  GetLearningOpportunitiesRequest,
  GetLearningOpportunitiesResponse,
  GetReasonsRequest,
  GetReasonsResponse,
  GetSummaryRequest,
  GetSummaryResponse,
  GetTimeSeriesRequest,
  GetTimeSeriesResponse,
} from '@handoff/contracts';
import { HandoffError } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import type { AnalyticsQueries } from './queries';

const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/dashboard.js': ['dashboard.js', 'text/javascript; charset=utf-8'],
  '/dashboard.css': ['dashboard.css', 'text/css; charset=utf-8'],
};

/** Query parameters → the proto3 JSON of a request: from/to, category, tier, trigger, metric, bucket, limit. */
function requestJson(q: URLSearchParams): Record<string, unknown> {
  const filters = { category: q.get('category') ?? '', tier: q.get('tier') ?? '', trigger: q.get('trigger') || 'ESCALATION_REASON_UNSPECIFIED' };
  return {
    range: { start: q.get('from') ?? undefined, end: q.get('to') ?? undefined },
    filters,
    metric: q.get('metric') ?? undefined,
    bucket: q.get('bucket') ?? undefined,
    limit: q.get('limit') ? Number(q.get('limit')) : undefined,
    examplesPerCategory: q.get('examples') ? Number(q.get('examples')) : undefined,
  };
}

export function dashboardServer(queries: AnalyticsQueries, dashboardDir: string, logger: Logger) {
  const files = new Map(Object.entries(STATIC).map(([route, [file, type]]) => [route, { body: readFileSync(path.join(dashboardDir, file)), type }]));
  const api: Record<string, (q: URLSearchParams) => Promise<unknown>> = {
    '/api/summary': async (q) => GetSummaryResponse.toJSON(await queries.summary(GetSummaryRequest.fromJSON(requestJson(q)))),
    '/api/timeseries': async (q) => GetTimeSeriesResponse.toJSON(await queries.timeSeries(GetTimeSeriesRequest.fromJSON(requestJson(q)))),
    '/api/reasons': async (q) => GetReasonsResponse.toJSON(await queries.reasons(GetReasonsRequest.fromJSON(requestJson(q)))),
    '/api/avoidable': async (q) => GetAvoidableResponse.toJSON(await queries.avoidable(GetAvoidableRequest.fromJSON(requestJson(q)))),
    '/api/learning': async (q) =>
      GetLearningOpportunitiesResponse.toJSON(await queries.learningOpportunities(GetLearningOpportunitiesRequest.fromJSON(requestJson(q)))),
    '/api/dimensions': async (q) => {
      const from = new Date(q.get('from') ?? '');
      const to = new Date(q.get('to') ?? '');
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) throw new HandoffError('INVALID_ARGUMENT', 'from and to must be ISO times, to after from');
      return queries.dimensions(from, to);
    },
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const headers = {
      'cache-control': 'no-store',
      // Everything comes from this server: the dashboard works without any external network.
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
      'x-content-type-options': 'nosniff',
    };
    if (req.method !== 'GET') {
      res.writeHead(405, { ...headers, allow: 'GET' }).end();
      return;
    }
    const file = files.get(url.pathname);
    if (file) {
      res.writeHead(200, { ...headers, 'content-type': file.type }).end(file.body);
      return;
    }
    const handler = api[url.pathname];
    if (!handler) {
      res.writeHead(404, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ error: `no such page: ${url.pathname}` }));
      return;
    }
    handler(url.searchParams).then(
      (body) => res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => {
        const invalid = error instanceof HandoffError && error.code === 'INVALID_ARGUMENT';
        if (!invalid) logger.error({ err: error, path: url.pathname }, 'dashboard API failed');
        res
          .writeHead(invalid ? 400 : 500, { ...headers, 'content-type': 'application/json' })
          .end(JSON.stringify({ error: invalid ? error.message : 'internal error; see the service log' }));
      },
    );
  });

  return {
    listen(port: number): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve((server.address() as { port: number }).port));
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
