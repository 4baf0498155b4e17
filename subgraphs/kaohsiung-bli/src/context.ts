import { regimeContextFactory, type RegimeContext, type RegimeDeps } from '@webir/db/regime';
import { createLoaders, type KhLoaders } from './loaders.ts';

export type KhDeps = RegimeDeps;
export type KhContext = RegimeContext<KhLoaders>;

export const contextFactory = (deps: KhDeps) => regimeContextFactory(deps, createLoaders);
