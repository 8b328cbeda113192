// Reads the routing policy file (mounted from a ConfigMap in Kubernetes), validates it and compiles its expressions.
import { PolicyError, readPolicyFile, shippedFile } from '@handoff/config';
import { compileRoutingPolicy, type CompiledRoutingPolicy } from '../domain/policy/compile';
import { parseRoutingPolicy } from '../domain/policy/parse';

export const defaultPolicyFile = (): string => shippedFile(__dirname, 'policy', 'default.yaml');

export function loadRoutingPolicy(file: string): CompiledRoutingPolicy {
  const compiled = compileRoutingPolicy(parseRoutingPolicy(readPolicyFile('routing', file), file));
  if (!compiled.ok) throw new PolicyError('routing', file, compiled.problems);
  return compiled.compiled;
}
