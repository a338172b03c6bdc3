import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../app/NotFound';
import { CfpConsoleList } from '../cfp/console/CfpConsoleList';
import { CfpConsolePage } from '../cfp/console/CfpConsolePage';
import { ProgrammeConsolePage } from '../programme/console/ProgrammeConsolePage';
import { ProgrammeEventsPage } from '../programme/console/ProgrammeEventsPage';
import { ReviewQueuePage } from '../review/ReviewQueuePage';
import { CampaignEditorPage } from './CampaignEditorPage';
import { ConsoleHome } from './ConsoleHome';
import { ConsoleLayout } from './ConsoleLayout';
import { CharityConsolePage } from './charity/CharityConsolePage';
import { FlashLivePage } from './flash/FlashLivePage';
import { FlashSalesPage } from './flash/FlashSalesPage';
import { AuditPage } from './platform/AuditPage';
import { LedgerPage } from './platform/LedgerPage';
import { SettlementsPage } from './platform/SettlementsPage';
import { UsersPage } from './platform/UsersPage';
import { RequireStaff } from './RequireStaff';
import { TicketConsolePage } from './tickets/TicketConsolePage';
import { TicketEventsPage } from './tickets/TicketEventsPage';
import { CampaignWorkbenchPage } from './workbench/CampaignWorkbenchPage';

/** Everything under /console; loaded lazily, only by staff who open it. */
export default function ConsoleRoutes() {
  return (
    <RequireStaff>
      <ConsoleLayout>
        <Routes>
          <Route index element={<ConsoleHome />} />
          <Route path="campaigns/new" element={<CampaignEditorPage />} />
          <Route path="campaigns/:id" element={<CampaignEditorPage />} />
          <Route path="campaigns/:id/setup" element={<CampaignWorkbenchPage />} />
          <Route path="programme" element={<ProgrammeEventsPage />} />
          <Route path="programme/:eventId" element={<ProgrammeConsolePage />} />
          <Route path="nominations" element={<ReviewQueuePage />} />
          <Route path="flash-sales" element={<FlashSalesPage />} />
          <Route path="flash-sales/:slotId" element={<FlashLivePage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="ledger" element={<LedgerPage />} />
          <Route path="settlements" element={<SettlementsPage />} />
          <Route path="charity" element={<CharityConsolePage />} />
          <Route path="tickets" element={<TicketEventsPage />} />
          <Route path="tickets/:eventId" element={<TicketConsolePage />} />
          <Route path="cfp" element={<CfpConsoleList />} />
          <Route path="cfp/:eventId" element={<CfpConsolePage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </ConsoleLayout>
    </RequireStaff>
  );
}
