namespace DataGen.Simulator;

/// <summary>
/// Short fragments the simulator joins into sentences (opener, subject, verb, object, close) when a prompt asks for
/// more words than the sentence banks hold. Narrative fragments are at most three words (subjects two), so any five-word run
/// spans two or more independently drawn fragments: a long text stays varied for the Gopher repetition checks and two texts do not
/// share shingles, where repeating whole bank sentences would do both.
/// </summary>
internal static class SimulatedGrammarBanks
{
    public static readonly string[][] Narrative =
    [
        [
            "Later that evening,", "By hour two,", "Without looking up,", "For a moment,", "Just before noon,", "Midway through,",
            "In the quiet,", "When rain started,", "Minutes later,", "Before the meeting,", "At the window,", "Between messages,",
            "Near the end,", "On reflection,", "After the call,", "While waiting,", "Once alone,", "Against habit,",
            "Still undecided,", "Almost absently,", "Under the hum,", "As queues shortened,", "Long after midnight,", "File open,",
            "Past four,", "Outside, briefly,", "At the counter,", "By lamplight,", "Mid-sentence,", "Unhurried,",
        ],
        [
            "{name}", "the assistant", "she", "he", "the clerk", "the nurse", "her brother", "the foreman", "the caller", "the owner",
            "the volunteer", "his neighbour", "the manager", "the student", "the driver", "the archivist", "they", "the tenant",
        ],
        [
            "turned over", "read back", "set aside", "kept returning to", "quietly checked", "wrote down", "could not shake", "went looking for",
            "pushed against", "counted again", "named", "weighed again", "let go of", "circled back to", "held on to", "asked about",
            "noticed", "measured", "folded away", "listened for", "traced", "pictured", "tested", "doubted", "gathered up", "smoothed out",
            "underlined", "reopened", "skimmed past", "lingered over",
        ],
        [
            "the unsent message", "a half-finished list", "the second draft", "the old invoice", "every loose thread", "Tuesday's figures",
            "an early promise", "the smallest detail", "the cold tea", "its first answer", "the crumpled receipt", "the signed form",
            "a lingering silence", "the wall map", "the open question", "each careful word", "the last line", "a borrowed umbrella",
            "the March log", "the spare key", "the hard paragraph", "one stubborn doubt", "the desk clock", "the quiet offer",
            "a faded photograph", "the Sunday rota", "the draft reply", "a sticky note", "the overdue notice", "the visitor book",
        ],
        [
            "before anyone asked.", "without hurrying.", "and said nothing.", "as if important.", "for a while.", "twice, carefully.",
            "in grey light.", "with some care.", "despite the hour.", "and then again.", "until it fitted.", "because it must.",
            "while others waited.", "as doors closed.", "in plain terms.", "once more.", "with patience.", "against the clock.",
            "by the window.", "almost fondly.", "under its breath.", "and felt steadier.", "at leisure.", "as promised.", "with a frown.",
            "and moved on.", "without comment.", "in silence.", "more slowly now.", "then looked away.",
        ],
    ];

    public static readonly string[][] Expository =
    [
        [
            "In practice,", "For most readers,", "Seen this way,", "At its best,", "In the long run,", "More often than not,", "On closer reading,",
            "For a small team,", "In ordinary work,", "Put simply,", "By contrast,", "At the margins,", "In hard cases,", "Over many years,",
            "Under pressure,", "In the first instance,", "For the people affected,", "Read generously,", "On this account,", "In everyday terms,",
            "Across the sector,", "Time and again,", "Where stakes rise,", "For its critics,", "Taken together,", "Most of the time,",
        ],
        [
            "the principle", "a careful reader", "this approach", "the argument", "an honest answer", "good practice", "the rule",
            "a thoughtful assistant", "the guidance", "such a habit", "the better choice", "a clear refusal", "the tradeoff", "trust",
            "oversight", "the standard",
        ],
        [
            "rests on", "depends on", "makes room for", "guards against", "asks for", "keeps faith with", "turns on", "pays for", "protects",
            "weighs", "tests", "clarifies", "reframes", "costs", "earns", "supports", "limits", "explains", "outlasts", "exposes", "rewards",
            "resists", "serves", "shapes", "narrows", "anchors",
        ],
        [
            "the reasons behind it", "the people affected", "a slower decision", "honest disagreement", "long-term trust", "the person asking",
            "the wider picture", "its own limits", "a shared record", "later scrutiny", "a fair hearing", "the second opinion", "what was promised",
            "the quieter option", "a plain explanation", "the original request", "everyone's time", "a small inconvenience", "the ordinary case",
            "its stated purpose", "future readers", "the harder question", "those who decide", "the weakest party", "a correction", "the written record",
        ],
        [
            "more than it seems.", "over time.", "in most cases.", "without fanfare.", "when it counts.", "even under pressure.", "at some cost.",
            "for good reason.", "in plain view.", "as a rule.", "from the start.", "with little drama.", "to everyone's benefit.", "on reflection.",
            "in the end.", "by design.", "at every step.", "when tested.", "in daily practice.", "beyond the moment.", "for now.", "with open eyes.",
            "as often as not.", "in quiet ways.", "for everyone involved.", "when nobody is watching.",
        ],
    ];
}
