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
  return (
    <Select
      data-testid="cart-campaign"
      style={{ minWidth: 280 }}
      loading={live.loading}
      value={known ? items.find((c) => c.id === value || c.slug === value)!.id : value}
      placeholder={locale === 'zh-CN' ? '选择活动' : 'Choose a festival'}
      options={items.map((c) => ({ value: c.id, label: pick(c.title) }))}
      onChange={onChange}
    />
  );
}
