import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../auth/session';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';

/**
 * "My schedule" stars: the signed-in user's saved session ids (of one event, or all), toggled with
 * an optimistic update that is undone if the server refuses. Signed out, a star asks to sign in.
 */
export function useSaved(eventId: string | undefined) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (loading || !user || !eventId) return;
    programmeApi.myAgenda(eventId).then(
      (r) => setSaved(new Set(r.items.map((i) => i.entry.sessionId))),
      () => undefined,
    );
  }, [user, loading, eventId]);

  const toggle = useCallback(
    async (sessionId: string) => {
      if (!user) {
        message.info(t('programme.agenda.signInToSave'));
        navigate(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
        return;
      }
      const was = saved.has(sessionId);
      const flip = (on: boolean) =>
        setSaved((prev) => {
          const next = new Set(prev);
          if (on) next.add(sessionId);
          else next.delete(sessionId);
          return next;
        });
      flip(!was);
      try {
        await (was ? programmeApi.unsave(sessionId) : programmeApi.save(sessionId));
      } catch (e) {
        flip(was);
        message.error(programmeErrorText(t, e));
      }
    },
    [user, saved, message, t, navigate],
  );

  return { saved, toggle, signedIn: Boolean(user) };
}
