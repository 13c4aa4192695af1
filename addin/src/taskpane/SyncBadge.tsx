import { Badge, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { SyncState } from '../sync/save-status';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '2px', flexShrink: 0 },
  badge: { whiteSpace: 'nowrap' },
  hint: { color: tokens.colorNeutralForeground3, textAlign: 'right', maxWidth: '220px' },
});

const COLOR = { offline: 'danger', syncing: 'warning', saved: 'success' } as const;
const TEXT = { offline: 'sync.offline', syncing: 'sync.syncing', saved: 'sync.saved' } as const;

/** The sync badge: its text is the state (the last one only after the server confirmed it stored). */
export function SyncBadge({ state }: { state: SyncState }) {
  const { t } = useI18n();
  const s = useStyles();
  return (
    <div className={s.wrap}>
      <Badge className={s.badge} data-testid="sync-badge" data-state={state} color={COLOR[state]} appearance="tint" role="status" aria-live="polite">
        {t(TEXT[state])}
      </Badge>
      {state === 'offline' && (
        <Caption1 className={s.hint} data-testid="sync-offline-hint">
          {t('sync.offlineHint')}
        </Caption1>
      )}
    </div>
  );
}
