/** The agent console's server side: the authenticated /agents namespace and the /console page. */
export {
  attachAgentsNamespace,
  agentRoom,
  watchRoom,
  type AgentsNamespace,
  type AgentsNamespaceHandle,
  type AgentsNamespaceOptions,
} from './attach-agents';
export { consoleRoutes, consolePagePath } from './console-route';
export { DEFAULT_CANNED_RESPONSES } from './canned';
export { knowledgeBaseSuggestions, type SearchableKnowledge, type SuggestionSource } from './suggestions';
export { toAgentMessage } from './views';
