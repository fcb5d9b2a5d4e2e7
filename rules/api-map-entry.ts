/** What an item of a WASI release is. */
export type ItemKind = 'interface' | 'world' | 'type' | 'resource' | 'function';

/** One entry of the WASI API map (wasi-api-map.ts): what a 0.2 item became in 0.3.0. */
export interface MapEntry {
  readonly kind: ItemKind;
  /** same: same key in 0.3.0; renamed/moved: see `to`; removed: see `note`. */
  readonly status: 'same' | 'renamed' | 'moved' | 'removed';
  readonly to?: string;
  readonly note?: string;
}
