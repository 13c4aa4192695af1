/**
 * Markdown for the server profiles of section 1 and the causes of missed targets, computed from the
 * measurements (steps, commit histogram) and the profiles — never written by hand, so they follow the run.
 */
import { cell, num, signed, table } from './md';
import type { StepResult } from './load/types';
import type { ProfileEntry, ProfileSummary } from './sync/profile';
import type { ProfilePair, PropagationResult } from './sync/propagation';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const get = (list: ProfileEntry[], n: string) => list.find((a) => a.name === n)?.selfMs ?? 0;

/** Activities where ours spent more than the reference, largest first. */
function extra(pair: ProfilePair, top = 4): Array<{ name: string; d: number }> {
  return pair.ours.activities
    .map((a) => ({ name: a.name, d: a.selfMs - get(pair.reference.activities, a.name) }))
    .filter((x) => x.d > 0)
    .sort((a, b) => b.d - a.d)
    .slice(0, top);
}

function activityTable(pair: ProfilePair): string {
  const { ours, reference: ref } = pair;
  const edits = pair.rate * pair.seconds;
  const names = [...new Set([...ours.activities, ...ref.activities].map((a) => a.name))];
  const rows = names
    .map((n) => ({ n, o: get(ours.activities, n), r: get(ref.activities, n) }))
    .sort((a, b) => b.o - b.r - (a.o - a.r))
    .map(({ n, o, r }) => [n, num(o), num(r), signed(o - r), signed(((o - r) * 1000) / edits, 1)]);
  rows.push([
    '**totale tempo occupato**',
    `**${num(ours.busyMs)}**`,
    `**${num(ref.busyMs)}**`,
    `**${signed(ours.busyMs - ref.busyMs)}**`,
    `**${signed(((ours.busyMs - ref.busyMs) * 1000) / edits, 1)}**`,
  ]);
  return table(['attività (dal profilo)', 'nostro ms', 'riferimento ms', 'differenza ms', 'differenza µs per modifica'], rows);
}

export function functionsTable(p: ProfileSummary, top = 12): string {
  return table(['funzione (tempo proprio)', 'ms', '% del tempo occupato'], p.functions.slice(0, top).map((f) => [cell(f.name), num(f.selfMs, 1), num(f.share, 1)]));
}

export function callersList(p: ProfileSummary): string {
  return p.callers
    .filter((c) => c.chains.length > 0)
    .map((c) => `- \`${c.name}\`: ${c.chains.map((ch) => `${ch.chain} (${num(ch.selfMs)} ms)`).join('; ')}`)
    .join('\n');
}

function allocations(pair: ProfilePair): string {
  const a = pair.ours.allocation;
  const r = pair.reference.allocation;
  if (!a || !r) return '';
  const names = [...new Set([...a.activities, ...r.activities].map((x) => x.name))];
  const mbOf = (list: typeof a.activities, n: string) => list.find((x) => x.name === n)?.mb ?? 0;
  const rows = names
    .map((n) => ({ n, o: mbOf(a.activities, n), f: mbOf(r.activities, n) }))
    .sort((x, y) => y.o - y.f - (x.o - x.f))
    .map(({ n, o, f }) => [n, num(o, 1), num(f, 1)]);
  rows.push(['**totale**', `**${num(a.totalMb, 1)}**`, `**${num(r.totalMb, 1)}**`]);
  return (
    'Memoria allocata nello stesso intervallo (campionamento delle allocazioni, comprese quelle già raccolte: è ciò che alimenta il GC):\n\n' +
    table(['attività', 'nostro MB', 'riferimento MB'], rows)
  );
}

function stalls(p: ProfileSummary): string {
  if (p.stalls.length === 0) return '';
  return p.stalls.map((s) => `${num(s.ms)} ms (${s.activities.map((a) => `${a.name} ${num(a.ms)} ms`).join(', ')})`).join('; ');
}

function commitsAt(what: string, s: StepResult | undefined): string {
  if (!s?.commits) return '';
  const c = s.commits;
  return (
    `${what} (${num(s.rate)} modifiche/s) i ${num(c.commits)} commit di gruppo del log (${num(c.recordsPerCommit, 1)} record ciascuno) sono durati ` +
    `in media ${num(c.meanMs, 2)} ms, il 99% entro ${c.p99Ms === null ? 'oltre 1 s' : `${num(c.p99Ms, 1)} ms`}, e hanno tenuto fermo il ciclo degli ` +
    `eventi per il ${num(c.busyShare, 1)}% del tempo (better-sqlite3 è sincrono: durante il commit, fsync compreso, il server non legge né inoltra ` +
    `nulla; ogni modifica attende il proprio commit prima dell'inoltro).`
  );
}

/** Why our p99 at the base rate exceeds the target ratio. */
export function p99Cause(r: PropagationResult): string {
  const rate = r.stepRatios[0]?.rate;
  const o = r.ours.load.steps.find((s) => s.rate === rate);
  const f = r.reference.load.steps.find((s) => s.rate === rate);
  if (!o || !f) return '';
  let out =
    `al ritmo di base (${num(rate)} modifiche/s) il nostro p50 è ${num(o.latency.p50, 1)} ms contro ${num(f.latency.p50, 1)} ms ` +
    `(${signed(o.latency.p50 - f.latency.p50, 1)}) e il p99 ${num(o.latency.p99, 1)} contro ${num(f.latency.p99, 1)} ms (${signed(o.latency.p99 - f.latency.p99, 1)}). ` +
    commitsAt('Nello stesso passo', o);
  const pair = r.profiles.find((p) => p.purpose === 'base');
  if (pair) {
    const edits = pair.rate * pair.seconds;
    out +=
      ` Nel profilo a questo ritmo ogni modifica occupa il thread del nostro server ${num((pair.ours.busyMs * 1000) / edits)} µs contro ` +
      `${num((pair.reference.busyMs * 1000) / edits)} µs del riferimento; in più: ${extra(pair)
        .map((x) => `${x.name} (+${num((x.d * 1000) / edits)} µs)`)
        .join(', ')}.`;
  }
  return out;
}

/** Why our highest sustained rate is below the target ratio. */
export function throughputCause(r: PropagationResult): string {
  const pair = r.profiles.find((p) => p.purpose === 'throughput');
  let out = '';
  if (pair) {
    out +=
      `con lo stesso carico (${num(pair.rate)} modifiche/s per ${pair.seconds} s, ${r.rooms * r.clientsPerRoom} client) il thread principale del nostro ` +
      `server è stato occupato ${num(pair.ours.busyMs)} ms contro ${num(pair.reference.busyMs)} ms del riferimento ` +
      `(${num(pair.ours.busyMs / Math.max(1, pair.reference.busyMs), 1)}×); la differenza viene da: ${extra(pair)
        .map((x) => `${x.name} (+${num(x.d)} ms)`)
        .join(', ')}. `;
  }
  const miss = r.ours.load.steps.find((s) => !s.pass && s.commits);
  out += commitsAt('Al primo ritmo mancato', miss);
  const deciding = [miss, r.reference.load.steps.find((s) => s.rate === r.reference.load.maxPassingRate)];
  if (deciding.some((s) => s && s.loadgenCpu >= 90)) {
    out += ' Attenzione: a questi ritmi il generatore di carico usa ≥ 90% di un core (2 core in tutto, condivisi con il server): il limite misurato è anche il suo.';
  }
  return out;
}

export function profileBlock(r: PropagationResult, pair: ProfilePair): string {
  const why = pair.purpose === 'base' ? 'ritmo di base: spiega il p99' : 'ritmo massimo sostenuto dal riferimento: spiega il throughput';
  return [
    `### Profilo dei due server a ${num(pair.rate)} modifiche/s (${why})`,
    '',
    `Ogni server è stato riavviato e caricato come sopra; il campionatore V8 (lo stesso di \`node --cpu-prof\`, avviato via \`node:inspector\` ` +
      `solo per la durata del passo, ${pair.seconds} s) registra dove va il tempo del thread principale — CPU e anche chiamate di sistema ` +
      `bloccanti (l'fsync del commit SQLite appare come \`run\`, le scritture sui socket come \`writev\`). Le attività sono attribuite ` +
      `risalendo lo stack di ogni campione fino al primo frame riconosciuto (es. un \`Y.applyUpdate\` chiamato dal commit conta come commit).`,
    '',
    capitalise(pair.purpose === 'base' ? p99Cause(r) : throughputCause(r)),
    '',
    activityTable(pair),
    '',
    `Tratti più lunghi senza un istante di inattività — nostro: ${stalls(pair.ours) || '—'}; riferimento: ${stalls(pair.reference) || '—'}.`,
    '',
    'Funzioni del nostro server con più tempo proprio:',
    '',
    functionsTable(pair.ours),
    '',
    'Da dove vengono (chiamanti più frequenti):',
    '',
    callersList(pair.ours),
    '',
    allocations(pair),
    '',
    'Funzioni del riferimento con più tempo proprio:',
    '',
    functionsTable(pair.reference, 8),
  ].join('\n');
}
