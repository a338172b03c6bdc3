import { Select } from 'antd';
import { useEffect } from 'react';
import { campaignsApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';

/** The shopping festivals on sale now; picks the first when none is chosen. */
export function CampaignPicker({ value, onChange }: { value?: string; onChange(id: string): void }) {
  const { pick, locale } = useI18n();
  const live = useAsync(
    () => campaignsApi.list({ kind: ['shopping_festival'], status: 'live', limit: 50 }),
    [],
  );
  const items = live.data?.items ?? [];
  const first = items[0]?.id;
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);
  const known = items.some((c) => c.id === value || c.slug === value);
  // A cart of a festival that is not on (ended, or not yet started) is named, not shown as its id.
  const other = useAsync(
    () => (value && live.data && !known ? campaignsApi.get(value).catch(() => null) : Promise.resolve(null)),
    [value, live.data, known],
  );
  const zh = locale === 'zh-CN';
  const extra = other.data
    ? [
        {
          value: other.data.id,
          label: `${pick(other.data.title)}${
            other.data.status === 'live'
              ? ''
              : zh
                ? `（${other.data.status === 'published' ? '未开始' : '已结束'}）`
                : other.data.status === 'published'
                  ? ' (not started)'
                  : ' (ended)'
          }`,
        },
      ]
    : [];
  return (
    <Select
      data-testid="cart-campaign"
      style={{ minWidth: 280 }}
      loading={live.loading}
      value={
        known
          ? items.find((c) => c.id === value || c.slug === value)!.id
          : (other.data?.id ?? (other.loading ? undefined : value))
      }
      placeholder={locale === 'zh-CN' ? '选择活动' : 'Choose a festival'}
      options={[...items.map((c) => ({ value: c.id, label: pick(c.title) })), ...extra]}
      onChange={onChange}
    />
  );
}
