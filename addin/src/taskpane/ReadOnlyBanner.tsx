import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useI18n } from './i18n-context';

/** Why the room cannot be edited: the role, or the server's refusal reason. */
export function ReadOnlyBanner({ denied }: { denied: string | null }) {
  const { t } = useI18n();
  return (
    <MessageBar intent="warning" data-testid="readonly-banner">
      <MessageBarBody>
        {t('readonly.banner')}
        {denied ? ` ${t('readonly.denied', { reason: denied })}` : ''}
      </MessageBarBody>
    </MessageBar>
  );
}
