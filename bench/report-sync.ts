/** Markdown for sections 1 (propagation and throughput) and 2 (cold load), with their profiles. */
import type { ColdLoadResult } from './cold-load';
import type { StepResult } from './load/types';
import type { ProfileEntry, ProfileSummary } from './sync/profile';
import { TARGETS, type PropagationResult } from './sync/propagation';

export const num = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('it-IT', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const mb = (bytes: number): string => num(bytes / 2 ** 20, 2);
export const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function stepRow(server: string, s: StepResult): string[] {
  return [
    server,
    num(s.rate),
    num(s.achievedRate),
    num(s.latency.p50, 1),
    num(s.latency.p90, 1),
    num(s.latency.p99, 1),
    num(s.latency.max, 1),
    num(s.expected),
    num(s.missing),
    s.serverCpu === null ? '—' : `${s.serverCpu}%`,
    `${s.loadgenCpu}%`,
    num(s.disconnects),
    s.commits ? `${num(s.commits.commits)} · ${num(s.commits.recordsPerCommit, 1)} · ${num(s.commits.meanMs, 1)} · ${s.commits.p99Ms === null ? '> 1000' : `≤ ${num(s.commits.p99Ms, 1)}`} · ${num(s.commits.busyShare, 1)}%` : '—',
    s.pass ? 'sì' : `**no**${s.retried ? ' (2 tentativi)' : ''}`,
  ];
}

/** Activities of ours against the reference's, with the difference in ms. */
function activityTable(ours: ProfileSummary, ref: ProfileSummary): string {
  const names = [...new Set([...ours.activities, ...ref.activities].map((a) => a.name))];
  const get = (list: ProfileEntry[], n: string) => list.find((a) => a.name === n)?.selfMs ?? 0;
  const rows = names
    .map((n) => ({ n, o: get(ours.activities, n), r: get(ref.activities, n) }))
    .sort((a, b) => b.o - b.r - (a.o - a.r))
    .map(({ n, o, r }) => [n, num(o), num(r), `${o - r >= 0 ? '+' : ''}${num(o - r)}`]);
  rows.push(['**totale tempo occupato**', `**${num(ours.busyMs)}**`, `**${num(ref.busyMs)}**`, `**+${num(ours.busyMs - ref.busyMs)}**`]);
  return table(['attività (dal profilo)', 'nostro ms', 'riferimento ms', 'differenza ms'], rows);
}

function functionsTable(p: ProfileSummary, top = 12): string {
  return table(
    ['funzione (tempo proprio)', 'ms', '% del tempo occupato'],
    p.functions.slice(0, top).map((f) => [f.name.replace(/\|/g, '\\|'), num(f.selfMs, 1), num(f.share, 1)]),
  );
}

function callersList(p: ProfileSummary): string {
  return p.callers
    .filter((c) => c.chains.length > 0)
    .map((c) => `- \`${c.name}\`: ${c.chains.map((ch) => `${ch.chain} (${num(ch.selfMs)} ms)`).join('; ')}`)
    .join('\n');
}

function allocations(ours: ProfileSummary, ref: ProfileSummary): string {
  if (!ours.allocation || !ref.allocation) return '';
  const a = ours.allocation;
  const r = ref.allocation;
  const names = [...new Set([...a.activities, ...r.activities].map((x) => x.name))];
  const get = (list: typeof a.activities, n: string) => list.find((x) => x.name === n)?.mb ?? 0;
  const rows = names
    .map((n) => ({ n, o: get(a.activities, n), f: get(r.activities, n) }))
    .sort((x, y) => y.o - y.f - (x.o - x.f))
    .map(({ n, o, f }) => [n, num(o, 1), num(f, 1)]);
  rows.push(['**totale**', `**${num(a.totalMb, 1)}**`, `**${num(r.totalMb, 1)}**`]);
  return (
    `Memoria allocata nello stesso intervallo (campionamento delle allocazioni, comprese quelle già raccolte: è ciò che alimenta il GC):\n\n` +
    table(['attività', 'nostro MB', 'riferimento MB'], rows)
  );
}

/** What our server's own commit histogram said at one step. */
function commitsAt(what: string, s: StepResult | undefined): string {
  if (!s?.commits) return '';
  const c = s.commits;
  return (
    ` ${what} (${num(s.rate)} modifiche/s: p99 ${num(s.latency.p99, 1)} ms, CPU del server ${s.serverCpu ?? '?'}%, del generatore ${s.loadgenCpu}%) ` +
    `i ${num(c.commits)} commit di gruppo del log (${num(c.recordsPerCommit, 1)} record ciascuno) sono durati in media ${num(c.meanMs, 2)} ms, ` +
    `il 99% entro ${c.p99Ms === null ? 'oltre 1 s' : `${num(c.p99Ms, 1)} ms`}, e hanno tenuto fermo il ciclo degli eventi per il ${num(c.busyShare, 1)}% del tempo ` +
    `(better-sqlite3 è sincrono: durante il commit, fsync compreso, il server non legge né inoltra nulla; ogni modifica attende il proprio commit prima dell'inoltro).`
  );
}

function commitSentence(r: PropagationResult): string {
  let out = '';
  if (!r.p99Met) out += commitsAt('Al ritmo di base', r.ours.load.steps.find((s) => s.rate === r.stepRatios[0]?.rate));
  if (!r.throughputMet) {
    const miss = r.ours.load.steps.find((s) => !s.pass && s.commits);
    out += commitsAt('Al primo ritmo mancato', miss);
    const deciding = [miss, r.reference.load.steps.find((s) => s.rate === r.reference.load.maxPassingRate)];
    if (deciding.some((s) => s && s.loadgenCpu >= 90)) {
      out += ` Attenzione: a questi ritmi il generatore di carico usa ≥ 90% di un core (2 core in tutto, condivisi con il server): il limite misurato è anche il suo.`;
    }
  }
  return out;
}

/** The cause in one paragraph, computed from the two profiles (largest positive differences). */
export function causeSentence(r: PropagationResult): string {
  if (!r.profile) return '';
  const { ours, reference, rate, seconds } = r.profile;
  const get = (list: ProfileEntry[], n: string) => list.find((a) => a.name === n)?.selfMs ?? 0;
  const deltas = ours.activities
    .map((a) => ({ name: a.name, d: a.selfMs - get(reference.activities, a.name) }))
    .filter((x) => x.d > 0)
    .sort((a, b) => b.d - a.d)
    .slice(0, 4);
  return (
    `Con lo stesso carico (${num(rate)} modifiche/s per ${seconds} s, ${r.rooms * r.clientsPerRoom} client) il thread principale del nostro server ` +
    `è stato occupato ${num(ours.busyMs)} ms contro ${num(reference.busyMs)} ms del riferimento (${num(ours.busyMs / Math.max(1, reference.busyMs), 1)}×). ` +
    `La differenza viene da: ${deltas.map((x) => `${x.name} (+${num(x.d)} ms)`).join(', ')}.` +
    commitSentence(r)
  );
}

export function propagationSection(r: PropagationResult): string {
  const out: string[] = [];
  out.push(
    `${r.rooms} stanze × ${r.clientsPerRoom} client = **${r.rooms * r.clientsPerRoom} client** \`WebsocketProvider\` di \`y-websocket\` (polyfill \`ws\`), ` +
      `in un processo separato da quello del server; ogni client modifica le celle della propria riga del foglio \`obiettivi\` a ritmo costante. ` +
      `Latenza = dall'invio della modifica al suo arrivo in ciascuno degli altri ${r.clientsPerRoom - 1} client della stanza (il valore della cella ` +
      `porta l'istante di invio; stesso orologio). Ogni passo dura ${r.stepSeconds} s (il primo, il confronto principale, ${r.stepSeconds * 2} s); un passo è superato se p99 < ${TARGETS.p99Ms} ms e nessuna ` +
      `consegna manca (quelle in ritardo sono attese fino a 10 s). I due server girano insieme e i loro passi si alternano, così il carico di ` +
      `fondo della macchina pesa su entrambi; un passo mancato viene ripetuto una volta e conta il migliore dei due.`,
  );
  out.push('');
  out.push(
    '- **nostro**: `sync-server` (log durevole SQLite con `synchronous=FULL`, commit prima dell\'inoltro, autenticazione JWT attiva)\n' +
      '- **riferimento**: `@y/websocket-server@0.1.1` (`setupWSConnection`, nessuna persistenza, nessuna autenticazione)',
  );
  out.push('');
  const rows: string[][] = [];
  const rates = [...new Set([...r.ours.load.steps, ...r.reference.load.steps].map((s) => s.rate))].sort((a, b) => a - b);
  for (const rate of rates) {
    const ref = r.reference.load.steps.find((s) => s.rate === rate);
    const ours = r.ours.load.steps.find((s) => s.rate === rate);
    if (ref) rows.push(stepRow('riferimento', ref));
    if (ours) rows.push(stepRow('nostro', ours));
  }
  out.push(
    table(['server', 'modifiche/s richieste', 'ottenute', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'consegne attese', 'mancanti', 'CPU server', 'CPU generatore', 'disconnessioni', 'commit del log: n · record/commit · media ms · p99 ms · % del tempo', 'superato'], rows),
  );
  out.push('');
  out.push(
    table(
      ['', 'nostro', 'riferimento', 'rapporto (nostro / rif.)', 'obiettivo'],
      [
        [`p99 a ${num(r.stepRatios[0]?.rate)} modifiche/s, ${r.rooms * r.clientsPerRoom} client`, `${num(r.stepRatios[0]?.oursP99, 1)} ms`, `${num(r.stepRatios[0]?.refP99, 1)} ms`, num(r.p99RatioAtBase, 2), `≤ ${TARGETS.p99Ratio} → ${r.p99Met ? 'raggiunto' : '**non raggiunto**'}`],
        ['p99, rapporto peggiore fra i ritmi comuni (rif. < 100 ms)', '', '', num(r.p99RatioWorst, 2), '(informativo)'],
        ['ritmo massimo con p99 < 100 ms', `${num(r.ours.load.maxPassingRate)} /s`, `${num(r.reference.load.maxPassingRate)} /s`, num(r.throughputRatio, 2), `≥ ${TARGETS.throughputRatio} → ${r.throughputMet ? 'raggiunto' : '**non raggiunto**'}`],
        ['consegne mancanti (nostro, tutti i passi)', num(r.ours.load.steps.reduce((n, s) => n + s.missing, 0)), num(r.reference.load.steps.reduce((n, s) => n + s.missing, 0)), '', `0 → ${r.deliveriesComplete ? 'raggiunto' : '**non raggiunto**'}`],
        ['connessione e sync di tutti i client', `${num(r.ours.load.connectMs)} ms`, `${num(r.reference.load.connectMs)} ms`, '', ''],
        ['RSS del server dopo il carico', `${num(r.ours.rssAfterMb)} MB`, `${num(r.reference.rssAfterMb)} MB`, '', ''],
      ],
    ),
  );
  out.push('');
  out.push(
    table(['modifiche/s', 'p99 nostro ms', 'p99 riferimento ms', 'rapporto'], r.stepRatios.map((s) => [num(s.rate), num(s.oursP99, 1), num(s.refP99, 1), num(s.ratio, 2)])),
  );
  if (r.profile) {
    out.push('');
    out.push(`### Profilo CPU dei due server a ${num(r.profile.rate)} modifiche/s`);
    out.push('');
    out.push(
      `Ogni server è stato riavviato e caricato come sopra; il campionatore V8 (lo stesso di \`node --cpu-prof\`, avviato via \`node:inspector\` ` +
        `solo per la durata del passo, ${r.profile.seconds} s) registra dove va il tempo del thread principale — CPU e anche chiamate di sistema ` +
        `bloccanti (l'fsync del commit SQLite appare come \`run\`, le scritture sui socket come \`writev\`). Le attività sono attribuite ` +
        `risalendo lo stack di ogni campione fino al primo frame riconosciuto (es. un \`Y.applyUpdate\` chiamato dal commit conta come commit).`,
    );
    out.push('');
    out.push(causeSentence(r));
    out.push('');
    out.push(activityTable(r.profile.ours, r.profile.reference));
    out.push('');
    out.push('Funzioni del nostro server con più tempo proprio:');
    out.push('');
    out.push(functionsTable(r.profile.ours));
    out.push('');
    out.push('Da dove vengono (chiamanti più frequenti):');
    out.push('');
    out.push(callersList(r.profile.ours));
    out.push('');
    out.push(allocations(r.profile.ours, r.profile.reference));
    out.push('');
    out.push('Funzioni del riferimento con più tempo proprio:');
    out.push('');
    out.push(functionsTable(r.profile.reference, 8));
  }
  return out.join('\n');
}

export function coldLoadSection(r: ColdLoadResult): string {
  const out: string[] = [];
  out.push(
    `Una stanza di settore con **${num(r.rows)} righe** (nove fogli), costruita da una storia di ${num(r.updates)} transazioni ` +
      `(${num(r.ops.created)} righe inserite, ${num(r.ops.edits)} celle modificate, ${num(r.ops.moves)} spostamenti, ${num(r.ops.deletes)} cancellazioni), ` +
      `salvata in SQLite in due forme: compattata (snapshot di ${mb(r.snapshotBytes)} MB, scritto da \`storage.compact\`) e come ` +
      `${num(r.updates)} record non compattati (${mb(r.logBytes)} MB). Il nostro server parte da zero in un proprio processo; la stanza \`_piano\` ` +
      `è già caricata (ogni connessione legge i settori del piano). Tempo = dalla creazione di un \`WebsocketProvider\` nuovo all'evento \`sync\`; ` +
      `memoria = heap + ArrayBuffer del server dopo GC completa, prima e dopo il caricamento della stanza.`,
  );
  out.push('');
  const row = (what: string, l: ColdLoadResult['uncompacted']) => [what, l.syncedMs === null ? `> ${num(r.timeoutMs / 1000)} s (scaduto)` : `${num(l.syncedMs)} ms`, num(l.rowsSeen), `${num(l.heapMb, 1)} MB`, `${num(l.rssMb, 1)} MB`];
  out.push(
    table(
      ['stanza', 'connessione → sincronizzato', 'righe ricevute', 'memoria del server per la stanza', 'RSS in più'],
      [
        ...r.compacted.map((c, i) => row(`compattata (${i + 1}ª copia)`, c)),
        row(`${num(r.updates)} aggiornamenti non compattati`, r.uncompacted),
        [`secondo client nuovo sulla stanza compattata già in memoria`, `${num(r.warmSyncedMs)} ms`, '', '', ''],
        [`(confronto) applicare i ${num(r.updates)} aggiornamenti in ordine a un Y.Doc, una transazione`, `${num(r.applyInOrderMs)} ms`, '', '', ''],
      ],
    ),
  );
  for (const [what, p] of [
    ['stanza compattata', r.profiles.compacted],
    [`stanza con ${num(r.updates)} aggiornamenti non compattati`, r.profiles.uncompacted],
  ] as const) {
    if (!p) continue;
    out.push('');
    out.push(`Profilo del server durante il caricamento della ${what} (${num(p.busyMs)} ms di tempo occupato del thread principale):`);
    out.push('');
    out.push(table(['attività', 'ms', '%'], p.activities.slice(0, 6).map((a) => [a.name, num(a.selfMs), num(a.share, 1)])));
    out.push('');
    out.push(functionsTable(p, 6));
    out.push('');
    out.push(callersList(p));
  }
  return out.join('\n');
}
