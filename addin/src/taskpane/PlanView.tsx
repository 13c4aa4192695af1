import { Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { applyChanges } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { RECORD_ROW_ID, type HostSelection } from '../excel/sheet-host';
import { roomAccess, type PiaoApi, type PlanInfo } from './api';
import { AdoptionPanel } from './AdoptionPanel';
import { BindingControls } from './BindingControls';
import { FilesPanel } from './FilesPanel';
import { GridArea } from './GridArea';
import { HistoryPanel } from './HistoryPanel';
import { PresenceBar } from './PresenceBar';
import { TogetherBar } from './TogetherBar';
import { useTogether } from './useTogether';
import { useRoomStatus, useSessionState } from './hooks';
import { useI18n } from './i18n-context';
import { IssueList } from './IssueList';
import { countsBySheet, issuesInView } from './issues-model';
import { PresenceList } from './PresenceList';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { rowNumber } from './row-label';
import { RowForm } from './RowForm';
import { Section } from './Section';
import { SectorSelect } from './SectorSelect';
import { SheetTabs } from './SheetTabs';
import { SyncBadge } from './SyncBadge';
import { useBindableDoc } from './useBindableDoc';
import { useIssueJump } from './useIssueJump';
import { usePlanIssues, useSessionVersion } from './usePlanData';
import { usePlanSession, useSignInProbe } from './usePlanSession';
import { usePresence } from './usePresence';
import { useRoomChoice, useWorkbookMemory, workbookRoom } from './useRoomChoice';
import { useSheetBinding, type BindingMode } from './useSheetBinding';

const useStyles = makeStyles({
  layout: { display: 'flex', flexDirection: 'column', gap: '12px' },
  wide: {
    '@media (min-width: 900px)': { display: 'grid', gridTemplateColumns: 'minmax(320px, 440px) minmax(0, 1fr)', alignItems: 'start', gap: '16px' },
  },
  top: { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: '8px' },
  pane: { display: 'flex', flexDirection: 'column', gap: '12px', minWidth: 0 },
  grid: {
    minWidth: 0,
    overflowX: 'auto',
    // Wide screens: the grid stays in view while the pane beside it scrolls.
    '@media (min-width: 900px)': { position: 'sticky', top: '12px', maxHeight: 'calc(100vh - 24px)', overflowY: 'auto' },
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** One plan: the sector's sheets, the form, issues, presence, files, bound to Excel or to the grids. */
export function PlanView({
  api,
  info,
  token,
  mode,
  header,
  onSignInAgain,
  onOpenPlan,
}: {
  api: PiaoApi;
  info: PlanInfo;
  token: string;
  mode: BindingMode;
  header: ReactNode;
  /** "Accedi di nuovo" after the sign-in expired; the session (and its unsent edits) stays open. */
  onSignInAgain?: () => void;
  /** A plan just created from this one (roll-forward): the pane switches to it. */
  onOpenPlan?: (ente: string, triennio: string) => void;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const session = usePlanSession(info, token);
  // A workbook already bound to this plan re-binds as soon as the pane opens in it.
  const [excelActive, setExcelActive] = useState(() => mode === 'browser' || workbookRoom(info, mode) !== null);
  const [rebind, setRebind] = useState(0);
  const [wholePlan, setWholePlan] = useState(false);
  const choice = useRoomChoice(info, mode);
  const { room, sheets, sheet, rowId, setSheet, setRowId, changeRoom } = choice;

  const conn = useMemo(() => session?.open(room) ?? null, [session, room]);
  const { state: syncState, rooms } = useSessionState(session);
  useSignInProbe(session, api, syncState === 'offline');
  const status = useRoomStatus(conn);
  useRoomStatus(session?.plan ?? null);
  const version = useSessionVersion(session, rooms);
  const readOnly = roomAccess(info, room) !== 'write' || !!status?.denied;
  const sectorIds = useMemo(() => info.sectors.map((x) => x.id), [info]);
  const { issues, source, settings } = usePlanIssues({ session, api, ente: info.ente, triennio: info.triennio, rooms, sectorIds, version, saved: syncState === 'saved' });
  const roomIssues = useMemo(() => issues.filter((i) => i.room === room), [issues, room]);

  const onSelection = useCallback(
    (sel: HostSelection) => {
      if (!sheets.includes(sel.sheet)) return;
      setSheet(sel.sheet);
      setRowId(sel.rowId === RECORD_ROW_ID ? null : sel.rowId);
    },
    [sheets, setSheet, setRowId],
  );
  const bindingKey = `${room}#${rebind}`;
  // Excel binds only a document that has synced with the server in this session (issue 8 defect 1).
  const bindable = useBindableDoc(mode, conn, status);
  const bound = useSheetBinding({
    mode,
    active: excelActive,
    doc: bindable.doc,
    room: bindingKey,
    sheets: sheets.filter((id) => getSheet(id).exported),
    readOnly,
    settings,
    issues: roomIssues,
    onSelection,
  });
  useWorkbookMemory(info, mode, room, excelActive && bound.ready && bound.room === bindingKey);
  const onJump = useIssueJump({ choice, conn, status, version, bound, bindingKey, excelActive });

  const presence = usePresence(session, info.me, room, sheet, rowId);
  const together = useTogether({ session, doc: conn?.doc ?? null, room, sheet, rowId, me: info.me, presence, onRowGone: () => setRowId(null) });
  const sectorName = useCallback((r: string) => (r === PLAN_ROOM ? t('sector.plan') : (info.sectors.find((x) => x.id === r)?.denominazione ?? r)), [info, t]);
  const counts = countsBySheet(issues, room);
  const shown = issuesInView(issues, room, wholePlan);

  const pane = (
    <div className={s.pane}>
      <div className={s.top}>
        {header}
        <SyncBadge state={syncState} onSignIn={onSignInAgain} />
      </div>
      <TogetherBar
        together={together}
        readOnly={readOnly}
        presence={<PresenceBar entries={presence} sectorName={sectorName} rowLabel={(r, sh, id) => rowNumber(session, r, sh, id)} />}
      />
      {readOnly && <ReadOnlyBanner denied={status?.denied ?? null} />}
      <SectorSelect info={info} room={room} onChange={changeRoom} />
      <Section title={t('sheets.title')}>
        <SheetTabs sheets={sheets} current={sheet} counts={counts} onSelect={(id) => (setSheet(id), setRowId(null))} />
        <BindingControls
          mode={mode}
          excelActive={excelActive}
          bound={bound}
          onOpen={() => (excelActive ? setRebind((x) => x + 1) : setExcelActive(true))}
          notice={
            mode === 'excel' && excelActive && bindable.waiting === 'server' ? (
              <Caption1 className={s.muted} data-testid="binding-wait-server" role="status">
                {t('excel.waitServer')}
              </Caption1>
            ) : null
          }
        />
      </Section>
      {conn && session && (
        <Section title={t('form.title')}>
          <RowForm
            sheet={getSheet(sheet)}
            room={room}
            doc={conn.doc}
            planDoc={session.plan.doc}
            rowId={rowId}
            readOnly={readOnly}
            settings={settings}
            issues={roomIssues}
            version={version}
            onSelectRow={(id) => {
              setRowId(id);
              if (id && bound.binding) void Promise.resolve(bound.binding.select(sheet, id)).catch(() => undefined);
            }}
            onAddRow={() => {
              const id = applyChanges(conn.doc, [{ kind: 'add', sheet, values: {} }], 'form')[0] ?? null;
              setRowId(id);
            }}
            onDeleteRow={(id) => together.del.request(sheet, id)}
            othersHere={together.othersHere}
            onDraft={together.conflicts.setDraft}
            onLost={together.onLost}
          />
        </Section>
      )}
      <Section title={`${t('issues.title')} (${shown.length})`}>
        <IssueList issues={shown} wholePlan={wholePlan} onWholePlan={setWholePlan} sectorName={sectorName} onJump={onJump} source={source} />
      </Section>
      <Section title={t('presence.title')}>
        <PresenceList entries={presence} sectorName={sectorName} rowLabel={(r, sh, id) => rowNumber(session, r, sh, id)} />
      </Section>
      <Section title={t('history.title')}>
        <HistoryPanel
          api={api}
          ente={info.ente}
          triennio={info.triennio}
          room={room}
          sheet={sheet}
          rowId={rowId}
          version={version}
          nameOf={together.nameOf}
          sectorName={sectorName}
          canWrite={(r) => roomAccess(info, r) === 'write' && !!session?.get(r)}
          onRestore={together.restoreHistory}
        />
      </Section>
      <Section title={t('adoption.title')} testId="adoption-section">
        <AdoptionPanel api={api} info={info} planDoc={session?.plan.doc ?? null} onOpenPlan={onOpenPlan} />
      </Section>
      <Section title={t('files.title')}>
        <FilesPanel api={api} ente={info.ente} triennio={info.triennio} sector={room === PLAN_ROOM ? null : room} canImport={!readOnly} />
      </Section>
      {!status?.localLoaded && <Body1 className={s.muted}>{t('app.loading')}</Body1>}
    </div>
  );

  return (
    <div className={`${s.layout} ${mode === 'browser' ? s.wide : ''}`} data-sync={syncState}>
      {pane}
      {mode === 'browser' && bound.host && (
        <div className={s.grid}>
          <GridArea
            host={bound.host}
            sheet={sheet}
            readOnly={readOnly}
            presenceRows={together.presenceRows}
            doc={bindable.doc ?? undefined}
            onDeleteRow={(id) => together.del.request(sheet, id)}
            onCellDraft={together.onCellDraft}
            onCellLost={together.onCellLost}
          />
        </div>
      )}
    </div>
  );
}
