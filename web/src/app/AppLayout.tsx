import { MenuOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Layout, Spin } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { canManage, useSession } from '../auth/session';
import { canUsePortal } from '../portal/RequirePortalRole';
import { useI18n } from './i18n';
import { LocaleSwitch } from './LocaleSwitch';
import { UserMenu } from './UserMenu';

/** The header's links by role: in the bar on wide screens, in the drawer on phones. */
function NavLinks() {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const { pathname } = useLocation();
  return (
    <>
      <NavLink to="/" end>
        {t('nav.hub')}
      </NavLink>
      <NavLink to="/charity" data-testid="nav-charity">
        {t('nav.charity')}
      </NavLink>
      {user?.role === 'consumer' && (
        <>
          <NavLink to="/cart" data-testid="nav-cart">
            {t('nav.cart')}
          </NavLink>
          <NavLink to="/orders" data-testid="nav-orders">
            {t('nav.orders')}
          </NavLink>
          <NavLink to="/wallet" data-testid="nav-wallet">
            {t('nav.wallet')}
          </NavLink>
          <NavLink to="/me/donations" data-testid="nav-footprint">
            {t('nav.footprint')}
          </NavLink>
          <NavLink to="/me/green" data-testid="nav-green">
            {t('nav.green')}
          </NavLink>
          <NavLink to="/me/tickets" data-testid="nav-my-tickets">
            {t('nav.myTickets')}
          </NavLink>
        </>
      )}
      {user?.role === 'merchant' && (
        <>
          <NavLink to="/merchant/products" data-testid="nav-merchant-products">
            {t('nav.merchantProducts')}
          </NavLink>
          <NavLink to="/merchant/coupons" data-testid="nav-merchant-coupons">
            {t('nav.merchantCoupons')}
          </NavLink>
          <NavLink to="/merchant/enroll" data-testid="nav-merchant-enroll">
            {locale === 'zh-CN' ? '活动报名' : 'Enrollment'}
          </NavLink>
          <NavLink to="/merchant/campaign-items" data-testid="nav-merchant-items">
            {t('nav.merchantItems')}
          </NavLink>
          <NavLink to="/merchant/orders" data-testid="nav-merchant-orders">
            {t('nav.merchantOrders')}
          </NavLink>
          <NavLink to="/merchant/refunds" data-testid="nav-merchant-refunds">
            {t('nav.merchantRefunds')}
          </NavLink>
          <NavLink to="/merchant/settlements" data-testid="nav-settlements">
            {t('nav.settlements')}
          </NavLink>
          <NavLink to="/merchant/trace" data-testid="nav-merchant-trace">
            {t('nav.merchantTrace')}
          </NavLink>
          <NavLink to="/merchant/flash-sales" data-testid="nav-merchant-flash">
            {t('nav.flash')}
          </NavLink>
          <NavLink to="/merchant/analytics" data-testid="nav-merchant-analytics">
            {t('nav.analytics')}
          </NavLink>
        </>
      )}
      {user?.role === 'operator' && (
        <>
          <NavLink to="/console/nominations" data-testid="nav-review">
            {locale === 'zh-CN' ? '报名审核' : 'Review'}
          </NavLink>
          <NavLink to="/console/flash-sales" data-testid="nav-flash">
            {t('nav.flash')}
          </NavLink>
        </>
      )}
      {canManage(user) && (
        <NavLink to="/checkin" data-testid="nav-checkin">
          {t('nav.checkin')}
        </NavLink>
      )}
      {canUsePortal(user) && (
        <NavLink to="/developer" data-testid="nav-portal">
          {t('nav.portal')}
        </NavLink>
      )}
      {canManage(user) && (
        <NavLink
          to="/console"
          data-testid="nav-console"
          // 秒杀 and 报名审核 have their own entries under /console: only one entry is lit.
          className={({ isActive }) =>
            isActive && !/^\/console\/(flash-sales|nominations)/.test(pathname) ? 'active' : ''
          }
        >
          {t('nav.console')}
        </NavLink>
      )}
    </>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const { user } = useSession();
  // Phones (issue 9 item 8): the menu folds into a drawer behind a hamburger, never scrolls sideways.
  const [menuOpen, setMenuOpen] = useState(false);
  // The bar scrolls sideways when its entries outgrow the width: the current page's stays in view.
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page or role lights another link
  useEffect(() => {
    nav.current?.querySelector('a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname, user?.role]);
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand" data-testid="brand">
          <span className="app-brand-mark">C</span>
          <span className="app-brand-text">{t('brand.name')}</span>
        </Link>
        <Button
          type="text"
          className="app-nav-toggle"
          icon={<MenuOutlined />}
          aria-label={t('nav.menu')}
          data-testid="nav-toggle"
          onClick={() => setMenuOpen(true)}
        />
        <nav className="app-nav" ref={nav}>
          <NavLinks />
        </nav>
        <Drawer
          open={menuOpen}
          placement="left"
          width={260}
          title={t('brand.name')}
          onClose={() => setMenuOpen(false)}
          className="app-nav-drawer"
          // Unmounted when closed: its links share the bar's test ids, only one set exists at a time.
          destroyOnHidden
        >
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: the links inside take the keyboard */}
          <nav className="app-nav-vertical" data-testid="nav-drawer" onClick={() => setMenuOpen(false)}>
            <NavLinks />
          </nav>
        </Drawer>
        <div className="app-header-right">
          <LocaleSwitch />
          <UserMenu />
        </div>
      </Layout.Header>
      {user?.mustChangePassword && (
        <Alert
          banner
          type="warning"
          data-testid="must-change-password"
          title={
            <span>
              {t('auth.mustChange')} <Link to="/account/password">{t('auth.mustChange.action')}</Link>
            </span>
          }
        />
      )}
      <Layout.Content className="app-content">
        <Suspense fallback={<Spin size="large" className="page-spin" />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer className="app-footer">Carnival · Apache-2.0</Layout.Footer>
    </Layout>
  );
}
