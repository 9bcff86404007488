/**
 * Live settings wait for what they apply to: the language model and the knowledge base load after the
 * service starts listening. A load that fails is reported once, by start-up (`ready` in server/start),
 * and the service keeps serving with /readyz at 503; a setting that arrives then has nothing to apply to
 * and is dropped. A setting that fails to apply goes to `onError`. Nothing is left to reject unhandled,
 * which would end the process (Node's default for unhandled rejections).
 */
export function whenLoaded<T>(
  loading: Promise<T>,
  apply: (loaded: T) => unknown,
  onError: (error: unknown) => void,
): void {
  loading.then(apply, () => undefined).catch(onError);
}
