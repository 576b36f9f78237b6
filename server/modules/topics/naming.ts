// Topic names a person could have written (pure). The clustering finds the words that tell a topic apart (class-based
// TF-IDF); the name is how the topic's own queries say them: the shortest stretch of a query holding the two most
// distinctive words, the one most queries share, trimmed of stop words, without numbers, spelled as users spelled it
// ("Set up SSO", "Invalid audience"). Without such a stretch, the commonest two-to-three-word phrase holding the most
// distinctive word; at least that word.
import { fold } from "../signals/text";

const EDGE_STOPWORDS = new Set(
  (
    "a an and are as at be but by can could do does did for from had has have how i i'm in into is it its me my of on " +
    "or our please so that the their them then there these this to was we what when where which who why will with " +
    "would you your can't don't it's what's i've we're not no any all just get got still since after before about " +
    "anymore again also very really now us let one two three four five six seven eight nine ten times"
  ).split(" "),
);

interface Word {
  form: string;
  key: string;
}

/** The query's words; a word with a digit (an order number, a size) is null and no phrase crosses it. */
function words(text: string): Array<Word | null> {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).map((w) =>
    /\d/.test(w) ? null : { form: w.replace(/'+$/, ""), key: fold(w.toLowerCase().replace(/'+$/, "")) },
  );
}

/** Particles that end a phrase ("set up") but never start one ("up SSO"). */
const NOT_FIRST = new Set(["up", "out", "off", "down", "over", "back"]);

/** Trims stop words off both ends of a run of words; null when nothing is left or a number is inside. */
function trimmed(run: Array<Word | null>): Word[] | null {
  if (run.some((w) => w === null)) return null;
  let a = 0;
  let b = run.length;
  while (a < b && (EDGE_STOPWORDS.has(run[a]!.form.toLowerCase()) || NOT_FIRST.has(run[a]!.form.toLowerCase()))) a++;
  while (b > a && EDGE_STOPWORDS.has(run[b - 1]!.form.toLowerCase())) b--;
  return a < b ? (run.slice(a, b) as Word[]) : null;
}

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The most common spelling among the phrases found (ties: the shorter, then alphabetical). */
function commonest(found: string[]): string | null {
  const counts = new Map<string, { n: number; forms: Map<string, number> }>();
  for (const f of found) {
    const key = f.toLowerCase();
    const c = counts.get(key) ?? { n: 0, forms: new Map() };
    c.n++;
    c.forms.set(f, (c.forms.get(f) ?? 0) + 1);
    counts.set(key, c);
  }
  const best = [...counts].sort((x, y) => y[1].n - x[1].n || x[0].length - y[0].length || (x[0] < y[0] ? -1 : 1))[0];
  if (!best) return null;
  return [...best[1].forms].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
}

/** The topic's name from its queries (the first 500 are read) and its distinctive terms (folded, best first). */
export function topicName(texts: readonly string[], terms: readonly string[]): string {
  const sample = texts.slice(0, 500).map(words);
  // The name starts from the distinctive word most of the queries use (of the first four): a topic of two question
  // families ("set up SSO", "SSO says invalid audience") is named by what they share, not by one family's words.
  const share = (term: string) => sample.filter((w) => w.some((x) => x?.key === term)).length;
  const lead = terms
    .slice(0, 4)
    .reduce<string | undefined>((a, t) => (a === undefined || share(t) > share(a) ? t : a), undefined);
  const [first, second] = lead === undefined ? [] : [lead, terms.find((t) => t !== lead)];
  if (!first) return "untitled";
  if (second) {
    // The shortest stretch (≤ 4 words) of each query holding both words.
    const found: string[] = [];
    for (const w of sample) {
      let shortest: Word[] | null = null;
      for (let i = 0; i < w.length; i++) {
        if (w[i]?.key !== first && w[i]?.key !== second) continue;
        const other = w[i]!.key === first ? second : first;
        for (let j = i + 1; j < Math.min(w.length, i + 4); j++) {
          if (w[j] === null) break;
          if (w[j]!.key !== other) continue;
          const run = trimmed(w.slice(i, j + 1));
          if (run && (!shortest || run.length < shortest.length)) shortest = run;
          break;
        }
      }
      if (shortest) found.push(shortest.map((x) => x.form).join(" "));
    }
    const phrase = commonest(found);
    if (phrase && found.length >= Math.min(2, sample.length)) return sentenceCase(phrase);
  }
  // Two or three words around the most distinctive one, as most queries have them.
  const around: string[] = [];
  for (const w of sample) {
    const i = w.findIndex((x) => x?.key === first);
    if (i < 0) continue;
    const options = [
      w.slice(i, i + 2),
      w.slice(Math.max(0, i - 1), i + 1),
      w.slice(Math.max(0, i - 2), i + 1),
      w.slice(i, i + 3),
    ]
      .map(trimmed)
      .filter((r): r is Word[] => r !== null && r.length >= 2);
    if (options[0]) around.push(options[0].map((x) => x.form).join(" "));
  }
  const phrase = commonest(around);
  if (phrase && around.length >= Math.max(2, sample.length / 4)) return sentenceCase(phrase);
  const spelled = commonest(sample.flatMap((w) => w.filter((x): x is Word => x?.key === first).map((x) => x.form)));
  return sentenceCase(spelled ?? first);
}
