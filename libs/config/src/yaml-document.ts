// Validates a YAML document (a policy file) against a schema; errors name the source, the path, the line and what was
// expected, e.g. "triggers.turn_limit.customer_messages (line 4): expected a whole number of at least 1".
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The YAML node at the path, or null when the path does not exist in the document. */
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

/** Problems with the document, or the validated value. */
export function validateYaml<S extends z.ZodType>(text: string, schema: S): { value: z.infer<S> } | { problems: string[] } {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return { problems: doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`) };
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data };
  return {
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '(top level)';
      const node = nodeAt(doc.contents as Node | null, issue.path);
      const line = node?.range ? ` (line ${lineOf(text, node.range[0])})` : '';
      return `${path}${line}: ${describe(issue)}`;
    }),
  };
}
