import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);

describe('RISK_JUDGEMENT_LOW', () => {
  it('warns when the judgement is low while two or more indicators are Alto', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'rischi', 0), { giudizio: 'Trascurabile', opacita: 'Alto' });
    expect(of(p, 'RISK_JUDGEMENT_LOW')).toEqual([
      {
        rule: 'RISK_JUDGEMENT_LOW',
        severity: 'warning',
        room: LP,
        sector: LP,
        sheet: 'rischi',
        rowId: `${LP}-rischi-1`,
        column: 'giudizio',
        message:
          "Rischio R-LP-01 (riga 1): il giudizio è «Trascurabile» ma 2 indicatori su 6 sono «Alto» (Livello di interesse esterno, Opacità del processo): rivedere il giudizio o motivarlo (l'ANAC chiede di non fare la media degli indicatori)",
      },
    ]);
  });

  it('passes with a single Alto indicator, or with a judgement of Medio or above', () => {
    const p = basePlan();
    cells(p, LP, 'rischi', 0).giudizio = 'Basso';
    expect(of(p, 'RISK_JUDGEMENT_LOW')).toEqual([]);
    Object.assign(cells(p, LP, 'rischi', 0), { giudizio: 'Medio', opacita: 'Alto', discrezionalita: 'Alto' });
    expect(of(p, 'RISK_JUDGEMENT_LOW')).toEqual([]);
  });
});

describe('RISK_NEEDS_MEASURE', () => {
  it('requires a measure for a risk at Medio or above', () => {
    const p = basePlan();
    p.sectors[0]!.sheets.misure = [];
    const found = of(p, 'RISK_NEEDS_MEASURE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', room: LP, sheet: 'rischi', rowId: `${LP}-rischi-1`, column: 'giudizio' });
    expect(found[0]!.message).toBe(
      'Rischio R-LP-01 (riga 1): un rischio con giudizio «Medio» richiede almeno una misura di prevenzione: aggiungerla nel foglio 2.3 Misure con rischio R-LP-01',
    );
    for (const g of ['Alto', 'Molto alto']) {
      cells(p, LP, 'rischi', 0).giudizio = g;
      expect(of(p, 'RISK_NEEDS_MEASURE')).toHaveLength(1);
    }
  });

  it('passes for low risks, and for risks with a measure of the same sector', () => {
    const p = basePlan();
    expect(of(p, 'RISK_NEEDS_MEASURE')).toEqual([]);
    p.sectors[0]!.sheets.misure = [];
    cells(p, LP, 'rischi', 0).giudizio = 'Basso';
    expect(of(p, 'RISK_NEEDS_MEASURE')).toEqual([]);
  });

  it('does not count a measure of another sector', () => {
    const p = basePlan();
    addRow(p, 'servizi-sociali', 'misure', { ...p.sectors[0]!.sheets.misure[0]!.values, codice: 'M-SS-01' });
    p.sectors[0]!.sheets.misure = [];
    expect(of(p, 'RISK_NEEDS_MEASURE').map((i) => i.room)).toEqual([LP]);
  });
});

describe('FAB_YEAR', () => {
  it('reports a year outside the triennio and lists the valid ones', () => {
    const p = basePlan();
    cells(p, LP, 'fabbisogni', 0).anno = 2021;
    expect(of(p, 'FAB_YEAR')).toEqual([
      {
        rule: 'FAB_YEAR',
        severity: 'error',
        room: LP,
        sector: LP,
        sheet: 'fabbisogni',
        rowId: `${LP}-fabbisogni-1`,
        column: 'anno',
        message: "Fabbisogno «Istruttore tecnico» 2021 (riga 1): l'anno 2021 è fuori dal triennio 2022-2024: scegliere 2022, 2023 o 2024",
      },
    ]);
  });

  it('passes for each year of the triennio', () => {
    const p = basePlan();
    for (const anno of [2022, 2024]) {
      cells(p, LP, 'fabbisogni', 0).anno = anno;
      expect(of(p, 'FAB_YEAR')).toEqual([]);
    }
  });
});

describe('FAB_PT', () => {
  it('requires the percentage for part-time posts', () => {
    const p = basePlan();
    delete cells(p, LP, 'fabbisogni', 1).percentuale_pt;
    const found = of(p, 'FAB_PT');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', rowId: `${LP}-fabbisogni-2`, column: 'percentuale_pt' });
    expect(found[0]!.message).toBe(
      'Fabbisogno «Funzionario tecnico» 2023 (riga 2): per un posto part-time la «% part-time» è obbligatoria: inserire un valore tra 1 e 99',
    );
  });

  it('keeps the percentage between 1 and 99, replacing the generic range check', () => {
    const p = basePlan();
    cells(p, LP, 'fabbisogni', 1).percentuale_pt = 100;
    const onCell = validatePlan(p).filter((i) => i.column === 'percentuale_pt');
    expect(onCell.map((i) => i.rule)).toEqual(['FAB_PT']);
    expect(onCell[0]!.message).toMatch(/vale 100, ma un part-time va dall'1 al 99%/);
  });

  it('forbids the percentage for full-time posts', () => {
    const p = basePlan();
    cells(p, LP, 'fabbisogni', 0).percentuale_pt = 50;
    expect(of(p, 'FAB_PT').map((i) => [i.rowId, i.message])).toEqual([
      [
        `${LP}-fabbisogni-1`,
        'Fabbisogno «Istruttore tecnico» 2023 (riga 1): la «% part-time» va lasciata vuota per un posto a tempo pieno: cancellarla o scegliere il regime Part-time',
      ],
    ]);
  });

  it('passes for part-time with 1–99 and full time without a percentage', () => {
    const p = basePlan();
    for (const pt of [1, 99]) {
      cells(p, LP, 'fabbisogni', 1).percentuale_pt = pt;
      expect(of(p, 'FAB_PT')).toEqual([]);
    }
  });
});

describe('AGILE_ACCORDI', () => {
  it('reports more individual agreements than employees', () => {
    const p = basePlan();
    cells(p, LP, 'lavoro_agile', 0).accordi = 6;
    expect(of(p, 'AGILE_ACCORDI')).toEqual([
      {
        rule: 'AGILE_ACCORDI',
        severity: 'error',
        room: LP,
        sector: LP,
        sheet: 'lavoro_agile',
        rowId: `${LP}-lavoro_agile-1`,
        column: 'accordi',
        message: 'Attività «Progettazione» (riga 1): gli accordi individuali (6) superano i dipendenti addetti (5): correggere uno dei due valori',
      },
    ]);
  });

  it('passes when accordi equal dipendenti, or when one of them is missing', () => {
    const p = basePlan();
    cells(p, LP, 'lavoro_agile', 0).accordi = 5;
    expect(of(p, 'AGILE_ACCORDI')).toEqual([]);
    Object.assign(cells(p, LP, 'lavoro_agile', 0), { accordi: 9, dipendenti: null });
    expect(of(p, 'AGILE_ACCORDI')).toEqual([]);
  });
});
