// Reads a detection policy file (mounted from a ConfigMap in Kubernetes) and validates it.
import { readFileSync } from 'node:fs';
import { shippedFile } from '@handoff/config';
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

/** Files shipped with the detection service (its default policy and models). */
export const bundledPath = (...relative: string[]): string => shippedFile(__dirname, ...relative);
