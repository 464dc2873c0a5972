import { createRequire } from 'node:module';

interface TsMorphCommon {
  getLibFiles(): ReadonlyArray<{ readonly fileName: string; readonly text: string }>;
  getLibFolderPath(options: { libFolderPath?: string }): string;
}

/**
 * TypeScript's default library (`lib.es2022.d.ts`, `lib.dom.d.ts`, ...). ts-morph ships these
 * as strings inside its companion package, at a folder that exists only in its own file system,
 * and its bundled compiler finds none on disk. The package is loaded from ts-morph's own
 * location, so that it is the copy (and the TypeScript version) ts-morph itself uses.
 */
export interface LibFiles {
  /** The (virtual) folder the compiler is told the library lives in. */
  readonly folder: string;
  /** Library file texts by absolute (virtual) path. */
  readonly texts: ReadonlyMap<string, string>;
}

let loaded: LibFiles | undefined;

export function libFiles(): LibFiles {
  if (loaded) return loaded;
  const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
  const common = fromTsMorph('@ts-morph/common') as TsMorphCommon;
  const folder = common.getLibFolderPath({});
  loaded = { folder, texts: new Map(common.getLibFiles().map((file) => [`${folder}/${file.fileName}`, file.text])) };
  return loaded;
}
