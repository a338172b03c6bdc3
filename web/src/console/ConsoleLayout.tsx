import {
  AccountBookOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DollarOutlined,
  FieldTimeOutlined,
  FormOutlined,
  HeartOutlined,
  IdcardOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Layout, Menu } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';

const PLATFORM = ['/console/users', '/console/audit', '/console/ledger', '/console/settlements'];

/** The menu entry a path belongs to: the longest entry that prefixes it. */
function selectedKey(pathname: string): string {
  const keys = [
    '/console/tickets',
    '/console/cfp',
    '/console/programme',
    '/console/nominations',
    '/console/flash-sales',
    '/console/charity',
    ...PLATFORM,
  ];
  return keys.find((k) => pathname.startsWith(k)) ?? '/console';
}

/** The workbench frame (Ant Design Pro style): a side menu by area, the page on the right. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const operator = user?.role === 'operator';
  const items = [
    { key: '/console', icon: <CalendarOutlined />, label: t('console.menu.campaigns') },
    // Conferences and summits sell tickets; their organizers and operators run them here.
    { key: '/console/tickets', icon: <IdcardOutlined />, label: t('tcon.menu') },
    { key: '/console/cfp', icon: <FormOutlined />, label: t('console.menu.cfp') },
    { key: '/console/programme', icon: <FieldTimeOutlined />, label: t('programme.menu') },
    ...(operator
      ? [
          {
            key: '/console/nominations',
            icon: <CheckSquareOutlined />,
            label: t('console.menu.nominations'),
          },
          { key: '/console/flash-sales', icon: <ThunderboltOutlined />, label: t('console.menu.flash') },
          { key: '/console/charity', icon: <HeartOutlined />, label: t('console.menu.charity') },
          {
            key: 'platform',
            type: 'group' as const,
            label: t('console.menu.platform'),
            children: [
              { key: '/console/users', icon: <TeamOutlined />, label: t('console.menu.users') },
              { key: '/console/audit', icon: <AuditOutlined />, label: t('console.menu.audit') },
              { key: '/console/ledger', icon: <AccountBookOutlined />, label: t('console.menu.ledger') },
              { key: '/console/settlements', icon: <DollarOutlined />, label: t('console.menu.settlements') },
            ],
          },
        ]
      : []),
  ];
  return (
    <Layout className="console-layout" style={{ background: 'transparent', gap: 20 }} hasSider>
      <Layout.Sider
        width={200}
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        style={{ background: '#fff', borderRadius: 8, alignSelf: 'flex-start' }}
        data-testid="console-menu"
      >
        <Menu
          mode="inline"
          selectedKeys={[selectedKey(pathname)]}
          items={items}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 0, borderRadius: 8 }}
        />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>{children}</Layout.Content>
    </Layout>
  );
}
