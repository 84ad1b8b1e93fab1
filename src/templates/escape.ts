// Text into HTML: the five characters that could end an element or an attribute value. One
// function for the member pages (src/http/html.ts), the email layout and Budstikke's own emails.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
