export { type Inspector, nameChatActor, startInspector } from "./inspector.ts";
