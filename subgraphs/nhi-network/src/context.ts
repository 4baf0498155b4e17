import { regimeContextFactory, type RegimeContext, type RegimeDeps } from '@webir/db/regime';
import { createLoaders, type NwLoaders } from './loaders.ts';

export type NwDeps = RegimeDeps;
export type NwContext = RegimeContext<NwLoaders>;

export const contextFactory = (deps: NwDeps) => regimeContextFactory(deps, createLoaders);
