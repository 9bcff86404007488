/** The /agents connection with typed requests: `request(event, payload)` resolves with `data` or throws. */
import { io, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  type AckView,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
} from './protocol';

export type AgentsSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

type Payload<E extends keyof AgentClientToServerEvents> = Parameters<AgentClientToServerEvents[E]>[0];
type Result<E extends keyof AgentClientToServerEvents> = Parameters<AgentClientToServerEvents[E]>[1] extends (
  r: AckView<infer T>,
) => void
  ? T
  : never;

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function connectAgents(): AgentsSocket {
  return io(AGENTS_NAMESPACE, { withCredentials: true, transports: ['websocket', 'polling'] });
}

export async function request<E extends keyof AgentClientToServerEvents>(
  socket: AgentsSocket,
  event: E,
  payload: Payload<E>,
): Promise<Result<E>> {
  const response = (await (
    socket.timeout(10_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<AckView<Result<E>>> }
  )
    .emitWithAck(event, payload)
    .catch(() => ({
      error: { code: 'timeout', message: 'The server did not answer. Check your connection.' },
    }))) as AckView<Result<E>>;
  if (response.error) throw new RequestError(response.error.code, response.error.message);
  return response.data as Result<E>;
}
