import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TRPCClientError, createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router';
import type { AppRouter } from '../server/routers/_app';
import { MAX_BATCH_CALLS } from '../shared/trpc-batch';
import { App } from './App';
import { releaseFirstPaint, seedFromFirstPaint } from './first-paint';
import './global.css';
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
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const WallPage = lazy(() => import('./pages/WallPage'));
const PlanDraftsPage = lazy(() => import('./pages/PlanDraftsPage'));
const PlanDraftPage = lazy(() => import('./pages/PlanDraftPage'));
const ReceiptPage = lazy(() => import('./pages/ReceiptPage'));
const MyReportsPage = lazy(() => import('./pages/MyReportsPage'));
const NoticeSettingsPage = lazy(() => import('./pages/NoticeSettingsPage'));
const OutboxPage = lazy(() => import('./pages/OutboxPage'));

const router = createBrowserRouter([
  // The wall mode has no header: it fills the screen on its own.
  {
    path: '/wall',
    element: (
      <Suspense fallback={null}>
        <WallPage />
      </Suspense>
    ),
  },
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
      { path: 'receipts/:id', element: <ReceiptPage /> },
      { path: 'my-reports', element: <MyReportsPage /> },
      { path: 'history/:code', element: <HistoryPage /> },
      { path: 'chase', element: <ChasePage /> },
      { path: 'briefing', element: <BriefingPage /> },
      { path: 'admin/plans', element: <PlanDraftsPage /> },
      { path: 'admin/plans/:id', element: <PlanDraftPage /> },
      { path: 'settings/notices', element: <NoticeSettingsPage /> },
      { path: 'admin/outbox', element: <OutboxPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

const loginNeeded = (err: unknown) =>
  err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
// Unless the board is published (PUBLIC_BOARD=1), reading it needs a login: go to the login page,
// coming back here afterwards.
const queryCache = new QueryCache({
  onError: (err) => {
    const { pathname, search } = window.location;
    if (loginNeeded(err) && pathname !== '/login')
      void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
  },
});
const queryClient = new QueryClient({
  queryCache,
  defaultOptions: { queries: { staleTime: 30_000, retry: (failures, err) => failures < 1 && !loginNeeded(err) } },
});
// maxItems: the server's batch bound.
const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc', maxItems: MAX_BATCH_CALLS })] });
seedFromFirstPaint(queryClient, createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient }));
// The server's first screen stands only for the overview: leaving it shows the app at once.
router.subscribe((state) => {
  if (state.location.pathname !== '/') releaseFirstPaint();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
