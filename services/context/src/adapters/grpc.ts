// gRPC API of the context service.
import { ContextServiceService, type GetContextPackageRequest, type GetContextPackageResponse } from '@handoff/contracts';
import { Violations, notFound } from '@handoff/errors';
import { unary } from '@handoff/lifecycle';
import type { Logger } from '@handoff/logging';
import type { PackageRepository } from './package-repository';

export function contextGrpc(packages: PackageRepository, logger: Logger) {
  return {
    definition: ContextServiceService,
    implementation: {
      getContextPackage: unary(logger, 'GetContextPackage', async (req: GetContextPackageRequest): Promise<GetContextPackageResponse> => {
        new Violations().requireText(req.handoffId, 'handoff_id').throwIfAny('GetContextPackage');
        const pkg = await packages.get(req.handoffId);
        if (!pkg) throw notFound(`no context package for handoff ${req.handoffId} (not assembled yet, or unknown id)`);
        return { package: pkg };
      }),
    },
  };
}
