import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { EventPage } from '../event/EventPage';
import { HubPage } from '../hub/HubPage';
import { AppLayout } from './AppLayout';
import { NotFound } from './NotFound';

// The console is for a few staff users: keep it (and its heavier form widgets) out of the main bundle.
const ConsoleRoutes = lazy(() => import('../console/ConsoleRoutes'));
const LoginPage = lazy(() => import('../auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const SignupPage = lazy(() => import('../auth/SignupPage').then((m) => ({ default: m.SignupPage })));
const MerchantEnrollPage = lazy(() => import('../merchant/MerchantEnrollPage'));
const VenuePage = lazy(() => import('../venue/VenuePage'));
const CartPage = lazy(() => import('../cart/CartPage'));
const CheckoutPage = lazy(() => import('../cart/CheckoutPage'));
const OrdersPage = lazy(() => import('../orders/OrdersPage'));
const OrderDetailPage = lazy(() => import('../orders/OrderDetailPage'));
const WalletPage = lazy(() => import('../wallet/WalletPage'));
const AddressesPage = lazy(() => import('../shopper/AddressesPage'));
const FootprintPage = lazy(() => import('../charity/FootprintPage'));
const CharityProjectPage = lazy(() => import('../charity/ProjectPage'));
const CharityProjectsPage = lazy(() => import('../charity/ProjectsPage'));
const TracePage = lazy(() => import('../charity/TracePage'));
const GreenPage = lazy(() => import('../charity/GreenPage'));
const MyTicketsPage = lazy(() => import('../checkin/MyTicketsPage'));
const TicketShopPage = lazy(() => import('../checkin/TicketShopPage'));
const CheckinPage = lazy(() => import('../checkin/CheckinPage'));
const CheckinManagePage = lazy(() => import('../checkin/ManagePage'));
const MerchantOrdersPage = lazy(() => import('../merchant/MerchantOrdersPage'));
const MerchantRefundsPage = lazy(() => import('../merchant/MerchantRefundsPage'));
const SettlementPage = lazy(() => import('../merchant/SettlementPage'));
const MerchantFlashSalesPage = lazy(() => import('../merchant/MerchantFlashSalesPage'));
const MerchantProductsPage = lazy(() => import('../merchant/store/ProductsPage'));
const MerchantCouponsPage = lazy(() => import('../merchant/store/CouponsPage'));
const MerchantCampaignItemsPage = lazy(() => import('../merchant/store/CampaignItemsPage'));
const MerchantTracePage = lazy(() => import('../merchant/trace/TracePage'));
const DeveloperPortalPage = lazy(() => import('../portal/DeveloperPortalPage'));
const DeliveryLogPage = lazy(() => import('../portal/DeliveryLogPage'));
// The big screen pulls in ECharts and the China map: its own chunk, loaded only by a screen.
const BigScreenPage = lazy(() => import('../screen/BigScreenPage'));
const MerchantAnalyticsPage = lazy(() => import('../analytics/MerchantAnalyticsPage'));
const CampaignReportPage = lazy(() => import('../analytics/CampaignReportPage'));
// The call for proposals (docs/cfp.md): speakers, co-speaker invites and reviewers.
const CfpPage = lazy(() => import('../cfp/CfpPage'));
const MyProposalsPage = lazy(() => import('../cfp/MyProposalsPage'));
const CfpInvitePage = lazy(() => import('../cfp/InvitePage'));
const ReviewsPage = lazy(() => import('../cfp/ReviewsPage'));
const AgendaPage = lazy(() => import('../programme/agenda/AgendaPage'));
const SessionPage = lazy(() => import('../programme/agenda/SessionPage'));
const SpeakerPage = lazy(() => import('../programme/agenda/SpeakerPage'));
const MyAgendaPage = lazy(() => import('../programme/me/MyAgendaPage'));
const ChangePasswordPage = lazy(() =>
  import('../auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);

export const router = createBrowserRouter([
  // Full window: no header, no footer (a wall display); still inside the i18n and session providers.
  {
    path: '/screen/:campaignId',
    element: (
      <Suspense fallback={null}>
        <BigScreenPage />
      </Suspense>
    ),
  },
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HubPage /> },
      { path: '/events/:slug', element: <EventPage /> },
      { path: '/events/:slug/venue', element: <VenuePage /> },
      { path: '/events/:slug/tickets', element: <TicketShopPage /> },
      { path: '/events/:slug/cfp', element: <CfpPage /> },
      { path: '/me/proposals', element: <MyProposalsPage /> },
      { path: '/me/reviews', element: <ReviewsPage /> },
      { path: '/cfp/invites/:token', element: <CfpInvitePage /> },
      { path: '/events/:slug/agenda', element: <AgendaPage /> },
      { path: '/events/:slug/speakers/:id', element: <SpeakerPage /> },
      { path: '/sessions/:id', element: <SessionPage /> },
      { path: '/me/agenda', element: <MyAgendaPage /> },
      { path: '/cart', element: <CartPage /> },
      { path: '/checkout', element: <CheckoutPage /> },
      { path: '/orders', element: <OrdersPage /> },
      { path: '/orders/:id', element: <OrderDetailPage /> },
      { path: '/wallet', element: <WalletPage /> },
      { path: '/me/addresses', element: <AddressesPage /> },
      { path: '/me/donations', element: <FootprintPage /> },
      { path: '/me/tickets', element: <MyTicketsPage /> },
      { path: '/checkin', element: <CheckinPage /> },
      { path: '/checkin/manage', element: <CheckinManagePage /> },
      { path: '/charity', element: <CharityProjectsPage /> },
      { path: '/charity/projects/:id', element: <CharityProjectPage /> },
      { path: '/merchant/products', element: <MerchantProductsPage /> },
      { path: '/merchant/coupons', element: <MerchantCouponsPage /> },
      { path: '/merchant/campaign-items', element: <MerchantCampaignItemsPage /> },
      { path: '/merchant/trace', element: <MerchantTracePage /> },
      { path: '/trace/:code', element: <TracePage /> },
      { path: '/me/green', element: <GreenPage /> },
      { path: '/merchant/enroll', element: <MerchantEnrollPage /> },
      { path: '/merchant/orders', element: <MerchantOrdersPage /> },
      { path: '/merchant/refunds', element: <MerchantRefundsPage /> },
      { path: '/merchant/settlements', element: <SettlementPage /> },
      { path: '/merchant/flash-sales', element: <MerchantFlashSalesPage /> },
      { path: '/developer', element: <DeveloperPortalPage /> },
      { path: '/developer/webhooks/:id', element: <DeliveryLogPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/account/password', element: <ChangePasswordPage /> },
      { path: '/merchant/analytics', element: <MerchantAnalyticsPage /> },
      { path: '/console/campaigns/:id/report', element: <CampaignReportPage /> },
      { path: '/console/*', element: <ConsoleRoutes /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
