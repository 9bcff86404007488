/**
 * POST /api/messages: the standard Bot Framework endpoint (Teams, Slack… through Azure Bot Service),
 * served by botbuilder's CloudAdapter. An empty app id and password mean local testing (the
 * Emulator, `deliveryMode: "expectReplies"` callers): requests without credentials are accepted.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';

export interface BotFrameworkCredentials {
  appId: string;
  appPassword: string;
  tenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | string;
}

/** An HTTP handler for POST /api/messages (express's req/res fit). */
export type BotFrameworkHandler = (req: Request, res: Response) => Promise<void>;

export function createCloudAdapter(credentials: BotFrameworkCredentials): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppTenantId: credentials.tenantId ?? '',
    MicrosoftAppType: credentials.appType ?? 'MultiTenant',
  };
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}

export function botFrameworkHandler(
  adapter: CloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
): BotFrameworkHandler {
  return (req, res) => adapter.process(req, res, logic);
}
