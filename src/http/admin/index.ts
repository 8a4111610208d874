export { type AdminRoutesOptions, adminRoutes } from "./admin-routes.ts";
export {
  type ConversationChanges,
  type ConversationService,
  createConversationService,
} from "./conversation-service.ts";
export { conversationRoutes } from "./conversations.ts";
export { deliveryRoutes } from "./deliveries.ts";
export { statechartRoutes } from "./statechart.ts";
export { statsRoutes } from "./stats.ts";
export {
  createWhatsappWindow,
  type TemplateRef,
  type WhatsappWindow,
  type WindowVerdict,
  whatsappWindowMs,
} from "./whatsapp-window.ts";
