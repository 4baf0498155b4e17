/**
 * Names and addresses as two documents write them (a registration, an application, a line's
 * installation address): compared after one normalisation, used for every such comparison.
 * - NFKC: full-width letters, digits and punctuation (ＡＢＣ１２３（）) become half-width;
 * - 臺 and 台 are the same character in names and addresses (臺北市 = 台北市);
 * - whitespace of any width is ignored, Latin letters compared without case;
 * - a company form written short is the long one: (股)公司 = 股份有限公司, (有)公司 = 有限公司.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/臺/g, '台')
    .replace(/\(股\)(?:公司)?/g, '股份有限公司')
    .replace(/\(有\)(?:公司)?/g, '有限公司')
    .toLowerCase();
}

/** The same name or address on two documents (see normalizeName). */
export const sameName = (a: string, b: string): boolean => normalizeName(a) === normalizeName(b);
