/** One page of a server-side paged list: the rows of the page and how many rows match in all. */
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number; pageCount: number };

export type PageRequest = { page?: number; pageSize?: number };

export const defaultPageSize = 25;
export const maxPageSize = 500;

/** Page numbers start at 1; sizes are clamped so a query string cannot ask for the whole table at once. */
export function pageWindow(request: PageRequest): { page: number; pageSize: number; offset: number } {
  const pageSize = Math.min(Math.max(Math.trunc(request.pageSize ?? defaultPageSize), 1), maxPageSize);
  const page = Math.max(Math.trunc(request.page ?? 1), 1);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function toPage<T>(items: T[], total: number, window: { page: number; pageSize: number }): Page<T> {
  return { items, total, page: window.page, pageSize: window.pageSize, pageCount: Math.max(1, Math.ceil(total / window.pageSize)) };
}

/**
 * A LIKE pattern that matches `text` anywhere, case-insensitively when compared with lower():
 * `%`, `_` and the escape character itself are taken literally (both engines accept ESCAPE '\').
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
