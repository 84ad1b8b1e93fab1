import { randomBytes } from "node:crypto";
import { link, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";

/**
 * Writes a file so readers never see half of it: write a hidden temp file in the same directory
 * (same file system, so rename is atomic), then rename it into place.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = await tempPathBeside(path);
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * A fresh hidden temp path in `path`'s directory (created if missing): on the same file system,
 * so renaming it to `path` is atomic. For files written as a stream; write them with mode 0o600.
 */
export async function tempPathBeside(path: string): Promise<string> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  return join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** A file name made only of safe characters, from an id such as a Message-ID. */
export function safeFileName(id: string): string {
  const name = id.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._@+-]/g, "_").replace(/^\.+/, "_");
  return name.slice(0, 200) || "message";
}

/**
 * Like writeFileAtomic, but never replaces an existing file: if `name.ext` exists it writes
 * `name.2.ext`, `name.3.ext`, … (link() fails on an existing target, unlike rename()). A message
 * sent twice therefore shows up as two files. Returns the path written.
 */
export async function writeNewFileAtomic(path: string, data: string | Uint8Array): Promise<string> {
  const tmp = await tempPathBeside(path);
  await writeFile(tmp, data, { mode: 0o600 });
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  try {
    for (let n = 1; ; n++) {
      const target = n === 1 ? path : `${stem}.${n}${ext}`;
      try {
        await link(tmp, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
