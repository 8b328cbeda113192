// Turns policy YAML into a validated Policy, or errors that name the file, the path, the line and what was expected.
import { ConfigError } from '@handoff/config';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
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

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The deepest YAML node along the path, for a line number. */
function nodeAt(root: Node | null, path: PropertyKey[]): Node | null {
  let node = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return null;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      node = (node.items[key] as Node | null) ?? node;
    } else return node;
  }
  return node;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
  return issue.message;
}

export function parsePolicy(text: string, source: string): Policy {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(source, doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  const result = policySchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new PolicyError(
    source,
    result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '(top level)';
      const node = nodeAt(doc.contents as Node | null, issue.path);
      const line = node?.range ? ` (line ${lineOf(text, node.range[0])})` : '';
      return `${path}${line}: ${describe(issue)}`;
    }),
  );
}
