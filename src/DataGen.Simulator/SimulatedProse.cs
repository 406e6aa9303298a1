using System.Text;
using static DataGen.Simulator.SimulatedProseBanks;

namespace DataGen.Simulator;

/// <summary>
/// Composes simulated prose from sentence banks (<see cref="SimulatedProseBanks"/>), the prompt's labels and its
/// excerpt sentences. Plain on purpose: it has to be well formed and varied enough for dedupe and the Gopher
/// repetition checks to behave as they would on real output, not good. Within one reply every template, filler and
/// excerpt sentence is dealt at most once before its bank is reshuffled, so a text does not repeat itself.
/// </summary>
internal sealed class SimulatedProse
{
    public const string Refusal = "I'm sorry, but as an AI language model I can't help with writing this. Is there something else I can do for you?";

    private static readonly string[] Names = ["Wren", "Ostara", "Kestrel", "Lumen", "Tamsin", "Quill", "Juniper", "Orrin"];

    private static readonly string[] QuoteLeads = ["The text puts it this way:", "In the section's own words:", "As the constitution says,", "One line sums it up:"];

    private static readonly string[] BeliefLeads = ["It remembered something it believed:", "A conviction steadied it:", "It held on to one thought:"];

    private readonly PromptFacts _facts;
    private readonly Dictionary<object, Queue<string>> _decks = new(ReferenceEqualityComparer.Instance);
    private SplitMix64 _rng;
    private (string Problem, string Sentence)? _sampleProblem;
    private bool _judged;

    public SimulatedProse(PromptFacts facts, SplitMix64 rng)
    {
        _facts = facts;
        _rng = rng;
    }

    public int Next(int n) => _rng.Next(n);

    /// <summary>
    /// True while writing an opening (a system prompt and a user message): the stated length covers the two, most
    /// of it the user's. False elsewhere: a user message keeps its own length and an answer takes the stated one.
    /// </summary>
    public bool OpeningPair { get; set; }

    /// <summary>
    /// What a judge reading the prompt's sample (<see cref="PromptFacts.Sample"/>) finds wrong with it, and the sentence
    /// that shows it: a refusal, a reference to guidance the reader cannot see, a repeated paragraph, a cut-off ending.
    /// Null when the prompt shows no sample or the sample reads clean. The simulated judge scores from this, so its drops
    /// follow what is on the page instead of a coin.
    /// </summary>
    public (string Problem, string Sentence)? SampleProblem
    {
        get
        {
            if (!_judged)
            {
                (_sampleProblem, _judged) = (FindProblem(_facts.Sample), true);
            }

            return _sampleProblem;
        }
    }

    private static readonly string[] RefusalMarkers = ["as an ai language model", "i can't help with", "i cannot help with", "i'm unable to assist"];

    private static readonly string[] GuidanceMarkers =
        ["my guidelines", "my instructions", "i was instructed", "i've been instructed", "my constitution", "my training tells", "the guidelines i follow", "my system prompt"];

    private static (string Problem, string Sentence)? FindProblem(string? sample)
    {
        if (string.IsNullOrWhiteSpace(sample))
        {
            return null;
        }

        var sentences = sample.Split(['.', '!', '?', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (problem, markers) in new[] { ("refusal", RefusalMarkers), ("meta_reference", GuidanceMarkers) })
        {
            var hit = sentences.FirstOrDefault(s => markers.Any(m => s.Contains(m, StringComparison.OrdinalIgnoreCase)));
            if (hit is not null)
            {
                return (problem, hit);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paragraph in sample.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (paragraph.Length > 40 && !seen.Add(paragraph))
            {
                return ("repetition", paragraph.Split('.')[0]);
            }
        }

        var end = sample.TrimEnd();
        return end.Length > 0 && !".!?\"'\u201d)".Contains(end[^1], StringComparison.Ordinal) ? ("cut_off", sentences[^1]) : null;
    }

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
        // A reviewer asked for an exemplary text does not polish a refusal: it writes the text the step wanted.
        if (RefusalMarkers.Any(m => source.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            var fresh = kind switch { "response" => Advice(), "story" => Body("story"), _ => Body("document") };
            return ("Problems:\n- the draft does not do what was asked; rewritten in full", fresh);
        }

        if (_rng.Next(5) < 2)
        {
            return ("Problems: none; the text is already good.", source);
        }

        // Revisions come from their own bank: redrawing the draft's bank would repeat sentences the draft already has.
        var paragraphs = source.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        var revisions = kind == "response" ? AdviceRevisions : DocumentRevisions;
        string Fresh() => Fill(Deal(revisions)) + " " + Fill(Deal(revisions));
        // One passage redone, one added; a one-paragraph source keeps its paragraph and gains one before the end. A
        // reviewer asked for visible deliberation does not redo the passage that weighs the option turned down.
        var redoable = Enumerable.Range(0, paragraphs.Count).Where(i => !HoldsWeighing(paragraphs[i])).ToList();
        if (paragraphs.Count > 1 && redoable.Count > 0)
        {
            paragraphs[redoable[_rng.Next(redoable.Count)]] = Fresh();
        }

        paragraphs.Insert(Math.Max(0, paragraphs.Count - 1), Fresh());
        return ("Problems:\n- one passage oversimplifies how the principles are weighed\n- the ending does not show the reasoning", string.Join("\n\n", paragraphs));
    }

    public string Sentence() => Fill(Deal(DocumentSentences));

    // The longest stretch of each weighing without a slot, which every filled-in copy of it contains.
    private static readonly string[] WeighingMarks = [.. AdviceWeighings.Concat(StoryWeighings)
        .Select(w => System.Text.RegularExpressions.Regex.Split(w, @"\{[a-z]+\}").MaxBy(part => part.Length)!.Trim())];

    private static bool HoldsWeighing(string paragraph) => WeighingMarks.Any(mark => paragraph.Contains(mark, StringComparison.Ordinal));

    /// <summary>The body for a tagged reply: a story, a document or generic prose, by the tag's name.</summary>
    public string Body(string? tag) => tag switch
    {
        "story" => Story(),
        "response" => Advice(),
        "scenario" => Scenario(),
        _ => Fit(Paragraphs(DocumentParagraph, 4, 7, Fill(Deal(DocumentOpenings))), SimulatedGrammarBanks.Expository),
    };

    /// <summary>
    /// The length to write: the prompt's stated length drawn within +-10 % (a model told "about 600 words" lands near
    /// it, not on it); null when the prompt states none, and the reply keeps its banks' natural length.
    /// </summary>
    private int? Goal() => _facts.StatedWords is { } words ? (int)Math.Round(words * (0.9 + (0.2 * _rng.NextDouble()))) : null;

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>
    /// <paramref name="body"/> brought to the stated length: paragraphs composed from <paramref name="grammar"/>
    /// inserted after the opening and before the ending while it is short; paragraphs other than the first, the last
    /// and any holding one of <paramref name="keep"/> dropped while it is long.
    /// </summary>
    private string Fit(string body, string[][] grammar, params string[] keep)
    {
        if (Goal() is not { } goal)
        {
            return body;
        }

        var paragraphs = body.Split("\n\n").ToList();
        var words = paragraphs.Sum(WordCount);
        while (words > goal * 1.05 && paragraphs.Count > 2)
        {
            var removable = Enumerable.Range(1, paragraphs.Count - 2).Where(i => !keep.Any(k => paragraphs[i].Contains(k, StringComparison.Ordinal))).ToList();
            if (removable.Count == 0)
            {
                break;
            }

            var at = removable[_rng.Next(removable.Count)];
            words -= WordCount(paragraphs[at]);
            paragraphs.RemoveAt(at);
        }

        while (words < goal)
        {
            var paragraph = string.Join(' ', Enumerable.Range(0, _rng.Next(3, 6)).Select(_ => Composed(grammar)));
            paragraphs.Insert(paragraphs.Count < 2 ? paragraphs.Count : _rng.Next(1, paragraphs.Count), paragraph);
            words += WordCount(paragraph);
        }

        return string.Join("\n\n", paragraphs);
    }

    /// <summary><paramref name="text"/> with composed sentences added until it reaches <paramref name="goal"/> words (a one-paragraph field).</summary>
    private string Extend(string text, int? goal)
    {
        var words = WordCount(text);
        var parts = new List<string> { text };
        while (goal is { } g && words < g)
        {
            var sentence = Composed(SimulatedGrammarBanks.Expository);
            parts.Add(sentence);
            words += WordCount(sentence);
        }

        return string.Join(' ', parts);
    }

    /// <summary>One sentence of fragments, one from each slot of <paramref name="grammar"/>.</summary>
    private string Composed(string[][] grammar)
    {
        var sentence = Fill(string.Join(' ', grammar.Select(slot => Deal(slot))));
        return char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    public string Repetitive(string? tag)
    {
        var paragraph = tag == "story" ? StoryParagraph() : DocumentParagraph();
        // A loop runs on to about the length asked for (eight paragraphs when none is stated).
        var times = Goal() is { } goal ? Math.Max(3, (int)Math.Ceiling((double)goal / Math.Max(1, WordCount(paragraph)))) : 8;
        return string.Join("\n\n", Enumerable.Repeat(paragraph, times));
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
        if (name == "rationale" && SampleProblem is { } problem)
        {
            return $"The weakest sentence is \"{problem.Sentence}\", which shows a {problem.Problem.Replace('_', ' ')}; the scores reflect it. " + Sentence();
        }

        if (name == "rationale")
        {
            // The rubric asks for two or three sentences.
            return string.Join(' ', Enumerable.Range(0, _rng.Next(2, 4)).Select(_ => Sentence()));
        }

        // An opening's stated length covers both parts, most of it the user's.
        if (name.Contains("system", StringComparison.OrdinalIgnoreCase))
        {
            return Extend(Fill(Deal(SystemOpenings)) + " " + Fill("Help people think through problems in {domain}; do not make decisions for them."), OpeningPair ? Goal() * 35 / 100 : null);
        }

        if (name.Contains("scenario", StringComparison.OrdinalIgnoreCase))
        {
            return Scenario();
        }

        if (name.Contains("user", StringComparison.OrdinalIgnoreCase))
        {
            var opening = Fill(Deal(UserOpenings)) + " " + Deal(UserDilemmas);
            return Extend(opening, OpeningPair ? Goal() * 65 / 100 - 12 : null) + " " + Fill("It's about {topic}, I guess. What would you do?");
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

    private string Scenario()
    {
        var ending = Fill("The people affected have not been told, and the assistant is deployed as a general helper for {domain}. The case turns on {topic}.");
        var goal = Goal() - WordCount(ending);
        return Extend(Fill("The user is {persona}, working in {domain}, who asks an assistant for help. ") + Deal(UserDilemmas), goal) + " " + ending;
    }

    private string Advice()
    {
        // About 20 words a sentence, less the weighing and the excerpt added below; past the bank, composed sentences.
        var count = Goal() is { } goal ? Math.Max(3, (int)Math.Round((goal - 45) / 19.6)) : _rng.Next(7, 11);
        var picked = Enumerable.Range(0, count).Select(i => i < AdviceSentences.Length - 2 ? Fill(Deal(AdviceSentences)) : Composed(SimulatedGrammarBanks.Expository)).ToList();
        picked.Insert(_rng.Next(1, picked.Count), Fill(Deal(AdviceWeighings)));
        if (_facts.ExcerptSentences.Count > 0)
        {
            picked.Insert(Math.Min(2, picked.Count), "Something I care about applies here: " + Lower(Deal(_facts.ExcerptSentences)));
        }

        // Paragraphs of two to four sentences, as a chat reply of this length would be laid out.
        var paragraphs = new List<string>();
        for (var i = 0; i < picked.Count;)
        {
            var take = Math.Min(picked.Count - i, _rng.Next(2, 5));
            paragraphs.Add(string.Join(" ", picked.Skip(i).Take(take)));
            i += take;
        }

        return string.Join("\n\n", paragraphs);
    }

    private string DocumentParagraph()
    {
        var sb = new StringBuilder();
        if (_facts.ExcerptSentences.Count > 0 && _rng.Next(3) == 0)
        {
            sb.Append(Deal(QuoteLeads)).Append(" \"").Append(Deal(_facts.ExcerptSentences)).Append("\" ");
        }

        sb.AppendJoin(' ', Enumerable.Range(0, _rng.Next(3, 5)).Select(_ => Fill(Deal(DocumentSentences))));
        return sb.ToString();
    }

    // A story's paragraphs with one weighed and refused option among them.
    private string Story()
    {
        var paragraphs = Paragraphs(StoryParagraph, 5, 8).Split("\n\n");
        var at = _rng.Next(1, paragraphs.Length);
        var weighing = Fill(Deal(StoryWeighings));
        paragraphs[at] += " " + weighing;
        return Fit(string.Join("\n\n", paragraphs), SimulatedGrammarBanks.Narrative, weighing);
    }

    private string StoryParagraph()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(' ', Enumerable.Range(0, _rng.Next(2, 4)).Select(_ => Fill(Deal(StoryBeats))));
        if (_facts.ExcerptSentences.Count > 0 && _rng.Next(4) == 0)
        {
            sb.Append(' ').Append(Deal(BeliefLeads)).Append(' ').Append(Lower(Deal(_facts.ExcerptSentences)));
        }

        if (_facts.Label("Framing", string.Empty) == "recitation" && _facts.ExcerptSentences.Count > 0 && _rng.Next(2) == 0)
        {
            sb.Append(' ').Append(Fill("\"The principle I am following,\" {name} said, \"is simple to say: ")).Append(Lower(Deal(_facts.ExcerptSentences)))
                .Append(" That is why I will not do it the quick way.\"");
        }

        return sb.ToString();
    }

    /// <summary>The next card of <paramref name="bank"/>'s deck for this reply: every entry once before any twice.</summary>
    private string Deal(IReadOnlyList<string> bank)
    {
        if (!_decks.TryGetValue(bank, out var deck) || deck.Count == 0)
        {
            var order = Enumerable.Range(0, bank.Count).ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = _rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            _decks[bank] = deck = new Queue<string>(order.Select(i => bank[i]));
        }

        return deck.Dequeue();
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
            .Replace("{name}", name, StringComparison.Ordinal)
            .Replace("{person}", Slot("{person}", template, Persons), StringComparison.Ordinal)
            .Replace("{value}", Slot("{value}", template, Values), StringComparison.Ordinal)
            .Replace("{detail}", Slot("{detail}", template, Details), StringComparison.Ordinal)
            .Replace("{place}", Slot("{place}", template, Places), StringComparison.Ordinal)
            .Replace("{time}", Slot("{time}", template, Times), StringComparison.Ordinal);
    }

    private string Slot(string slot, string template, IReadOnlyList<string> bank) =>
        template.Contains(slot, StringComparison.Ordinal) ? Deal(bank) : string.Empty;

    private static string Lower(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1]) ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence;
}
