/**
 * World state that host code waits on (an exchange, a connection, a
 * listener, a datagram endpoint): whoever changes it calls `changed()`,
 * which wakes every waiter registered with `onChange` once.
 */
export class Watched {
  private listeners: Array<() => void> = [];
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }
  changed(): void {
    for (const l of this.listeners.splice(0)) l();
  }
}
