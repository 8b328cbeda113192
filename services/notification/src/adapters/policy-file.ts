// Reads the notification policy file (mounted from a ConfigMap in Kubernetes) and validates it.
import { readPolicyFile, shippedFile } from '@handoff/config';
import { parseNotificationPolicy, type NotificationPolicy } from '../domain/policy';

export const defaultPolicyFile = (): string => shippedFile(__dirname, 'policy', 'default.yaml');

export const loadNotificationPolicy = (file: string): NotificationPolicy => parseNotificationPolicy(readPolicyFile('notification', file), file);
