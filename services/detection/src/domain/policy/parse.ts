// Turns policy YAML into a validated Policy, or errors that name the file, the path, the line and what was expected.
import { PolicyError, parsePolicyYaml } from '@handoff/config';
import { policySchema, type Policy } from './schema';

export { PolicyError };

export const parsePolicy = (text: string, source: string): Policy => parsePolicyYaml('detection', text, source, policySchema);
