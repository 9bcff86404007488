/** The admin side's analytics and review routes (see routes.ts). */
export { analyticsRoutes, type AnalyticsRoutesLogger, type AnalyticsRoutesOptions } from './routes';
