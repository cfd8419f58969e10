/**
 * The password with l33t substitutions undone ("p@ssw0rd" -> "password"), as zxcvbn-ts 4.2's
 * `getCleanPasswords` enumerates them: every full substitution first, then partial ones, at
 * most `limit` in all, in the same order (MIT, zxcvbn-ts authors). Ported because core does
 * not export it, and the order decides which variants a small `limit` keeps.
 */

/** The shape of zxcvbn-ts's l33t trie (`Options.trieNodeRoot`). */
export interface L33tTrieNode {
  parents: string[];
  subs?: string[];
  getChild(character: string): L33tTrieNode | undefined;
  isTerminal(): boolean;
}

export interface L33tChange {
  /** Where the letter stands in the variant. */
  i: number;
  letter: string;
  substitution: string;
}

export interface L33tVariant {
  password: string;
  changes: L33tChange[];
  isFullSubstitution: boolean;
}

interface Step {
  onlyFullSubstitution: boolean;
  isFullSubstitution: boolean;
  index: number;
  variantIndex: number;
  changes: L33tChange[];
  lastSubstitution: string | undefined;
  consecutiveCount: number;
}

export function listL33tVariants(
  password: string,
  limit: number,
  trieRoot: L33tTrieNode,
): L33tVariant[] {
  const variants: L33tVariant[] = [];
  const buffer: string[] = [];

  const substitutionsAt = (index: number): L33tTrieNode[] => {
    const nodes: L33tTrieNode[] = [];
    let node: L33tTrieNode | undefined = trieRoot;
    for (let i = index; i < password.length; i += 1) {
      node = node.getChild(password.charAt(i));
      if (!node) break;
      nodes.push(node);
    }
    return nodes;
  };

  const visit = (step: Step): void => {
    if (variants.length >= limit) return;
    if (step.index === password.length) {
      if (step.onlyFullSubstitution === step.isFullSubstitution) {
        variants.push({
          password: buffer.join(""),
          changes: step.changes,
          isFullSubstitution: step.onlyFullSubstitution,
        });
      }
      return;
    }
    const nodes = substitutionsAt(step.index);
    let hasSubstitutions = false;
    // Widest substitutions first.
    for (let n = nodes.length - 1; n >= 0; n -= 1) {
      const node = nodes[n];
      if (!node?.isTerminal()) continue;
      const substitution = node.parents.join("");
      // A fourth substitution of the same kind in a row is not worth trying (as zxcvbn-ts).
      if (step.lastSubstitution === substitution && step.consecutiveCount >= 3) continue;
      hasSubstitutions = true;
      for (const letter of node.subs ?? []) {
        buffer.push(letter);
        visit({
          ...step,
          index: step.index + substitution.length,
          variantIndex: step.variantIndex + letter.length,
          changes: step.changes.concat({ i: step.variantIndex, letter, substitution }),
          lastSubstitution: substitution,
          consecutiveCount: step.lastSubstitution === substitution ? step.consecutiveCount + 1 : 1,
        });
        buffer.pop();
        if (variants.length >= limit) return;
      }
    }
    if (!step.onlyFullSubstitution || !hasSubstitutions) {
      buffer.push(password.charAt(step.index));
      visit({
        ...step,
        isFullSubstitution: step.isFullSubstitution && !hasSubstitutions,
        index: step.index + 1,
        variantIndex: step.variantIndex + 1,
      });
      buffer.pop();
    }
  };

  const start = {
    isFullSubstitution: true,
    index: 0,
    variantIndex: 0,
    changes: [],
    lastSubstitution: undefined,
    consecutiveCount: 0,
  };
  visit({ ...start, onlyFullSubstitution: true });
  visit({ ...start, onlyFullSubstitution: false });
  return variants;
}
