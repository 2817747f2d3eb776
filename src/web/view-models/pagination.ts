import type { Page } from '../../services/paging.js';

type PaginationItem = { number?: string; href?: string; current?: boolean; ellipsis?: boolean };

/**
 * Options for the NHS pagination macro: previous/next links and page numbers around the current
 * page (first, last, and two either side), with ellipses between.
 */
export function pagination(page: Pick<Page<unknown>, 'page' | 'pageCount' | 'total'>, href: (page: number) => string) {
  if (page.pageCount <= 1) return null;
  const shown = new Set([1, page.pageCount, page.page - 2, page.page - 1, page.page, page.page + 1, page.page + 2].filter((n) => n >= 1 && n <= page.pageCount));
  const items: PaginationItem[] = [];
  let previous = 0;
  for (const number of [...shown].sort((a, b) => a - b)) {
    if (number - previous > 1) items.push({ ellipsis: true });
    items.push({ number: String(number), href: href(number), current: number === page.page });
    previous = number;
  }
  return {
    items,
    ...(page.page > 1 ? { previous: { href: href(page.page - 1) } } : {}),
    ...(page.page < page.pageCount ? { next: { href: href(page.page + 1) } } : {}),
  };
}
