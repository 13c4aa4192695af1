import { describe, expect, it } from 'vitest';
import { DEMO_PLAN, buildDemoDocs } from '../demo';
import { readPlanData, type PlanData } from '../doc/plan-data';
import { deadlineIssues, planDeadline, todayInItaly } from './deadline';

function demo(ente: Record<string, unknown> = {}): PlanData {
  const { planDoc, sectorDocs } = buildDemoDocs();
  const d = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
  return { ...d, records: { ...d.records, ente: { ...d.records.ente, ...ente } as PlanData['records']['ente'] } };
}

describe('termine di adozione del piano', () => {
  it('31 gennaio del primo anno, o 30 giorni dopo il bilancio approvato più tardi', () => {
    expect(planDeadline(demo())).toEqual({ date: '2022-01-31', basis: '31 gennaio' });
    expect(planDeadline({ ...demo({ data_bilancio: '2022-12-20' }), triennio: '2023-2025' })).toEqual({ date: '2023-01-31', basis: '31 gennaio' });
    // First application (2022-2024): 120 days from the budget (D.M. 132/2022 art. 8 c. 3), as ENTE_APPROVAL_DATE counts.
    expect(planDeadline(demo({ data_bilancio: '2022-05-31' }))).toEqual({ date: '2022-09-28', basis: 'bilancio' });
    expect(planDeadline({ ...demo({ data_bilancio: '2023-05-31' }), triennio: '2023-2025' })).toEqual({ date: '2023-06-30', basis: 'bilancio' });
    // Leap years and month ends are counted by the calendar.
    expect(planDeadline({ ...demo({ data_bilancio: '2024-02-15' }), triennio: '2024-2026' })).toEqual({ date: '2024-03-16', basis: 'bilancio' });
  });

  it('PLAN_DEADLINE: nulla se lontano, avviso quando vicino, oggi o scaduto; nulla se adottato', () => {
    const d = demo();
    expect(deadlineIssues(d, '2022-01-01')).toEqual([]);
    const near = deadlineIssues(d, '2022-01-21');
    expect(near).toEqual([
      {
        rule: 'PLAN_DEADLINE',
        severity: 'warning',
        room: '_piano',
        sector: null,
        sheet: 'ente',
        rowId: null,
        column: 'data_approvazione',
        message: 'Il PIAO 2022-2024 va adottato entro il 31/01/2022 (31 gennaio del primo anno, art. 6 D.L. 80/2021): mancano 10 giorni',
      },
    ]);
    expect(deadlineIssues(d, '2022-01-31')[0]!.message).toBe('Il PIAO 2022-2024 va adottato oggi, 31/01/2022 (31 gennaio del primo anno, art. 6 D.L. 80/2021)');
    expect(deadlineIssues(d, '2022-02-01')[0]!.message).toMatch(/è scaduto il 31\/01\/2022 .*da 1 giorno: adottarlo al più presto/);
    expect(deadlineIssues({ ...demo({ data_bilancio: '2023-05-31' }), triennio: '2023-2025' }, '2023-07-10')[0]!.message).toMatch(
      /scaduto il 30\/06\/2023 \(30 giorni dall'approvazione del bilancio di previsione, D.M. 132\/2022 art. 8 c. 2\), da 10 giorni/,
    );
    expect(deadlineIssues(demo({ data_bilancio: '2022-05-31' }), '2022-10-01')[0]!.message).toMatch(
      /scaduto il 28\/09\/2022 \(120 giorni dall'approvazione del bilancio di previsione, prima applicazione, D.M. 132\/2022 art. 8 c. 3\), da 3 giorni/,
    );
    expect(deadlineIssues(demo({ data_approvazione: '2022-01-28' }), '2022-03-01')).toEqual([]);
    expect(deadlineIssues(d, 'ieri')).toEqual([]);
  });

  it('oggi è contato in Italia', () => {
    // 23:30 UTC on 31 December is already 1 January in Rome.
    expect(todayInItaly(new Date('2022-12-31T23:30:00Z'))).toBe('2023-01-01');
  });
});
