export { type ConnectRedisOptions, connectRedis } from "./connect-redis.ts";
export {
  createLocalJobLock,
  createRedisJobLock,
  type ExclusiveJob,
  type ExclusiveRun,
  type JobLock,
} from "./job-lock.ts";
export { createMembership, type Membership } from "./membership.ts";
export { type PeriodicJob, type PeriodicJobOptions, schedulePeriodicJob } from "./periodic-job.ts";
export {
  createShardOwnership,
  type ShardOwnership,
  type ShardOwnershipHooks,
  type ShardOwnershipOptions,
} from "./shard-ownership.ts";
