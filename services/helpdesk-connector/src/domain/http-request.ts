// A request a target mapping asks for, before base URL and credentials are added by the HTTP adapter.

export interface HttpRequestSpec {
  method: 'POST' | 'PUT';
  /** Path (and query) appended to the target's base URL. */
  path: string;
  /** Sent as JSON. */
  body: unknown;
  /** Headers other than authentication and content type, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

/** Escapes text for the HTML bodies Freshdesk and Intercom notes take. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A paragraph and a bulleted list, as HTML. */
export function htmlNote(paragraph: string, items: string[], heading = 'Key facts'): string {
  const list = items.length > 0 ? `<p><b>${escapeHtml(heading)}</b></p><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '';
  return `<p>${escapeHtml(paragraph)}</p>${list}`;
}
