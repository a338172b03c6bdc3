import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../app/NotFound';
import { CampaignEditorPage } from './CampaignEditorPage';
import { ConsoleHome } from './ConsoleHome';
import { CharityConsolePage } from './charity/CharityConsolePage';
import { FlashLivePage } from './flash/FlashLivePage';
import { FlashSalesPage } from './flash/FlashSalesPage';
import { RequireStaff } from './RequireStaff';

/** Everything under /console; loaded lazily, only by staff who open it. */
export default function ConsoleRoutes() {
  return (
    <RequireStaff>
      <Routes>
        <Route index element={<ConsoleHome />} />
        <Route path="campaigns/new" element={<CampaignEditorPage />} />
        <Route path="campaigns/:id" element={<CampaignEditorPage />} />
        <Route path="charity" element={<CharityConsolePage />} />
        <Route path="flash-sales" element={<FlashSalesPage />} />
        <Route path="flash-sales/:slotId" element={<FlashLivePage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RequireStaff>
  );
}
