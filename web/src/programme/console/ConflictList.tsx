import { WarningFilled } from '@ant-design/icons';
import { Alert, List } from 'antd';
import { useI18n } from '../../app/i18n';
import { explainConflict } from '../conflict-text';
import type { Conflict, Session, Speaker } from '../types';

/** Every conflict of the draft, explained from the catalogue; clicking one shows its session. */
export function ConflictList({
  conflicts,
  all,
  onShow,
}: {
  conflicts: Conflict[];
  all: { sessions: Session[]; speakers: Speaker[] };
  onShow?(sessionId: string): void;
}) {
  const { t } = useI18n();
  if (conflicts.length === 0)
    return (
      <Alert type="success" showIcon title={t('programme.editor.noConflicts')} data-testid="no-conflicts" />
    );
  const title = (id: string) => all.sessions.find((s) => s.id === id)?.title ?? '';
  return (
    <List
      data-testid="conflict-list"
      size="small"
      bordered
      header={<strong>{t('programme.editor.conflicts', { n: conflicts.length })}</strong>}
      dataSource={conflicts}
      renderItem={(c) => (
        <List.Item
          data-testid="conflict-item"
          data-kind={c.kind}
          data-session-ids={c.sessionIds.join(' ')}
          style={{ cursor: onShow ? 'pointer' : undefined }}
          onClick={() => onShow?.(c.sessionIds[0] ?? '')}
        >
          <span>
            <WarningFilled style={{ color: '#cf1322', marginInlineEnd: 8 }} />
            <span data-user-content>《{title(c.sessionIds[0] ?? '')}》</span>{' '}
            <span data-testid="conflict-text">{explainConflict(t, c, all)}</span>
          </span>
        </List.Item>
      )}
    />
  );
}
