// jest globalTeardown: stops infrastructure this run started (set HANDOFF_KEEP_INFRA=true to keep it for the next run).
import { INFRA_KEY } from './global-setup';
import type { Infrastructure } from './infrastructure';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<symbol, Infrastructure | undefined>)[INFRA_KEY];
  if (infra && process.env.HANDOFF_KEEP_INFRA !== 'true') await infra.stop();
}
