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

export function listL33tVariants(
  password: string,
  limit: number,
  trieRoot: L33tTrieNode,
): L33tVariant[] {
  const variants: L33tVariant[] = [];
  // The variant being built and its changes, as stacks: a branch pushes, then pops on return.
  const buffer: string[] = [];
  const changes: L33tChange[] = [];
  // Which trie nodes start at a position depends on the position alone.
  const nodesAt: (L33tTrieNode[] | undefined)[] = [];

  const substitutionsAt = (index: number): L33tTrieNode[] => {
    const cached = nodesAt[index];
    if (cached) return cached;
    const nodes: L33tTrieNode[] = [];
    let node: L33tTrieNode | undefined = trieRoot;
    for (let i = index; i < password.length; i += 1) {
      node = node.getChild(password.charAt(i));
      if (!node) break;
      nodes.push(node);
    }
    nodesAt[index] = nodes;
    return nodes;
  };

  const visit = (
    onlyFullSubstitution: boolean,
    isFullSubstitution: boolean,
    index: number,
    variantIndex: number,
    lastSubstitution: string | undefined,
    consecutiveCount: number,
  ): void => {
    if (variants.length >= limit) return;
    if (index === password.length) {
      if (onlyFullSubstitution === isFullSubstitution) {
        variants.push({
          password: buffer.join(""),
          changes: changes.slice(),
          isFullSubstitution: onlyFullSubstitution,
        });
      }
      return;
    }
    const nodes = substitutionsAt(index);
    let hasSubstitutions = false;
    // Widest substitutions first.
    for (let n = nodes.length - 1; n >= 0; n -= 1) {
      const node = nodes[n];
      if (!node?.isTerminal()) continue;
      const substitution = substitutionOf(node);
      // A fourth substitution of the same kind in a row is not worth trying (as zxcvbn-ts).
      if (lastSubstitution === substitution && consecutiveCount >= 3) continue;
      hasSubstitutions = true;
      for (const letter of node.subs ?? []) {
        buffer.push(letter);
        changes.push({ i: variantIndex, letter, substitution });
        visit(
          onlyFullSubstitution,
          isFullSubstitution,
          index + substitution.length,
          variantIndex + letter.length,
          substitution,
          lastSubstitution === substitution ? consecutiveCount + 1 : 1,
        );
        changes.pop();
        buffer.pop();
        if (variants.length >= limit) return;
      }
    }
    if (!onlyFullSubstitution || !hasSubstitutions) {
      buffer.push(password.charAt(index));
      visit(
        onlyFullSubstitution,
        isFullSubstitution && !hasSubstitutions,
        index + 1,
        variantIndex + 1,
        lastSubstitution,
        consecutiveCount,
      );
      buffer.pop();
    }
  };

  visit(true, true, 0, 0, undefined, 0);
  visit(false, true, 0, 0, undefined, 0);
  return variants;
}

/** The typed characters a trie node stands for ("|<" for k): joined once per node. */
const substitutions = new WeakMap<L33tTrieNode, string>();
function substitutionOf(node: L33tTrieNode): string {
  let substitution = substitutions.get(node);
  if (substitution === undefined) {
    substitution = node.parents.join("");
    substitutions.set(node, substitution);
  }
  return substitution;
}
