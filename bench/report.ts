/** Renders `bench/RESULTS.md` from the results of one run. */
import type { BindingResult } from './binding';
import type { DocSizeCase } from './doc-size';
import { mb, num, table } from './md';
import { p99Cause, throughputCause } from './report-profile';
import { coldLoadSection, propagationSection } from './report-sync';
import type { BenchResults, ExportSection, Section } from './results';
import { BASE_REPEATS, TARGETS } from './sync/propagation';

const outcome = (ok: boolean) => (ok ? 'raggiunto' : '**NON raggiunto**');

function exportSection(e: ExportSection): string {
  const rows = e.results.map((r) => [
    num(r.rows),
    `${num(r.timeMs)} ms`,
    `${num(r.refTimeMs)} ms`,
    num(r.ratio, 2),
    `${num(r.peakRssMb)} MB`,
    `${num(r.refPeakRssMb)} MB`,
    `${num(r.baseRssMb)} MB`,
    `${mb(r.bytes)} MB`,
    r.rows >= e.budget.atRows ? (r.withinBudget ? 'entro' : '**fuori**') : '—',
  ]);
  return (
    `Cartella consolidata (\`writePlanWorkbook\`, con stili, convalide, Riepilogo e Controlli) contro la scrittura nuda in streaming di exceljs ` +
    `delle stesse celle (il minimo possibile), ogni misura in un processo nuovo (\`bench/export.bench.ts\`). Budget: a ${num(e.budget.atRows)} righe, ` +
    `al più ${e.budget.maxRatio}× il minimo e picco RSS sotto ${e.budget.maxPeakRssMb} MB. «RSS dati» è il picco dopo aver generato il piano, ` +
    `prima di scrivere.\n\n` +
    table(['righe', 'tempo', 'tempo minimo (exceljs nudo)', 'rapporto', 'picco RSS', 'picco RSS minimo', 'RSS dati', 'file', 'budget'], rows)
  );
}

function bindingSection(b: BindingResult): string {
  const budget = b.budget ? ` Budget per richiesta: ${num(b.budget.planned / 1e6, 1)} MB pianificati, limite di Excel sul web ${num(b.budget.limit / 1024 / 1024, 0)} MB.` : '';
  return (
    `Binder (\`bindSheets\`) sull'host Excel in memoria (\`MemoryHost\`), che conta le chiamate \`Excel.run\` e \`context.sync\` con lo ` +
    `stesso piano di scrittura (\`planBatch\`: celle adiacenti e righe consecutive in un blocco) e la stessa suddivisione in richieste ` +
    `(\`chunkOps\`, 600 B per operazione più i valori in UTF-8) dell'adattatore Office.js.${budget} I tempi sono quelli del binder e ` +
    `dell'host in memoria: in Excel ogni \`sync\` aggiunge il suo viaggio di andata e ritorno. Le modifiche remote arrivano come in ` +
    `produzione (aggiornamenti applicati con origine remota), una cella per modifica, colonne non adiacenti e diverse fra righe vicine (nessun blocco si unisce: il caso peggiore del piano), raccolte per un frame. Le righe «Office.js, modello di Excel» passano dall'adattatore vero (\`createOfficeHost\`) contro il modello del comportamento documentato di Excel (\`addin/src/excel/testing/excel-model.ts\`), che conta anche la lettura della disposizione e della colonna ID prima di ogni scrittura e l'istantanea salvata nella cartella, e misura i byte a modo suo (JSON dei valori più una busta per chiamata, più ottimista dei 600 B per operazione del piano).\n\n` +
    table(
      ['operazione', 'tempo', 'Excel.run', 'sync', 'richieste di scrittura', 'byte scritti', 'richiesta più grande', 'risultato corretto'],
      b.phases.map((p) => [
        p.what,
        `${num(p.ms)} ms`,
        num(p.runs),
        num(p.syncs),
        p.requests === undefined ? '—' : num(p.requests),
        p.bytes === undefined ? '—' : `${num(p.bytes / 1024, 0)} KB`,
        `${num(p.maxPayloadBytes / 1024, 0)} KB`,
        p.correct ? 'sì' : '**no**',
      ]),
    )
  );
}

function docSizeSection(cases: DocSizeCase[]): string {
  const per = (bytes: number, rows: number) => num(bytes / rows, 0);
  return (
    `Byte per riga dello stato del documento Yjs (\`Y.encodeStateAsUpdate\`, v1, e \`encodeStateAsUpdateV2\`) contro le stesse righe in JSON ` +
    `(id e valori per foglio). La storia di modifiche è quella della sezione 2 (celle riviste, righe spostate, cancellate e reinserite, ` +
    `una transazione per azione come le invia il componente). «Log» è la somma degli aggiornamenti come il log durevole li conserva prima ` +
    `della compattazione; lo snapshot che la compattazione scrive è lo stato v1.\n\n` +
    table(
      ['documento', 'righe', 'aggiornamenti', 'JSON B/riga', 'Yjs v1 B/riga', 'Yjs v2 B/riga', 'v1 / JSON', 'v2 / JSON', 'log B/riga'],
      cases.map((c) => [
        c.what,
        num(c.rows),
        num(c.updates),
        per(c.jsonBytes, c.rows),
        per(c.v1Bytes, c.rows),
        per(c.v2Bytes, c.rows),
        num(c.v1Bytes / c.jsonBytes, 2),
        num(c.v2Bytes / c.jsonBytes, 2),
        per(c.logBytes, c.rows),
      ]),
    )
  );
}

function section<T>(title: string, s: Section<T> | undefined, render: (d: T) => string): string {
  if (!s) return `## ${title}\n\nNon eseguita in questa esecuzione.`;
  if (!s.ok) return `## ${title}\n\n**Il banco di prova non è riuscito a misurare questa sezione**: ${s.error}`;
  return `## ${title}\n\n${render(s.data)}\n\n<sub>Durata ${num(s.ms / 1000, 1)} s; carico medio della macchina (1 min) ${num(s.load[0], 2)} → ${num(s.load[1], 2)}.</sub>`;
}

function summary(r: BenchResults): string {
  const rows: string[][] = [];
  const causes: string[] = [];
  const p = r.sections.propagation;
  if (p?.ok) {
    const d = p.data;
    rows.push([`p99 del nostro server ≤ ${TARGETS.p99Ratio}× il riferimento con ${d.rooms * d.clientsPerRoom} client (${num(d.stepRatios[0]?.rate)} modifiche/s, mediana di ${BASE_REPEATS} misure)`, `${num(d.p99RatioAtBase, 2)}×`, outcome(d.p99Met)]);
    const worst = d.stepRatios.filter((x) => x.refP99 < TARGETS.p99Ms).sort((a, b) => b.ratio - a.ratio)[0];
    if (worst) rows.push([`(informativo) rapporto p99 peggiore fra i ritmi misurati da entrambi (rif. < 100 ms)`, `${num(worst.ratio, 2)}× a ${num(worst.rate)} modifiche/s (${num(worst.oursP99, 1)} contro ${num(worst.refP99, 1)} ms)`, '—']);
    rows.push([`ritmo sostenuto (p99 < 100 ms) ≥ ${TARGETS.throughputRatio}× il riferimento`, `${num(d.ours.load.maxPassingRate)} contro ${num(d.reference.load.maxPassingRate)} modifiche/s = ${num(d.throughputRatio, 2)}×`, outcome(d.throughputMet)]);
    rows.push(['consegne mancanti = 0 (nostro server)', num(d.ours.load.steps.reduce((n, s) => n + s.missing, 0)), outcome(d.deliveriesComplete)]);
    if (!d.p99Met) causes.push(`*p99*: ${p99Cause(d)}`);
    if (!d.throughputMet) causes.push(`*ritmo sostenuto*: ${throughputCause(d)}`);
  }
  const e = r.sections.export;
  if (e?.ok) {
    const big = e.data.results.find((x) => x.rows >= e.data.budget.atRows);
    if (big) rows.push([`esportazione di ${num(big.rows)} righe: ≤ ${e.data.budget.maxRatio}× il minimo e RSS < ${e.data.budget.maxPeakRssMb} MB`, `${num(big.ratio, 2)}×, ${num(big.peakRssMb)} MB`, outcome(big.withinBudget)]);
  }
  const c = r.sections.coldLoad;
  if (c?.ok) {
    const med = [...c.data.compacted.map((x) => x.syncedMs ?? Infinity)].sort((a, b) => a - b)[Math.floor(c.data.compacted.length / 2)];
    rows.push([`caricamento a freddo, ${num(c.data.rows)} righe compattate / ${num(c.data.updates)} aggiornamenti non compattati`, `${num(med)} ms / ${c.data.uncompacted.syncedMs === null ? 'scaduto' : `${num(c.data.uncompacted.syncedMs)} ms`}`, '(nessun obiettivo)']);
  }
  let text = table(['obiettivo', 'misura', 'esito'], rows);
  if (causes.length) text += `\n\n**Causa degli obiettivi mancati** (dalle misure e dai profili della sezione 1, non ipotizzata):\n\n${causes.map((c) => `- ${c}`).join('\n')}`;
  const broken = Object.entries(r.sections).filter(([, s]) => s && !s.ok);
  if (broken.length) text += `\n\n**Sezioni non misurate per un errore del banco di prova**: ${broken.map(([k]) => k).join(', ')}.`;
  return text;
}

export function renderResults(r: BenchResults): string {
  const m = r.machine;
  return [
    '# Risultati dei benchmark',
    '',
    `Generato da \`npm run bench\` il ${new Date(r.startedAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' })} (ora di Roma) in ${num(r.durationS)} s. ` +
      `Macchina: ${m.cpu}, ${m.cores} core, ${num(m.memoryGb, 1)} GB di RAM, ${m.os}, Node ${m.node}. Carico medio (1 min) prima e dopo: ` +
      `${num(r.loadAverage[0], 2)} → ${num(r.loadAverage[1], 2)} (la macchina può essere condivisa con altri processi: i rapporti, misurati ` +
      `nella stessa esecuzione, contano più dei valori assoluti). Dati completi in [results.json](results.json); come eseguire e leggere i ` +
      `risultati in [README.md](README.md).`,
    '',
    '## Sintesi',
    '',
    summary(r),
    '',
    section('1. Propagazione delle modifiche e throughput', r.sections.propagation, propagationSection),
    '',
    section('2. Caricamento a freddo', r.sections.coldLoad, coldLoadSection),
    '',
    section('3. Esportazione della cartella consolidata', r.sections.export, exportSection),
    '',
    section('4. Binding Excel', r.sections.binding, bindingSection),
    '',
    section('5. Dimensione del documento', r.sections.docSize, docSizeSection),
    '',
  ].join('\n');
}
