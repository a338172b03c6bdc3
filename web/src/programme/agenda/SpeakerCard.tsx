import { UserOutlined } from '@ant-design/icons';
import { Avatar } from 'antd';
import { Link } from 'react-router-dom';
import type { Speaker } from '../types';

/** A speaker's photo, name, company and bio, linking to their page. */
export function SpeakerCard({
  speaker,
  eventRef,
  full = false,
}: {
  speaker: Speaker;
  eventRef: string;
  full?: boolean;
}) {
  return (
    <div
      style={{ display: 'flex', gap: 12, alignItems: 'flex-start', marginBottom: 12 }}
      data-testid="speaker"
    >
      <Avatar size={full ? 72 : 48} src={speaker.photoUrl ?? undefined} icon={<UserOutlined />} />
      <div data-user-content>
        <Link to={`/events/${eventRef}/speakers/${speaker.id}`} style={{ fontWeight: 500 }}>
          {speaker.name}
        </Link>
        {speaker.company && <div style={{ color: '#8c8c8c' }}>{speaker.company}</div>}
        {speaker.bio && (
          <div
            style={{
              marginTop: 4,
              whiteSpace: 'pre-wrap',
              ...(full ? {} : { color: '#595959', fontSize: 13 }),
            }}
          >
            {speaker.bio}
          </div>
        )}
      </div>
    </div>
  );
}
