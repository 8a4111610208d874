/**
 * Which shard a chat belongs to, and which node should hold a shard.
 *
 * - `shardOf`: FNV-1a 32-bit over the chat id's UTF-8 bytes (offset basis
 *   0x811c9dc5, prime 0x01000193), unsigned, modulo SHARD_COUNT. Stable across
 *   processes, versions and hosts; every node must run the same SHARD_COUNT.
 * - `ownerOf`: rendezvous (highest random weight) hashing. Every node scores
 *   each live node for a shard and the highest score wins, so all nodes agree
 *   without talking, shards spread evenly, and a join or a death moves only
 *   the shards that the joining node wins or the dead node held. The weight
 *   is FNV-1a of `node + "\n" + shard` passed through murmur3's finaliser, so
 *   node ids that differ in one character still score independently.
 */

const encoder = new TextEncoder();

export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function shardOf(chatId: string, shardCount: number): number {
  return fnv1a32(chatId) % shardCount;
}

export function rendezvousWeight(node: string, shard: number): number {
  return mix32(fnv1a32(`${node}\n${shard}`));
}

/** The live node that should hold `shard`; null when no node is live. */
export function ownerOf(shard: number, nodes: readonly string[]): string | null {
  let best: string | null = null;
  let bestWeight = -1;
  for (const node of nodes) {
    const weight = rendezvousWeight(node, shard);
    // Ties (vanishingly rare) go to the smaller id, so every node still agrees.
    if (weight > bestWeight || (weight === bestWeight && best !== null && node < best)) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}

/** The shards `node` should hold among `nodes`, ascending. */
export function shardsOwnedBy({
  node,
  nodes,
  shardCount,
}: {
  node: string;
  nodes: readonly string[];
  shardCount: number;
}): number[] {
  const owned: number[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    if (ownerOf(shard, nodes) === node) owned.push(shard);
  }
  return owned;
}
