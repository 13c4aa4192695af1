import { Button, MessageBar, MessageBarActions, MessageBarBody, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import { tokenHints } from './auth';
import { useI18n } from './i18n-context';
import { SignIn } from './SignIn';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '8px' },
});

/** Whether a new token belongs to the same user of the same ente as the expired one. */
export function sameAccount(current: string, next: string): boolean {
  const a = tokenHints(current);
  const b = tokenHints(next);
  return a.sub === b.sub && a.ente === b.ente;
}

/**
 * Signing in again after "Accesso scaduto", above the plan (which stays open with its unsent edits).
 * A link of the same user renews the session; a link of another user or ente cannot send this
 * session's edits, so it is used only after "Esci" (the edits stay on this device).
 */
export function ReSignIn({
  token,
  onRenew,
  onSwitch,
  onCancel,
}: {
  token: string;
  onRenew: (token: string) => void;
  onSwitch: (token: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [other, setOther] = useState<string | null>(null);
  return (
    <div className={s.wrap} data-testid="resignin">
      <MessageBar intent="warning">
        <MessageBarBody>{t('reauth.help')}</MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={onCancel}>
            {t('reauth.cancel')}
          </Button>
        </MessageBarActions>
      </MessageBar>
      {other ? (
        <MessageBar intent="warning" data-testid="resignin-other">
          <MessageBarBody>{t('reauth.otherAccount', { ente: tokenHints(other).ente ?? '?' })}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" appearance="primary" data-testid="resignin-signout" onClick={() => onSwitch(other)}>
              {t('signin.logout')}
            </Button>
            <Button size="small" onClick={() => setOther(null)}>
              {t('reauth.cancel')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        <SignIn error={null} onToken={(tok) => (sameAccount(token, tok) ? onRenew(tok) : setOther(tok))} />
      )}
    </div>
  );
}
