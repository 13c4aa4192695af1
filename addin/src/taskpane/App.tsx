import { Body1, Button, Caption1, Field, MessageBar, MessageBarBody, Select, Spinner, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, PiaoApi, type PlanInfo, type PlanSummary } from './api';
import { rememberToken, takeToken, tokenHints } from './auth';
import { useI18n } from './i18n-context';
import { PlanView } from './PlanView';
import { ReSignIn } from './ReSignIn';
import { SignIn } from './SignIn';
import { useTokenRefresh } from './useTokenRefresh';
import type { BindingMode } from './useSheetBinding';

const useStyles = makeStyles({
  app: { boxSizing: 'border-box', padding: '12px', display: 'flex', flexDirection: 'column', gap: '12px', minHeight: '100%', minWidth: 0, maxWidth: '100vw' },
  title: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  user: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
});

const store = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

/** Last answers of the API, so a reload without network still opens the plan from the local copies. */
function cached<T>(key: string): T | null {
  try {
    const raw = store()?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function cache(key: string, value: unknown): void {
  try {
    store()?.setItem(key, JSON.stringify(value));
  } catch {
    // Only a cache.
  }
}

declare global {
  interface Window {
    /** history.replaceState saved by index.html before office.js removes it. */
    __piaoReplaceState?: (data: unknown, unused: string, url?: string | URL | null) => void;
  }
}

function replaceUrl(url: string): void {
  const replace = window.__piaoReplaceState ?? (typeof history.replaceState === 'function' ? history.replaceState.bind(history) : null);
  replace?.(history.state, '', url);
}

const isAuthError = (e: unknown) => e instanceof ApiError && (e.status === 401 || e.status === 403);

export function App({ mode }: { mode: BindingMode }) {
  const { t } = useI18n();
  const s = useStyles();
  const [token, setToken] = useState<string | null>(() => takeToken(location.href, store(), replaceUrl));
  const [signinError, setSigninError] = useState<string | null>(null);
  const [plans, setPlans] = useState<PlanSummary[] | null>(null);
  const [planKey, setPlanKey] = useState<string | null>(() => store()?.getItem('piao.plan') ?? null);
  const [info, setInfo] = useState<PlanInfo | null>(null);
  const [netError, setNetError] = useState<string | null>(null);
  /** "Accedi di nuovo" pressed: the sign-in form shows above the plan, which stays open. */
  const [reauth, setReauth] = useState(false);
  const api = useMemo(() => (token ? new PiaoApi(token) : null), [token]);
  // The renewed token goes to the open plan view, whose rooms reconnect with it.
  useTokenRefresh(api, token, (tok) => {
    rememberToken(store(), tok);
    setToken(tok);
  });

  const signOut = (message: string | null) => {
    setReauth(false);
    rememberToken(store(), null);
    setToken(null);
    setPlans(null);
    setInfo(null);
    setSigninError(message);
  };

  /** `fallback` loads the last answer kept on this device and says whether there was one. */
  const fail = (err: unknown, fallback: () => boolean) => {
    if (isAuthError(err)) signOut(`${t('signin.invalid')} (${(err as Error).message})`);
    else if (err instanceof ApiError) setNetError(t('error.generic', { message: err.message }));
    else {
      // No network: with the copies kept here the pane works offline, and says so.
      const offline = fallback();
      setNetError(offline ? t('app.offlineStart') : t('signin.network', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  useEffect(() => {
    if (!api) return;
    let stop = false;
    api.listPlans().then(
      (list) => {
        if (stop) return;
        cache('piao.cache.plans', list);
        setNetError(null);
        setPlans(list);
      },
      (err: unknown) =>
        !stop &&
        fail(err, () => {
          const kept = cached<PlanSummary[]>('piao.cache.plans');
          setPlans(kept ?? []);
          return kept !== null;
        }),
    );
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const plan = plans?.find((p) => `${p.ente}/${p.triennio}` === planKey) ?? plans?.[0] ?? null;

  useEffect(() => {
    if (!api || !plan) return;
    let stop = false;
    const key = `piao.cache.plan.${plan.ente}/${plan.triennio}`;
    api.planInfo(plan.ente, plan.triennio).then(
      (i) => {
        if (stop) return;
        cache(key, i);
        setInfo(i);
      },
      (err: unknown) =>
        !stop &&
        fail(err, () => {
          const kept = cached<PlanInfo>(key);
          setInfo(kept);
          return kept !== null;
        }),
    );
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, plan?.ente, plan?.triennio]);

  if (!token || !api) {
    return (
      <div className={s.app}>
        <SignIn
          error={signinError}
          onToken={(tok) => {
            rememberToken(store(), tok);
            setSigninError(null);
            setToken(tok);
          }}
        />
      </div>
    );
  }

  const header = info && (
    <div className={s.title}>
      <Subtitle1 as="h1">{t('app.title')}</Subtitle1>
      <Body1>
        {info.denominazione || info.ente} · {info.triennio}
      </Body1>
      <div className={s.user}>
        <Caption1 className={s.muted} data-testid="signed-in-as">
          {t('signin.signedAs', { name: info.me.name, role: t(`role.${info.me.role}`) })}
        </Caption1>
        <Button size="small" appearance="subtle" data-testid="logout" onClick={() => signOut(null)}>
          {t('signin.logout')}
        </Button>
      </div>
    </div>
  );

  return (
    <div className={s.app}>
      {netError && (
        <MessageBar intent="warning" data-testid="network-error">
          <MessageBarBody>{netError}</MessageBarBody>
        </MessageBar>
      )}
      {plans && plans.length === 0 && <Body1>{t('plan.none')}</Body1>}
      {plans && plans.length > 1 && (
        <Field label={t('plan.label')}>
          <Select
            data-testid="plan-select"
            value={plan ? `${plan.ente}/${plan.triennio}` : ''}
            onChange={(_e, d) => {
              setInfo(null);
              setPlanKey(d.value);
              store()?.setItem('piao.plan', d.value);
            }}
          >
            {plans.map((p) => (
              <option key={`${p.ente}/${p.triennio}`} value={`${p.ente}/${p.triennio}`}>
                {p.denominazione || p.ente} · {p.triennio}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {!info && plans?.length !== 0 && !netError && <Spinner size="small" label={t('app.loading')} />}
      {reauth && (
        <ReSignIn
          token={token}
          onCancel={() => setReauth(false)}
          onRenew={(tok) => {
            rememberToken(store(), tok);
            setReauth(false);
            setToken(tok);
          }}
          onSwitch={(tok) => {
            signOut(null);
            rememberToken(store(), tok);
            setToken(tok);
          }}
        />
      )}
      {info && (
        // One plan view per plan and user: a renewed token keeps it (and its unsent edits) open.
        <PlanView
          key={`${info.ente}/${info.triennio}/${tokenHints(token).sub ?? token}`}
          api={api}
          info={info}
          token={token}
          mode={mode}
          header={header}
          onSignInAgain={() => setReauth(true)}
          onOpenPlan={(ente, triennio) => {
            // The new plan (roll-forward) joins the list and opens; the list is read again for its name.
            const key = `${ente}/${triennio}`;
            setPlans((list) => (list && !list.some((p) => `${p.ente}/${p.triennio}` === key) ? [...list, { ente, triennio, denominazione: info.denominazione }] : list));
            setInfo(null);
            setPlanKey(key);
            store()?.setItem('piao.plan', key);
            void api.listPlans().then((list) => (cache('piao.cache.plans', list), setPlans(list)), () => undefined);
          }}
        />
      )}
    </div>
  );
}
