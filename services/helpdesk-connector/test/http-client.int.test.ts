// The HTTP adapter against a local server on 127.0.0.1 (no Kafka or MongoDB needed): timeouts, network errors and
// how each failure surfaces to the consumer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HandoffError } from '@handoff/errors';
import { testLogger } from '@handoff/testing';
import { HttpClient } from '../src/adapters/http-client';

describe('HTTP client', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  const client = new HttpClient({ timeoutMs: 200, retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1000 }, logger: testLogger() });

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 1000);
      const status = Number(req.url?.slice(1)) || 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, baseUrl = base) => client.send({ target: 't', baseUrl, headers: {} }, { method: 'POST', path, body: {} });
  const failure = async (promise: Promise<unknown>): Promise<HandoffError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof HandoffError) return error;
      throw error;
    }
    throw new Error('expected a failure');
  };

  it('returns the parsed body of a 2xx', async () => {
    expect(await send('/201')).toEqual({ status: 201, body: { status: 201 } });
  });

  it('times out each attempt and then reports UNAVAILABLE (the consumer retries the message)', async () => {
    const error = await failure(send('/slow'));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 't POST /slow failed: timed out after 2 attempts' });
    expect(error.permanent).toBe(false);
    expect(hits.filter((h) => h === '/slow')).toHaveLength(2);
  });

  it('reports a refused connection as UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(send('/x', url))).toMatchObject({ code: 'UNAVAILABLE', message: 't POST /x failed: network error: ECONNREFUSED after 2 attempts' });
  });

  it('makes 401 and 404 FAILED_PRECONDITION and 422 INVALID_ARGUMENT, permanent and not retried', async () => {
    const unauthorized = await failure(send('/401'));
    expect(unauthorized).toMatchObject({ code: 'FAILED_PRECONDITION', message: 't POST /401 rejected with HTTP 401: {"status":401}' });
    expect(unauthorized.permanent).toBe(true);
    expect((await failure(send('/404'))).code).toBe('FAILED_PRECONDITION');
    expect((await failure(send('/422'))).code).toBe('INVALID_ARGUMENT');
    expect(hits.filter((h) => h === '/401')).toHaveLength(1);
  });
});
