// Reads a detection policy file (mounted from a ConfigMap in Kubernetes) and validates it.
import { readPolicyFile, shippedFile } from '@handoff/config';
import { parsePolicy } from '../domain/policy/parse';
import type { Policy } from '../domain/policy/schema';

export const loadPolicyFile = (file: string): Policy => parsePolicy(readPolicyFile('detection', file), file);

/** Files shipped with the detection service (its default policy and models). */
export const bundledPath = (...relative: string[]): string => shippedFile(__dirname, ...relative);
