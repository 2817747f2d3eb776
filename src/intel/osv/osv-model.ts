/** An OSV record (OpenSSF schema 1.x), as far as Ward matches distribution packages with it. */

export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export type OsvRange = { type: 'ECOSYSTEM' | 'SEMVER' | 'GIT'; events: OsvEvent[] };

export type OsvAffected = {
  /** As the record writes it: `Debian:12`, `Ubuntu:24.04:LTS`, `AlmaLinux:9`, `Alpine:v3.19`, … */
  ecosystem: string;
  /** Ward's key for the distribution release (`ubuntu:24.04`), undefined for ecosystems Ward does not match. */
  distro: string | undefined;
  /** The source package the record is about. */
  name: string;
  /** Binary packages built from it, when the record lists them (Ubuntu does). */
  binaries: string[];
  ranges: OsvRange[];
  versions: string[];
};

export type OsvRecord = {
  id: string;
  modified: string;
  published: string | undefined;
  withdrawn: string | undefined;
  /** CVE ids among `aliases`, `upstream` and `related` (distribution records name the CVE in any of them). */
  cves: string[];
  summary: string;
  affected: OsvAffected[];
};
