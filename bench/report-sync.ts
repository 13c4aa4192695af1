/** Markdown for sections 1 (propagation and throughput) and 2 (cold load), with their profiles. */
import type { ColdLoadResult } from './cold-load';
import type { StepResult } from './load/types';
import { mb, num, table } from './md';
import { callersList, functionsTable, profileBlock } from './report-profile';
import { BASE_REPEATS, TARGETS, type PropagationResult } from './sync/propagation';

export function stepRow(server: string, s: StepResult): string[] {
  return [
    server,
    num(s.rate),
    num(s.achievedRate),
    num(s.latency.p50, 1),
    num(s.latency.p90, 1),
    s.p99Attempts ? `${num(s.latency.p99, 1)} (${s.p99Attempts.map((x) => num(x, 1)).join(' · ')})` : num(s.latency.p99, 1),
    num(s.latency.max, 1),
    num(s.expected),
    num(s.missing),
    s.serverCpu === null ? '—' : `${s.serverCpu}%`,
    `${s.loadgenCpu}%`,
    s.serverLoop ? `${num(s.serverLoop.p99, 1)} / ${num(s.serverLoop.max, 1)}` : '—',
    num(s.disconnects),
    s.commits ? `${num(s.commits.commits)} · ${num(s.commits.recordsPerCommit, 1)} · ${num(s.commits.meanMs, 1)} · ${s.commits.p99Ms === null ? '> 1000' : `≤ ${num(s.commits.p99Ms, 1)}`} · ${num(s.commits.busyShare, 1)}%` : '—',
    s.pass ? 'sì' : `**no**${s.retried ? ' (2 tentativi)' : ''}`,
  ];
}

export function propagationSection(r: PropagationResult): string {
  const out: string[] = [];
  out.push(
    `${r.rooms} stanze × ${r.clientsPerRoom} client = **${r.rooms * r.clientsPerRoom} client** \`WebsocketProvider\` di \`y-websocket\` (polyfill \`ws\`), ` +
      `in un processo separato da quello del server; ogni client modifica le celle della propria riga del foglio \`obiettivi\` a ritmo costante. ` +
      `Latenza = dall'invio della modifica al suo arrivo in ciascuno degli altri ${r.clientsPerRoom - 1} client della stanza (il valore della cella ` +
      `porta l'istante di invio; stesso orologio). Ogni passo dura ${r.stepSeconds} s; il ritmo di base, il confronto principale, è misurato ${BASE_REPEATS} volte per server alternando l'ordine e conta la misura con il p99 mediano; un passo è superato se p99 < ${TARGETS.p99Ms} ms e nessuna ` +
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
    table(['server', 'modifiche/s richieste', 'ottenute', 'p50 ms', 'p90 ms', 'p99 ms (ogni misura al ritmo di base)', 'max ms', 'consegne attese', 'mancanti', 'CPU server', 'CPU generatore', 'ritardo ciclo eventi server p99 / max ms', 'disconnessioni', 'commit del log: n · record/commit · media ms · p99 ms · % del tempo', 'superato'], rows),
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
  for (const pair of r.profiles) {
    out.push('');
    out.push(profileBlock(r, pair));
  }
  return out.join('\n');
}

/** What the measurements and profiles of section 2 say, in words computed from them. */
function coldLoadFindings(r: ColdLoadResult): string {
  const lines: string[] = [];
  const u = r.uncompacted;
  const up = r.profiles.uncompacted;
  if (u.syncedMs === null) {
    lines.push(`- La stanza con ${num(r.updates)} aggiornamenti non compattati non si è sincronizzata entro ${num(r.timeoutMs / 1000)} s.`);
  } else if (up) {
    const top = up.functions.find((f) => !f.name.startsWith('('));
    const chain = up.callers.find((c) => c.name === top?.name)?.chains[0]?.chain;
    const load = up.activities.find((a) => a.name === 'caricamento della stanza');
    lines.push(
      `- ${num(r.updates)} aggiornamenti non compattati: ${num(u.syncedMs / 1000, 1)} s, contro ${num(r.applyInOrderMs)} ms per applicarli in ordine a un ` +
        `documento. Nel profilo del server il ${num(load?.share ?? 0, 1)}% del tempo è il caricamento della stanza; la funzione con più tempo ` +
        `proprio è \`${top?.name ?? '?'}\`${chain ? `, chiamata da ${chain}` : ''}.`,
    );
  }
  const heap = [...r.compacted.map((c) => c.heapMb)].sort((a, b) => a - b)[Math.floor(r.compacted.length / 2)] ?? Number.NaN;
  lines.push(
    `- Memoria: ogni stanza di ${num(r.rows)} righe occupa ${num(heap, 1)} MB nel server, ${num(heap / Math.max(0.1, r.oneDocMb), 1)} volte un solo ` +
      `Y.Doc con lo stesso contenuto (${num(r.oneDocMb, 1)} MB).`,
  );
  const cp = r.profiles.compacted;
  const share = (n: string) => cp.activities.find((a) => a.name === n)?.share ?? 0;
  lines.push(
    `- Stanza compattata: nel profilo del caricamento, ${num(share('caricamento della stanza'), 1)}% è la lettura dello snapshot, ` +
      `${num(share('validazione sul documento ombra'), 1)}% la costruzione del documento ombra, ${num(share('raccolta della memoria (GC)'), 1)}% il GC.`,
  );
  return lines.join('\n');
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
        [`(confronto) un solo Y.Doc con lo stesso contenuto`, '', '', `${num(r.oneDocMb, 1)} MB`, ''],
      ],
    ),
  );
  out.push('');
  out.push(coldLoadFindings(r));
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
