import { SetMetadata } from '@nestjs/common';

/** Who may call a route: a shop backend (service key), an admin, or anyone (verified otherwise). */
export type Audience = 'service' | 'admin' | 'public';
export const AUDIENCE = 'auth:audience';

/** Routes without a decorator require a service key: closed by default. */
export const ServiceApi = () => SetMetadata(AUDIENCE, 'service' satisfies Audience);
export const AdminApi = () => SetMetadata(AUDIENCE, 'admin' satisfies Audience);
/** Open routes: health, docs, DOKU's notification (verified by its signature instead). */
export const Public = () => SetMetadata(AUDIENCE, 'public' satisfies Audience);

export interface Principal {
  audience: 'service' | 'admin';
  /** The key's id, never the key. Recorded as the actor of admin actions. */
  keyId: string;
}

/** Admin routes that move money or change state need the `operator` role (ADMIN_KEY_ROLES). */
export const ADMIN_ROLE = 'auth:admin-role';
export const OperatorOnly = () => SetMetadata(ADMIN_ROLE, 'operator');
