/**
 * The few fixed texts the runtime sends on its own, in the customer's
 * language. None of them is a sales answer: they say a human will answer,
 * or that we cannot listen to voice notes yet.
 */
import type { Language } from "../store/index.ts";

export const holdingReplies = {
  handoff: {
    en: "Thank you for your message! A Treejar sales manager will answer you here shortly.",
    ar: "شكراً لرسالتك! سيرد عليك أحد مديري المبيعات في تريجار هنا قريباً.",
  },
  failure: {
    en: "Sorry, I could not prepare an answer just now. A Treejar sales manager will reply to you here shortly.",
    ar: "عذراً، لم أتمكن من إعداد رد الآن. سيرد عليك أحد مديري المبيعات في تريجار هنا قريباً.",
  },
  voiceNote: {
    en: "Thank you! I can't listen to voice notes yet. Could you please write your message as text?",
    ar: "شكراً لك! لا أستطيع الاستماع إلى الرسائل الصوتية حالياً. هل يمكنك كتابة رسالتك نصاً من فضلك؟",
  },
  limit: {
    en: "Thank you for your patience. A Treejar sales manager will continue this conversation with you shortly.",
    ar: "شكراً لصبرك. سيتابع معك أحد مديري المبيعات في تريجار هذه المحادثة قريباً.",
  },
} as const satisfies Record<string, Record<Language, string>>;

export type HoldingReply = keyof typeof holdingReplies;
