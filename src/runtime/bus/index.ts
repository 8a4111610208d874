export type { ChatBus, ChatCommand, ChatCommandHandler, ChatOwnershipHooks } from "./chat-bus.ts";
export { createInProcessBus } from "./in-process-bus.ts";
export { createLeases, type Leases } from "./leases.ts";
export { createRedisBus, type RedisBus, type RedisBusOptions } from "./redis-bus.ts";
export { BusUnavailableError } from "./redis-bus-error.ts";
export { consumerGroup, type RedisKeys, redisKeys } from "./redis-keys.ts";
export { fnv1a32, ownerOf, rendezvousWeight, shardOf, shardsOwnedBy } from "./shards.ts";
