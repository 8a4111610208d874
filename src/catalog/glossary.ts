/**
 * Arabic → English office-furniture glossary, so Arabic queries reach an English catalogue by its words
 * (vectors carry meaning; this carries the lexical side). Text is normalised first (alef forms, ى, ة,
 * hamza seats, tatweel, diacritics, Arabic-Indic digits), then multi-word phrases are matched before
 * single words, and each word is tried as written, without its article/conjunction prefix
 * (ال، و، ب، ل، ف، ك and their compounds) and without plural/feminine endings (ات، ة، ين، ون، ان).
 */

const diacritics = /[\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const tatweel = /\u0640/g;

/** ٠-٩ (Arabic-Indic) and ۰-۹ (Persian) digits, ٫ decimal and ٬ thousands separators → ASCII. */
export function toAsciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, ".")
    .replace(/\u066C/g, ",");
}

/** The spelling-insensitive form both glossary keys and query words are compared in. */
export function normalizeArabic(text: string): string {
  return toAsciiDigits(text)
    .replace(diacritics, "")
    .replace(tatweel, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .replace(/،/g, ",")
    .replace(/؟/g, "?")
    .replace(/؛/g, ";");
}

/** Arabic (as people write it) → English catalogue words. Phrases win over their words. */
const entries: [string, string][] = [
  // phrases
  ["قابل لتعديل الارتفاع", "height adjustable"],
  ["قابل للتعديل", "adjustable"],
  ["قابلة للتعديل", "adjustable"],
  ["تعديل الارتفاع", "height adjustable"],
  ["قابل للطي", "folding"],
  ["قابل للتكديس", "stackable"],
  ["محطة عمل", "workstation"],
  ["محطات عمل", "workstation"],
  ["طاولة اجتماعات", "meeting table"],
  ["غرفة اجتماعات", "meeting room"],
  ["كرسي مكتب", "office chair"],
  ["كرسي مكتبي", "office chair"],
  ["كرسي دوار", "swivel chair"],
  ["كرسي انتظار", "visitor chair"],
  ["كرسي بار", "bar stool"],
  ["كرسي العاب", "gaming chair"],
  ["خزانة ملفات", "filing cabinet"],
  ["خزانة كتب", "bookcase"],
  ["رف كتب", "bookshelf"],
  ["مكتب استقبال", "reception desk"],
  ["كاونتر استقبال", "reception counter"],
  ["طاولة قهوة", "coffee table"],
  ["طاولة جانبية", "side table"],
  ["طاولة طعام", "dining table"],
  ["ذراع شاشة", "monitor arm"],
  ["حامل شاشة", "monitor arm"],
  ["مسند قدم", "footrest"],
  ["مسند القدمين", "footrest"],
  ["مسند ظهر", "backrest"],
  ["مسند راس", "headrest"],
  ["مساند ذراع", "armrests"],
  ["دعم قطني", "lumbar support"],
  ["ظهر عالي", "high back"],
  ["على شكل حرف ل", "l-shaped"],
  ["على شكل حرف l", "l-shaped"],
  ["ورك ستيشن", "workstation"],
  ["عازل للصوت", "soundproof"],
  ["عازلة للصوت", "soundproof"],
  ["كابينة هاتف", "phone booth"],
  ["سبورة بيضاء", "whiteboard"],
  ["لوح ابيض", "whiteboard"],
  ["لوحة فلين", "pinboard"],
  ["وحدة ادراج", "drawer pedestal"],
  ["ادارة الكابلات", "cable management"],
  ["سلة مهملات", "waste bin"],
  ["حامل معاطف", "coat stand"],
  ["فاصل مكتب", "desk partition"],
  ["مكتب وقوف", "standing desk"],
  ["مكتب مدير", "executive desk"],
  ["مكتب تنفيذي", "executive desk"],
  ["كرسي مدير", "executive chair"],
  ["كرسي تنفيذي", "executive chair"],
  // furniture
  ["كرسي", "chair"],
  ["كراسي", "chair"],
  ["مقعد", "seat"],
  ["مقاعد", "seats"],
  ["مكتب", "desk"],
  ["مكاتب", "desk"],
  ["طاولة", "table"],
  ["ترابيزة", "table"],
  ["طربيزة", "table"],
  ["اجتماعات", "meeting"],
  ["اجتماع", "meeting"],
  ["مؤتمرات", "conference"],
  ["مؤتمر", "conference"],
  ["خزانة", "cabinet"],
  ["دولاب", "cabinet"],
  ["ملفات", "filing"],
  ["ملف", "file"],
  ["أدراج", "drawers"],
  ["درج", "drawer"],
  ["جوارير", "drawers"],
  ["كنبة", "sofa"],
  ["كنب", "sofa"],
  ["أريكة", "sofa"],
  ["أرائك", "sofa"],
  ["صوفا", "sofa"],
  ["استقبال", "reception"],
  ["رف", "shelf"],
  ["رفوف", "shelves"],
  ["أرفف", "shelves"],
  ["مكتبة", "bookcase"],
  ["خزائن", "lockers"],
  ["لوكر", "locker"],
  ["محطة", "workstation"],
  ["ستول", "stool"],
  ["بوف", "pouf"],
  ["وسادة", "cushion"],
  ["كابينة", "booth"],
  ["مصباح", "lamp"],
  ["إضاءة", "lighting"],
  ["شاشة", "monitor"],
  ["كابل", "cable"],
  ["كابلات", "cables"],
  ["أسلاك", "cables"],
  ["سبورة", "whiteboard"],
  ["فاصل", "partition"],
  ["فواصل", "partitions"],
  ["حاجز", "partition"],
  ["أثاث", "furniture"],
  ["تخزين", "storage"],
  ["استراحة", "lounge"],
  ["صالة", "lounge"],
  ["عجلات", "castors"],
  ["ذراع", "arm"],
  ["مسند", "rest"],
  ["ظهر", "back"],
  ["قفل", "lock"],
  ["حامل", "stand"],
  // who and where
  ["مدير", "executive"],
  ["تنفيذي", "executive"],
  ["إداري", "executive"],
  ["زائر", "visitor"],
  ["زوار", "visitor"],
  ["انتظار", "waiting"],
  ["ضيوف", "guest"],
  ["موظف", "staff"],
  ["موظفين", "staff"],
  ["شخص", "person"],
  ["أشخاص", "people"],
  ["أفراد", "people"],
  ["مكتبي", "office"],
  ["منزل", "home"],
  ["منزلي", "home"],
  ["مدرسة", "school"],
  ["تدريب", "training"],
  ["ألعاب", "gaming"],
  ["طعام", "dining"],
  ["قهوة", "coffee"],
  // features
  ["شبكي", "mesh"],
  ["شبك", "mesh"],
  ["مريح", "ergonomic"],
  ["طبي", "ergonomic"],
  ["ارجونومي", "ergonomic"],
  ["ارتفاع", "height"],
  ["تعديل", "adjustable"],
  ["دوار", "swivel"],
  ["قطني", "lumbar"],
  ["وقوف", "standing"],
  ["واقف", "standing"],
  ["كهربائي", "electric"],
  ["يدوي", "manual"],
  ["متنقل", "mobile"],
  ["ثابت", "fixed"],
  ["معياري", "modular"],
  ["عازل", "acoustic"],
  ["صوتي", "acoustic"],
  ["جانبي", "side"],
  ["دائري", "round"],
  ["مربع", "square"],
  ["مستطيل", "rectangular"],
  ["بيضاوي", "oval"],
  ["كبير", "large"],
  ["صغير", "small"],
  ["متوسط", "medium"],
  ["عالي", "high"],
  ["منخفض", "low"],
  ["طويل", "tall"],
  ["فاخر", "premium"],
  ["فخم", "premium"],
  ["اقتصادي", "budget"],
  ["رخيص", "cheap"],
  // counts ("for ten people", "three seats")
  ["اثنين", "2"],
  ["شخصين", "2"],
  ["ثلاث", "3"],
  ["ثلاثة", "3"],
  ["أربع", "4"],
  ["أربعة", "4"],
  ["خمسة", "5"],
  ["ستة", "6"],
  ["ثمانية", "8"],
  ["عشرة", "10"],
  ["اثنا عشر", "12"],
  // materials and colours
  ["جلد", "leather"],
  ["جلدي", "leather"],
  ["قماش", "fabric"],
  ["مخمل", "velvet"],
  ["خشب", "wood"],
  ["خشبي", "wooden"],
  ["زجاج", "glass"],
  ["زجاجي", "glass"],
  ["معدن", "metal"],
  ["معدني", "metal"],
  ["حديد", "steel"],
  ["ستيل", "steel"],
  ["ألمنيوم", "aluminium"],
  ["بلاستيك", "plastic"],
  ["رخام", "marble"],
  ["جوز", "walnut"],
  ["بلوط", "oak"],
  ["زان", "beech"],
  ["أسود", "black"],
  ["سوداء", "black"],
  ["أبيض", "white"],
  ["بيضاء", "white"],
  ["رمادي", "grey"],
  ["بني", "brown"],
  ["أزرق", "blue"],
  ["زرقاء", "blue"],
  ["أحمر", "red"],
  ["حمراء", "red"],
  ["أخضر", "green"],
  ["خضراء", "green"],
  ["بيج", "beige"],
  ["كحلي", "navy"],
  ["ذهبي", "gold"],
  ["فضي", "silver"],
  ["أصفر", "yellow"],
  ["برتقالي", "orange"],
  ["وردي", "pink"],
  ["بنفسجي", "purple"],
];

/** Normalised Arabic → English, single words and phrases alike. */
export const arabicGlossary: ReadonlyMap<string, string> = new Map(
  entries.map(([arabic, english]) => [normalizeArabic(arabic), english]),
);

/** Phrases as normalised word lists, longest first. */
const phrases = [...arabicGlossary.keys()]
  .filter((key) => key.includes(" "))
  .map((key) => key.split(" "))
  .sort((a, b) => b.length - a.length);

const prefixes = ["وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ك"];
const suffixes = ["ات", "ين", "ون", "ان", "ه"];
const arabicLetter = /\p{Script=Arabic}/u;

/** The forms a written word may be the inflection of: as is, without prefix, without ending (ة restored). */
function stems(word: string): string[] {
  const bases = [word];
  for (const prefix of prefixes) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2) bases.push(word.slice(prefix.length));
  }
  const forms = [...bases];
  for (const base of bases) {
    for (const suffix of suffixes) {
      if (!base.endsWith(suffix) || base.length - suffix.length < 2) continue;
      const stem = base.slice(0, -suffix.length);
      forms.push(stem, `${stem}ه`);
      // ة is written ت before an ending: شاشتين ← شاشة.
      if (stem.endsWith("ت")) forms.push(`${stem.slice(0, -1)}ه`);
    }
  }
  return forms;
}

function lookup(word: string): string | undefined {
  for (const form of stems(word)) {
    const english = arabicGlossary.get(form);
    if (english) return english;
  }
  return undefined;
}

/** A written word stands for a phrase word when it inflects it, or means the same (كراسي ≈ كرسي). */
function sameWord(word: string, phraseWord: string): boolean {
  if (stems(word).includes(phraseWord)) return true;
  const meaning = arabicGlossary.get(phraseWord);
  return meaning !== undefined && lookup(word) === meaning;
}

/** Words of a query, normalised, Arabic and Latin alike (a hyphenated token stays one word). */
export function queryWords(text: string): string[] {
  return normalizeArabic(text).match(/[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * English terms for an Arabic (or mixed) query, in order. Words the glossary does not know are kept
 * (normalised), and non-Arabic words pass through lower-cased.
 */
export function translateArabicQuery(text: string): string[] {
  const words = queryWords(text.toLowerCase());
  const terms: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = phrases.find((p) =>
      p.every((part, k) => i + k < words.length && sameWord(words[i + k]!, part)),
    );
    if (phrase) {
      terms.push(...arabicGlossary.get(phrase.join(" "))!.split(" "));
      i += phrase.length;
      continue;
    }
    const word = words[i]!;
    const english = arabicLetter.test(word) ? lookup(word) : undefined;
    terms.push(...(english ? english.split(" ") : [word]));
    i += 1;
  }
  return terms;
}
