import { CoffeeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Popconfirm, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { inZone } from '../../app/time';
import { programmeApi } from '../api';
import { conflictsBySession } from '../conflict-text';
import { programmeErrorText } from '../errors';
import { dayOf, gridHours, hhmm, placedOn, slotInstant } from '../grid-model';
import '../programme.css';
import type { Programme } from '../types';
import { ConflictList } from './ConflictList';
import { ScheduleGrid } from './ScheduleGrid';
import { type NewItemKind, type NewSession, SessionDialog } from './SessionDialog';
import { UnscheduledList } from './UnscheduledList';

/** 日程编辑: the day's grid, the unscheduled sessions beside it, the conflicts under it. */
export function ScheduleEditor({ programme, reload }: { programme: Programme; reload(): void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { event, rooms, sessions, tracks, conflicts } = programme;
  const tz = event.timezone;
  const [date, setDate] = useState(event.days[0]?.date ?? '');
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<NewItemKind | null>(null);
  const byConflict = useMemo(() => conflictsBySession(conflicts), [conflicts]);
  const hours = useMemo(() => gridHours(rooms), [rooms]);
  const all = { sessions, speakers: programme.speakers };
  const unscheduled = sessions.filter((s) => s.status === 'confirmed' && !s.placement);
  const cancelled = sessions.filter((s) => s.status === 'cancelled');
  const picked = sessions.find((s) => s.id === pickedId) ?? null;

  const guard = async (work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch (e) {
      message.error(programmeErrorText(t, e));
      return false;
    } finally {
      reload();
    }
  };

  const place = async (sessionId: string, roomId: string, minutes: number) => {
    const room = rooms.find((r) => r.id === roomId);
    const done = await guard(() =>
      programmeApi.place(sessionId, { roomId, startsAt: slotInstant(date, minutes, tz) }),
    );
    if (done) {
      setPickedId(null);
      message.success(
        t('programme.editor.placed', { room: room ? pick(room.name) : '', time: hhmm(minutes) }),
      );
    }
  };

  const create = async ({ session, speaker }: NewSession) => {
    const done = await guard(async () => {
      const speakerIds = speaker ? [(await programmeApi.createSpeaker(event.id, speaker)).speaker.id] : [];
      const made = await programmeApi.createSession(event.id, { ...session, speakerIds });
      setPickedId(made.session.id);
    });
    if (done) setDialog(null);
  };

  /** Show a session: its day in the grid, picked for a move. */
  const show = (sessionId: string) => {
    const s = sessions.find((x) => x.id === sessionId);
    if (s?.placement) setDate(dayOf(s.placement.startsAt, tz));
    setPickedId(sessionId);
  };

  if (rooms.length === 0) return <Alert type="info" showIcon title={t('programme.editor.noRooms')} />;
  if (event.days.length === 0) return <Alert type="info" showIcon title={t('programme.editor.noDays')} />;

  return (
    <div data-testid="schedule-editor">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Segmented
          data-testid="editor-days"
          value={date}
          onChange={(v) => setDate(String(v))}
          options={event.days.map((d, i) => ({
            value: d.date,
            label: t('programme.editor.day', { n: i + 1, date: inZone(d.startsAt, tz).format('MM-DD ddd') }),
          }))}
        />
        <Space>
          <Button icon={<CoffeeOutlined />} onClick={() => setDialog('break')} data-testid="new-break">
            {t('programme.editor.newBreak')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setDialog('invited')} data-testid="new-talk">
            {t('programme.editor.newTalk')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" data-testid="editor-hint">
        {picked
          ? t('programme.editor.picked', { title: picked.title, minutes: picked.durationMinutes })
          : t('programme.editor.pickHint')}
      </Typography.Paragraph>
      {picked && (
        <Space style={{ marginBottom: 12 }} data-testid="picked-actions">
          {picked.placement && (
            <Button
              onClick={() => guard(() => programmeApi.place(picked.id, null)).then(() => setPickedId(null))}
              data-testid="unschedule"
            >
              {t('programme.editor.unschedule')}
            </Button>
          )}
          <Popconfirm
            title={t('programme.common.deleteConfirm')}
            onConfirm={() =>
              guard(() => programmeApi.updateSession(picked.id, { status: 'cancelled' })).then(() =>
                setPickedId(null),
              )
            }
          >
            <Button danger data-testid="cancel-session">
              {t('programme.editor.cancelSession')}
            </Button>
          </Popconfirm>
          <Button type="text" onClick={() => setPickedId(null)}>
            {t('programme.common.cancel')}
          </Button>
        </Space>
      )}
      <div className="prog-editor">
        <aside className="prog-side">
          <UnscheduledList
            sessions={unscheduled}
            tracks={tracks}
            pickedId={pickedId}
            onPick={(id) => setPickedId(id === pickedId ? null : id)}
          />
          {cancelled.length > 0 && (
            <div data-testid="cancelled-sessions">
              <Typography.Title level={5}>{t('programme.editor.cancelled')}</Typography.Title>
              {cancelled.map((s) => (
                <div key={s.id} className="prog-card" style={{ opacity: 0.7, cursor: 'default' }}>
                  <div className="prog-card-title" data-user-content>
                    {s.title}
                  </div>
                  <Button
                    size="small"
                    type="link"
                    style={{ padding: 0 }}
                    onClick={() => guard(() => programmeApi.updateSession(s.id, { status: 'confirmed' }))}
                  >
                    {t('programme.editor.restore')}
                  </Button>
                </div>
              ))}
            </div>
          )}
        </aside>
        <div style={{ minWidth: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
          <div className="prog-grid-wrap">
            {date ? (
              <ScheduleGrid
                tz={tz}
                rooms={rooms}
                tracks={tracks}
                hours={hours}
                placed={placedOn(
                  sessions.filter((s) => s.status === 'confirmed'),
                  date,
                  tz,
                )}
                all={all}
                conflicts={byConflict}
                pickedId={pickedId}
                onCell={(roomId, minutes) => {
                  if (pickedId) void place(pickedId, roomId, minutes);
                }}
                onPick={(id) => setPickedId(id === pickedId ? null : id)}
                onDrop={(id, roomId, minutes) => void place(id, roomId, minutes)}
              />
            ) : (
              <Empty />
            )}
          </div>
          <ConflictList conflicts={conflicts} all={all} onShow={show} />
        </div>
      </div>
      {dialog && (
        <SessionDialog kind={dialog} tracks={tracks} onClose={() => setDialog(null)} onCreate={create} />
      )}
    </div>
  );
}
