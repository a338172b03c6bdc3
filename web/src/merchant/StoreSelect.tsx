import { Select } from 'antd';
import { useEffect } from 'react';
import type { Store } from './api';
import { useText } from './format';

/** The merchant's stores; picks the first when `required` and none is chosen. */
export function StoreSelect({
  stores,
  value,
  onChange,
  required,
}: {
  stores: Store[];
  value?: string;
  onChange(id: string | undefined): void;
  required?: boolean;
}) {
  const { l } = useText();
  const first = stores[0]?.id;
  useEffect(() => {
    if (required && !value && first) onChange(first);
  }, [required, value, first, onChange]);
  return (
    <Select
      data-testid="store-select"
      allowClear={!required}
      style={{ minWidth: 200 }}
      placeholder={l('全部店铺', 'All stores')}
      value={value}
      options={stores.map((s) => ({ value: s.id, label: s.name }))}
      onChange={onChange}
    />
  );
}
