// Reads the routing policy file (mounted from a ConfigMap in Kubernetes), validates it and compiles its expressions.
import { readFileSync } from 'node:fs';
import { shippedFile } from '@handoff/config';
import { compileRoutingPolicy, type CompiledRoutingPolicy } from '../domain/policy/compile';
import { RoutingPolicyError, parseRoutingPolicy } from '../domain/policy/parse';

export const defaultPolicyFile = (): string => shippedFile(__dirname, 'policy', 'default.yaml');

export function loadRoutingPolicy(file: string): CompiledRoutingPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RoutingPolicyError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  const compiled = compileRoutingPolicy(parseRoutingPolicy(text, file));
  if (!compiled.ok) throw new RoutingPolicyError(file, compiled.problems);
  return compiled.compiled;
}
