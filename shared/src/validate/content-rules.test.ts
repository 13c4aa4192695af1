/** Rules of the parts added by issue 12 (step 3), each with a worked example from its norm. */
import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { TRASPARENZA_CATALOGO, trasparenzaIniziale } from '../schema';
import type { RowValues } from '../schema/types';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells, rows } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);
const messages = (plan: PlanData, rule: RuleCode) => of(plan, rule).map((i) => i.message);

describe('DOC_ACT', () => {
  it('asks for the body and date of the act of an approved document, not of one «Non presente»', () => {
    const p = basePlan();
    p.tables.documenti = rows('doc', [
      { documento: 'Piano triennale dei fabbisogni', stato: 'Approvato', organo: 'Giunta comunale', numero: '435', data: '2021-12-02' },
      { documento: 'PEG - Piano della performance', stato: 'Approvato', organo: 'Giunta comunale' },
      { documento: 'Piano della formazione', stato: 'Non presente' },
    ]);
    expect(of(p, 'DOC_ACT').map((i) => [i.severity, i.rowId, i.column, i.message])).toEqual([
      [
        'warning',
        'doc-2',
        'data',
        "Documento «PEG - Piano della performance» (riga 2): è approvato ma manca la data dell'atto di approvazione: indicarla, o scegliere lo stato «Non presente»",
      ],
    ]);
  });
});

describe('PAP_YEARS and PAP_GENDER (art. 48 D.Lgs. 198/2006)', () => {
  it('requires an action in each year of the triennio above 50 employees', () => {
    const p = basePlan();
    p.tables.azioni_positive = p.tables.azioni_positive!.filter((r) => r.values.anno === 2022);
    expect(messages(p, 'PAP_YEARS')).toEqual([
      "Azioni positive: nessuna azione per gli anni 2023 e 2024: il Piano delle azioni positive è triennale, aggiungere almeno un'azione per ogni anno (art. 48 D.Lgs. 198/2006)",
    ]);
    p.records.ente!.dipendenti_31_12 = 50;
    p.tables.dotazione = rows('d', [{ area: 'Istruttori', uomini: 25, donne: 25 }]);
    expect(of(p, 'PAP_YEARS')).toEqual([]);
  });

  it('asks for a rebalancing action where one sex is below one third of an area (2 women out of 7)', () => {
    const p = basePlan();
    p.tables.dotazione!.push(...rows('x', [{ area: 'Operatori', uomini: 5, donne: 2 }]));
    p.records.ente!.dipendenti_31_12 = 207;
    expect(of(p, 'PAP_GENDER').map((i) => [i.rowId, i.column, i.message])).toEqual([
      [
        'x-1',
        'donne',
        "Dotazione area Operatori (riga 6): le donne sono 2 su 7, meno di un terzo: prevedere un'azione positiva di «Riequilibrio di genere» nel foglio 2.2 Azioni positive (art. 48 D.Lgs. 198/2006)",
      ],
    ]);
    p.tables.azioni_positive![0]!.values.ambito = 'Riequilibrio di genere';
    expect(of(p, 'PAP_GENDER')).toEqual([]);
  });

  it('accepts exactly one third (3 out of 9) and ignores areas of fewer than 3 people', () => {
    const p = basePlan();
    p.tables.dotazione!.push(...rows('x', [{ area: 'Operatori', uomini: 6, donne: 3 }]));
    p.tables.dotazione![4]!.values = { area: 'Segretario', uomini: 0, donne: 1 };
    p.records.ente!.dipendenti_31_12 = 209;
    expect(of(p, 'PAP_GENDER')).toEqual([]);
  });
});

describe('TRASP_OBLIGATION and TRASP_SECTOR (D.Lgs. 33/2013; ANAC delibera 1310/2016)', () => {
  const catalogueRow = (ref: string): RowValues => ({ ...TRASPARENZA_CATALOGO.find((e) => e.values.riferimento === ref)!.values });

  it('requires both responsabili and a frequency for an applicable obligation, a reason for a non-applicable one', () => {
    const p = basePlan();
    p.tables.trasparenza = rows('t', [
      { ...catalogueRow('Art. 33 D.Lgs. 33/2013'), resp_trasmissione: 'Dirigente Finanze', resp_pubblicazione: 'Ufficio web' },
      { ...catalogueRow('Art. 16 c. 3 D.Lgs. 33/2013'), resp_pubblicazione: 'Ufficio web', aggiornamento: null },
      { ...catalogueRow('Art. 39 D.Lgs. 33/2013'), applicabile: false },
    ]);
    expect(of(p, 'TRASP_OBLIGATION').map((i) => [i.rowId, i.column, i.message])).toEqual([
      [
        't-2',
        'resp_trasmissione',
        "Obbligo «Tassi di assenza trimestrali» (riga 2): mancano il responsabile della trasmissione e la frequenza dell'aggiornamento: indicarli (art. 10 c. 1 D.Lgs. 33/2013), o segnare l'obbligo come non applicabile con la motivazione",
      ],
      ['t-3', 'motivazione', 'Obbligo «Piani territoriali e urbanistici e loro…» (riga 3): è indicato come non applicabile: scrivere la motivazione'],
    ]);
  });

  it('wants a row per sector for the obligations on every sector’s acts (art. 23: provvedimenti dirigenti)', () => {
    const p = basePlan();
    const art23 = { ...catalogueRow('Art. 23 D.Lgs. 33/2013'), resp_trasmissione: 'Dirigente', resp_pubblicazione: 'Ufficio web' };
    p.tables.trasparenza = rows('t', [{ ...art23, settore: LP }]);
    expect(messages(p, 'TRASP_SECTOR')).toEqual([
      "Trasparenza: l'obbligo «Elenco dei provvedimenti» (Art. 23 D.Lgs. 33/2013) riguarda gli atti di ogni settore, ma non ha righe per servizi-sociali: aggiungere una riga per ciascuno con i suoi responsabili",
    ]);
    p.tables.trasparenza.push(...rows('u', [{ ...art23, settore: SS }]));
    expect(of(p, 'TRASP_SECTOR')).toEqual([]);
  });

  it('gives a new plan one row per catalogue obligation, each one asking for its responsabili and the per-sector ones for a row per sector', () => {
    const p = basePlan();
    p.tables.trasparenza = rows('n', trasparenzaIniziale());
    expect(p.tables.trasparenza).toHaveLength(TRASPARENZA_CATALOGO.length);
    const found = validatePlan(p);
    expect(new Set(found.map((i) => i.rule))).toEqual(new Set(['TRASP_OBLIGATION', 'TRASP_SECTOR']));
    expect(found.filter((i) => i.rule === 'TRASP_OBLIGATION')).toHaveLength(TRASPARENZA_CATALOGO.length);
    expect(found.filter((i) => i.rule === 'TRASP_SECTOR')).toHaveLength(TRASPARENZA_CATALOGO.filter((e) => e.perSettore).length);
  });

  it('ships a catalogue whose rows pass the schema once the responsabili are filled in', () => {
    const p = basePlan();
    p.tables.trasparenza = rows(
      'c',
      TRASPARENZA_CATALOGO.flatMap((e) =>
        (e.perSettore ? [LP, SS] : [LP]).map((settore) => ({ ...e.values, settore, resp_trasmissione: 'Dirigente', resp_pubblicazione: 'Ufficio web' })),
      ),
    );
    expect(validatePlan(p)).toEqual([]);
  });
});

describe('SEMPL_TIME', () => {
  it('warns about a target time longer than the current one (30 → 40 days)', () => {
    const p = basePlan();
    p.tables.semplificazione = rows('s', [
      { procedura: 'Permesso di costruire', tempo_attuale: 90, tempo_obiettivo: 60, canale: 'Online', spid: true },
      { procedura: 'Iscrizione al nido', tempo_attuale: 30, tempo_obiettivo: 40 },
    ]);
    expect(messages(p, 'SEMPL_TIME')).toEqual([
      'Procedura «Iscrizione al nido» (riga 2): il tempo obiettivo (40 giorni) è più lungo di quello attuale (30 giorni): verificare i due valori',
    ]);
  });
});

describe('MON_MISSING and MON_GAP (D.M. 132/2022 art. 5; art. 6 D.Lgs. 150/2009)', () => {
  const mon = (values: RowValues): RowValues => ({ settore: LP, tipo: 'Indicatore', riferimento: 'Km di strade rifatte', anno: 2022, polarita: 'Crescente', target: 12, ...values });

  it('wants the actual value of a period closed before the reference date', () => {
    const p = basePlan();
    p.records.ente!.data_monitoraggio = '2022-07-15';
    p.tables.monitoraggio = rows('m', [mon({ periodo: '30/06' }), mon({ periodo: '31/12' })]);
    expect(messages(p, 'MON_MISSING')).toEqual([
      'Monitoraggio «Km di strade rifatte» 30/06 2022 (riga 1): il periodo si è chiuso il 30/06/2022, prima della data di riferimento del monitoraggio (15/07/2022), ma manca il valore effettivo: inserirlo',
    ]);
  });

  it('wants an explanation below 80% of the target: 9 of 12 km is 75%; a decreasing 30 → 36 days is 83,33%', () => {
    const p = basePlan();
    p.tables.monitoraggio = rows('m', [
      mon({ periodo: '31/12', valore_effettivo: 9 }),
      mon({ periodo: '31/12', riferimento: 'Giorni per il rilascio', polarita: 'Decrescente', target: 30, valore_effettivo: 36 }),
    ]);
    expect(of(p, 'MON_GAP').map((i) => [i.rowId, i.message])).toEqual([
      ['m-1', 'Monitoraggio «Km di strade rifatte» 31/12 2022 (riga 1): il target è raggiunto al 75%, uno scostamento oltre il 20%: spiegarne le cause nella motivazione dello scostamento'],
    ]);
    p.tables.monitoraggio[0]!.values.motivazione_scostamento = 'Ritardo nella consegna dei lavori';
    expect(of(p, 'MON_GAP')).toEqual([]);
  });
});

describe('AC_AREAS, AC_CONTEXT, PROC_NO_RISK, MISURA_TERMINE (L. 190/2012 art. 1 c. 16; PNA 2019 all. 1)', () => {
  it('wants the external and internal context analysed in section 2.3 once processes are mapped', () => {
    const p = basePlan();
    p.tables.testi = p.tables.testi!.filter((r) => r.values.titolo !== 'Contesto interno');
    expect(of(p, 'AC_CONTEXT').map((i) => [i.severity, i.sheet, i.message])).toEqual([
      [
        'warning',
        'testi',
        "Testi: manca l'analisi del contesto interno nella sezione 2.3: aggiungere un testo di sezione 2.3 con «Contesto interno» nel titolo (PNA 2019, all. 1, § 2)",
      ],
    ]);
    for (const s of p.sectors) s.sheets.processi = [];
    expect(of(p, 'AC_CONTEXT')).toEqual([]);
  });

  it('wants the four areas of art. 1 c. 16 mapped across the plan', () => {
    const p = basePlan();
    p.sectors[0]!.sheets.processi.splice(1, 2);
    p.sectors[0]!.sheets.rischi.splice(1, 2);
    expect(messages(p, 'AC_AREAS')).toEqual([
      "Processi: nessun processo mappato nelle aree «Provvedimenti ampliativi privi di effetto economico diretto» e «Provvedimenti ampliativi con effetto economico diretto»: l'art. 1 c. 16 L. 190/2012 le richiede tutte (autorizzazioni e concessioni, contratti, sovvenzioni, concorsi e progressioni)",
    ]);
  });

  it('wants a risk for every process of the sector', () => {
    const p = basePlan();
    addRow(p, SS, 'processi', { ...cells(p, LP, 'processi', 1), codice: 'P-SS-01' });
    expect(of(p, 'PROC_NO_RISK').map((i) => [i.room, i.message])).toEqual([
      [SS, 'Processo P-SS-01 (riga 1): nessun rischio valutato: aggiungerne almeno uno nel foglio 2.3 Rischi con processo P-SS-01'],
    ]);
  });

  it('keeps the deadline of a measure not yet implemented within the triennio', () => {
    const p = basePlan();
    cells(p, LP, 'misure', 0).termine = '2025-01-01';
    expect(messages(p, 'MISURA_TERMINE')).toEqual([
      'Misura M-LP-01 (riga 1): il termine 01/01/2025 è oltre il triennio: una misura non ancora attuata va programmata entro il 31/12/2024',
    ]);
    cells(p, LP, 'misure', 0).stato = 'Attuata';
    expect(of(p, 'MISURA_TERMINE')).toEqual([]);
  });
});
