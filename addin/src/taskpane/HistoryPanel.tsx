import { Body1, Button, Caption1, Field, Select, Spinner, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { HistoryItem } from '@piao/shared/doc/history';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import { schemaLabel } from '../i18n';
import type { PiaoApi } from './api';
import { columnLabel, rowName, sheetLabel, valueText } from './cell-labels';
import type { ActionResult } from './conflict-actions';
import { linesOf, roomId, type HistoryLine } from './history-model';
import { useI18n } from './i18n-context';
import { useHistory } from './useHistory';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', minWidth: 0 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  // The plan's recent changes can be long: they scroll inside the panel, not the whole pane.
  scroller: { maxHeight: '420px', overflowY: 'auto', minWidth: 0 },
  entry: { borderLeft: `3px solid ${tokens.colorNeutralStroke2}`, paddingLeft: '8px', minWidth: 0 },
  line: { display: 'flex', gap: '6px', alignItems: 'baseline', flexWrap: 'wrap', overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  select: { minWidth: 0, '& select': { minWidth: 0 } },
});

export interface HistoryPanelProps {
  api: PiaoApi;
  ente: string;
  triennio: string;
  room: string;
  sheet: SheetId;
  rowId: string | null;
  version: number;
  /** A display name for an audit subject (the user's name when known). */
  nameOf: (sub: string) => string;
  sectorName: (room: string) => string;
  /** Whether the user may write in a room (restore buttons only there). */
  canWrite: (room: string) => boolean;
  /** Puts an old value back (a normal edit of the user) or re-creates a deleted row, or says why not. */
  onRestore: (room: string, line: HistoryLine) => ActionResult;
}

const dateFormat = (locale: string) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'it-IT', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * History in the pane (issue 9 item 6): for the selected row, or one of its cells, who changed what,
 * when and the previous value; or the plan's recent changes. Each line can put the old value back.
 */
export function HistoryPanel(p: HistoryPanelProps) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const [scope, setScope] = useState<'row' | 'plan'>('row');
  const [column, setColumn] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const def = getSheet(p.sheet);
  const rowScope = def.kind === 'record' ? { room: p.room, sheet: p.sheet } : p.rowId ? { room: p.room, sheet: p.sheet, rowId: p.rowId } : null;
  const h = useHistory(p.ente, p.triennio, scope === 'plan' ? {} : rowScope && { ...rowScope, column: column || undefined }, p.version, p.api);
  const fmt = dateFormat(locale);
  const restore = (room: string, l: HistoryLine) => {
    const r = p.onRestore(room, l);
    setFailed(r.ok ? null : r.error);
    if (r.ok) h.refresh();
  };

  const text = (l: HistoryLine) => {
    if (l.kind === 'deleted') return `${t('history.deleted')} «${rowName(l.sheet, l.previousRow)}»`;
    const params = {
      column: columnLabel(l.sheet, l.column, locale),
      value: valueText(l.sheet, l.column, l.value) || t('conflict.empty'),
      previous: valueText(l.sheet, l.column, l.previous) || t('conflict.empty'),
    };
    return t(l.kind === 'change' ? 'history.change' : l.kind === 'set' ? 'history.set' : 'history.cleared', params);
  };
  const restoreLabel = (l: HistoryLine) =>
    l.kind === 'deleted' ? t('history.restoreRow') : t('history.restore', { value: valueText(l.sheet, l.column, l.previous) || t('conflict.empty') });

  const entry = (e: HistoryItem) => {
    const room = roomId(e.room);
    const { lines, hidden } = linesOf(e);
    const writable = p.canWrite(room);
    return (
      <li key={e.seq} className={s.entry} data-testid="history-entry" data-sub={e.sub} data-seq={e.seq}>
        <Caption1 className={s.muted}>
          {t('history.byWhen', { who: p.nameOf(e.sub), when: fmt.format(new Date(e.at)) })}
          {scope === 'plan' ? ` · ${t('presence.where', { sector: p.sectorName(room), sheet: sheetsOf(e, locale) })}` : ''}
        </Caption1>
        {lines.map((l, i) => (
          <div key={i} className={s.line} data-testid="history-line" data-kind={l.kind} data-column={l.kind === 'deleted' ? '' : l.column}>
            <Body1>{text(l)}</Body1>
            {writable && l.kind !== 'set' && (
              <Button size="small" appearance="subtle" data-testid="history-restore" onClick={() => restore(room, l)}>
                {restoreLabel(l)}
              </Button>
            )}
          </div>
        ))}
        {hidden > 0 && <Caption1 className={s.muted}>+{hidden}</Caption1>}
      </li>
    );
  };

  return (
    <section className={s.panel} aria-label={t('history.title')} data-testid="history-panel">
      <TabList size="small" selectedValue={scope} onTabSelect={(_e, d) => setScope(d.value as 'row' | 'plan')}>
        <Tab value="row" data-testid="history-tab-row">
          {t('history.row')}
        </Tab>
        <Tab value="plan" data-testid="history-tab-plan">
          {t('history.plan')}
        </Tab>
      </TabList>
      {scope === 'row' && rowScope && (
        <Field label={t('history.column')}>
          <Select className={s.select} size="small" data-testid="history-column" value={column} onChange={(_e, d) => setColumn(d.value)}>
            <option value="">{t('history.allColumns')}</option>
            {def.columns
              .filter((c) => !c.computed)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {schemaLabel(c, locale)}
                </option>
              ))}
          </Select>
        </Field>
      )}
      {scope === 'row' && !rowScope && <Caption1 className={s.muted}>{t('history.noRow')}</Caption1>}
      {h.error && <Caption1 role="alert">{t('history.error', { message: h.error })}</Caption1>}
      {failed && (
        <Caption1 role="alert" data-testid="history-restore-failed">
          {t('history.restoreFailed', { message: failed })}
        </Caption1>
      )}
      {h.loading && h.entries.length === 0 && <Spinner size="tiny" label={t('history.loading')} />}
      {!h.loading && !h.error && h.entries.length === 0 && (scope === 'plan' || rowScope) && <Caption1 className={s.muted}>{t('history.empty')}</Caption1>}
      {h.entries.length > 0 && (
        // Focusable so the list can be scrolled with the keyboard (axe: scrollable-region-focusable).
        <div className={s.scroller} tabIndex={0} role="region" aria-label={t('history.title')} data-testid="history-list">
          <ul className={s.list}>{h.entries.map(entry)}</ul>
        </div>
      )}
      <div>
        {h.hasMore && (
          <Button size="small" data-testid="history-more" onClick={h.more}>
            {t('history.more')}
          </Button>
        )}{' '}
        <Button size="small" appearance="subtle" data-testid="history-refresh" onClick={h.refresh}>
          {t('history.refresh')}
        </Button>
      </div>
    </section>
  );
}

/** The sheets an entry touched, by label ("Obiettivi, Indicatori"). */
function sheetsOf(e: HistoryItem, locale: 'it' | 'en'): string {
  return [...new Set(e.cells.map((c) => c.sheet))].map((id) => (isSheetId(id) ? sheetLabel(id, locale) : id)).join(', ');
}
