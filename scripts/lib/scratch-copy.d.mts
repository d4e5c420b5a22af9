export function scratchCopy(root: string, parent: string, options?: { dependencies?: "symlink" | "hardlink" }): string;
