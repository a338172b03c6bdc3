import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router-dom';
import { call, carnival, type Schemas as S } from '../api/typed';
import { useI18n } from '../app/i18n';
import { formatInZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { yuan } from '../merchant/format';
import { checkinErrorText, ticketErrorText } from './errors';

type Shop = S['TicketShop'];
type Hold = S['TicketHold'];
type WaitlistEntry = S['TicketWaitlistEntry'];

/**
 * The attendee's ticket shop (docs/tickets.md): choose types and quantities, hold the seats, fill
 * in one attendee form per ticket (the organizer's required questions), pay from the wallet or
 * nothing for a free ticket; a sold-out type offers its waiting list. Built on the tickets routes.
 */
function Shop({ eventId, timezone }: { eventId: string; timezone: string }) {
  const { pick, t } = useI18n();
  const { user } = useSession();
  const shop = useAsync(
    () => call(carnival.GET('/api/events/{id}/tickets', { params: { path: { id: eventId } } })),
    [eventId],
  );
  // The visitor's waiting-list entries: 候补中, or an offer (a seat kept for them, its voucher code).
  const [joined, setJoined] = useState(0);
  const waitlist = useAsync(
    () =>
      user
        ? call(carnival.GET('/api/me/waitlist')).then((r) => r.items.filter((e) => e.eventId === eventId))
        : Promise.resolve([] as WaitlistEntry[]),
    [user?.id, eventId, joined],
  );
  const entryOf = (typeId: string) => waitlist.data?.find((e) => e.typeId === typeId);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [hold, setHold] = useState<Hold | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const guard = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(ticketErrorText(t, e));
    }
  };
  if (shop.error) return <Alert type="error" showIcon title={checkinErrorText(t, shop.error)} />;
  const data: Shop | undefined = shop.data;
  if (!data) return null;
  if (done)
    return (
      <Result
        status="success"
        data-testid="ticket-bought"
        title={t('shop.bought')}
        extra={<Link to="/me/tickets">{t('tickets.mine')}</Link>}
      />
    );
  const buyOffer = (entry: WaitlistEntry) =>
    guard(async () => {
      const r = await call(
        carnival.POST('/api/events/{id}/ticket-holds', {
          params: { path: { id: eventId } },
          body: { items: [{ typeId: entry.typeId, quantity: 1 }], voucherCode: entry.offer!.voucherCode },
        }),
      );
      setHold(r.hold);
    });
  const offers = (waitlist.data ?? []).filter((e) => e.status === 'offered' && e.offer);
  const seats = hold ? hold.items.flatMap((i) => Array.from({ length: i.quantity }, () => i.typeId)) : [];
  const typeName = (id: string) => pick(data.types.find((x) => x.id === id)?.name);
  return (
    <div data-testid="ticket-shop">
      <Typography.Title level={2}>{t('shop.title', { event: pick(data.title) })}</Typography.Title>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="shop-error" />
      )}
      {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 12 }} />}
      {!hold &&
        offers.map((e) => (
          <Alert
            key={e.id}
            type="warning"
            showIcon
            data-testid="waitlist-offer"
            style={{ marginBottom: 12 }}
            title={t('shop.offerFor', {
              type: typeName(e.typeId),
              time: e.offer!.expiresAt ? formatInZone(e.offer!.expiresAt, timezone) : '',
            })}
            description={
              <span translate="no" data-user-content>
                {e.offer!.voucherCode}
              </span>
            }
            action={
              <Button type="primary" data-testid="offer-buy" onClick={() => buyOffer(e)}>
                {t('shop.offerBuy')}
              </Button>
            }
          />
        ))}
      {!hold ? (
        <Card>
          <Table
            rowKey="id"
            pagination={false}
            dataSource={data.types}
            onRow={(r) =>
              ({ 'data-testid': 'shop-type', 'data-type': pick(r.name) }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              { title: t('shop.type'), render: (_, r) => <b>{pick(r.name)}</b> },
              {
                title: t('shop.price'),
                render: (_, r) => (r.price === 0 ? t('shop.free') : yuan(r.price)),
              },
              {
                title: t('shop.left'),
                render: (_, r) =>
                  r.available > 0 ? (
                    r.available
                  ) : (
                    <Tag color="red" data-testid="shop-sold-out">
                      {t('shop.soldOut')}
                    </Tag>
                  ),
              },
              {
                title: '',
                render: (_, r) => {
                  const entry = entryOf(r.id);
                  if (r.available === 0 && entry?.status === 'offered' && entry.offer)
                    return (
                      <Button type="primary" data-testid="offer-buy-row" onClick={() => buyOffer(entry)}>
                        {t('shop.offerBuy')}
                      </Button>
                    );
                  if (r.available === 0 && entry?.status === 'waiting')
                    return (
                      <Tag color="blue" data-testid="shop-waiting">
                        {t('shop.waiting')}
                      </Tag>
                    );
                  return r.available > 0 ? (
                    <InputNumber
                      data-testid="shop-qty"
                      min={0}
                      max={Math.min(r.maxPerOrder, r.available)}
                      value={qty[r.id] ?? 0}
                      onChange={(v) => setQty({ ...qty, [r.id]: v ?? 0 })}
                    />
                  ) : (
                    <Button
                      data-testid="shop-waitlist"
                      disabled={!user}
                      onClick={() =>
                        guard(async () => {
                          await call(
                            carnival.POST('/api/ticket-types/{id}/waitlist', {
                              params: { path: { id: r.id } },
                              body: {},
                            }),
                          );
                          setNotice(t('shop.joined', { type: pick(r.name) }));
                          setJoined((n) => n + 1);
                        })
                      }
                    >
                      {t('shop.joinWaitlist')}
                    </Button>
                  );
                },
              },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button
              type="primary"
              data-testid="shop-hold"
              disabled={!user || Object.values(qty).every((n) => !n)}
              onClick={() =>
                guard(async () => {
                  const items = Object.entries(qty)
                    .filter(([, n]) => n > 0)
                    .map(([typeId, quantity]) => ({ typeId, quantity }));
                  const r = await call(
                    carnival.POST('/api/events/{id}/ticket-holds', {
                      params: { path: { id: eventId } },
                      body: { items },
                    }),
                  );
                  setHold(r.hold);
                })
              }
            >
              {t('shop.next')}
            </Button>
            {!user && <Link to="/login">{t('shop.signIn')}</Link>}
          </Space>
        </Card>
      ) : (
        <Card title={t('shop.toPay', { amount: yuan(hold.total) })}>
          <Form
            layout="vertical"
            onFinish={(v: Record<string, string>) =>
              guard(async () => {
                const attendees = seats.map((typeId, i) => ({
                  name: v[`name${i}`] ?? '',
                  email: v[`email${i}`] ?? '',
                  company: v[`company${i}`] ?? '',
                  answers: Object.fromEntries(
                    data.questions
                      .filter((q) => q.typeIds.length === 0 || q.typeIds.includes(typeId))
                      .map((q) => [q.id, v[`q${i}.${q.id}`] ?? ''])
                      .filter(([, a]) => a),
                  ),
                }));
                await call(
                  carnival.POST('/api/ticket-holds/{id}/checkout', {
                    params: { path: { id: hold.id } },
                    body: { attendees },
                  }),
                );
                setDone(true);
              })
            }
          >
            {seats.map((typeId, i) => (
              <Card
                // biome-ignore lint/suspicious/noArrayIndexKey: a hold's seats never change order; the n-th seat is the n-th attendee
                key={`${typeId}-${i}`}
                size="small"
                title={`${i + 1}. ${typeName(typeId)}`}
                style={{ marginBottom: 12 }}
              >
                <Space wrap>
                  <Form.Item
                    name={`name${i}`}
                    label={t('shop.name')}
                    rules={[{ required: true }]}
                    initialValue={user?.displayName}
                  >
                    <Input data-testid="attendee-name" />
                  </Form.Item>
                  <Form.Item
                    name={`email${i}`}
                    label={t('shop.email')}
                    rules={[{ required: true }]}
                    initialValue={user?.email}
                  >
                    <Input data-testid="attendee-email" />
                  </Form.Item>
                  <Form.Item name={`company${i}`} label={t('shop.company')}>
                    <Input />
                  </Form.Item>
                  {data.questions
                    .filter((q) => q.typeIds.length === 0 || q.typeIds.includes(typeId))
                    .map((q) => (
                      <Form.Item
                        key={q.id}
                        name={`q${i}.${q.id}`}
                        label={pick(q.label)}
                        rules={[{ required: q.required }]}
                      >
                        {q.options.length ? (
                          <Select
                            data-testid="attendee-choice"
                            style={{ minWidth: 160 }}
                            options={q.options.map((o) => ({ value: o, label: o }))}
                          />
                        ) : (
                          <Input data-testid="attendee-answer" />
                        )}
                      </Form.Item>
                    ))}
                </Space>
              </Card>
            ))}
            <Button type="primary" htmlType="submit" data-testid="shop-pay">
              {hold.total === 0 ? t('shop.confirm') : t('shop.pay', { amount: yuan(hold.total) })}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}

export default function TicketShopPage() {
  const { slug = '' } = useParams();
  const { loading } = useSession();
  const location = useLocation();
  const event = useAsync(
    () => call(carnival.GET('/api/campaigns/{id}', { params: { path: { id: slug } } })),
    [slug],
  );
  if (loading) return null;
  if (event.error) return <Navigate to={`/events/${slug}`} replace state={{ from: location.pathname }} />;
  return event.data ? (
    <Shop eventId={event.data.campaign.id} timezone={event.data.campaign.timezone} />
  ) : null;
}
