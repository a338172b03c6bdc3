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
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { yuan } from '../merchant/format';
import { checkinErrorText, ticketErrorText } from './errors';

type Shop = S['TicketShop'];
type Hold = S['TicketHold'];

/**
 * The attendee's ticket shop (docs/tickets.md): choose types and quantities, hold the seats, fill
 * in one attendee form per ticket (the organizer's required questions), pay from the wallet or
 * nothing for a free ticket; a sold-out type offers its waiting list. Built on the tickets routes.
 */
function Shop({ eventId }: { eventId: string }) {
  const { pick, locale } = useI18n();
  const zh = locale === 'zh-CN';
  const { user } = useSession();
  const shop = useAsync(
    () => call(carnival.GET('/api/events/{id}/tickets', { params: { path: { id: eventId } } })),
    [eventId],
  );
  const [qty, setQty] = useState<Record<string, number>>({});
  const [hold, setHold] = useState<Hold | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const t = useI18n().t;
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
        title={zh ? '购票成功' : 'Your tickets are booked'}
        extra={<Link to="/me/tickets">{t('tickets.mine')}</Link>}
      />
    );
  const seats = hold ? hold.items.flatMap((i) => Array.from({ length: i.quantity }, () => i.typeId)) : [];
  const typeName = (id: string) => pick(data.types.find((x) => x.id === id)?.name);
  return (
    <div data-testid="ticket-shop">
      <Typography.Title level={2}>
        {pick(data.title)} · {zh ? '购票' : 'Tickets'}
      </Typography.Title>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="shop-error" />
      )}
      {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 12 }} />}
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
              { title: zh ? '票种' : 'Ticket', render: (_, r) => <b>{pick(r.name)}</b> },
              {
                title: zh ? '价格' : 'Price',
                render: (_, r) => (r.price === 0 ? (zh ? '免费' : 'Free') : yuan(r.price)),
              },
              {
                title: zh ? '余量' : 'Left',
                render: (_, r) =>
                  r.available > 0 ? r.available : <Tag color="red">{zh ? '已售罄' : 'Sold out'}</Tag>,
              },
              {
                title: '',
                render: (_, r) =>
                  r.available > 0 ? (
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
                          setNotice(
                            zh
                              ? `已加入「${pick(r.name)}」候补名单`
                              : `You are on the waiting list of ${pick(r.name)}`,
                          );
                        })
                      }
                    >
                      {zh ? '加入候补' : 'Join the waiting list'}
                    </Button>
                  ),
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
              {zh ? '下一步：填写参会人' : 'Next: attendees'}
            </Button>
            {!user && <Link to="/login">{zh ? '登录后购票' : 'Sign in to buy'}</Link>}
          </Space>
        </Card>
      ) : (
        <Card title={`${zh ? '应付' : 'To pay'} ${yuan(hold.total)}`}>
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
                    label={zh ? '姓名' : 'Name'}
                    rules={[{ required: true }]}
                    initialValue={user?.displayName}
                  >
                    <Input data-testid="attendee-name" />
                  </Form.Item>
                  <Form.Item
                    name={`email${i}`}
                    label={zh ? '邮箱' : 'E-mail'}
                    rules={[{ required: true }]}
                    initialValue={user?.email}
                  >
                    <Input data-testid="attendee-email" />
                  </Form.Item>
                  <Form.Item name={`company${i}`} label={zh ? '公司' : 'Company'}>
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
              {hold.total === 0
                ? zh
                  ? '确认报名'
                  : 'Confirm'
                : zh
                  ? `支付 ${yuan(hold.total)}`
                  : `Pay ${yuan(hold.total)}`}
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
  return event.data ? <Shop eventId={event.data.campaign.id} /> : null;
}
