import type { SignInLink } from './demo';

export interface BannerInput {
  /** The address users open (https://localhost:3000 with the default options). */
  url: string;
  /** The data directory, for the token command hint. */
  dataDir?: string;
  /** Sign-in links of the demo users (empty without --demo). */
  links: readonly SignInLink[];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

const ROLE_LABEL = { coordinator: 'coordinatore', editor: 'editor', viewer: 'lettore' } as const;

/** The demo users' sign-in links as a table: name, role, sectors, link. */
export function formatSignInLinks(links: readonly SignInLink[]): string {
  const rows = links.map((l) => [l.user.name, ROLE_LABEL[l.user.role], l.user.sectors.join(', ') || '(tutti)', l.url]);
  const head = ['Utente', 'Ruolo', 'Settori', 'Link di accesso'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** What `piao serve` prints once it listens: where to go, who can sign in, how to load the add-in. */
export function startupBanner({ url, links, dataDir = './data' }: BannerInput): string {
  const manifest = `${url}/manifest.xml`;
  const out = [
    '',
    `PIAO Collab è in ascolto su ${url}`,
    `  riquadro nel browser: ${url}/   ·   manifest: ${manifest}   ·   stato: ${url}/healthz`,
  ];
  if (links.length > 0) {
    out.push('', 'Link di accesso al piano demo (aprire nel browser o nel riquadro di Excel):', formatSignInLinks(links));
  } else {
    out.push(
      '',
      'Per accedere serve un token, ad esempio per il coordinatore:',
      `  npx piao token --data ${dataDir} --sub mario.rossi --name "Mario Rossi" --role coordinator --ente <codice-ente>`,
      `  e poi aprire ${url}/?token=<token>   (avvio con --demo: piano e link di prova già pronti)`,
    );
  }
  out.push(
    '',
    'Caricare il componente aggiuntivo in Excel desktop (sideload):',
    `  Windows: copiare manifest.xml (${manifest}) in una cartella condivisa, aggiungerla in File > Opzioni >`,
    '    Centro protezione > Impostazioni > Cataloghi di componenti aggiuntivi attendibili, riavviare Excel, poi',
    '    Home > Componenti aggiuntivi > Altri componenti aggiuntivi > CARTELLA CONDIVISA > PIAO Collab.',
    '  macOS: copiare manifest.xml in ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/ e riavviare Excel.',
    '',
    'Caricare il componente aggiuntivo in Excel per il web:',
    `  scaricare ${manifest}, aprire una cartella di lavoro, Home > Componenti aggiuntivi > Altre impostazioni >`,
    '  Carica il mio componente aggiuntivo, scegliere manifest.xml; poi aprire il riquadro e incollare un link di accesso.',
    '',
  );
  return out.join('\n');
}
