import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where office-addin-dev-certs keeps its certificates, shared with the other Office add-in tools. */
export const DEV_CERT_DIR = path.join(os.homedir(), '.office-addin-dev-certs');
const VALIDITY_DAYS = 365;
const DOMAINS = ['localhost', '127.0.0.1'];

export interface DevCerts {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  dir: string;
  /** The CA to trust (see trustAdvice). */
  caPath: string;
  /** True when this call created them. */
  generated: boolean;
}

function usable(cert: Buffer, key: Buffer, now: Date): boolean {
  try {
    const x = new X509Certificate(cert);
    // A day of margin: a certificate that expires during the session would break the pane mid-work.
    const validUntil = new Date(x.validTo).getTime();
    return validUntil > now.getTime() + 24 * 3600 * 1000 && x.checkPrivateKey(createPrivateKey(key)) && !!x.checkHost('localhost');
  } catch {
    return false;
  }
}

type Generate = typeof import('office-addin-dev-certs').generateCertificates;

/** The package is CommonJS: Node and bundlers expose its functions either as named or as default exports. */
async function generator(): Promise<Generate> {
  const mod = (await import('office-addin-dev-certs')) as { generateCertificates?: Generate; default?: { generateCertificates?: Generate } };
  const fn = mod.generateCertificates ?? mod.default?.generateCertificates;
  if (!fn) throw new Error('office-addin-dev-certs non espone generateCertificates');
  return fn;
}

/**
 * The HTTPS certificate for localhost, generated with office-addin-dev-certs when missing or expiring.
 * Only generated, never installed: installing the CA into the system store needs administrator rights
 * and start-up must not depend on it (the browser or Excel then asks the user, see trustAdvice).
 */
export async function ensureDevCerts(dir = DEV_CERT_DIR, now = new Date()): Promise<DevCerts> {
  const caPath = path.join(dir, 'ca.crt');
  const certPath = path.join(dir, 'localhost.crt');
  const keyPath = path.join(dir, 'localhost.key');
  if (existsSync(caPath) && existsSync(certPath) && existsSync(keyPath)) {
    const [ca, cert, key] = await Promise.all([readFile(caPath), readFile(certPath), readFile(keyPath)]);
    if (usable(cert, key, now)) return { key, cert, ca, dir, caPath, generated: false };
  }
  // The package writes nothing when a ca.crt exists, so a stale or partial set is removed first.
  await Promise.all([caPath, certPath, keyPath].map((f) => rm(f, { force: true })));
  await (await generator())(caPath, certPath, keyPath, VALIDITY_DAYS, DOMAINS);
  const [ca, cert, key] = await Promise.all([readFile(caPath), readFile(certPath), readFile(keyPath)]);
  return { key, cert, ca, dir, caPath, generated: true };
}

/** Italian instructions to trust the development CA on each system (2–3 lines each). */
export function trustAdvice(caPath: string): string[] {
  return [
    `Certificato dell'autorità di sviluppo (CA): ${caPath}`,
    'Per evitare gli avvisi del browser e caricare il componente in Excel, rendere attendibile la CA una volta:',
    '  tutti i sistemi:  npx office-addin-dev-certs install   (chiede la password di amministratore)',
    `  Windows:          certutil -addstore -user Root "${caPath}"`,
    `  macOS:            sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${caPath}"`,
    `  Debian/Ubuntu:    sudo cp "${caPath}" /usr/local/share/ca-certificates/piao-dev-ca.crt && sudo update-ca-certificates`,
    `  Chrome su Linux:  certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "PIAO dev CA" -i "${caPath}"`,
  ];
}
