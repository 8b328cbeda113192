// gRPC API of the analytics service. Invalid requests get INVALID_ARGUMENT naming every wrong field.
import { AnalyticsServiceService } from '@handoff/contracts';
import { unary } from '@handoff/lifecycle';
import type { Logger } from '@handoff/logging';
import type { AnalyticsQueries } from './queries';

export function analyticsGrpc(queries: AnalyticsQueries, logger: Logger) {
  return {
    definition: AnalyticsServiceService,
    implementation: {
      getSummary: unary(logger, 'GetSummary', queries.summary.bind(queries)),
      getTimeSeries: unary(logger, 'GetTimeSeries', queries.timeSeries.bind(queries)),
      getReasons: unary(logger, 'GetReasons', queries.reasons.bind(queries)),
      getAvoidable: unary(logger, 'GetAvoidable', queries.avoidable.bind(queries)),
      getLearningOpportunities: unary(logger, 'GetLearningOpportunities', queries.learningOpportunities.bind(queries)),
      flagHandoff: unary(logger, 'FlagHandoff', queries.flag.bind(queries)),
    },
  };
}
