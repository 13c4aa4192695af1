import { Body1, Button, Caption1, Field, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { applyChanges, deleteRow, readRow, readSheet } from '@piao/shared/doc/rows';
import { PLAN_SHEET_IDS, SECTOR_SHEET_IDS, getSheet, isSheetId } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import type { Issue } from '@piao/shared/validate/issue';
import { RECORD_ROW_ID, type HostSelection } from '../excel/sheet-host';
import { PlanSession } from '../sync/plan-session';
import { roomAccess, type PiaoApi, type PlanInfo } from './api';
import { FilesPanel } from './FilesPanel';
import { GridArea } from './GridArea';
import { useRoomStatus, useSessionState } from './hooks';
import { useI18n } from './i18n-context';
import { IssueList } from './IssueList';
import { countsBySheet, issuesInView } from './issues-model';
import { PresenceList } from './PresenceList';
import { usePresence } from './usePresence';
import { usePlanIssues, useSessionVersion } from './usePlanData';
import { RowForm } from './RowForm';
import { Section } from './Section';
import { SheetTabs } from './SheetTabs';
import { SyncBadge } from './SyncBadge';
import { useSheetBinding, type BindingMode } from './useSheetBinding';
import { officeDocumentSettings, readWorkbookBinding, writeWorkbookBinding } from './workbook-memory';

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
  // A native select is as wide as its longest option: keep it inside a 320 px pane.
  select: { width: '100%', minWidth: 0, '& select': { minWidth: 0, textOverflow: 'ellipsis' } },
});

const roomKey = (info: PlanInfo) => `piao.room.${info.ente}/${info.triennio}`;

/** In Excel: the room this workbook is bound to, if it belongs to this plan. */
function workbookRoom(info: PlanInfo, mode: BindingMode): string | null {
  if (mode !== 'excel') return null;
  const b = readWorkbookBinding(officeDocumentSettings());
  if (!b || b.ente !== info.ente || b.triennio !== info.triennio) return null;
  return b.room === PLAN_ROOM || info.sectors.some((s) => s.id === b.room) ? b.room : null;
}

function initialRoom(info: PlanInfo, mode: BindingMode): string {
  const bound = workbookRoom(info, mode);
  if (bound) return bound;
  const remembered = globalThis.localStorage?.getItem(roomKey(info));
  const ids = info.sectors.map((s) => s.id);
  if (remembered && (remembered === PLAN_ROOM || ids.includes(remembered))) return remembered;
  const own = info.me.sectors.find((s) => ids.includes(s));
  return own ?? ids[0] ?? PLAN_ROOM;
}

function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

/** One plan: the sector's sheets, the form, issues, presence, files, bound to Excel or to the grids. */
export function PlanView({ api, info, token, mode, header }: { api: PiaoApi; info: PlanInfo; token: string; mode: BindingMode; header: ReactNode }) {
  const { t } = useI18n();
  const s = useStyles();
  const [session, setSession] = useState<PlanSession | null>(null);
  const [room, setRoom] = useState(() => initialRoom(info, mode));
  const sheets: SheetId[] = room === PLAN_ROOM ? PLAN_SHEET_IDS : SECTOR_SHEET_IDS;
  const [sheet, setSheet] = useState<SheetId>(sheets[0]!);
  const [rowId, setRowId] = useState<string | null>(null);
  const [wholePlan, setWholePlan] = useState(false);
  // A workbook already bound to this plan re-binds as soon as the pane opens in it.
  const [excelActive, setExcelActive] = useState(() => mode === 'browser' || workbookRoom(info, mode) !== null);
  const [rebind, setRebind] = useState(0);
  const [pendingJump, setPendingJump] = useState<Issue | null>(null);

  useEffect(() => {
    const sess = new PlanSession({ serverUrl: wsBase(), ente: info.ente, triennio: info.triennio, token });
    setSession(sess);
    return () => sess.destroy();
  }, [info.ente, info.triennio, token]);

  const conn = useMemo(() => session?.open(room) ?? null, [session, room]);
  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(roomKey(info), room);
    } catch {
      // Only a preference.
    }
  }, [info, room]);

  useEffect(() => {
    if (mode === 'excel' && excelActive) writeWorkbookBinding(officeDocumentSettings(), { ente: info.ente, triennio: info.triennio, room });
  }, [mode, excelActive, info.ente, info.triennio, room]);

  const { state: syncState, rooms } = useSessionState(session);
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
    [sheets],
  );
  const bindingKey = `${room}#${rebind}`;
  const bound = useSheetBinding({
    mode,
    active: excelActive,
    doc: conn?.doc ?? null,
    room: bindingKey,
    sheets: sheets.filter((id) => getSheet(id).exported),
    readOnly,
    settings,
    issues: roomIssues,
    onSelection,
  });

  const presence = usePresence(session, info.me, room, sheet, rowId);
  const sectorName = useCallback((r: string) => (r === PLAN_ROOM ? t('sector.plan') : (info.sectors.find((x) => x.id === r)?.denominazione ?? r)), [info, t]);

  const changeRoom = (next: string) => {
    setRoom(next);
    const first = (next === PLAN_ROOM ? PLAN_SHEET_IDS : SECTOR_SHEET_IDS)[0]!;
    setSheet(first);
    setRowId(null);
  };

  const jump = useCallback(
    (i: Issue) => {
      if (!isSheetId(i.sheet)) return;
      setSheet(i.sheet);
      setRowId(i.rowId);
      const target = i.rowId ?? (getSheet(i.sheet).kind === 'record' ? RECORD_ROW_ID : null);
      if (target && bound.binding) void Promise.resolve(bound.binding.select(i.sheet, target, i.column)).catch(() => undefined);
      // After the form has re-rendered on the row: bring the field into view in the pane too.
      setTimeout(() => {
        const sel = i.column ? `[data-testid="row-form"] [data-column="${CSS.escape(i.column)}"]` : '[data-testid="row-form"]';
        document.querySelector(sel)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }, 50);
    },
    [bound.binding],
  );
  const onJump = (i: Issue) => {
    if (i.room !== room) {
      changeRoom(i.room);
      setPendingJump(i);
    } else jump(i);
  };
  useEffect(() => {
    if (!pendingJump || pendingJump.room !== room || !conn) return;
    // The first renders after the switch still carry the previous room's binding, whose select()
    // cannot find the row: wait for this room's binding, and for the row to have arrived (a room
    // opened just now fills from IndexedDB and the server after its binding is ready).
    const boundHere = !excelActive || (bound.room === bindingKey && (bound.ready || bound.error !== null));
    const i = pendingJump;
    const rowHere = !i.rowId || !isSheetId(i.sheet) || readRow(conn.doc, i.sheet, i.rowId) !== null || conn.status.everSynced;
    if (boundHere && rowHere) {
      jump(i);
      setPendingJump(null);
    }
  }, [pendingJump, room, conn, status, version, bound.room, bound.ready, bound.error, bindingKey, excelActive, jump]);

  const counts = countsBySheet(issues, room);
  const shown = issuesInView(issues, room, wholePlan);
  const sheetDef = getSheet(sheet);
  const rowLabel = (r: string, sh: string, id: string) => {
    const doc = session?.get(r)?.doc;
    if (!doc || !isSheetId(sh) || getSheet(sh).kind !== 'table') return null;
    const i = readSheet(doc, sh).findIndex((x) => x.id === id);
    return i < 0 ? null : String(i + 1);
  };

  const pane = (
    <div className={s.pane}>
      <div className={s.top}>
        {header}
        <SyncBadge state={syncState} />
      </div>
      {readOnly && (
        <MessageBar intent="warning" data-testid="readonly-banner">
          <MessageBarBody>
            {t('readonly.banner')}
            {status?.denied ? ` ${t('readonly.denied', { reason: status.denied })}` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      <Field label={t('sector.label')}>
        <Select className={s.select} data-testid="sector-select" value={room} onChange={(_e, d) => changeRoom(d.value)}>
          {[...info.sectors.map((x) => ({ id: x.id, name: x.denominazione || x.id })), { id: PLAN_ROOM, name: t('sector.plan') }].map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} {roomAccess(info, o.id) !== 'write' ? t('sector.readonly') : ''}
            </option>
          ))}
        </Select>
      </Field>
      <Section title={t('sheets.title')}>
        <SheetTabs sheets={sheets} current={sheet} counts={counts} onSelect={(id) => (setSheet(id), setRowId(null))} />
        {mode === 'excel' ? (
          <div>
            <Button appearance="primary" data-testid="open-in-excel" onClick={() => (excelActive ? setRebind((x) => x + 1) : setExcelActive(true))}>
              {excelActive ? t('excel.rebind') : t('excel.open')}
            </Button>
            {excelActive && !bound.error && <Caption1 className={s.muted}> {bound.ready ? t('excel.bound') : t('excel.binding')}</Caption1>}
          </div>
        ) : (
          <Caption1 className={s.muted}>{t('browser.mode')}</Caption1>
        )}
        {bound.error && (
          <MessageBar intent="error">
            <MessageBarBody>{t('excel.error', { message: bound.error })}</MessageBarBody>
          </MessageBar>
        )}
      </Section>
      {conn && session && (
        <Section title={t('form.title')}>
          <RowForm
            sheet={sheetDef}
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
            onDeleteRow={(id) => {
              deleteRow(conn.doc, sheet, id, 'form');
              setRowId(null);
            }}
          />
        </Section>
      )}
      <Section title={`${t('issues.title')} (${shown.length})`}>
        <IssueList issues={shown} wholePlan={wholePlan} onWholePlan={setWholePlan} sectorName={sectorName} onJump={onJump} source={source} />
      </Section>
      <Section title={t('presence.title')}>
        <PresenceList entries={presence} sectorName={sectorName} rowLabel={rowLabel} />
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
          <GridArea host={bound.host} sheet={sheet} readOnly={readOnly} />
        </div>
      )}
    </div>
  );
}
