import { Alert, App, Button, Card, Collapse, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api';
import { useI18n } from '../../app/i18n';
import { formatInZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import type { Conflict, Programme } from '../types';
import { ChangesList } from './ChangesList';
import { ConflictList } from './ConflictList';

/** 版本: publish the draft as the next numbered version (refused while conflicts exist); each version's changelog. */
export function VersionsTab({ programme, reload }: { programme: Programme; reload(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { event, rooms, versions } = programme;
  const tz = event.timezone;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Conflict[] | null>(null);
  const all = { sessions: programme.sessions, speakers: programme.speakers };

  const publish = async () => {
    setBusy(true);
    setRefused(null);
    try {
      const { version } = await programmeApi.publish(event.id, note);
      message.success(t('programme.versions.published', { n: version.number }));
      setNote('');
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'SCHEDULE_CONFLICTS')
        setRefused((e.details?.conflicts as Conflict[] | undefined) ?? programme.conflicts);
      else message.error(programmeErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="versions-tab">
      <Card title={t('programme.versions.publish')}>
        {versions.length > 0 && (
          <Typography.Paragraph type="secondary">{t('programme.editor.draftChanged')}</Typography.Paragraph>
        )}
        <ChangesList changes={programme.unpublishedChanges} rooms={rooms} tz={tz} />
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('programme.versions.notePlaceholder')}
            aria-label={t('programme.versions.note')}
            data-testid="publish-note"
            maxLength={500}
          />
          <Button type="primary" loading={busy} onClick={publish} data-testid="publish">
            {t('programme.versions.publish')}
          </Button>
        </Space.Compact>
        {refused && (
          <div style={{ marginTop: 12 }} data-testid="publish-refused">
            <Alert type="error" showIcon title={t('programme.versions.refused', { n: refused.length })} />
            <div style={{ marginTop: 8 }}>
              <ConflictList conflicts={refused} all={all} />
            </div>
          </div>
        )}
      </Card>
      <Card title={t('programme.versions.title')}>
        {versions.length === 0 ? (
          <Typography.Text type="secondary">{t('programme.versions.empty')}</Typography.Text>
        ) : (
          <Collapse
            data-testid="versions"
            items={[...versions]
              .sort((a, b) => b.number - a.number)
              .map((v) => ({
                key: String(v.number),
                label: (
                  <span data-testid="version" data-number={v.number}>
                    <strong>{t('programme.versions.version', { n: v.number })}</strong>{' '}
                    <span style={{ color: '#8c8c8c' }}>
                      {t('programme.versions.at', { time: formatInZone(v.publishedAt, tz) })} ·{' '}
                      {t('programme.agenda.sessions', { n: v.sessionCount })}
                    </span>
                    {v.note && (
                      <span data-user-content style={{ marginInlineStart: 8 }}>
                        {v.note}
                      </span>
                    )}
                  </span>
                ),
                children: <VersionChanges eventId={event.id} n={v.number} programme={programme} />,
              }))}
          />
        )}
      </Card>
    </Space>
  );
}

function VersionChanges({ eventId, n, programme }: { eventId: string; n: number; programme: Programme }) {
  const { t } = useI18n();
  const { data, error } = useAsync(() => programmeApi.version(eventId, n), [eventId, n]);
  if (error) return <Alert type="error" title={programmeErrorText(t, error)} />;
  if (!data) return null;
  return <ChangesList changes={data.changes} rooms={programme.rooms} tz={programme.event.timezone} />;
}
