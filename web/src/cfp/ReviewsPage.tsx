import {
  Alert,
  Button,
  Card,
  Empty,
  List,
  Progress,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { cfpApi } from './api';
import { cfpErrorText } from './errors';
import { ReviewDrawer } from './ReviewDrawer';
import { SignedIn, StateTag, score, typeLabel } from './shared';
import type { Review, ReviewEvent, ReviewQueueItem } from './types';

/** /me/reviews — the reviewer's queue per track; anonymised events carry no speaker at all. */
export default function ReviewsPage() {
  return (
    <SignedIn>
      <Reviews />
    </SignedIn>
  );
}

function Reviews() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('event') ?? undefined;
  const queue = useAsync(() => cfpApi.queue(wanted), [wanted]);
  const [open, setOpen] = useState<ReviewQueueItem | null>(null);

  const events = queue.data?.events ?? [];
  const event = events.find((e) => e.id === wanted) ?? events[0];
  const items = useMemo(
    () => (queue.data?.items ?? []).filter((i) => !event || i.proposal.eventId === event.id),
    [queue.data, event],
  );

  const saved = (proposalId: string, review: Review) => {
    if (!queue.data) return;
    queue.setData({
      ...queue.data,
      items: queue.data.items.map((i) => (i.proposal.id === proposalId ? { ...i, review } : i)),
    });
    setOpen(null);
  };

  if (queue.error) return <Alert type="error" showIcon title={cfpErrorText(t, queue.error)} />;
  if (!queue.data) return <Skeleton active />;
  return (
    <div data-testid="reviews-page" style={{ maxWidth: 1080, margin: '0 auto' }}>
      <Typography.Title level={2}>{t('cfp.review.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cfp.review.intro')}</Typography.Paragraph>
      {!event ? (
        <Empty description={t('cfp.review.empty')} data-testid="reviews-empty" />
      ) : (
        <>
          <Space style={{ marginBottom: 16 }} wrap>
            <span>{t('cfp.review.event')}</span>
            <Select
              style={{ minWidth: 320 }}
              value={event.id}
              onChange={(v) => setParams({ event: v })}
              options={events.map((e) => ({ value: e.id, label: pick(e.title) }))}
              data-testid="reviews-event"
            />
            {event.anonymisedReview && (
              <Tag color="purple" data-testid="reviews-anonymised">
                {t('cfp.review.anonymised')}
              </Tag>
            )}
          </Space>
          <Queue event={event} items={items} onOpen={setOpen} />
        </>
      )}
      {open && event && (
        <ReviewDrawer
          event={event}
          item={open}
          onClose={() => setOpen(null)}
          onSaved={(r) => saved(open.proposal.id, r)}
        />
      )}
    </div>
  );
}

/** The queue split by track, each with its progress: reviewed of those still open for review. */
function Queue({
  event,
  items,
  onOpen,
}: {
  event: ReviewEvent;
  items: ReviewQueueItem[];
  onOpen(item: ReviewQueueItem): void;
}) {
  const { t, pick } = useI18n();
  const tracks = new Map<string, { label: string; items: ReviewQueueItem[] }>();
  for (const item of items) {
    const key = item.proposal.track?.id ?? '';
    const label = item.proposal.track ? pick(item.proposal.track.name) : t('cfp.review.noTrack');
    if (!tracks.has(key)) tracks.set(key, { label, items: [] });
    tracks.get(key)!.items.push(item);
  }
  const done = items.filter((i) => i.review).length;
  return (
    <Card data-testid="review-queue" data-event-id={event.id}>
      <div data-testid="review-progress" style={{ marginBottom: 12 }}>
        {t('cfp.review.progress', { done, total: items.length })}
        <Progress percent={items.length ? Math.round((done / items.length) * 100) : 0} size="small" />
      </div>
      <Tabs
        items={[...tracks].map(([key, group]) => {
          const groupDone = group.items.filter((i) => i.review).length;
          return {
            key: key || 'none',
            label: `${group.label} (${groupDone}/${group.items.length})`,
            children: (
              <List
                dataSource={group.items}
                renderItem={(item) => <QueueRow item={item} event={event} onOpen={() => onOpen(item)} />}
              />
            ),
          };
        })}
      />
    </Card>
  );
}

function QueueRow({ item, event, onOpen }: { item: ReviewQueueItem; event: ReviewEvent; onOpen(): void }) {
  const { t, pick } = useI18n();
  const p = item.proposal;
  return (
    <List.Item
      data-testid="review-item"
      data-proposal-id={p.id}
      data-reviewed={item.review ? 'yes' : 'no'}
      actions={[
        <Button
          key="open"
          type={item.review ? 'default' : 'primary'}
          onClick={onOpen}
          data-testid="review-open"
        >
          {t('cfp.review.open')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space wrap>
            <span data-user-content>{p.title}</span>
            {item.reviewable ? (
              item.review ? (
                <Tag color="green">{t('cfp.review.done')}</Tag>
              ) : (
                <Tag color="orange">{t('cfp.review.pending')}</Tag>
              )
            ) : (
              <StateTag state={p.state} />
            )}
            {item.review && <Tag>{t('cfp.review.average', { n: score(item.review.average) })}</Tag>}
          </Space>
        }
        description={
          <Space orientation="vertical" size={2}>
            <span>
              {typeLabel(t, pick, p.submissionType)} · {t(`cfp.level.${p.level}`)} ·{' '}
              {t(`cfp.language.${p.language}`)}
            </span>
            {!event.anonymisedReview && p.speakers && (
              <span data-user-content data-testid="review-speakers">
                {p.speakers.map((s) => s.name).join('、')}
              </span>
            )}
          </Space>
        }
      />
    </List.Item>
  );
}
