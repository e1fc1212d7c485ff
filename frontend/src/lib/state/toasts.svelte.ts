// Short-lived messages in the corner; errors land here so nothing fails silently.

export type Toast = { id: number; message: string };

const VISIBLE_MS = 6000;

class Toasts {
  items: Toast[] = $state([]);
  private nextId = 1;

  show(message: string): void {
    const toast = { id: this.nextId++, message };
    this.items.push(toast);
    setTimeout(() => this.dismiss(toast.id), VISIBLE_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();

export function showError(error: unknown): void {
  toasts.show(error instanceof Error ? error.message : String(error));
}
