export { type ChatArgs, chatUsage, parseChatArgs, terminalChannelId } from "./chat-args.ts";
export { ChatClientError, type ChatClientErrorKind } from "./chat-client-error.ts";
export { type ChatCredentials, readStoredSecrets, resolveChatCredentials } from "./chat-credentials.ts";
export { type ChatSessionOptions, formatReply, runChatSession } from "./chat-session.ts";
export { type ChatMessage, createNoorClient, type NoorClient } from "./noor-client.ts";
