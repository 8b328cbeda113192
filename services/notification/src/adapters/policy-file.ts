// Reads the notification policy file (mounted from a ConfigMap in Kubernetes) and validates it.
import { readFileSync } from 'node:fs';
import { shippedFile } from '@handoff/config';
import { NotificationPolicyError, parseNotificationPolicy, type NotificationPolicy } from '../domain/policy';

export const defaultPolicyFile = (): string => shippedFile(__dirname, 'policy', 'default.yaml');

export function loadNotificationPolicy(file: string): NotificationPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NotificationPolicyError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseNotificationPolicy(text, file);
}
