import { Command } from 'commander';
import { CliError } from './errors';

// Each command loads its modules when it runs: `piao token` must not pay for exceljs or the server.
const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '127.0.0.1';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Runs a command; a CliError becomes one line on stderr and its exit code, anything else exit 1. */
function run<O>(fn: (opts: O) => Promise<number | void>) {
  return async (opts: O) => {
    try {
      const code = await fn(opts);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      if (err instanceof CliError) {
        process.stderr.write(`piao: ${err.message}\n`);
        process.exitCode = err.exitCode;
      } else {
        process.stderr.write(`piao: errore inatteso: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
      }
    }
  };
}

const program = new Command()
  .name('piao')
  .description('PIAO Collab: server di sincronizzazione, token, esportazione, importazione e validazione del PIAO')
  .showHelpAfterError();

program
  .command('serve')
  .description('Avvia il server (riquadro attività, API HTTP, sincronizzazione) su una sola porta HTTPS')
  .option('--port <n>', `porta (0 = una porta libera; predefinita ${DEFAULT_PORT})`)
  .option('--host <host>', `indirizzo di ascolto (predefinito ${DEFAULT_HOST})`)
  .option('--data <dir>', 'cartella dei dati (database e chiave dei token)', './data')
  .option('--demo', 'crea il piano demo se manca e stampa i link di accesso degli utenti demo')
  .option('--insecure-http', 'HTTP senza TLS: solo per test o dietro un reverse proxy HTTPS')
  .option('--public-url <url>', "indirizzo pubblico da usare nei link e nel manifesto (dietro un reverse proxy)")
  .option('--trust-proxy', 'dietro un reverse proxy che imposta X-Forwarded-*: solo allora quelle intestazioni valgono')
  .option('--new-signing-key', 'crea una nuova chiave dei token anche se il database contiene dati (i token già emessi non valgono più)')
  .option('--jwks-url <url>', 'modalità OIDC: URL del JWKS del provider (es. Microsoft Entra ID)')
  .option('--oidc-issuer <iss>', 'modalità OIDC: emittente atteso (iss)')
  .option('--oidc-audience <aud>', 'modalità OIDC: destinatario atteso (aud)')
  .option('--office-js <fonte>', "da dove il riquadro carica Office.js: cdn (predefinito, la CDN di Microsoft) o local (la copia del pacchetto servita da questo server, per reti senza Internet)")
  .option('--database <url>', 'PostgreSQL (postgres://utente@host:5432/nome; o PIAO_DATABASE_URL) invece di SQLite nella cartella dati')
  .action(run(async (o) => (await import('./serve')).serveCommand(o)));

program
  .command('migrate')
  .description('Porta lo schema del database PostgreSQL alla versione di questo server (anche a server avviati)')
  .option('--database <url>', 'PostgreSQL: postgres://utente@host:5432/nome (o PIAO_DATABASE_URL)')
  .action(run(async (o) => (await import('./migrate')).migrateCommand(o)));

program
  .command('copy-data')
  .description("Copia un'installazione SQLite (registrazioni con autore e ora, istantanee, piani) in un database PostgreSQL vuoto; fermare prima il server")
  .option('--from <sqlite:percorso>', 'origine: sqlite:<cartella dati o file piao.sqlite>')
  .option('--to <url>', 'destinazione: postgres://utente@host:5432/nome (database vuoto)')
  .action(run(async (o) => (await import('./copy-data')).copyDataCommand(o)));

// Positional options: `piao token revoke --sub x` gives --sub to `revoke`, not to `token`.
program.enablePositionalOptions();
const tokenCmd = program
  .command('token')
  .enablePositionalOptions()
  .description('Firma un token di accesso e lo stampa (solo il token) sullo standard output; `token revoke` lo revoca')
  .option('--data <dir>', 'cartella dei dati del server', './data')
  // Checked by the command itself (Italian messages), so that `token revoke` does not need them.
  .option('--sub <id>', "identificativo dell'utente (obbligatorio)")
  .option('--name <nome>', "nome visualizzato dell'utente")
  .option('--role <ruolo>', 'coordinator, editor o viewer (obbligatorio)')
  .option('--ente <codice>', "codice dell'ente, es. casale-monferrato (obbligatorio)")
  .option('--sector <id>', 'settore che un editor può modificare (ripetibile)', collect, [])
  .option('--ttl <durata>', 'durata: secondi o 90m, 12h, 30d (predefinita 12h)')
  .action(run(async (o) => (await import('./token')).tokenCommand(o)));
tokenCmd
  .command('revoke')
  .description("Revoca tutti i token di un utente (--sub) o un solo token (--jti); il server li rifiuta subito")
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--sub <id>', "revoca ogni token emesso finora per questo utente")
  .option('--jti <id>', 'revoca il token con questo identificativo (e i suoi rinnovi)')
  .action(run(async (o) => (await import('./token')).revokeCommand(o)));

program
  .command('export')
  .description('Scrive la cartella di lavoro consolidata del piano, leggendo direttamente il database')
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--ente <codice>', "codice dell'ente")
  .option('--triennio <AAAA-AAAA>', 'triennio del piano')
  .option('--demo', 'esporta il piano demo, senza database')
  .option('--out <file>', 'file .xlsx da scrivere')
  .action(run(async (o) => (await import('./export')).exportCommand(o)));

program
  .command('document')
  .description("Scrive il documento del piano da pubblicare, in PDF (PDF/A) o DOCX secondo l'estensione di --out")
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--ente <codice>', "codice dell'ente")
  .option('--triennio <AAAA-AAAA>', 'triennio del piano')
  .option('--demo', 'usa il piano demo, senza database')
  .option('--out <file>', 'file .pdf o .docx da scrivere')
  .action(run(async (o) => (await import('./document')).documentCommand(o)));

program
  .command('new-plan')
  .description('Crea il piano del triennio successivo da un piano salvato (righe riportate «da rivedere», target spostati di un anno)')
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--ente <codice>', "codice dell'ente")
  .option('--triennio <AAAA-AAAA>', 'triennio del piano di origine')
  .option('--to <AAAA-AAAA>', 'triennio del nuovo piano')
  .option('--conferma <atto>', "conferma ANAC della sottosezione anticorruzione (meno di 50 dipendenti), con gli estremi dell'atto")
  .option('--sub <id>', 'autore registrato nello storico', 'cli')
  .action(run(async (o) => (await import('./rollforward')).rollForwardCommand(o)));

program
  .command('import')
  .description("Importa la cartella di un settore nel database (tutta o niente); a server avviato usare l'API HTTP")
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--ente <codice>', "codice dell'ente")
  .option('--triennio <AAAA-AAAA>', 'triennio del piano')
  .option('--sector <id>', 'settore in cui importare')
  .option('--file <xlsx>', 'cartella di lavoro compilata')
  .option('--sub <id>', 'autore registrato nello storico', 'cli')
  .action(run(async (o) => (await import('./import')).importCommand(o)));

program
  .command('backup')
  .description('Copia coerente della cartella dati (database, revoche, chiave), anche a server avviato')
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--out <dir>', 'cartella nuova in cui scrivere la copia')
  .action(run(async (o) => (await import('./backup')).backupCommand(o)));

program
  .command('validate')
  .description('Stampa i problemi del piano; codice di uscita 1 se ci sono errori')
  .option('--data <dir>', 'cartella dei dati del server', './data')
  .option('--ente <codice>', "codice dell'ente")
  .option('--triennio <AAAA-AAAA>', 'triennio del piano')
  .option('--demo', 'valida il piano demo, senza database')
  .option('--json', 'stampa problemi e riepilogo in JSON')
  .action(run(async (o) => (await import('./validate')).validateCommand(o)));

await program.parseAsync(process.argv);
