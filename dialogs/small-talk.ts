/**
 * "How are you?" and the like: a short friendly answer and what the bot can help with. The intent
 * model reads these as a greeting, but answering with the whole greeting again (and, for a signed-in
 * customer, the question about their order) feels like the bot did not listen.
 */
const HOW_ARE_YOU =
  /\b(?:how\s+(?:are|r)\s+(?:you|u|ya|things)|how\s+(?:is|'s|s)\s+(?:it\s+going|your\s+day|life|everything)|how\s+(?:have\s+you\s+been|do\s+you\s+do|are\s+you\s+doing)|how'?s\s+(?:it\s+going|your\s+day)|what'?s\s+up|you\s+(?:ok|okay|alright|doing\s+ok(?:ay)?))\b/i;

/** The longest message read as small talk; a longer one asks for something as well. */
const MAX_WORDS = 8;

export const SmallTalkTexts = {
  howAreYou:
    "I'm doing well, thanks for asking! I can check on an order, help with a return, or answer questions about shipping and products. What can I do for you?",
};

export function isHowAreYou(text: string): boolean {
  const t = text.trim();
  return t.split(/\s+/).length <= MAX_WORDS && HOW_ARE_YOU.test(t);
}
