import { describe, expect, test } from "bun:test";
import {
  arabicGlossary,
  normalizeArabic,
  toAsciiDigits,
  translateArabicQuery,
} from "../../src/catalog/glossary.ts";

describe("normalizeArabic / toAsciiDigits", () => {
  test("folds alef forms, ى, ة, hamza seats, tatweel and diacritics", () => {
    expect(normalizeArabic("أإآٱ")).toBe("اااا");
    expect(normalizeArabic("كرسى")).toBe("كرسي");
    expect(normalizeArabic("طاولة")).toBe("طاوله");
    expect(normalizeArabic("مؤتمر خزائن")).toBe("موتمر خزاين");
    expect(normalizeArabic("كـــرسي")).toBe("كرسي");
    expect(normalizeArabic("كُرْسِيّ")).toBe("كرسي");
    expect(normalizeArabic("Mesh chair")).toBe("Mesh chair");
  });

  test("turns Arabic-Indic and Persian digits and separators into ASCII", () => {
    expect(toAsciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(toAsciiDigits("۱۲۳")).toBe("123");
    expect(toAsciiDigits("١٬٠٠٠٫٥ درهم")).toBe("1,000.5 درهم");
    expect(normalizeArabic("أقل من ٥٠٠")).toBe("اقل من 500");
  });
});

describe("arabicGlossary", () => {
  test("has at least 120 entries, keyed by normalised Arabic", () => {
    expect(arabicGlossary.size).toBeGreaterThanOrEqual(120);
    for (const key of arabicGlossary.keys()) expect(normalizeArabic(key)).toBe(key);
  });
});

describe("translateArabicQuery", () => {
  test.each([
    ["كرسي", ["chair"]],
    ["كراسي", ["chair"]],
    ["مكتب", ["desk"]],
    ["طاولة", ["table"]],
    ["اجتماعات", ["meeting"]],
    ["خزانة", ["cabinet"]],
    ["ملفات", ["filing"]],
    ["أدراج", ["drawers"]],
    ["شبكي", ["mesh"]],
    ["جلد", ["leather"]],
    ["أسود", ["black"]],
    ["أبيض", ["white"]],
    ["رمادي", ["grey"]],
    ["بني", ["brown"]],
    ["مريح", ["ergonomic"]],
    ["طبي", ["ergonomic"]],
    ["كنبة", ["sofa"]],
    ["أريكة", ["sofa"]],
    ["استقبال", ["reception"]],
    ["رف", ["shelf"]],
    ["مكتبة", ["bookcase"]],
    ["خزائن", ["lockers"]],
    ["مدير", ["executive"]],
    ["تنفيذي", ["executive"]],
    ["زائر", ["visitor"]],
  ])("%s → %p", (arabic, english) => {
    expect(translateArabicQuery(arabic)).toEqual(english);
  });

  test("phrases are matched before their words", () => {
    expect(translateArabicQuery("مكتب قابل لتعديل الارتفاع")).toEqual(["desk", "height", "adjustable"]);
    expect(translateArabicQuery("محطة عمل")).toEqual(["workstation"]);
    expect(translateArabicQuery("كرسي مكتب")).toEqual(["office", "chair"]);
    expect(translateArabicQuery("خزانة ملفات")).toEqual(["filing", "cabinet"]);
  });

  test("phrases match inflected words and plurals of the same meaning", () => {
    expect(translateArabicQuery("طاولة الاجتماعات")).toEqual(["meeting", "table"]);
    expect(translateArabicQuery("كراسي مكتب")).toEqual(["office", "chair"]);
    expect(translateArabicQuery("كراسي مكتب قابلة للتعديل")).toEqual(["office", "chair", "adjustable"]);
  });

  test("strips article and conjunction prefixes", () => {
    expect(translateArabicQuery("الكرسي")).toEqual(["chair"]);
    expect(translateArabicQuery("والكراسي")).toEqual(["chair"]);
    expect(translateArabicQuery("بالجلد")).toEqual(["leather"]);
    expect(translateArabicQuery("للمكتب")).toEqual(["desk"]);
    expect(translateArabicQuery("وطاولة")).toEqual(["table"]);
    expect(translateArabicQuery("بقفل")).toEqual(["lock"]);
  });

  test("strips plural, dual and feminine endings", () => {
    expect(translateArabicQuery("طاولات")).toEqual(["table"]);
    expect(translateArabicQuery("كرسيين")).toEqual(["chair"]);
    expect(translateArabicQuery("الرمادية")).toEqual(["grey"]);
    expect(translateArabicQuery("كبيرة")).toEqual(["large"]);
  });

  test("is indifferent to spelling variants", () => {
    expect(translateArabicQuery("كرسى")).toEqual(["chair"]);
    expect(translateArabicQuery("طاوله")).toEqual(["table"]);
    expect(translateArabicQuery("اريكه ازرق")).toEqual(["sofa", "blue"]);
    expect(translateArabicQuery("كُرْسِيّ")).toEqual(["chair"]);
    expect(translateArabicQuery("كـــرسي")).toEqual(["chair"]);
  });

  test("the ة of a word written ت before a dual or plural ending is restored", () => {
    expect(translateArabicQuery("شاشتين")).toEqual(["monitor"]);
    expect(translateArabicQuery("حامل شاشتين")).toEqual(["monitor", "arm"]);
    expect(translateArabicQuery("طاولتين")).toEqual(["table"]);
  });

  test("counts, loanwords and Latin letters inside Arabic phrases", () => {
    expect(translateArabicQuery("طاولة اجتماعات لعشرة أشخاص")).toEqual(["meeting", "table", "10", "people"]);
    expect(translateArabicQuery("كنبة ثلاث مقاعد")).toEqual(["sofa", "3", "seats"]);
    expect(translateArabicQuery("ورك ستيشن لأربعة موظفين")).toEqual(["workstation", "4", "staff"]);
    expect(translateArabicQuery("كابينة هاتف عازلة للصوت")).toEqual(["phone", "booth", "soundproof"]);
    expect(translateArabicQuery("مكتب على شكل حرف L")).toEqual(["desk", "l-shaped"]);
  });

  test("keeps unknown words and passes Latin words and digits through", () => {
    expect(translateArabicQuery("كرسي فيراري")).toEqual(["chair", "فيراري"]);
    expect(translateArabicQuery("كرسي Herman Miller")).toEqual(["chair", "herman", "miller"]);
    expect(translateArabicQuery("طاولة لـ ٦ أشخاص")).toEqual(["table", "ل", "6", "people"]);
  });
});
