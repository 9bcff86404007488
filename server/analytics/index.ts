/** The admin side's analytics and review routes (see routes.ts). */
export {
  analyticsRoutes,
  CreateFaqBody,
  type AnalyticsRoutesLogger,
  type AnalyticsRoutesOptions,
} from './routes';
