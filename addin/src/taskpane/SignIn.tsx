import { Button, Field, Input, MessageBar, MessageBarBody, Subtitle1, Body1, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import { useI18n } from './i18n-context';
import { tokenFromInput } from './auth';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '440px' },
});

/** Sign-in: the link's token normally arrives in the URL; inside Excel the user may paste the link here. */
export function SignIn({ error, onToken }: { error: string | null; onToken: (token: string) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = () => {
    const tok = tokenFromInput(text);
    setInvalid(!tok);
    if (tok) onToken(tok);
  };
  return (
    <form
      className={s.wrap}
      data-testid="signin"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Subtitle1 as="h1">{t('signin.title')}</Subtitle1>
      {error && (
        <MessageBar intent="error" data-testid="signin-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Body1>{t('signin.help')}</Body1>
      <Field label={t('signin.field')} validationState={invalid ? 'error' : 'none'} validationMessage={invalid ? t('signin.invalid') : undefined}>
        <Input data-testid="signin-input" value={text} onChange={(_e, d) => setText(d.value)} />
      </Field>
      <Button appearance="primary" type="submit">
        {t('signin.submit')}
      </Button>
    </form>
  );
}
