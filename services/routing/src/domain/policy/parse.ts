// Turns routing policy YAML into a validated RoutingPolicy, or errors naming the file, path, line and expectation.
import { ConfigError, validateYaml } from '@handoff/config';
import { routingPolicySchema, type RoutingPolicy } from './schema';

export class RoutingPolicyError extends ConfigError {
  constructor(
    readonly source: string,
    problems: string[],
  ) {
    super(problems, `Invalid routing policy ${source}`);
    this.name = 'RoutingPolicyError';
  }
}

export function parseRoutingPolicy(text: string, source: string): RoutingPolicy {
  const result = validateYaml(text, routingPolicySchema);
  if ('problems' in result) throw new RoutingPolicyError(source, result.problems);
  return result.value;
}
