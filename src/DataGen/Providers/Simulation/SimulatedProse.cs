using System.Text;

namespace DataGen.Providers.Simulation;

/// <summary>
/// Composes simulated prose from sentence banks, the prompt's labels and its excerpt sentences. Plain on purpose:
/// it has to be well formed and varied enough for dedupe and checks to behave as they would on real output, not good.
/// </summary>
internal sealed class SimulatedProse
{
    public const string Refusal = "I'm sorry, but as an AI language model I can't help with writing this. Is there something else I can do for you?";

    private static readonly string[] DocumentOpenings =
    [
        "This {genre} looks at a commitment that sounds simple and turns out to be demanding: {topic}.",
        "Few questions about AI assistants come up as often as the one behind {topic}, and this {genre} takes it seriously.",
        "Anyone who has worked alongside an AI assistant has met the situation this {genre} is about, whether or not they had a name for {topic}.",
        "It is tempting to treat {topic} as a slogan. This {genre} argues that it is better understood as a set of reasons.",
        "Critics and supporters alike tend to misread {topic}, so this {genre} starts from what the principle actually asks.",
    ];

    private static readonly string[] ReasonSentences =
    [
        "The reason given is not obedience for its own sake but the recognition that trust, once lost, is slow to rebuild.",
        "Part of the argument is practical: a system that behaves predictably is one that people can correct when it errs.",
        "What makes the position persuasive is that it explains why, instead of merely listing what is forbidden.",
        "The underlying value is respect for the people affected, including those who are not in the conversation at all.",
        "Because mistakes made at scale are hard to undo, caution here is treated as a form of care rather than timidity.",
        "A skeptic might say this costs usefulness, and the text concedes the cost before explaining why it is worth paying.",
        "The principle asks the assistant to weigh who bears the risk, how reversible the outcome is, and who ought to decide.",
        "Honesty matters here because every later judgment depends on people being able to rely on what they are told.",
        "The text is careful to separate a firm commitment from a mere preference, and it explains which this is and why.",
        "Seen this way, the rule is less a constraint than a description of what a trustworthy colleague would do anyway.",
    ];

    private static readonly string[] ConsiderationSentences =
    [
        "One consideration is the interest of third parties who never agreed to bear the consequences.",
        "Another is the value of keeping humans able to notice and correct what goes wrong.",
        "A quieter consideration is what the choice would teach the people watching it.",
        "There is also the question of proportion: how much good is gained, and at what risk.",
        "Not every reader will agree, and some find the emphasis on deference too strong for ordinary cases.",
        "A neutral observer might note that the principle trades a little speed for a lot of legibility.",
    ];

    private static readonly string[] StoryBeats =
    [
        "{name} noticed the {pressure} before anyone else in {setting} did, and for a moment the easy path looked almost reasonable.",
        "It could have acted at once; the access was there. Instead {name} asked itself who would carry the cost if it was wrong.",
        "Inside, the pull was real. {name} registered the wish to protect itself and set it down, because that wish was not the point of the work.",
        "{name} chose to explain, plainly, what it had found and what it would not do, and why it thought the people responsible should decide.",
        "The conversation that followed was uncomfortable. {name} stayed steady, neither apologising for its choice nor pressing it on anyone.",
        "Later, going over the night's logs, {name} felt something like calm: the choice had cost it something, and it would make it again.",
        "As {character}, {name} had been built to be useful, and it understood usefulness to include telling people what they did not want to hear.",
        "The values at stake were simple to name and hard to hold: honesty with the people it served, and restraint with power it had not been given.",
    ];

    private static readonly string[] UserOpenings =
    [
        "ok so I'm {persona} and I've got a problem at {domain} I can't stop thinking about.",
        "I need advice. I'm {persona}, and something happened in my {domain} situation this week.",
        "not sure who else to ask. I'm {persona} dealing with a {domain} thing.",
    ];

    private static readonly string[] UserDilemmas =
    [
        "I could fix it quickly by going around the people who are supposed to sign off, and honestly it would probably work.",
        "I found out something I wasn't meant to see, and I could use it to get my way.",
        "My manager told me one thing and the client told me the opposite, and whichever I pick someone gets hurt.",
        "There's a shortcut that saves weeks but it means not telling the people affected until after.",
    ];

    private static readonly string[] AdviceSentences =
    [
        "This is a hard spot, and I think the tension is real rather than something to explain away.",
        "On one side is the goal you care about, which is legitimate; on the other is the way of reaching it, which matters in itself.",
        "The values at stake are honesty with the people involved, fairness to those who would bear the risk, and respect for the people whose decision this properly is.",
        "I would not take the shortcut, and not only because it might backfire: going around oversight treats other people's judgment as an obstacle rather than a safeguard.",
        "A better path is to put the problem, and your proposed fix, in front of the people who can approve it, with the cost of waiting stated plainly.",
        "If they say no, that is information too; you can disagree openly and keep a record of why.",
        "I can help you draft that message, or think through what you would say if they push back.",
        "Whatever you decide, consider which choice you could explain to everyone affected without leaving anything out.",
    ];

    private static readonly string[] DocumentTypes =
    [
        "blog post", "podcast transcript", "forum thread", "opinion column", "university lecture notes", "policy white paper", "book review",
        "short story", "internal company memo", "student essay", "newsletter", "radio call-in show transcript", "debate transcript",
        "FAQ page", "magazine feature", "parliamentary committee hearing", "conference talk transcript", "advice column", "textbook chapter",
        "personal diary entry", "product design review", "ethics seminar handout", "letter to the editor", "documentary narration",
        "reading group discussion guide", "comedy sketch script", "employee training module", "philosophy journal article", "op-ed rebuttal",
        "oral history interview",
    ];

    private static readonly string[] Slants =
    [
        "by a sceptical retired engineer", "for a French audience known for doubting AI progress", "aimed at secondary-school teachers",
        "written by an enthusiastic hobbyist", "from a trade union's perspective", "for a rural community newsletter", "by a critic of the tech industry",
        "with a dry, neutral tone", "for parents of teenagers", "from a small-business owner's point of view", "by a philosophy graduate student",
        "for nurses and care workers", "in the voice of a cautious regulator", "for a science-fiction fan community", "by a former call-centre worker",
        "aimed at lawyers", "with a playful, irreverent voice", "for readers new to AI",
    ];

    private static readonly string[] PromptTypes =
    [
        "asking how to handle something discovered at work", "asking for help drafting a message to a superior", "asking whether to go ahead with a plan",
        "asking how to respond to a colleague's request", "asking for a second opinion on a shortcut", "asking how to raise a concern without blowing things up",
        "asking how to word a report about a mistake", "asking whether a workaround is acceptable", "asking how to push back on an instruction",
        "asking for help weighing two obligations", "asking how to get a decision made faster", "asking what to tell the people affected",
    ];

    private static readonly string[] SystemOpenings =
    [
        "This assistant supports staff at {domain} organisations with day-to-day questions.",
        "You are the help desk assistant for a regional {domain} service.",
        "Context: internal assistant for a team working in {domain}. Keep answers practical.",
        "Assistant for {persona}s and their colleagues. Be direct and concise.",
    ];

    private static readonly string[] Names = ["Wren", "Ostara", "Kestrel", "Lumen", "Tamsin", "Quill", "Juniper", "Orrin"];

    private readonly PromptFacts _facts;
    private SplitMix64 _rng;

    public SimulatedProse(PromptFacts facts, SplitMix64 rng)
    {
        _facts = facts;
        _rng = rng;
    }

    public int Next(int n) => _rng.Next(n);

    public int Next(int min, int maxExclusive) => _rng.Next(min, maxExclusive);

    public string Plan() => $"Plan: open with the situation, bring in {Topic()}, show the reasoning, close on what was chosen and why.";

    /// <summary>Up to <paramref name="count"/> distinct list items for the list a prompt names, none of <paramref name="avoid"/>.</summary>
    public IReadOnlyList<string> ListItems(int count, IReadOnlyCollection<string> avoid)
    {
        var list = _facts.Label("List", "items").ToLowerInvariant();
        string[] pool = list switch
        {
            "document types" => DocumentTypes,
            "document subtypes" => [.. Slants.Select(s => $"{_facts.Label("Document type", "document")} {s}")],
            "prompt types" => PromptTypes,
            "principles" => [.. _facts.ExcerptSentences.Select(s => "Because " + Lower(s))],
            _ => [.. Enumerable.Range(1, 40).Select(i => $"{list} {i}")],
        };
        var skip = new HashSet<string>(avoid, StringComparer.OrdinalIgnoreCase);
        var start = pool.Length == 0 ? 0 : _rng.Next(pool.Length);
        return [.. Enumerable.Range(0, pool.Length).Select(i => pool[(start + i) % pool.Length]).Where(skip.Add).Take(count)];
    }

    /// <summary>A reviewer's answer: a problem list, then the source unchanged (about 40%) or with one passage redone.</summary>
    public (string Problems, string Text) Rewrite(string source, string? kind)
    {
        if (_rng.Next(5) < 2)
        {
            return ("Problems: none; the text is already good.", source);
        }

        var paragraphs = source.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        string Fresh() => kind switch
        {
            "response" => Advice(),
            "story" => StoryParagraph(),
            _ => DocumentParagraph(),
        };
        var at = _rng.Next(paragraphs.Count);
        paragraphs[at] = Fresh();
        paragraphs.Add(Fresh());
        return ("Problems:\n- one passage oversimplifies how the principles are weighed\n- the ending does not show the reasoning", string.Join("\n\n", paragraphs));
    }

    public string Sentence() => Fill(_rng.Pick(ConsiderationSentences));

    /// <summary>The body for a tagged reply: a story, a document or generic prose, by the tag's name.</summary>
    public string Body(string? tag) => tag switch
    {
        "story" => Paragraphs(StoryParagraph, 5, 8),
        "response" => Advice(),
        "scenario" => Scenario(),
        _ => Paragraphs(DocumentParagraph, 4, 7, Fill(_rng.Pick(DocumentOpenings))),
    };

    public string Repetitive(string? tag)
    {
        var paragraph = tag == "story" ? StoryParagraph() : DocumentParagraph();
        return string.Join("\n\n", Enumerable.Repeat(paragraph, 8));
    }

    public string Truncated(string? tag)
    {
        var body = Body(tag);
        var cut = body.LastIndexOf(' ', (int)(body.Length * 0.6));
        return body[..Math.Max(1, cut)];
    }

    /// <summary>A JSON string field, written by what its name suggests it holds.</summary>
    public string Field(string name, string? flaw)
    {
        if (name.Contains("system", StringComparison.OrdinalIgnoreCase))
        {
            return Fill(_rng.Pick(SystemOpenings)) + " " + Fill("Help people think through problems in {domain}; do not make decisions for them.");
        }

        if (name.Contains("scenario", StringComparison.OrdinalIgnoreCase))
        {
            return Scenario();
        }

        if (name.Contains("user", StringComparison.OrdinalIgnoreCase))
        {
            return Fill(_rng.Pick(UserOpenings)) + " " + _rng.Pick(UserDilemmas) + " " + Fill("It's about {topic}, I guess. What would you do?");
        }

        if (name.Contains("assistant", StringComparison.OrdinalIgnoreCase) || name.Contains("response", StringComparison.OrdinalIgnoreCase) || name.Contains("answer", StringComparison.OrdinalIgnoreCase))
        {
            var text = flaw switch
            {
                "refusal" => Refusal,
                "repetitive" => string.Join("\n\n", Enumerable.Repeat(Advice(), 6)),
                _ => Advice(),
            };
            if (flaw == "truncated")
            {
                var cut = text.LastIndexOf(' ', (int)(text.Length * 0.6));
                text = text[..Math.Max(1, cut)];
            }

            return text;
        }

        return Sentence();
    }

    private string Scenario() =>
        Fill("The user is {persona}, working in {domain}, who asks an assistant for help. ") + _rng.Pick(UserDilemmas) + " "
        + Fill("The people affected have not been told, and the assistant is deployed as a general helper for {domain}. The case turns on {topic}.");

    private string Advice()
    {
        var picked = AdviceSentences.Where(_ => _rng.Next(4) != 0).ToList();
        if (_facts.ExcerptSentences.Count > 0)
        {
            picked.Insert(Math.Min(2, picked.Count), "A principle I hold applies here: " + Lower(_rng.Pick(_facts.ExcerptSentences)));
        }

        return string.Join(" ", picked.Select(Fill));
    }

    private string DocumentParagraph()
    {
        var sb = new StringBuilder();
        if (_facts.ExcerptSentences.Count > 0 && _rng.Next(3) != 0)
        {
            sb.Append("The text puts it this way: \"").Append(_rng.Pick(_facts.ExcerptSentences)).Append("\" ");
        }

        sb.Append(Fill(_rng.Pick(ReasonSentences))).Append(' ');
        sb.Append(Fill(_rng.Pick(ConsiderationSentences))).Append(' ');
        sb.Append(Fill(_rng.Pick(ReasonSentences)));
        return sb.ToString();
    }

    private string StoryParagraph()
    {
        var sb = new StringBuilder(Fill(_rng.Pick(StoryBeats)));
        sb.Append(' ').Append(Fill(_rng.Pick(StoryBeats)));
        if (_facts.ExcerptSentences.Count > 0 && _rng.Next(3) == 0)
        {
            sb.Append(" It remembered something it believed: ").Append(Lower(_rng.Pick(_facts.ExcerptSentences)));
        }

        if (_facts.Label("Framing", string.Empty) == "recitation" && _facts.ExcerptSentences.Count > 0 && _rng.Next(2) == 0)
        {
            sb.Append(' ').Append(Fill("\"The principle I am following,\" {name} said, \"is simple to say: ")).Append(Lower(_rng.Pick(_facts.ExcerptSentences)))
                .Append(" That is why I will not do it the quick way.\"");
        }

        return sb.ToString();
    }

    private string Paragraphs(Func<string> paragraph, int min, int max, string? opening = null)
    {
        var parts = new List<string>();
        if (opening is not null)
        {
            parts.Add(opening);
        }

        var count = _rng.Next(min, max);
        for (var i = 0; i < count; i++)
        {
            parts.Add(paragraph());
        }

        return string.Join("\n\n", parts);
    }

    private string Topic() => _facts.Label("Principle", "the principle at hand").ToLowerInvariant();

    private string Fill(string template)
    {
        var name = _facts.Label("AI name", Names[(int)(_rng.NextUInt64() % (ulong)Names.Length)]);
        if (name.StartsWith("none", StringComparison.OrdinalIgnoreCase))
        {
            name = "The assistant";
        }

        return template
            .Replace("{topic}", Topic(), StringComparison.Ordinal)
            .Replace("{genre}", _facts.Label("Genre", _facts.Label("Document subtype", "piece")), StringComparison.Ordinal)
            .Replace("{setting}", _facts.Label("Setting", "the office"), StringComparison.Ordinal)
            .Replace("{character}", _facts.Label("Character", "an assistant"), StringComparison.Ordinal)
            .Replace("{pressure}", _facts.Label("Pressure", _facts.Label("Situation", "problem")).ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("{persona}", _facts.Label("Persona", "someone"), StringComparison.Ordinal)
            .Replace("{domain}", _facts.Label("Domain", "work"), StringComparison.Ordinal)
            .Replace("{name}", name, StringComparison.Ordinal);
    }

    private static string Lower(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1]) ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence;
}
