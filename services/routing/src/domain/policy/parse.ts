// Turns routing policy YAML into a validated RoutingPolicy, or errors naming the file, path, line and expectation.
import { parsePolicyYaml } from '@handoff/config';
import { routingPolicySchema, type RoutingPolicy } from './schema';

export const parseRoutingPolicy = (text: string, source: string): RoutingPolicy => parsePolicyYaml('routing', text, source, routingPolicySchema);
