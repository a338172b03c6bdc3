import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { HubPage } from '../hub/HubPage';
import { prefetchAgenda } from '../programme/agenda/agenda-data';
import { AppLayout } from './AppLayout';
import { NotFound } from './NotFound';

/**
 * A page in its own chunk, as a route-level `lazy`: the router fetches the chunk (and runs the
 * route's loader, which may start the page's requests) before it renders the route, so a first
 * visit never shows a Suspense fallback. React.lazy showed one, and React holds a revealed
 * Suspense boundary back for up to 300 ms (its fallback throttle), which delayed every lazy
 * page's first requests by that much (docs/performance.md, issue 12).
 */
function page(load: () => Promise<{ default: ComponentType }>) {
  return { lazy: async () => ({ Component: (await load()).default }) };
}

// The event page too: its widgets (steps, countdowns, phases) are not the shell's, and the agenda,
// a ticket shop or an order opened from a link would load them for nothing. The hub stays in the
// shell: it is the front page, and a chunk of its own cost it a round trip (docs/performance.md).
const EventPage = page(() => import('../event/EventPage').then((m) => ({ default: m.EventPage })));
// The console is for a few staff users: keep it (and its heavier form widgets) out of the main bundle.
const ConsoleRoutes = page(() => import('../console/ConsoleRoutes'));
const LoginPage = page(() => import('../auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const SignupPage = page(() => import('../auth/SignupPage').then((m) => ({ default: m.SignupPage })));
const MerchantEnrollPage = page(() => import('../merchant/MerchantEnrollPage'));
const VenuePage = page(() => import('../venue/VenuePage'));
const CartPage = page(() => import('../cart/CartPage'));
const CheckoutPage = page(() => import('../cart/CheckoutPage'));
const OrdersPage = page(() => import('../orders/OrdersPage'));
const OrderDetailPage = page(() => import('../orders/OrderDetailPage'));
const WalletPage = page(() => import('../wallet/WalletPage'));
const AddressesPage = page(() => import('../shopper/AddressesPage'));
const FootprintPage = page(() => import('../charity/FootprintPage'));
const CharityProjectPage = page(() => import('../charity/ProjectPage'));
const CharityProjectsPage = page(() => import('../charity/ProjectsPage'));
const TracePage = page(() => import('../charity/TracePage'));
const GreenPage = page(() => import('../charity/GreenPage'));
const MyTicketsPage = page(() => import('../checkin/MyTicketsPage'));
const TicketShopPage = page(() => import('../checkin/TicketShopPage'));
const CheckinPage = page(() => import('../checkin/CheckinPage'));
const CheckinManagePage = page(() => import('../checkin/ManagePage'));
const MerchantOrdersPage = page(() => import('../merchant/MerchantOrdersPage'));
const MerchantRefundsPage = page(() => import('../merchant/MerchantRefundsPage'));
const SettlementPage = page(() => import('../merchant/SettlementPage'));
const MerchantFlashSalesPage = page(() => import('../merchant/MerchantFlashSalesPage'));
const MerchantProductsPage = page(() => import('../merchant/store/ProductsPage'));
const MerchantCouponsPage = page(() => import('../merchant/store/CouponsPage'));
const MerchantCampaignItemsPage = page(() => import('../merchant/store/CampaignItemsPage'));
const MerchantTracePage = page(() => import('../merchant/trace/TracePage'));
const DeveloperPortalPage = page(() => import('../portal/DeveloperPortalPage'));
const DeliveryLogPage = page(() => import('../portal/DeliveryLogPage'));
// The big screen pulls in ECharts and the China map: its own chunk, loaded only by a screen.
const BigScreenPage = page(() => import('../screen/BigScreenPage'));
const MerchantAnalyticsPage = page(() => import('../analytics/MerchantAnalyticsPage'));
const CampaignReportPage = page(() => import('../analytics/CampaignReportPage'));
// The call for proposals (docs/cfp.md): speakers, co-speaker invites and reviewers.
const CfpPage = page(() => import('../cfp/CfpPage'));
const MyProposalsPage = page(() => import('../cfp/MyProposalsPage'));
const CfpInvitePage = page(() => import('../cfp/InvitePage'));
const ReviewsPage = page(() => import('../cfp/ReviewsPage'));
const AgendaPage = page(() => import('../programme/agenda/AgendaPage'));
const SessionPage = page(() => import('../programme/agenda/SessionPage'));
const SpeakerPage = page(() => import('../programme/agenda/SpeakerPage'));
const MyAgendaPage = page(() => import('../programme/me/MyAgendaPage'));
const ChangePasswordPage = page(() =>
  import('../auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);

export const router = createBrowserRouter([
  // Full window: no header, no footer (a wall display); still inside the i18n and session providers.
  {
    path: '/screen/:campaignId',
    ...BigScreenPage,
    hydrateFallbackElement: null,
  },
  {
    element: <AppLayout />,
    // Before the first page's chunk has arrived there is nothing to show (index.html is empty).
    hydrateFallbackElement: null,
    children: [
      { path: '/', element: <HubPage /> },
      { path: '/events/:slug', ...EventPage },
      { path: '/events/:slug/venue', ...VenuePage },
      { path: '/events/:slug/tickets', ...TicketShopPage },
      { path: '/events/:slug/cfp', ...CfpPage },
      { path: '/me/proposals', ...MyProposalsPage },
      { path: '/me/reviews', ...ReviewsPage },
      { path: '/cfp/invites/:token', ...CfpInvitePage },
      {
        path: '/events/:slug/agenda',
        ...AgendaPage,
        // Its two requests start with the page's chunk instead of after it (a filter change is a
        // navigation too, but it keeps the slug: no new request then).
        loader: ({ params }) => {
          prefetchAgenda(params.slug ?? '');
          return null;
        },
        shouldRevalidate: ({ currentParams, nextParams }) => currentParams.slug !== nextParams.slug,
      },
      { path: '/events/:slug/speakers/:id', ...SpeakerPage },
      { path: '/sessions/:id', ...SessionPage },
      { path: '/me/agenda', ...MyAgendaPage },
      { path: '/cart', ...CartPage },
      { path: '/checkout', ...CheckoutPage },
      { path: '/orders', ...OrdersPage },
      { path: '/orders/:id', ...OrderDetailPage },
      { path: '/wallet', ...WalletPage },
      { path: '/me/addresses', ...AddressesPage },
      { path: '/me/donations', ...FootprintPage },
      { path: '/me/tickets', ...MyTicketsPage },
      { path: '/checkin', ...CheckinPage },
      { path: '/checkin/manage', ...CheckinManagePage },
      { path: '/charity', ...CharityProjectsPage },
      { path: '/charity/projects/:id', ...CharityProjectPage },
      { path: '/merchant/products', ...MerchantProductsPage },
      { path: '/merchant/coupons', ...MerchantCouponsPage },
      { path: '/merchant/campaign-items', ...MerchantCampaignItemsPage },
      { path: '/merchant/trace', ...MerchantTracePage },
      { path: '/trace/:code', ...TracePage },
      { path: '/me/green', ...GreenPage },
      { path: '/merchant/enroll', ...MerchantEnrollPage },
      { path: '/merchant/orders', ...MerchantOrdersPage },
      { path: '/merchant/refunds', ...MerchantRefundsPage },
      { path: '/merchant/settlements', ...SettlementPage },
      { path: '/merchant/flash-sales', ...MerchantFlashSalesPage },
      { path: '/developer', ...DeveloperPortalPage },
      { path: '/developer/webhooks/:id', ...DeliveryLogPage },
      { path: '/login', ...LoginPage },
      { path: '/signup', ...SignupPage },
      { path: '/account/password', ...ChangePasswordPage },
      { path: '/merchant/analytics', ...MerchantAnalyticsPage },
      { path: '/console/campaigns/:id/report', ...CampaignReportPage },
      { path: '/console/*', ...ConsoleRoutes },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
