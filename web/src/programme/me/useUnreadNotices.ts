import { useEffect, useState } from 'react';
import { programmeApi } from '../api';
import { NOTICES_CHANGED } from './ChangeNotices';

/**
 * How many schedule-change notices the signed-in user has not read (the user menu's badge):
 * asked once per sign-in and again when "my schedule" marks some read. 0 when signed out or
 * when the count cannot be had (a badge is not worth an error).
 */
export function useUnreadNotices(userId: string | undefined): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!userId) {
      setUnread(0);
      return;
    }
    let live = true;
    const load = () =>
      programmeApi.unreadNotices().then(
        (n) => live && setUnread(n),
        () => undefined,
      );
    load();
    window.addEventListener(NOTICES_CHANGED, load);
    return () => {
      live = false;
      window.removeEventListener(NOTICES_CHANGED, load);
    };
  }, [userId]);
  return unread;
}
