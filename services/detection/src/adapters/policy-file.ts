// Reads a detection policy file (mounted from a ConfigMap in Kubernetes) and validates it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PolicyError, parsePolicy } from '../domain/policy/parse';
import type { Policy } from '../domain/policy/schema';

export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parsePolicy(text, file);
}

/** Files shipped with the service: next to the bundle (dist/services/detection/...) or in the source tree. */
export function bundledPath(...relative: string[]): string {
  const candidates = [path.join(__dirname, ...relative), path.resolve(__dirname, '..', '..', ...relative)];
  return candidates.find((c) => existsSync(c)) ?? candidates[candidates.length - 1]!;
}
