import { Alert, Descriptions } from 'antd';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import type { CheckinTicket } from './api';
import { checkinErrorText } from './errors';

export interface FirstScan {
  scannedAt: string;
  listName: string;
  deviceId: string;
  staffName: string | null;
}

export type Outcome =
  | { kind: 'admitted'; ticket: CheckinTicket; offline: boolean }
  | { kind: 'refused'; code: string; ticket: CheckinTicket | null; first?: FirstScan; firstAt?: string };

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

/** The door's answer: green to let in, a loud warning for a second scan, red otherwise. */
export function ScanResult({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  const who = outcome.ticket && (
    <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
      <Descriptions.Item label={t('checkin.attendee')}>
        <b data-testid="scan-attendee">{outcome.ticket.attendeeName}</b>
        {outcome.ticket.attendeeCompany ? ` · ${outcome.ticket.attendeeCompany}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('checkin.type')}>{outcome.ticket.typeName}</Descriptions.Item>
    </Descriptions>
  );
  if (outcome.kind === 'admitted')
    return (
      <Alert
        data-testid="scan-admitted"
        type="success"
        showIcon
        title={outcome.offline ? t('checkin.offlineAdmitted') : t('checkin.admitted')}
        description={who}
      />
    );
  if (outcome.code === 'ALREADY_CHECKED_IN') {
    const first = outcome.first;
    return (
      <Alert
        data-testid="scan-duplicate"
        type="warning"
        showIcon
        title={t('checkin.duplicate')}
        description={
          <>
            {first ? (
              <div data-testid="scan-first">
                {t('checkin.firstScan', {
                  time: when(first.scannedAt),
                  list: first.listName,
                  device: first.deviceId,
                  staff: first.staffName ?? '—',
                })}
              </div>
            ) : (
              outcome.firstAt && <div data-testid="scan-first">{when(outcome.firstAt)}</div>
            )}
            {who}
          </>
        }
      />
    );
  }
  return (
    <Alert
      data-testid="scan-refused"
      data-code={outcome.code}
      type="error"
      showIcon
      title={checkinErrorText(t, outcome.code)}
      description={who}
    />
  );
}
