import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A CJK font pdfkit can embed: a file and, for a collection (.ttc), the face's PostScript name. */
export interface CjkFont {
  path: string;
  /** Needed for .ttc collections; ignored for .ttf/.otf. */
  postscriptName?: string;
}

/** Usual places of a Simplified-Chinese font on Linux servers, preferred first. */
export const CJK_FONT_CANDIDATES: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf' },
  { path: '/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { path: '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc' },
];

/** The first face of a collection that looks Simplified Chinese (or the first face), read with fontkit (pdfkit's own dependency). */
function faceOf(path: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as { openSync(p: string): { fonts?: { postscriptName: string }[]; postscriptName?: string } };
    const f = fontkit.openSync(path);
    if (!f.fonts) return f.postscriptName;
    const names = f.fonts.map((x) => x.postscriptName);
    return names.find((n) => /sc|SC|CN|GB|Hei/.test(n)) ?? names[0];
  } catch {
    return undefined;
  }
}

/**
 * The CJK font to embed: `GOVSHARE_PDF_FONT` (a path, optionally `path#PostScriptName`) when it
 * names an existing file, else the first candidate found; null when none exists (the caller
 * refuses to make a PDF that would show boxes).
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env, candidates: CjkFont[] = CJK_FONT_CANDIDATES): CjkFont | null {
  const given = env.GOVSHARE_PDF_FONT?.trim();
  if (given) {
    const [path, name] = given.split('#') as [string, string | undefined];
    if (existsSync(path)) return { path, postscriptName: name || (path.toLowerCase().endsWith('.ttc') ? faceOf(path) : undefined) };
  }
  for (const c of candidates) {
    if (!existsSync(c.path)) continue;
    if (c.path.toLowerCase().endsWith('.ttc') && !c.postscriptName) {
      const name = faceOf(c.path);
      if (name) return { path: c.path, postscriptName: name };
      continue;
    }
    return c;
  }
  return null;
}
