import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { StrictMode, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router';
import type { AppRouter } from '../server/routers/_app';
import { App } from './App';
import OverviewPage from './pages/OverviewPage';
import { TRPCProvider } from './trpc';

// The overview is in the first bundle; the measure page (with ECharts) and the unit view load
// on demand, so the first screen's JavaScript stays small.
const MeasurePage = lazy(() => import('./pages/MeasurePage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const EntryPage = lazy(() => import('./pages/EntryPage'));
const ReviewPage = lazy(() => import('./pages/ReviewPage'));
const HistoryPage = lazy(() => import('./pages/HistoryPage'));
const ChasePage = lazy(() => import('./pages/ChasePage'));
const BriefingPage = lazy(() => import('./pages/BriefingPage'));
const PlanDraftsPage = lazy(() => import('./pages/PlanDraftsPage'));
const PlanDraftPage = lazy(() => import('./pages/PlanDraftPage'));

const router = createBrowserRouter([
  {
    path: '/',
    element: <App />,
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'measures/:no', element: <MeasurePage /> },
      { path: 'units', element: <UnitsPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'report', element: <EntryPage /> },
      { path: 'review', element: <ReviewPage /> },
      { path: 'history/:code', element: <HistoryPage /> },
      { path: 'chase', element: <ChasePage /> },
      { path: 'briefing', element: <BriefingPage /> },
      { path: 'admin/plans', element: <PlanDraftsPage /> },
      { path: 'admin/plans/:id', element: <PlanDraftPage /> },
    ],
  },
]);

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });
const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
