import { Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', paddingTop: '10px', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
});

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const s = useStyles();
  return (
    <div className={s.section} data-testid={testId}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      {children}
    </div>
  );
}
