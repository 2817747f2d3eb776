/** Text made safe to place in HTML, for the few table cells that carry a link. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function link(href: string, text: string): string {
  return `<a class="nhsuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}
