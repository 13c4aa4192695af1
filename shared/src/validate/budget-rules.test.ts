/**
 * FAB_BUDGET, FAB_FLEX and FAB_557 with worked numbers (D.M. 17/03/2020; D.L. 78/2010 art. 9 c. 28;
 * L. 296/2006 art. 1 c. 557-quater). The base plan: personnel expense 5.000.000 €, current revenue
 * 20.000.000 € − FCDE 1.000.000 € = 19.000.000 €, ratio 26,32%, Tabella 1 threshold 27% →
 * room from the threshold 27% × 19.000.000 − 5.000.000 = 130.000 €.
 * Permanent hires of 2023: 2 × 35.000 (LP) + 40.000 (SS) + a vertical progression at 50% part-time
 * whose grade difference is (40.000 − 35.000) × 0,5 = 2.500 € → 112.500 €.
 */
import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);
const messages = (plan: PlanData, rule: RuleCode) => of(plan, rule).map((i) => i.message);
const hire = (anno: number, costo: number, extra: Record<string, unknown> = {}) => ({
  anno,
  profilo: 'Istruttore amministrativo',
  area: 'Istruttori',
  posti: 1,
  regime: 'Tempo pieno',
  rapporto: 'Tempo indeterminato',
  modalita: 'Concorso pubblico',
  costo_unitario: costo,
  ...extra,
});

describe('FAB_BUDGET (D.M. 17/03/2020)', () => {
  it('passes the base plan: 112.500 € of permanent hires against 130.000 €', () => {
    expect(of(basePlan(), 'FAB_BUDGET')).toEqual([]);
  });

  it('counts a progression at the grade difference only: at full cost it would still fit, at 40.000 − 0 it does not', () => {
    const p = basePlan();
    // Without the cost of the area of origin the whole cost counts: 70.000 + 20.000 + 40.000 = 130.000 (fits exactly).
    cells(p, LP, 'fabbisogni', 1).costo_provenienza = null;
    expect(of(p, 'FAB_BUDGET')).toEqual([]);
    cells(p, LP, 'fabbisogni', 1).percentuale_pt = 60; // 24.000 € → 134.000 €
    expect(messages(p, 'FAB_BUDGET')).toEqual([
      'Fabbisogni 2023: le assunzioni a tempo indeterminato costano a regime 134.000,00 € (Lavori pubblici 94.000,00 €, Servizi sociali 40.000,00 €) e superano la capacità assunzionale di 130.000,00 € (spazio dalla soglia della Tabella 1 130.000,00 €): ridurle di 4.000,00 € o rivedere la capacità assunzionale',
    ]);
  });

  it('counts a hire from its year and every following year ("a regime"): 2024 adds 20.000 € to 2023', () => {
    const p = basePlan();
    addRow(p, SS, 'fabbisogni', hire(2024, 20_000)); // 2024: 112.500 + 20.000 = 132.500 > 130.000
    expect(messages(p, 'FAB_BUDGET')).toEqual([
      'Fabbisogni 2024: le assunzioni a tempo indeterminato costano a regime 132.500,00 € (Lavori pubblici 72.500,00 €, Servizi sociali 60.000,00 €) e superano la capacità assunzionale di 130.000,00 € (spazio dalla soglia della Tabella 1 130.000,00 €): ridurle di 2.500,00 € o rivedere la capacità assunzionale',
    ]);
  });

  it('adds the savings of the leavers of 3.3 Cessazioni from their year: a 30.000 € leaver in 2024 makes room', () => {
    const p = basePlan();
    addRow(p, SS, 'fabbisogni', hire(2024, 20_000));
    addRow(p, SS, 'cessazioni', { anno: 2024, area: 'Istruttori', profilo: 'Istruttore', posti: 1, motivo: 'Pensionamento', costo_annuo: 30_000, data: '2024-03-31' });
    expect(of(p, 'FAB_BUDGET')).toEqual([]);
  });

  it('does not count fixed-term and art. 110 TUEL hires against the room', () => {
    const p = basePlan();
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Tempo determinato' }));
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Art. 110 TUEL', modalita: 'Art. 110 TUEL' }));
    expect(of(p, 'FAB_BUDGET')).toEqual([]);
  });

  it('between the thresholds of Tabella 1 and Tabella 3 only the savings of leavers can be spent (art. 6 c. 3)', () => {
    const p = basePlan();
    // 5.200.000 / 19.000.000 = 27,37%: above 27%, below the Tabella 3 threshold of 31%.
    Object.assign(p.records.capacita_assunzionale!, { spesa_personale: 5_200_000, soglia_rientro: 31 });
    addRow(p, SS, 'cessazioni', { anno: 2023, area: 'Istruttori', profilo: 'Istruttore', posti: 2, motivo: 'Pensionamento', costo_annuo: 50_000 });
    expect(messages(p, 'FAB_BUDGET')).toEqual([
      'Fabbisogni 2023: le assunzioni a tempo indeterminato costano a regime 112.500,00 € (Lavori pubblici 72.500,00 €, Servizi sociali 40.000,00 €) e superano la capacità assunzionale di 100.000,00 € (il rapporto spesa/entrate 27,37% supera la soglia del 27% (Tabella 1): solo i risparmi delle cessazioni, D.M. 17/03/2020 art. 6): ridurle di 12.500,00 € o rivedere la capacità assunzionale',
    ]);
  });

  it('above the Tabella 3 threshold only 30% of the savings can be spent (art. 6 c. 1-2)', () => {
    const p = basePlan();
    // 6.000.000 / 19.000.000 = 31,58% > 31%.
    Object.assign(p.records.capacita_assunzionale!, { spesa_personale: 6_000_000, soglia_rientro: 31 });
    addRow(p, SS, 'cessazioni', { anno: 2023, area: 'Istruttori', profilo: 'Istruttore', posti: 10, motivo: 'Pensionamento', costo_annuo: 40_000 });
    expect(of(p, 'FAB_BUDGET')).toEqual([]); // 30% × 400.000 = 120.000 ≥ 112.500
    cells(p, SS, 'cessazioni', 0).posti = 9; // 30% × 360.000 = 108.000 < 112.500
    expect(messages(p, 'FAB_BUDGET')).toEqual([
      'Fabbisogni 2023: le assunzioni a tempo indeterminato costano a regime 112.500,00 € (Lavori pubblici 72.500,00 €, Servizi sociali 40.000,00 €) e superano la capacità assunzionale di 108.000,00 € (il rapporto spesa/entrate 31,58% supera la soglia di rientro del 31% (Tabella 3): solo il 30% dei risparmi delle cessazioni, D.M. 17/03/2020 art. 6): ridurle di 4.500,00 € o rivedere la capacità assunzionale',
    ]);
  });

  it('warns when the hiring room cannot be computed and there are permanent hires', () => {
    const p = basePlan();
    delete p.records.capacita_assunzionale!.soglia;
    expect(of(p, 'FAB_BUDGET').map((i) => [i.severity, i.sheet, i.column])).toEqual([['warning', 'capacita_assunzionale', 'spazio_assunzionale']]);
  });
});

describe('FAB_FLEX (D.L. 78/2010 art. 9 c. 28)', () => {
  it('checks fixed-term and art. 110 TUEL hires of each year against the 2009 flexible spending', () => {
    const p = basePlan();
    p.records.capacita_assunzionale!.spesa_flessibile_2009 = 90_000;
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Tempo determinato' }));
    addRow(p, SS, 'fabbisogni', hire(2023, 40_000, { rapporto: 'Art. 110 TUEL', modalita: 'Art. 110 TUEL' }));
    addRow(p, SS, 'fabbisogni', hire(2024, 60_000, { rapporto: 'Tempo determinato' }));
    expect(of(p, 'FAB_FLEX')).toEqual([]);
    cells(p, SS, 'fabbisogni', 2).costo_unitario = 40_000.01;
    expect(of(p, 'FAB_FLEX').map((i) => [i.severity, i.sheet, i.column, i.message])).toEqual([
      [
        'error',
        'fabbisogni',
        'rapporto',
        'Fabbisogni 2023: il lavoro flessibile (tempo determinato e art. 110 TUEL) costa 90.000,01 € e supera il limite della spesa 2009 di 90.000,00 € (art. 9 c. 28 D.L. 78/2010): ridurlo di 0,01 €',
      ],
    ]);
  });

  it('warns once when there is flexible work and no 2009 spending to compare with', () => {
    const p = basePlan();
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Tempo determinato' }));
    expect(of(p, 'FAB_FLEX').map((i) => [i.severity, i.sheet, i.column])).toEqual([['warning', 'capacita_assunzionale', 'spesa_flessibile_2009']]);
  });
});

describe('FAB_557 (L. 296/2006 art. 1 c. 557-quater)', () => {
  it('keeps the expense not covered by the D.M. room within the 2011-2013 average', () => {
    const p = basePlan();
    // 2023: 5.000.000 + 112.500 of permanent hires, all within the D.M. room of 130.000 (art. 7 c. 1: not counted)
    // + 50.000 of fixed-term = 5.050.000 ≤ 5.050.000.
    Object.assign(p.records.capacita_assunzionale!, { limite_557: 5_050_000, spesa_flessibile_2009: 100_000 });
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Tempo determinato' }));
    expect(of(p, 'FAB_557')).toEqual([]);
    p.records.capacita_assunzionale!.limite_557 = 5_049_999;
    expect(messages(p, 'FAB_557')).toEqual([
      "Fabbisogni 2023: la spesa di personale che rileva per il limite è 5.050.000,00 € (spesa attuale 5.000.000,00 €, lavoro flessibile 50.000,00 €) e supera la media 2011-2013 di 5.049.999,00 € (art. 1 c. 557-quater L. 296/2006; le assunzioni nello spazio del D.M. 17/03/2020 non rilevano, art. 7 c. 1): ridurla di 1,00 €",
    ]);
  });

  it('counts the savings of leavers: a 2023 leaver of 10.000 € brings it back within the limit', () => {
    const p = basePlan();
    Object.assign(p.records.capacita_assunzionale!, { limite_557: 5_045_000, spesa_flessibile_2009: 100_000 });
    addRow(p, SS, 'fabbisogni', hire(2023, 50_000, { rapporto: 'Tempo determinato' }));
    expect(of(p, 'FAB_557')).toHaveLength(1);
    addRow(p, SS, 'cessazioni', { anno: 2023, area: 'Istruttori', profilo: 'Istruttore', posti: 1, motivo: 'Dimissioni', costo_annuo: 10_000 });
    expect(of(p, 'FAB_557')).toEqual([]);
  });
});
