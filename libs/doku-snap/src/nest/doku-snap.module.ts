// Optional Nest wiring: provides one DokuSnapClient (injectable by its class) and closes its
// keep-alive connections on shutdown. The client itself knows nothing of Nest.
import {
  Inject,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { DokuSnapClient } from '../client.js';
import type { DokuSnapClientOptions } from '../client-options.js';

export const DOKU_SNAP_OPTIONS = Symbol('DOKU_SNAP_OPTIONS');

export interface DokuSnapModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: any[]) => DokuSnapClientOptions | Promise<DokuSnapClientOptions>;
  /** Register the client globally (default false). */
  isGlobal?: boolean;
}

const clientProvider = {
  provide: DokuSnapClient,
  useFactory: (options: DokuSnapClientOptions) => new DokuSnapClient(options),
  inject: [DOKU_SNAP_OPTIONS],
};

@Module({})
export class DokuSnapModule implements OnApplicationShutdown {
  constructor(@Inject(DokuSnapClient) private readonly client: DokuSnapClient) {}

  /** Provides DokuSnapClient from fixed options. */
  static forRoot(options: DokuSnapClientOptions & { isGlobal?: boolean }): DynamicModule {
    const { isGlobal, ...clientOptions } = options;
    return {
      module: DokuSnapModule,
      global: isGlobal ?? false,
      providers: [{ provide: DOKU_SNAP_OPTIONS, useValue: clientOptions }, clientProvider],
      exports: [DokuSnapClient],
    };
  }

  /** Provides DokuSnapClient from options built by a factory (e.g. from the app's config). */
  static forRootAsync(options: DokuSnapModuleAsyncOptions): DynamicModule {
    return {
      module: DokuSnapModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [
        {
          provide: DOKU_SNAP_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        clientProvider,
      ],
      exports: [DokuSnapClient],
    };
  }

  onApplicationShutdown(): void {
    this.client.close();
  }
}
