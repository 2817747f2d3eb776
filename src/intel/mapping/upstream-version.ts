/**
 * The upstream version inside a distribution package version, which is what NVD ranges speak of:
 * Debian `1:1.0.1e-2+deb7u4` → `1.0.1e`, RPM `1.0.1e-30.el6` → `1.0.1e`. Distributions backport
 * fixes without changing the upstream part, so a match on it can be a false positive; the mapping
 * says so in its note.
 */
export function upstreamVersion(version: string, ecosystem: 'deb' | 'rpm' | 'apk'): string {
  let text = version.trim();
  const epoch = /^\d+:/.exec(text);
  if (epoch) text = text.slice(epoch[0].length);
  if (ecosystem === 'apk') text = text.replace(/-r\d+$/, '');
  else {
    const dash = text.lastIndexOf('-');
    if (dash > 0) text = text.slice(0, dash);
  }
  // Repack and pre-release markers (`+dfsg`, `~rc1`) are not part of the upstream number.
  return text.replace(/[+~].*$/, '');
}

/** A dotted version written inside a display name: "7-Zip 23.01 (x64)" → `23.01`. */
export function versionInName(name: string): string | undefined {
  return /(?:^|\s)v?(\d+(?:\.\d+)+)(?=\s|$|\))/.exec(name)?.[1];
}
