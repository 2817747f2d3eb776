/**
 * An empty (or blank) field of a submitted GET form means "no filter": a browser sends `?q=&region=`
 * for untouched fields, and the optional query schemas must see them as absent, not as "".
 */
export const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
