// The shipped default policy, as the service loads it, for unit tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseNotificationPolicy } from '../src/domain/policy';

export const DEFAULT_POLICY_TEXT = readFileSync(path.join(__dirname, '..', 'policy', 'default.yaml'), 'utf8');
export const defaultPolicy = parseNotificationPolicy(DEFAULT_POLICY_TEXT, 'policy/default.yaml');
