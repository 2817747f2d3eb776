/**
 * The name of the root element as far as the first KiB shows it, for cheap format detection.
 * Skips the declaration, comments, processing instructions and a DOCTYPE; undefined when the
 * sample does not reach the root start tag or is not XML.
 */
export function xmlRootElement(head: string): string | undefined {
  let rest = head.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) rest = afterMarker(rest, '?>');
    else if (rest.startsWith('<!--')) rest = afterMarker(rest, '-->');
    else if (rest.startsWith('<!DOCTYPE')) rest = afterDoctype(rest);
    else break;
    if (rest === '') return undefined;
  }
  return /^<([A-Za-z_][\w.:-]*)[\s/>]/.exec(rest)?.[1];
}

function afterMarker(text: string, marker: string): string {
  const end = text.indexOf(marker);
  return end < 0 ? '' : text.slice(end + marker.length);
}

function afterDoctype(text: string): string {
  const subset = text.indexOf('[');
  const close = text.indexOf('>');
  if (subset >= 0 && (close < 0 || subset < close)) return afterMarker(text, ']>');
  return close < 0 ? '' : text.slice(close + 1);
}
