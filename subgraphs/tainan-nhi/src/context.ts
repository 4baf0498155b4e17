import { regimeContextFactory, type RegimeContext, type RegimeDeps } from '@webir/db/regime';
import { createLoaders, type TnLoaders } from './loaders.ts';

export type TnDeps = RegimeDeps;
export type TnContext = RegimeContext<TnLoaders>;

export const contextFactory = (deps: TnDeps) => regimeContextFactory(deps, createLoaders);
