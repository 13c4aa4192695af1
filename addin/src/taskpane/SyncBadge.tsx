import { Badge, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { SyncState } from '../sync/save-status';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '2px', flexShrink: 0 },
  badge: { whiteSpace: 'nowrap' },
  hint: { color: tokens.colorNeutralForeground3, textAlign: 'right', maxWidth: '220px' },
});

const COLOR = { expired: 'danger', offline: 'danger', syncing: 'warning', saved: 'success' } as const;
const TEXT = { expired: 'sync.expired', offline: 'sync.offline', syncing: 'sync.syncing', saved: 'sync.saved' } as const;

/**
 * The sync badge: its text is the state (the last one only after the server confirmed it stored). An
 * expired sign-in offers to sign in again; the edits made meanwhile wait on this device.
 */
export function SyncBadge({ state, onSignIn }: { state: SyncState; onSignIn?: () => void }) {
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
      {state === 'expired' && (
        <>
          <Caption1 className={s.hint} data-testid="sync-expired-hint">
            {t('sync.expiredHint')}
          </Caption1>
          {onSignIn && (
            <Button size="small" appearance="primary" data-testid="sign-in-again" onClick={onSignIn}>
              {t('sync.signInAgain')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
