import { Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { todayInItaly } from '@piao/shared/deadline/index';
import type { MessageKey } from '../i18n';
import type { MoveAsk, PiaoApi, PlanInfo, WorkflowInfo } from './api';
import { coordinatorSectorSteps, maySend, nextTriennio, PLAN, planSteps, sectorsOpen, sendBackNote, type PlanStep } from './adoption-model';
import { DeadlineNote, StateBadge, StepForm, VersionsList } from './AdoptionParts';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px' },
  sectors: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: '6px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The plan room's map of workflow moves (sync-server/src/http/workflow-routes.ts, `LOG`). */
const WORKFLOW_MAP = 'workflow';

/** A step being typed in: a plan step, or a sector sent back (which needs a note). */
type Asking = { target: string; step: PlanStep | { to: string; needs: { note: true } } } | null;

/**
 * "Iter del piano" (issue 13): the plan's and each sector's state; the coordinator's next steps, a
 * sector head's "Invia", the deadline, the adopted versions and their documents, the next plan. The
 * server decides what is allowed (shared/workflow): a refusal is shown with its Italian message and
 * the states are read again, so nothing is shown as done that the server did not record.
 */
export function AdoptionPanel({
  api,
  info,
  planDoc,
  onOpenPlan,
  today = todayInItaly(),
}: {
  api: PiaoApi;
  info: PlanInfo;
  /** The plan room's document: the server appends every move to its `workflow` map, so others' moves show here. */
  planDoc?: Y.Doc | null;
  onOpenPlan?: (ente: string, triennio: string) => void;
  today?: string;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [wf, setWf] = useState<WorkflowInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<Asking>(null);
  const { ente, triennio, me } = info;
  const coordinator = me.role === 'coordinator';

  const load = useCallback(
    () =>
      api.workflow(ente, triennio).then(
        (w) => (setWf(w), setLoadError(null)),
        (err: unknown) => setLoadError(t('adoption.loadFailed', { message: err instanceof Error ? err.message : String(err) })),
      ),
    [api, ente, triennio, t],
  );
  useEffect(() => void load(), [load]);
  // A move by someone else (a sector head sending, the coordinator verifying) reaches the plan room:
  // read the states again from the server, once per burst of changes.
  useEffect(() => {
    if (!planDoc) return;
    const log = planDoc.getMap(WORKFLOW_MAP);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on = () => {
      if (timer === null) timer = setTimeout(() => ((timer = null), void load()), 300);
    };
    log.observeDeep(on);
    return () => {
      log.unobserveDeep(on);
      if (timer !== null) clearTimeout(timer);
    };
  }, [planDoc, load]);

  const send = async (target: string, ask: Omit<MoveAsk, 'target'>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api.move(ente, triennio, { target, ...ask });
      setWf((w) => ({ ...(w ?? { moves: [] }), ...r, moves: [...(w?.moves ?? []), r.move] }));
      setAsking(null);
      setDone(t('adoption.done', { state: r.move.to }));
      await load();
    } catch (err) {
      setError(t('adoption.refused', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const next = nextTriennio(triennio);
  const rollForward = async () => {
    if (!next) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.createPlanFrom(next, triennio);
      setDone(t('adoption.created', { triennio: created.triennio }));
      onOpenPlan?.(created.ente, created.triennio);
    } catch (err) {
      setError(t('adoption.createFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  if (!wf) {
    return loadError ? (
      <MessageBar intent="error" data-testid="adoption-load-error">
        <MessageBarBody>{loadError}</MessageBarBody>
      </MessageBar>
    ) : (
      <Body1 className={s.muted}>{t('app.loading')}</Body1>
    );
  }

  const open = sectorsOpen(wf.plan);
  const shownSectors = coordinator || me.role === 'viewer' ? info.sectors : info.sectors.filter((x) => me.sectors.includes(x.id));
  const ask = (target: string, step: NonNullable<Asking>['step']) => (setError(null), setAsking({ target, step }));
  const form = (target: string) =>
    asking?.target === target ? <StepForm key={asking.step.to} step={asking.step} busy={busy} onSend={(a) => void send(target, a)} onCancel={() => setAsking(null)} /> : null;
  const adopted = !['Bozza', 'In consultazione pubblica', 'Proposta alla Giunta'].includes(wf.plan);

  return (
    <section className={s.wrap} data-testid="adoption" data-plan-state={wf.plan} aria-label={t('adoption.title')}>
      <div className={s.row}>
        <Body1>{t('adoption.planState')}</Body1>
        <StateBadge state={wf.plan} testId="plan-state" />
      </div>
      {info.deadline && !adopted && <DeadlineNote deadline={info.deadline} today={today} />}
      {wf.adoption?.changed && wf.plan !== 'Bozza' && <Caption1 className={s.muted}>{t('adoption.changedSince')}</Caption1>}
      {coordinator && (
        <div className={s.row}>
          {planSteps(wf.plan).map((step) => (
            <Button key={step.to} data-testid="plan-step" data-to={step.to} disabled={busy} onClick={() => (Object.keys(step.needs).length > 0 ? ask(PLAN, step) : void send(PLAN, { to: step.to }))}>
              {t(`adoption.step.${step.to}` as MessageKey)}
            </Button>
          ))}
        </div>
      )}
      {form(PLAN)}
      {error && (
        <MessageBar intent="error" data-testid="adoption-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {done && !error && (
        <Caption1 data-testid="adoption-done" role="status">
          {done}
        </Caption1>
      )}
      <Subtitle2 as="h3">{t('adoption.sectors')}</Subtitle2>
      <ul className={s.sectors}>
        {shownSectors.map((x) => {
          const state = wf.sectors[x.id] ?? 'Bozza';
          const note = sendBackNote(wf, x.id);
          const mine = me.role === 'editor' && me.sectors.includes(x.id);
          return (
            <li key={x.id} data-testid="sector-state" data-sector={x.id} data-state={state}>
              <div className={s.row}>
                <Body1>{x.denominazione || x.id}</Body1>
                <StateBadge state={state} />
                {open && mine && maySend(state) && (
                  <Button size="small" appearance="primary" data-testid="sector-send" disabled={busy} onClick={() => void send(x.id, { to: 'Inviata dal settore' })}>
                    {t('adoption.send')}
                  </Button>
                )}
                {open &&
                  coordinator &&
                  coordinatorSectorSteps(state).map((to) => (
                    <Button
                      key={to}
                      size="small"
                      data-testid={to === 'Rinviata al settore' ? 'sector-sendback' : 'sector-verify'}
                      disabled={busy}
                      onClick={() => (to === 'Rinviata al settore' ? ask(x.id, { to, needs: { note: true } }) : void send(x.id, { to }))}
                    >
                      {t(to === 'Rinviata al settore' ? 'adoption.sendBack' : 'adoption.verify')}
                    </Button>
                  ))}
              </div>
              {note && <Caption1 data-testid="sendback-note">{t('adoption.note', { note })}</Caption1>}
              {form(x.id)}
            </li>
          );
        })}
      </ul>
      <Subtitle2 as="h3">{t('adoption.versions')}</Subtitle2>
      <VersionsList api={api} ente={ente} triennio={triennio} moves={wf.moves} />
      {coordinator && next && (
        <div>
          <Button data-testid="roll-forward" disabled={busy} onClick={() => void rollForward()}>
            {t('adoption.next', { next, current: triennio })}
          </Button>
        </div>
      )}
    </section>
  );
}
