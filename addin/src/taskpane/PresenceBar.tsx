import { Avatar, Caption1, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import type { PresenceEntry } from './presence';

const useStyles = makeStyles({
  // Padding keeps the avatars' coloured outline inside the clipped bar.
  bar: { display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0, flexWrap: 'nowrap', overflow: 'hidden', padding: '3px' },
  more: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
});

export const BAR_AVATARS = 5;

/**
 * The other users of the plan as a row of avatars at the top of the pane: visible without scrolling in
 * a 350 px pane (issue 9 item 7). Each avatar says where that person is working.
 */
export function PresenceBar(props: {
  entries: readonly PresenceEntry[];
  sectorName: (room: string) => string;
  rowLabel: (room: string, sheet: string, rowId: string) => string | null;
}) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const others = props.entries.filter((e) => !e.self);
  const byUser = [...new Map(others.map((e) => [e.user.sub, e])).values()];
  if (byUser.length === 0) return null;
  const shown = byUser.slice(0, BAR_AVATARS);
  const where = (e: PresenceEntry) => {
    const sheet = e.sheet && isSheetId(e.sheet) ? schemaLabel(getSheet(e.sheet), locale) : '';
    const row = e.sector && e.sheet && e.rowId ? props.rowLabel(e.sector, e.sheet, e.rowId) : null;
    const place = e.sector ? t('presence.where', { sector: props.sectorName(e.sector), sheet }) : '';
    return `${e.user.name}${place ? ` — ${place}` : ''}${row ? ` · ${t('presence.row', { row })}` : ''}`;
  };
  return (
    <div className={s.bar} role="group" aria-label={t('presence.bar')} data-testid="presence-bar" data-count={byUser.length}>
      {shown.map((e) => (
        <Tooltip key={e.user.sub} content={where(e)} relationship="label">
          <Avatar
            size={24}
            name={e.user.name}
            color="colorful"
            idForColor={e.user.sub}
            data-testid={`presence-bar-${e.user.sub}`}
            style={{ outline: `2px solid ${e.user.color}` }}
          />
        </Tooltip>
      ))}
      {byUser.length > shown.length && <Caption1 className={s.more}>{t('presence.more', { count: byUser.length - shown.length })}</Caption1>}
    </div>
  );
}
