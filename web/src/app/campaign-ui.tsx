import { HeartOutlined, RocketOutlined, ShopOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Badge, Tag } from 'antd';
import type { CSSProperties } from 'react';
import type { Campaign, CampaignStatus, Kind } from '../api';
import { useI18n } from './i18n';

const STATUS_BADGE: Record<CampaignStatus, 'default' | 'processing' | 'success' | 'warning' | 'error'> = {
  draft: 'default',
  in_review: 'processing',
  published: 'warning',
  live: 'success',
  ended: 'default',
  archived: 'default',
};

const STATUS_TAG: Record<CampaignStatus, string> = {
  draft: 'default',
  in_review: 'blue',
  published: 'gold',
  live: 'green',
  ended: 'default',
  archived: 'default',
};

const KIND_COLOR: Record<Kind, string> = {
  shopping_festival: 'volcano',
  merchant_growth: 'geekblue',
  tech_summit: 'purple',
  public_welfare: 'green',
};

export function StatusTag({ status, onBanner }: { status: CampaignStatus; onBanner?: boolean }) {
  const { t } = useI18n();
  if (onBanner) {
    return (
      <span className="status-on-banner" data-testid="status" data-status={status} style={bannerPill}>
        <Badge status={STATUS_BADGE[status]} />
        {t(`status.${status}`)}
      </span>
    );
  }
  return (
    <Tag color={STATUS_TAG[status]} data-testid="status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const bannerPill: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 2,
  padding: '2px 10px',
  borderRadius: 999,
  fontSize: 12,
  color: '#1f1f1f',
  background: 'rgba(255,255,255,0.92)',
};

export function KindTag({ kind }: { kind: Kind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLOR[kind]} data-testid="kind" data-kind={kind} style={{ marginInlineEnd: 0 }}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}

const KIND_ICON: Record<Kind, typeof ShopOutlined> = {
  shopping_festival: ShoppingOutlined,
  merchant_growth: ShopOutlined,
  tech_summit: RocketOutlined,
  public_welfare: HeartOutlined,
};

/** A large, faint icon of the kind, drawn in a banner's corner. */
export function KindWatermark({ kind }: { kind: Kind }) {
  const Icon = KIND_ICON[kind];
  return <Icon className="banner-watermark" aria-hidden />;
}

const HEX = /^#([0-9a-f]{6})$/i;

/** The colour `amount` of the way towards black (negative: towards white). */
export function shade(hex: string, amount: number): string {
  const m = HEX.exec(hex);
  if (!m) return hex;
  const n = Number.parseInt(m[1]!, 16);
  const target = amount >= 0 ? 0 : 255;
  const a = Math.abs(amount);
  const mix = (c: number) => Math.round(c + (target - c) * a);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

const SAFE_URL = /^(https?:\/\/|\/)[^\s"'()\\]+$/i;

/** A banner's background: the theme's colour as a gradient, under the banner image when there is one. */
export function bannerStyle(campaign: Pick<Campaign, 'theme'>): CSSProperties {
  const color = HEX.test(campaign.theme.primaryColor) ? campaign.theme.primaryColor : '#ff5000';
  const gradient = `linear-gradient(120deg, ${color} 0%, ${shade(color, 0.35)} 100%)`;
  const url = campaign.theme.bannerUrl;
  if (url && SAFE_URL.test(url)) {
    return {
      backgroundColor: color,
      backgroundImage: `linear-gradient(90deg, ${color}ee 0%, ${color}99 55%, ${color}33 100%), url("${url}"), ${gradient}`,
    };
  }
  return { backgroundColor: color, backgroundImage: gradient };
}
