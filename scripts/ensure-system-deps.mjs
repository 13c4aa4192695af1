#!/usr/bin/env node
// Makes sure the Debian packages the test suite needs are present: Chromium (browser end-to-end tests)
// and xmllint (offline manifest validation). Installs them when run as root (as on CI); otherwise names
// the one command to run.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'libxml2-utils', file: '/usr/bin/xmllint' },
  // The plan document's tests read the PDF back (pdftotext, pdftoppm) and embed DejaVu Sans (PDF/A).
  { pkg: 'poppler-utils', file: '/usr/bin/pdftotext' },
  { pkg: 'fonts-dejavu-core', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
  { pkg: 'fonts-dejavu-extra', file: '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf' },
];
const missing = needed.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Mancano pacchetti di sistema per i test: ${missing.join(', ')}.\nEseguire: sudo sh -c '${cmd}'`);
  process.exit(1);
}
console.log(`Installo i pacchetti di sistema mancanti: ${missing.join(', ')}`);
execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
