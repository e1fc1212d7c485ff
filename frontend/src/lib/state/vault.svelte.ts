// The open vault, shared by every view.
import type { VaultInfo } from "../bindings/VaultInfo";

class VaultState {
  info: VaultInfo | null = $state(null);
  /** Bumped when files change on disk, so lists and references refetch. */
  revision = $state(0);
}

export const vault = new VaultState();

export function today(): string {
  return vault.info?.today ?? new Date().toISOString().slice(0, 10);
}
