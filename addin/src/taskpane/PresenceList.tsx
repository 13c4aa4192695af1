import { Avatar, Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import type { PresenceEntry } from './presence';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '6px' },
  item: { display: 'flex', gap: '8px', alignItems: 'center' },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  where: { color: tokens.colorNeutralForeground3 },
});

/** Who is in this plan, in which sector and row (from the plan room's awareness). */
export function PresenceList(props: { entries: readonly PresenceEntry[]; sectorName: (room: string) => string; rowLabel: (room: string, sheet: string, rowId: string) => string | null }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const others = props.entries.filter((e) => !e.self);
  return (
    <section aria-label={t('presence.title')}>
      {others.length === 0 && <Caption1 className={s.where}>{t('presence.none')}</Caption1>}
      <ul className={s.list} data-testid="presence-list" data-count={others.length}>
        {props.entries.map((e) => {
          const sheet = e.sheet && isSheetId(e.sheet) ? schemaLabel(getSheet(e.sheet), locale) : '';
          const row = e.sector && e.sheet && e.rowId ? props.rowLabel(e.sector, e.sheet, e.rowId) : null;
          return (
            <li key={e.clientId} className={s.item} data-testid={`presence-${e.user.sub}`} data-self={e.self} data-sector={e.sector ?? ''} data-row={e.rowId ?? ''}>
              <Avatar size={24} name={e.user.name} color="colorful" idForColor={e.user.sub} style={{ outline: `2px solid ${e.user.color}` }} />
              <span className={s.text}>
                <Body1>
                  {e.user.name} {e.self ? t('presence.you') : ''}
                </Body1>
                <Caption1 className={s.where}>
                  {e.sector ? t('presence.where', { sector: props.sectorName(e.sector), sheet }) : ''}
                  {row ? ` · ${t('presence.row', { row })}` : ''}
                </Caption1>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
