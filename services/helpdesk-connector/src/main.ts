// Helpdesk connector: wiring only.
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { ensureIndexes } from '@handoff/store';
import { ClaimStore, RoutingBuffer, TicketRepository, connectorIndexes } from './adapters/connector-store';
import { HelpdeskConnector, connectorConsumer } from './adapters/connector';
import { HttpClient } from './adapters/http-client';
import { buildTargets } from './adapters/targets';
import { SERVICE, loadConnectorConfig } from './config';

const HOUR = 3_600_000;

runMain(SERVICE, async () => {
  const config = loadConnectorConfig();
  const { logger, store, messaging, runtime } = await startPlatform({ service: SERVICE, config, grpc: false });
  await ensureIndexes(store.db, connectorIndexes);

  const http = new HttpClient({ timeoutMs: config.CONNECTOR_HTTP_TIMEOUT_MS, retry: config.httpRetry, logger });
  const claims = new ClaimStore(store.db, config.CONNECTOR_CLAIM_LEASE_MS);
  const buffer = new RoutingBuffer(store.db);
  const tickets = new TicketRepository(store.db);
  const connector = new HelpdeskConnector({
    targets: buildTargets(config, http),
    claims,
    tickets,
    buffer,
    clock: systemClock,
    logger,
  });
  await connectorConsumer(messaging, connector).start();
  logger.info({ targets: config.targets }, 'helpdesk connector started');

  // Buffered routing updates and claims are only needed for a while, finished handoffs' tickets a while longer: the
  // cleanup that replaces a TTL index.
  const cleanup = setInterval(() => {
    const now = systemClock.now().getTime();
    const cutoff = new Date(now - config.CONNECTOR_RETENTION_HOURS * HOUR);
    Promise.all([buffer.purgeBefore(cutoff), claims.purgeBefore(cutoff), tickets.purgeFinishedBefore(new Date(now - config.CONNECTOR_TICKET_RETENTION_DAYS * 24 * HOUR))]).catch((err: unknown) =>
      logger.warn({ err }, 'connector cleanup failed'),
    );
  }, HOUR);
  runtime.onShutdown('consumers', async () => clearInterval(cleanup));
  await runtime.start();
});
