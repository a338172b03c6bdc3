import { LinkOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { type CheckinStats, checkinApi } from '../../checkin/api';

/**
 * 签到: live attendance per check-in list (the check-in module's stats, refreshed every five
 * seconds as the door page does), and the way to the lists' own page (rules, staff).
 */
export function CheckinTab({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const lists = useAsync(() => checkinApi.lists(eventId), [eventId]);
  const [stats, setStats] = useState<Record<string, CheckinStats>>({});

  useEffect(() => {
    const load = () => {
      for (const l of lists.data ?? [])
        checkinApi.stats(l.id).then(
          (s) => setStats((prev) => ({ ...prev, [l.id]: s })),
          () => undefined,
        );
    };
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [lists.data]);

  return (
    <div data-testid="checkin-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to={`/checkin/manage?event=${encodeURIComponent(eventId)}`} data-testid="checkin-manage-link">
          <Button type="primary" icon={<LinkOutlined />}>
            {t('tcon.checkin.manage')}
          </Button>
        </Link>
        <Link to="/checkin">
          <Button>{t('tcon.checkin.door')}</Button>
        </Link>
        <Typography.Text type="secondary">{t('tcon.checkin.live')}</Typography.Text>
      </Space>
      {lists.data && lists.data.length === 0 && <Empty description={t('tcon.checkin.none')} />}
      <Row gutter={[16, 16]}>
        {(lists.data ?? []).map((l) => {
          const s = stats[l.id];
          return (
            <Col xs={24} md={12} xl={8} key={l.id}>
              <Card
                size="small"
                data-testid="checkin-list-card"
                title={
                  <Space>
                    <span data-user-content>{l.name}</span>
                    <Tag>{t(`checkin.kind.${l.kind}`)}</Tag>
                  </Space>
                }
              >
                {s ? (
                  <>
                    <Statistic
                      title={t('tcon.checkin.admitted')}
                      value={s.admitted}
                      suffix={`/ ${s.expected}`}
                      valueStyle={{ color: '#389e0d' }}
                    />
                    <Progress
                      percent={s.expected ? Math.round((s.admitted * 100) / s.expected) : 0}
                      data-testid="checkin-progress"
                    />
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('tcon.loading')}</Typography.Text>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
