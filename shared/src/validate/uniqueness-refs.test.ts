import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells, rows } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);

describe('DUP_CODE', () => {
  it('passes when codes are unique, even if equal codes live in different sheets', () => {
    const p = basePlan();
    addRow(p, SS, 'processi', { ...p.sectors[0]!.sheets.processi[0]!.values, codice: 'LLPP-01' });
    expect(of(p, 'DUP_CODE')).toEqual([]);
  });

  it('reports a plan-unique code used in two sectors, in both rooms, ignoring case and spaces', () => {
    const p = basePlan();
    cells(p, SS, 'obiettivi', 0).codice = ' llpp-02';
    cells(p, SS, 'indicatori', 0).obiettivo = ' llpp-02';
    const found = of(p, 'DUP_CODE');
    expect(found.map((i) => [i.room, i.sector, i.sheet, i.rowId, i.column, i.severity])).toEqual([
      [LP, LP, 'obiettivi', `${LP}-obiettivi-2`, 'codice', 'error'],
      [SS, SS, 'obiettivi', `${SS}-obiettivi-1`, 'codice', 'error'],
    ]);
    expect(found[0]!.message).toBe(
      'Obiettivo LLPP-02 (riga 2): «Codice» «LLPP-02» compare anche in Obiettivo llpp-02 (riga 1) del settore Servizi sociali: deve essere unico nel piano, cambiarlo in una delle righe',
    );
  });

  it('reports duplicates inside one sector sheet, naming the other rows', () => {
    const p = basePlan();
    for (let i = 0; i < 4; i++) addRow(p, LP, 'misure', { ...p.sectors[0]!.sheets.misure[0]!.values });
    const found = of(p, 'DUP_CODE');
    expect(found).toHaveLength(5);
    expect(found[0]!.message).toBe(
      "Misura M-LP-01 (riga 1): «Codice» «M-LP-01» compare anche in Misura M-LP-01 (riga 2), Misura M-LP-01 (riga 3), Misura M-LP-01 (riga 4) e in un'altra riga: deve essere unico nel piano, cambiarlo in una delle righe",
    );
  });

  it("checks `unique: 'sheet'` columns of the plan sheets", () => {
    const p = basePlan();
    p.tables.settori!.push(...rows('extra', [{ id: 'lavori-pubblici', denominazione: 'Doppione' }]));
    p.tables.dotazione!.push(...rows('extra-dot', [{ area: 'Istruttori' }]));
    const found = of(p, 'DUP_CODE');
    expect(found.map((i) => [i.room, i.sector, i.sheet, i.rowId])).toEqual([
      ['_piano', null, 'settori', 'settori-1'],
      ['_piano', null, 'settori', 'extra-1'],
      ['_piano', null, 'dotazione', 'dot-2'],
      ['_piano', null, 'dotazione', 'extra-dot-1'],
    ]);
    expect(found[0]!.message).toBe(
      'Settore lavori-pubblici (riga 1): «Codice settore» «lavori-pubblici» compare anche in Settore lavori-pubblici (riga 3): deve essere unico nel foglio, cambiarlo in una delle righe',
    );
  });
});

describe('DUP_CODE with other findings on the same cell', () => {
  it('keeps both the duplicate and the format problem', () => {
    const p = basePlan();
    p.tables.obiettivi_strategici![0]!.values.codice = '4.2';
    p.tables.obiettivi_strategici![1]!.values.codice = '4.2';
    const onCell = validatePlan(p).filter((i) => i.rowId === 'os-1' && i.column === 'codice');
    expect(onCell.map((i) => i.rule)).toEqual(['CELL_PATTERN', 'DUP_CODE']);
  });
});

describe('OBJ_REF', () => {
  it('reports an objective whose strategic objective is not in the DUP catalogue', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 0).obiettivo_strategico = '09.09';
    expect(of(p, 'OBJ_REF')).toEqual([
      {
        rule: 'OBJ_REF',
        severity: 'error',
        room: LP,
        sector: LP,
        sheet: 'obiettivi',
        rowId: `${LP}-obiettivi-1`,
        column: 'obiettivo_strategico',
        message:
          'Obiettivo LLPP-01 (riga 1): «Obiettivo strategico» «09.09» non esiste fra gli obiettivi strategici del piano: scegliere un codice esistente o aggiungerlo nel foglio 2.1 Obiettivi strategici',
      },
    ]);
  });

  it('passes for catalogue codes, with surrounding spaces', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 0).obiettivo_strategico = ' 07.01 ';
    expect(of(p, 'OBJ_REF')).toEqual([]);
  });
});

describe('IND_REF', () => {
  it('reports an indicator of an objective that does not exist in the sector, hinting where it is', () => {
    const p = basePlan();
    cells(p, SS, 'indicatori', 0).obiettivo = 'LLPP-01';
    cells(p, LP, 'indicatori', 0).obiettivo = 'llpp-01';
    const found = of(p, 'IND_REF');
    expect(found.map((i) => [i.room, i.rowId, i.column, i.severity])).toEqual([
      [LP, `${LP}-indicatori-1`, 'obiettivo', 'error'],
      [SS, `${SS}-indicatori-1`, 'obiettivo', 'error'],
    ]);
    expect(found[0]!.message).toBe(
      'Indicatore «Km di strade rifatte» (riga 1): «Obiettivo» «llpp-01» non esiste fra gli obiettivi di questo settore: forse si intendeva «LLPP-01»: correggere maiuscole e minuscole',
    );
    expect(found[1]!.message).toBe(
      'Indicatore «Tempo medio di erogazione» (riga 1): «Obiettivo» «LLPP-01» non esiste fra gli obiettivi di questo settore: esiste nel settore Lavori pubblici, ma il riferimento deve essere a una riga dello stesso settore: aggiungerla qui nel foglio 2.2 Obiettivi o scegliere un codice esistente',
    );
  });
});

describe('IND_REF passing', () => {
  it('resolves indicators to objectives of their own sector, with surrounding spaces', () => {
    const p = basePlan();
    cells(p, SS, 'indicatori', 0).obiettivo = ' SS-01 ';
    expect(of(p, 'IND_REF')).toEqual([]);
  });
});

describe('REF_MISSING', () => {
  it('reports risks of unknown processes and measures of unknown risks', () => {
    const p = basePlan();
    cells(p, LP, 'rischi', 0).processo = 'P-XX';
    cells(p, LP, 'misure', 0).rischio = 'R-XX';
    const found = of(p, 'REF_MISSING');
    expect(found.map((i) => [i.sheet, i.column, i.severity])).toEqual([
      ['rischi', 'processo', 'error'],
      ['misure', 'rischio', 'error'],
    ]);
    expect(found[0]!.message).toBe(
      'Rischio R-LP-01 (riga 1): «Processo» «P-XX» non esiste fra i processi di questo settore: scegliere un codice esistente o aggiungerlo nel foglio 2.3 Processi',
    );
    expect(found[1]!.message).toMatch(/^Misura M-LP-01 \(riga 1\): «Rischio» «R-XX» non esiste fra i rischi di questo settore/);
  });

  it('leaves empty references to the required check and wrong types to the type check', () => {
    const p = basePlan();
    cells(p, LP, 'rischi', 0).processo = null;
    cells(p, LP, 'misure', 0).rischio = 7;
    expect(validatePlan(p).map((i) => [i.rule, i.sheet])).toEqual([
      ['PROC_NO_RISK', 'processi'],
      ['CELL_REQUIRED', 'rischi'],
      ['RISK_NEEDS_MEASURE', 'rischi'],
      ['CELL_TYPE', 'misure'],
    ]);
  });
});
