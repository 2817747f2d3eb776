/**
 * The reviewed alias table: installed-software names and package identities as inventories report
 * them, and the NVD CPE vendor/product they denote. Declarative data, one row per alias, each with
 * a note saying why the mapping holds. Add a row when an inventory name is known to mean an NVD
 * product; never add a guess. `lifecycle` names the endoflife.date product, when there is one.
 *
 * Matching rules: `name` is a case-insensitive regular expression tested against the display name;
 * `packages` lists package names for the given ecosystems (Debian `deb`, `rpm`, or purl types such
 * as `maven` with `namespace/name`), compared case-insensitively and exactly.
 */
export type SoftwareAlias = {
  vendor: string;
  product: string;
  name?: RegExp;
  packages?: { ecosystems: readonly string[]; names: readonly string[] };
  lifecycle?: string;
  note: string;
};

export const softwareAliases: readonly SoftwareAlias[] = [
  { vendor: 'mozilla', product: 'firefox_esr', name: /^mozilla firefox (\d+(\.\d+)* )?esr\b/i, lifecycle: 'firefox', note: 'Windows "Programs and Features" names the ESR channel "Mozilla Firefox ESR (x64 en-GB)"; NVD files ESR under its own product.' },
  { vendor: 'mozilla', product: 'firefox', name: /^mozilla firefox\b/i, packages: { ecosystems: ['deb', 'rpm'], names: ['firefox'] }, lifecycle: 'firefox', note: 'Firefox registers as "Mozilla Firefox (x64 en-GB)" (architecture and locale in brackets); NVD: mozilla:firefox.' },
  { vendor: 'mozilla', product: 'thunderbird', name: /^mozilla thunderbird\b/i, packages: { ecosystems: ['deb', 'rpm'], names: ['thunderbird'] }, note: 'Same registration pattern as Firefox.' },
  { vendor: 'google', product: 'chrome', name: /^google chrome$/i, packages: { ecosystems: ['deb', 'rpm'], names: ['google-chrome-stable'] }, note: 'The desktop browser; NVD: google:chrome (Chromium is a separate product).' },
  { vendor: 'microsoft', product: 'edge_chromium', name: /^microsoft edge$/i, note: 'The Chromium-based Edge (2020 on) registers as "Microsoft Edge"; NVD files it as microsoft:edge_chromium, the legacy EdgeHTML browser as microsoft:edge.' },
  { vendor: '7-zip', product: '7-zip', name: /^7-zip\b/i, packages: { ecosystems: ['deb'], names: ['7zip'] }, note: 'Registers as "7-Zip 23.01 (x64)" (version in the name); NVD: 7-zip:7-zip.' },
  { vendor: 'adobe', product: 'acrobat_reader_dc', name: /^adobe acrobat reader dc\b|^adobe acrobat reader \(64-bit\)/i, note: 'Continuous-track Reader; NVD: adobe:acrobat_reader_dc.' },
  { vendor: 'adobe', product: 'acrobat_dc', name: /^adobe acrobat dc\b|^adobe acrobat \(64-bit\)/i, note: 'Continuous-track Acrobat; NVD: adobe:acrobat_dc.' },
  { vendor: 'notepad-plus-plus', product: 'notepad++', name: /^notepad\+\+/i, note: 'Registers as "Notepad++ (64-bit x64)"; NVD: notepad-plus-plus:notepad\\+\\+.' },
  { vendor: 'videolan', product: 'vlc_media_player', name: /^vlc media player\b/i, packages: { ecosystems: ['deb', 'rpm'], names: ['vlc'] }, note: 'NVD: videolan:vlc_media_player.' },
  { vendor: 'simon_tatham', product: 'putty', name: /^putty\b/i, packages: { ecosystems: ['deb', 'rpm'], names: ['putty'] }, note: 'Registers as "PuTTY release 0.80 (64-bit)"; NVD: simon_tatham:putty.' },
  { vendor: 'wireshark', product: 'wireshark', name: /^wireshark\b/i, packages: { ecosystems: ['deb', 'rpm'], names: ['wireshark', 'tshark'] }, note: 'Registers as "Wireshark 4.2.3 x64"; NVD: wireshark:wireshark.' },
  { vendor: 'oracle', product: 'jre', name: /^java( \d+)? update \d+|^java\(tm\) se runtime/i, note: 'Oracle Java SE runtime registrations ("Java 8 Update 401 (64-bit)"); NVD: oracle:jre.' },
  { vendor: 'openssl', product: 'openssl', packages: { ecosystems: ['deb', 'rpm', 'apk'], names: ['openssl', 'openssl-libs', 'libssl1.0.0', 'libssl1.0.2', 'libssl1.1', 'libssl3', 'libssl3t64'] }, name: /^openssl\b/i, note: 'Debian ships the library as libsslN (binary packages of the openssl source package); RHEL as openssl-libs. Distribution backports are not known to NVD: versions are compared upstream.' },
  { vendor: 'apache', product: 'http_server', packages: { ecosystems: ['deb', 'rpm'], names: ['apache2', 'apache2-bin', 'httpd'] }, name: /^apache http server\b/i, note: 'Debian names Apache httpd "apache2", RHEL "httpd"; NVD: apache:http_server.' },
  { vendor: 'apache', product: 'log4j', packages: { ecosystems: ['maven'], names: ['org.apache.logging.log4j/log4j-core', 'org.apache.logging.log4j/log4j-api', 'log4j/log4j'] }, name: /^log4j(-core)?\b|^apache log4j\b/i, lifecycle: 'log4j', note: 'Log4Shell-era NVD records name apache:log4j for the log4j-core jar; the Maven coordinates are the SBOM identity.' },
  { vendor: 'openbsd', product: 'openssh', packages: { ecosystems: ['deb', 'rpm'], names: ['openssh-server', 'openssh-client', 'openssh', 'openssh-clients'] }, name: /^openssh\b/i, note: 'OpenSSH portable is filed under openbsd:openssh.' },
  { vendor: 'haxx', product: 'curl', packages: { ecosystems: ['deb', 'rpm'], names: ['curl', 'libcurl4', 'libcurl3-gnutls', 'libcurl'] }, note: 'curl and libcurl; NVD: haxx:curl (older records), haxx:libcurl for the library.' },
  { vendor: 'sudo_project', product: 'sudo', packages: { ecosystems: ['deb', 'rpm'], names: ['sudo'] }, note: 'NVD: sudo_project:sudo.' },
  { vendor: 'gnu', product: 'bash', packages: { ecosystems: ['deb', 'rpm'], names: ['bash'] }, note: 'NVD: gnu:bash.' },
  { vendor: 'gnu', product: 'glibc', packages: { ecosystems: ['deb', 'rpm'], names: ['libc6', 'glibc', 'libc-bin'] }, note: 'Debian ships glibc as libc6; NVD: gnu:glibc.' },
  { vendor: 'tukaani', product: 'xz', packages: { ecosystems: ['deb', 'rpm'], names: ['xz-utils', 'liblzma5', 'xz', 'xz-libs'] }, note: 'xz and liblzma (CVE-2024-3094); NVD: tukaani:xz.' },
];
