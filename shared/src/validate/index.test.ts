import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlanData } from '../doc/plan-data';
import { applyChanges } from '../doc/rows';
import { SHEETS } from '../schema';
import * as shared from '../index';
import { RULE_ORDER, summarizeIssues, validatePlan, validateSector } from './index';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';

/** A plan with issues in several rooms, sheets, rows and columns. */
function brokenPlan() {
  const p = basePlan();
  cells(p, SS, 'formazione', 0).ore = 'tante';
  cells(p, SS, 'obiettivi', 0).peso = 90;
  cells(p, LP, 'fabbisogni', 0).anno = 2030;
  cells(p, SS, 'fabbisogni', 0).costo_unitario = 200_000;
  cells(p, LP, 'obiettivi', 0).tipo = 'operativo';
  cells(p, LP, 'obiettivi', 0).fine = '2025-01-01';
  cells(p, LP, 'obiettivi', 1).peso = null;
  p.records.ente!.pec = 'non-una-pec';
  p.tables.obiettivi_strategici![1]!.values.codice = '7.1';
  return p;
}

describe('validatePlan', () => {
  it('finds nothing in a complete, consistent plan', () => {
    expect(validatePlan(basePlan())).toEqual([]);
  });

  it('reaches every rule code through validatePlan', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 1).titolo = null; // CELL_REQUIRED
    cells(p, LP, 'formazione', 0).ore = 'x'; // CELL_TYPE
    cells(p, LP, 'obiettivi', 0).tipo = 'operativo'; // CELL_ENUM
    cells(p, LP, 'lavoro_agile', 0).giorni_settimana = 9; // CELL_RANGE
    p.records.ente!.pec = 'x'; // CELL_PATTERN
    addRow(p, SS, 'misure', { ...cells(p, LP, 'misure', 0) }); // DUP_CODE, REF_MISSING
    p.records.ente!.triennio = '2023-2025'; // ENTE_TRIENNIO
    Object.assign(cells(p, SS, 'obiettivi', 0), { peso: 90, obiettivo_strategico: '99.99', tipo: 'Gestionale' }); // OBJ_WEIGHT_SUM, OBJ_REF, OBJ_AC_PRESENT
    cells(p, LP, 'obiettivi', 0).fine = '2030-01-01'; // OBJ_DATES
    Object.assign(cells(p, LP, 'indicatori', 1), { obiettivo: 'LLPP-99', target_anno1: '150%' }); // OBJ_NO_INDICATOR, IND_REF, IND_PERCENT_RANGE
    cells(p, LP, 'indicatori', 0).target_anno1 = '1'; // IND_TARGET_DIRECTION
    addRow(p, LP, 'rischi', { ...cells(p, LP, 'rischi', 0), codice: 'R-LP-02', giudizio: 'Basso', opacita: 'Alto' }); // RISK_JUDGEMENT_LOW
    addRow(p, LP, 'rischi', { ...cells(p, LP, 'rischi', 0), codice: 'R-LP-03', giudizio: 'Alto' }); // RISK_NEEDS_MEASURE
    cells(p, LP, 'fabbisogni', 0).anno = 2030; // FAB_YEAR
    cells(p, LP, 'fabbisogni', 1).percentuale_pt = null; // FAB_PT
    Object.assign(cells(p, SS, 'fabbisogni', 0), { costo_unitario: 1_000_000, modalita: 'Progressione verticale' }); // FAB_BUDGET, FAB_PV_SHARE
    cells(p, LP, 'lavoro_agile', 0).accordi = 99; // AGILE_ACCORDI
    cells(p, SS, 'formazione', 0).partecipanti = 1; // TRAIN_HOURS
    cells(p, LP, 'obiettivi', 0).titolo = 'Titolo\uFFFF'; // CELL_CHARS
    p.records.ente!.data_approvazione = '2022-03-01'; // ENTE_APPROVAL_DATE
    p.tables.dotazione![0]!.values.uomini = 1; // STAFF_TOTAL
    cells(p, LP, 'obiettivi', 1).peso = 0; // OBJ_WEIGHT_POSITIVE
    cells(p, LP, 'obiettivi', 1).responsabile = 'Nessuno'; // OBJ_OWNER
    addRow(p, SS, 'fabbisogni', { ...cells(p, SS, 'fabbisogni', 0), rapporto: 'Tempo determinato' });
    Object.assign(p.records.capacita_assunzionale!, { spesa_flessibile_2009: 1, limite_557: 1 }); // FAB_FLEX, FAB_557
    p.sectors[0]!.sheets.processi.pop(); // AC_AREAS (no process in «Acquisizione e gestione del personale»)
    addRow(p, LP, 'processi', { ...cells(p, LP, 'processi', 0), codice: 'P-LP-09' }); // PROC_NO_RISK
    cells(p, LP, 'misure', 0).termine = '2030-12-31'; // MISURA_TERMINE
    p.tables.documenti = [{ id: 'doc', order: 'a', values: { documento: 'DUP', stato: 'Approvato' } }]; // DOC_ACT
    p.tables.trasparenza = [
      { id: 't1', order: 'a', values: { sottosezione_1: 'Provvedimenti', sottosezione_2: 'Provvedimenti dirigenti amministrativi', riferimento: 'Art. 23 D.Lgs. 33/2013', obbligo: 'Elenco dei provvedimenti', settore: LP } },
    ]; // TRASP_OBLIGATION, TRASP_SECTOR
    p.tables.semplificazione = [{ id: 's1', order: 'a', values: { procedura: 'Permesso', tempo_attuale: 30, tempo_obiettivo: 40 } }]; // SEMPL_TIME
    p.tables.testi = []; // AC_CONTEXT
    p.records.ente!.data_monitoraggio = '2023-01-15';
    p.tables.monitoraggio = [
      { id: 'm1', order: 'a', values: { settore: LP, tipo: 'Indicatore', riferimento: 'Km di strade', anno: 2022, periodo: '30/06' } }, // MON_MISSING
      { id: 'm2', order: 'b', values: { settore: LP, tipo: 'Indicatore', riferimento: 'Km di strade', anno: 2022, periodo: '31/12', polarita: 'Crescente', target: 12, valore_effettivo: 6 } }, // MON_GAP
    ];
    // TRAIN_HOURS counts from 2025: a plan of 2025-2027 with too little training.
    const q = basePlan();
    q.triennio = '2025-2027';
    const found = new Set([...validatePlan(p), ...validatePlan(q)].map((i) => i.rule));
    // ROOM_UNREADABLE is the server's (a room it cannot read back), never a rule's; PLAN_DEADLINE depends
    // on today's date, so it comes from deadline/ (deadlineIssues), not from validatePlan.
    expect(found).toEqual(new Set(RULE_ORDER.filter((r) => r !== 'ROOM_UNREADABLE' && r !== 'PLAN_DEADLINE')));
  });

  it('sorts by room, sheet, row, column and rule, and names the row in every cell message', () => {
    const issues = validatePlan(brokenPlan());
    expect(issues.map((i) => [i.room, i.sheet, i.rowId, i.column, i.rule])).toEqual([
      ['_piano', 'ente', null, 'pec', 'CELL_PATTERN'],
      ['_piano', 'obiettivi_strategici', 'os-2', 'codice', 'CELL_PATTERN'],
      ['_piano', 'fabbisogni', null, 'costo_totale', 'FAB_BUDGET'],
      // A regime: the 2023 hires still count in 2030.
      ['_piano', 'fabbisogni', null, 'costo_totale', 'FAB_BUDGET'],
      [LP, 'obiettivi', null, 'peso', 'OBJ_WEIGHT_SUM'],
      [LP, 'obiettivi', `${LP}-obiettivi-1`, 'tipo', 'CELL_ENUM'],
      [LP, 'obiettivi', `${LP}-obiettivi-1`, 'fine', 'OBJ_DATES'],
      [LP, 'obiettivi', `${LP}-obiettivi-2`, 'peso', 'CELL_REQUIRED'],
      [LP, 'fabbisogni', `${LP}-fabbisogni-1`, 'anno', 'FAB_YEAR'],
      [SS, 'obiettivi', null, 'peso', 'OBJ_WEIGHT_SUM'],
      [SS, 'obiettivi', `${SS}-obiettivi-1`, 'obiettivo_strategico', 'OBJ_REF'],
      [SS, 'formazione', `${SS}-formazione-1`, 'ore', 'CELL_TYPE'],
    ]);
    const byRule = Object.fromEntries(issues.map((i) => [`${i.room}/${i.sheet}/${i.rule}`, i.message]));
    expect(byRule[`${LP}/obiettivi/CELL_ENUM`]).toBe(
      'Obiettivo LLPP-01 (riga 1): «Tipo» contiene «operativo», che non è tra i valori ammessi: scrivere «Operativo»',
    );
    expect(byRule[`${LP}/obiettivi/CELL_REQUIRED`]).toBe('Obiettivo LLPP-02 (riga 2): «Peso %» è obbligatorio: inserire un valore');
    expect(byRule['_piano/ente/CELL_PATTERN']).toMatch(/^Scheda anagrafica: «PEC» contiene «non-una-pec», che non è un indirizzo e-mail valido/);
    expect(byRule[`${SS}/formazione/CELL_TYPE`]).toBe(
      'Corso «Anticorruzione» (riga 1): «Ore» contiene un testo («tante») invece di un numero intero: inserire un numero intero',
    );
  });

  it('follows the order of the sectors in the plan', () => {
    const p = brokenPlan();
    p.sectors.reverse();
    const rooms = [...new Set(validatePlan(p).map((i) => i.room))];
    expect(rooms).toEqual(['_piano', SS, LP]);
  });

  it('is a pure function of content: same input, same output; key order of rows does not matter', () => {
    const a = validatePlan(brokenPlan());
    const p = brokenPlan();
    for (const s of p.sectors) {
      for (const list of Object.values(s.sheets)) {
        for (const row of list) row.values = Object.fromEntries(Object.entries(row.values).reverse());
      }
    }
    expect(validatePlan(p)).toEqual(a);
    expect(validatePlan(brokenPlan())).toEqual(a);
  });

  it('validates a sector listed twice only once', () => {
    const p = brokenPlan();
    p.sectors.push(p.sectors[0]!);
    expect(validatePlan(p)).toEqual(validatePlan(brokenPlan()));
  });

  it('applies the simplified regime up to 50 employees: 2.1 and 2.2 are optional', () => {
    const p = basePlan();
    p.records.ente!.dipendenti_31_12 = 30;
    p.tables.dotazione = [{ id: 'd', order: 'a', values: { area: 'Istruttori', uomini: 10, donne: 20 } }];
    p.tables.obiettivi_strategici!.push({ id: 'os-x', order: 'z', values: { codice: '09.01' } });
    const s = p.sectors[0]!.sheets;
    s.obiettivi.push({ id: 'obj-x', order: 'z', values: { codice: 'LLPP-09', tipo: 'Gestionale', peso: 5 } });
    s.indicatori = [];
    const issues = validatePlan(p);
    expect(issues.map((i) => i.rule)).toEqual([]);
    // What is entered must still be right: a wrong reference or date is an error anyway.
    s.obiettivi[0]!.values.obiettivo_strategico = '99.99';
    s.obiettivi[0]!.values.fine = '2025-06-30';
    expect(validatePlan(p).map((i) => i.rule)).toEqual(['OBJ_REF', 'OBJ_DATES']);
    // The same plan with 51 employees is in the ordinary regime (D.P.R. 81/2022: 50 or fewer is simplified).
    p.records.ente!.dipendenti_31_12 = 51;
    expect(validatePlan(p).map((i) => i.rule)).toEqual(
      expect.arrayContaining(['CELL_REQUIRED', 'OBJ_WEIGHT_SUM', 'OBJ_NO_INDICATOR']),
    );
  });
});

describe('validateSector', () => {
  it('returns the issues of one room, computed with the whole plan', () => {
    const p = basePlan();
    cells(p, SS, 'obiettivi', 0).codice = 'LLPP-01';
    cells(p, SS, 'indicatori', 0).obiettivo = 'LLPP-01';
    cells(p, LP, 'lavoro_agile', 0).accordi = 99;
    const ss = validateSector(p, SS);
    expect(ss.map((i) => [i.room, i.rule])).toEqual([[SS, 'DUP_CODE']]);
    expect(ss[0]!.message).toMatch(/del settore Lavori pubblici/);
    expect(validateSector(p, LP).map((i) => i.rule)).toEqual(['DUP_CODE', 'AGILE_ACCORDI']);
    expect(validateSector(p, 'nessuno')).toEqual([]);
  });
});

describe('summarizeIssues', () => {
  it('counts errors and warnings in total, per sheet and per room', () => {
    const p = brokenPlan();
    const summary = summarizeIssues(validatePlan(p));
    expect(summary.errors).toBe(12);
    expect(summary.warnings).toBe(0);
    expect(summary.bySheet.obiettivi).toEqual({ errors: 6, warnings: 0 });
    expect(summary.bySheet.formazione).toEqual({ errors: 1, warnings: 0 });
    expect(summary.bySheet.indicatori).toBeUndefined();
    expect(summary.byRoom).toEqual({
      _piano: { errors: 4, warnings: 0 },
      [LP]: { errors: 5, warnings: 0 },
      [SS]: { errors: 3, warnings: 0 },
    });
    expect(summarizeIssues([])).toEqual({ errors: 0, warnings: 0, bySheet: {}, byRoom: {} });
  });
});

describe('validation of Yjs documents', () => {
  it('validates a plan read from Y.Docs written through applyChanges', () => {
    const plan = basePlan();
    const planDoc = new Y.Doc();
    const docs = new Map<string, Y.Doc>();
    for (const sheet of SHEETS.filter((s) => s.scope === 'plan')) {
      if (sheet.kind === 'record') {
        const values = plan.records[sheet.id as 'ente'];
        if (values) applyChanges(planDoc, [{ kind: 'record', sheet: sheet.id, values }], 'test');
      } else {
        const list = plan.tables[sheet.id as 'settori'] ?? [];
        applyChanges(planDoc, list.map((r) => ({ kind: 'add' as const, sheet: sheet.id, id: r.id, values: r.values })), 'test');
      }
    }
    for (const s of plan.sectors) {
      const doc = new Y.Doc();
      for (const [sheet, list] of Object.entries(s.sheets)) {
        applyChanges(doc, list.map((r) => ({ kind: 'add' as const, sheet: sheet as 'obiettivi', id: r.id, values: r.values })), 'test');
      }
      docs.set(s.id, doc);
    }
    const read = () => readPlanData('prova', '2022-2024', planDoc, (id) => docs.get(id));
    expect(validatePlan(read())).toEqual([]);

    const lp = docs.get(LP)!;
    applyChanges(lp, [{ kind: 'update', sheet: 'obiettivi', id: `${LP}-obiettivi-1`, values: { peso: 70 } }], 'test');
    applyChanges(lp, [{ kind: 'move', sheet: 'obiettivi', id: `${LP}-obiettivi-1`, after: `${LP}-obiettivi-2` }], 'test');
    const issues = validatePlan(read());
    expect(issues.map((i) => i.message)).toEqual(['Obiettivi: la somma dei pesi del settore Lavori pubblici è 110: deve essere 100 (togliere 10 punti)']);
    applyChanges(lp, [{ kind: 'delete', sheet: 'misure', id: `${LP}-misure-1` }], 'test');
    expect(validatePlan(read()).map((i) => i.rule)).toEqual(['OBJ_WEIGHT_SUM', 'RISK_NEEDS_MEASURE']);
  });
});

describe('package entry point', () => {
  it('exports the validation API and coercion from @piao/shared', () => {
    expect(shared.validatePlan).toBe(validatePlan);
    expect(typeof shared.validateSector).toBe('function');
    expect(typeof shared.summarizeIssues).toBe('function');
    expect(typeof shared.checkCell).toBe('function');
    expect(typeof shared.coerceCell).toBe('function');
    expect(typeof shared.parseNumber).toBe('function');
  });
});
