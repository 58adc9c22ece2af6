/**
 * msal-node ICachePlugin over the store's token_cache table: one encrypted partition per person. Before msal reads
 * the cache it loads and decrypts the partition; after msal changed it, it encrypts and saves it. No plaintext
 * token ever reaches the store. It does not decide which partition a request uses: the caller binds one.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { TokenCacheRepository } from '../store';
import type { EncryptionKeyRing } from './encryption';

export class EncryptedCachePlugin implements ICachePlugin {
  constructor(
    private readonly repository: TokenCacheRepository,
    private readonly keys: EncryptionKeyRing,
    private readonly partitionKey: string,
  ) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const entry = await this.repository.get(this.partitionKey);
    if (entry === undefined) return;
    const opened = this.keys.open(entry, this.partitionKey);
    context.tokenCache.deserialize(opened.plaintext);
    // Key rotation: whatever an older key sealed is sealed again with the newest key the first time it is read.
    if (opened.stale) await this.save(opened.plaintext);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) await this.save(context.tokenCache.serialize());
  }

  private async save(plaintext: string): Promise<void> {
    const sealed = this.keys.seal(plaintext, this.partitionKey);
    await this.repository.put(this.partitionKey, sealed.ciphertext, sealed.keyId);
  }
}
