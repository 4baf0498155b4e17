import { sameName as sameText } from '@webir/kit';

/**
 * The same name as written on two documents, and the same address: one normalisation (kit's
 * normalizeName: full- and half-width alike, spacing ignored, 臺/台 alike, 股份有限公司 written short).
 */
export const sameName = sameText;
export const sameAddress = sameText;
