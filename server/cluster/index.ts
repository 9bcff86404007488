/**
 * Several Parley nodes behind one load balancer (REDIS_URL): what they tell each other over the
 * socket.io Redis adapter, so an admin's change, an agent's presence and the handoff's queue are the
 * same on every node without a restart.
 */
export {
  CLUSTER_EVENT,
  ClusterMessageSchema,
  socketIoClusterBus,
  type ClusterBus,
  type ClusterListener,
  type ClusterMessage,
} from './bus';
export { ClusterHandoffService } from './handoff';
export {
  DEFAULT_SYNC_INTERVAL_MS,
  startClusterSync,
  type ChangeMessage,
  type ClusterSync,
  type ClusterSyncOptions,
  type LiveCopies,
} from './sync';
