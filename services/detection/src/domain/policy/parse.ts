// Turns policy YAML into a validated Policy, or errors that name the file, the path, the line and what was expected.
import { ConfigError, validateYaml } from '@handoff/config';
import { policySchema, type Policy } from './schema';

export class PolicyError extends ConfigError {
  constructor(
    readonly source: string,
    problems: string[],
  ) {
    super(problems, `Invalid detection policy ${source}`);
    this.name = 'PolicyError';
  }
}

export function parsePolicy(text: string, source: string): Policy {
  const result = validateYaml(text, policySchema);
  if ('problems' in result) throw new PolicyError(source, result.problems);
  return result.value;
}
