/** The public help centre (`/help`): published articles and FAQs as pages, with search. */
export { helpRoutes, type HelpRoutesOptions } from './help-router';
export { HELP_PATH, helpLink } from './pages';
