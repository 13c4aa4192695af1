import { Avatar, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from './i18n-context';
import { joinNames } from './cell-labels';
import type { PresenceEntry } from './presence';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: '6px', color: tokens.colorNeutralForeground2 },
});

/** "Elena Conti sta modificando questa riga", on the row form, with the users' avatars in their colours. */
export function RowPresence({ others }: { others: readonly PresenceEntry[] }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const names = joinNames(
    others.map((e) => e.user.name),
    '',
    locale === 'en' ? 'and' : 'e',
  );
  return (
    <div className={s.line} role="status" data-testid="row-presence" data-users={others.map((e) => e.user.sub).join(' ')}>
      {others.slice(0, 3).map((e) => (
        <Avatar key={e.clientId} size={20} name={e.user.name} color="colorful" idForColor={e.user.sub} style={{ outline: `2px solid ${e.user.color}` }} />
      ))}
      <Caption1>{t(others.length === 1 ? 'presence.editingRowOne' : 'presence.editingRowMany', { names })}</Caption1>
    </div>
  );
}
