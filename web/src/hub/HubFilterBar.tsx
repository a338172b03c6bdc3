import { SearchOutlined } from '@ant-design/icons';
import { Input, Segmented, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { AUDIENCES, KINDS, type Kind } from '../api';
import { useI18n } from '../app/i18n';
import type { HubFilters } from './filters';

interface Props {
  filters: HubFilters;
  onChange(patch: Partial<HubFilters>): void;
}

export function HubFilterBar({ filters, onChange }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(filters.q);

  useEffect(() => setText(filters.q), [filters.q]);

  // Search as the visitor types, a moment after they stop.
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(() => onChange({ q: text }), 350);
    return () => clearTimeout(timer);
  }, [text, filters.q, onChange]);

  return (
    <div className="hub-filters">
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined style={{ color: '#bfbfbf' }} />}
        placeholder={t('hub.search')}
        value={text}
        data-testid="hub-search"
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => onChange({ q: text })}
      />
      <div className="hub-filter-row">
        <span className="hub-filter-label">{t('hub.filter.kind')}</span>
        <div className="hub-kind-scroll">
          <Segmented<Kind | 'all'>
            data-testid="kind-filter"
            value={filters.kind ?? 'all'}
            onChange={(v) => onChange({ kind: v === 'all' ? null : v })}
            options={[
              { value: 'all', label: <span data-testid="kind-filter-all">{t('kind.all')}</span> },
              ...KINDS.map((k) => ({
                value: k,
                label: <span data-testid={`kind-filter-${k}`}>{t(`kind.${k}`)}</span>,
              })),
            ]}
          />
        </div>
      </div>
      <div className="hub-filter-row">
        <span className="hub-filter-label">{t('hub.filter.audience')}</span>
        <div>
          {AUDIENCES.map((a) => {
            const checked = filters.audiences.includes(a);
            return (
              <Tag.CheckableTag
                key={a}
                checked={checked}
                data-testid={`audience-filter-${a}`}
                onChange={(on) =>
                  onChange({
                    audiences: on ? [...filters.audiences, a] : filters.audiences.filter((x) => x !== a),
                  })
                }
              >
                {t(`audience.${a}`)}
              </Tag.CheckableTag>
            );
          })}
        </div>
      </div>
    </div>
  );
}
