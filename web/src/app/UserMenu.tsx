import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Badge, Button, Dropdown, Space } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useUnreadNotices } from '../programme/me/useUnreadNotices';
import { useI18n } from './i18n';

export function UserMenu() {
  const { user, logout, loading } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const unread = useUnreadNotices(user?.id);

  if (loading) return null;
  if (!user) {
    const backHere = /^\/(login|signup)/.test(location.pathname)
      ? location.search
      : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      <Space size={8}>
        <Link
          // Sign-in and sign-up come back to this page (issue 9 item 5), except from the auth pages.
          to={`/login${backHere}`}
          data-testid="nav-login"
        >
          <Button type="text" className="header-btn">
            {t('nav.login')}
          </Button>
        </Link>
        <Link to={`/signup${backHere}`} data-testid="nav-signup">
          <Button type="primary" ghost className="header-btn-primary">
            {t('nav.signup')}
          </Button>
        </Link>
      </Space>
    );
  }
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'role', label: t(`role.${user.role}`), disabled: true },
          { type: 'divider' },
          ...(user.role === 'consumer'
            ? [{ key: 'addresses', label: <span data-testid="nav-addresses">{t('nav.addresses')}</span> }]
            : []),
          {
            key: 'agenda',
            label: (
              <Space size={6} data-testid="nav-my-agenda">
                {t('nav.myAgenda')}
                {unread > 0 && <Badge count={unread} size="small" data-testid="nav-notices-badge" />}
              </Space>
            ),
          },
          { key: 'proposals', label: <span data-testid="nav-proposals">{t('nav.myProposals')}</span> },
          { key: 'reviews', label: <span data-testid="nav-reviews">{t('nav.myReviews')}</span> },
          { key: 'password', label: t('nav.changePassword') },
          { key: 'logout', label: <span data-testid="logout">{t('nav.logout')}</span> },
        ],
        onClick: async ({ key }) => {
          if (key === 'password') navigate('/account/password');
          if (key === 'addresses') navigate('/me/addresses');
          if (key === 'agenda') navigate('/me/agenda');
          if (key === 'proposals') navigate('/me/proposals');
          if (key === 'reviews') navigate('/me/reviews');
          if (key === 'logout') {
            await logout();
            message.success(t('auth.loggedOut'));
            navigate('/');
          }
        },
      }}
    >
      <Button type="text" className="header-btn" data-testid="user-menu">
        <Space size={6}>
          <Badge dot={unread > 0} data-testid="user-menu-dot">
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#ff5000' }} />
          </Badge>
          <span className="header-user-name" data-user-content>
            {user.displayName}
          </span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}
