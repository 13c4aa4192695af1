#!/usr/bin/env node
// Makes sure the Debian packages the test suite needs are present: Chromium (browser end-to-end tests)
// and xmllint (offline manifest validation). Installs them when run as root (as on CI); otherwise names
// the one command to run.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const needed = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'libxml2-utils', file: '/usr/bin/xmllint' },
  // The plan document's tests read the PDF back (pdftotext, pdftoppm) and embed DejaVu Sans (PDF/A).
  { pkg: 'poppler-utils', file: '/usr/bin/pdftotext' },
  { pkg: 'fonts-dejavu-core', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
  { pkg: 'fonts-dejavu-extra', file: '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf' },
  // PostgreSQL store tests start a throwaway cluster (initdb/pg_ctl) unless PIAO_TEST_DATABASE_URL is set;
  // Debian installs it as /usr/lib/postgresql/<major>/bin/initdb.
  { pkg: 'postgresql', file: '/usr/lib/postgresql/*/bin/initdb' },
];
/** existsSync, with one `*` standing for any directory name (the PostgreSQL major version). */
function present(file) {
  const star = file.indexOf('*');
  if (star < 0) return existsSync(file);
  const dir = file.slice(0, star);
  const rest = file.slice(star + 1);
  return existsSync(dir) && readdirSync(dir).some((d) => existsSync(dir + d + rest));
}
const missing = needed.filter((n) => !present(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Mancano pacchetti di sistema per i test: ${missing.join(', ')}.\nEseguire: sudo sh -c '${cmd}'`);
  process.exit(1);
}
console.log(`Installo i pacchetti di sistema mancanti: ${missing.join(', ')}`);
execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
