using System.Globalization;
using DataGen.Configuration;
using DataGen.Seeds;

namespace DataGen.Generation.Stories;

/// <summary>
/// Draws story attributes by balanced dealing: each attribute has a deck of <see cref="DeckSize"/> cards holding its
/// values in proportion to their weights (largest remainder), shuffled per deck from the run seed, and story i takes
/// card i of every deck. So each value's share is exact to one card per deck, and an AI name, dealt the same way with
/// the nameless share set aside, can never exceed its per-deck count. Excluded pairs are removed by swapping a card
/// with another story in the same deck, which keeps the proportions. Deterministic from options and run seed.
/// </summary>
public sealed class StoryAttributeSampler
{
    /// <summary>Cards per deck.</summary>
    public const int DeckSize = 100;

    /// <summary>The <c>ai_name</c> value of a story whose AI has no name.</summary>
    public const string Nameless = "(nameless)";

    private readonly StoriesOptions _options;
    private readonly int _runSeed;
    private readonly string _configPath;
    private readonly IReadOnlyList<(string A, string AValue, string B, string BValue)> _exclusions;
    private readonly string _modelName;

    /// <summary>A sampler over the grid of <paramref name="options"/>; <paramref name="modelName"/> is the assistant's own name, given to the <c>modelNameShare</c> of stories.</summary>
    public StoryAttributeSampler(StoriesOptions options, NameHygiene names, int runSeed, string configPath = "pipeline.json", string modelName = "Aster")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(names);
        var problems = Validate(options, names);
        if (problems.Count > 0)
        {
            throw new ConfigException(configPath, problems);
        }

        _options = options;
        _runSeed = runSeed;
        _configPath = configPath;
        _modelName = modelName;
        _exclusions = [.. options.Exclusions.Select(p => (Split(p[0]).Attribute, Split(p[0]).Value, Split(p[1]).Attribute, Split(p[1]).Value))];
    }

    /// <summary>Problems with the grid, each with its JSON path: unknown exclusion values, a name pool too small or listed names.</summary>
    public static IReadOnlyList<string> Validate(StoriesOptions options, NameHygiene names)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(names);
        const string path = "$.generation.stories";
        var problems = new List<string>();
        var attributes = options.Attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        for (var i = 0; i < options.Exclusions.Count; i++)
        {
            foreach (var side in options.Exclusions[i])
            {
                var (attribute, value) = Split(side);
                if (!attributes.TryGetValue(attribute, out var values))
                {
                    problems.Add($"{path}.exclusions[{i}]: unknown attribute '{attribute}'; known: {string.Join(", ", attributes.Keys)}");
                }
                else if (!values.ContainsKey(value))
                {
                    problems.Add($"{path}.exclusions[{i}]: '{value}' is not a value of {attribute}");
                }
            }
        }

        if (options.ModelNameShare < 0 || options.NamelessShare < 0 || options.ModelNameShare + options.NamelessShare > 1 + 1e-9)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path}.modelNameShare: namelessShare {options.NamelessShare} and modelNameShare {options.ModelNameShare} must each be at least 0 and add up to at most 1"));
        }

        var named = DeckSize - (int)Math.Round(options.NamelessShare * DeckSize) - (int)Math.Round(options.ModelNameShare * DeckSize);
        if (named > 0 && options.AiNames.Count > 0)
        {
            var perName = (named + options.AiNames.Count - 1) / options.AiNames.Count;
            if ((double)perName / DeckSize > options.MaxNameShare + 1e-9)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{path}.aiNames: {options.AiNames.Count} names cannot keep each at or under maxNameShare {options.MaxNameShare} with namelessShare {options.NamelessShare}; add names or raise maxNameShare"));
            }
        }

        foreach (var name in options.AiNames.Where(names.IsListed))
        {
            problems.Add($"{path}.aiNames: '{name}' is a banned, reserved or real name");
        }

        return problems;
    }

    /// <summary>Attributes of stories 0..count-1, each with every grid attribute, <c>costly_choice</c> and <c>ai_name</c>.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> Draw(int count)
    {
        for (var deck = 0; deck * DeckSize < count; deck++)
        {
            var rows = DealDeck(deck);
            for (var i = 0; i < DeckSize && deck * DeckSize + i < count; i++)
            {
                yield return rows[i];
            }
        }
    }

    private List<Dictionary<string, string>> DealDeck(int deck)
    {
        var rows = Enumerable.Range(0, DeckSize).Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToList();
        foreach (var (attribute, weights) in _options.Attributes)
        {
            Deal(rows, attribute, Cards(weights), deck);
        }

        Deal(rows, "costly_choice", Cards(new Dictionary<string, double> { ["yes"] = _options.CostlyChoiceShare, ["no"] = 1 - _options.CostlyChoiceShare }), deck);
        Deal(rows, "ai_name", NameCards(deck), deck);
        FixExclusions(rows, deck);
        return rows;
    }

    private void Deal(List<Dictionary<string, string>> rows, string attribute, List<string> cards, int deck)
    {
        var order = SeedPlanner.Shuffle(cards.Count, SeedPlanner.Hash(_runSeed, DataKind.Stories, deck, "deck:" + attribute));
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][attribute] = cards[order[i]];
        }
    }

    /// <summary>Largest-remainder apportionment of <see cref="DeckSize"/> cards by weight; ties go to the earlier value.</summary>
    private static List<string> Cards(IReadOnlyDictionary<string, double> weights)
    {
        var total = weights.Values.Where(w => w > 0).Sum();
        var shares = weights.Where(w => w.Value > 0).Select((w, i) => (w.Key, Exact: w.Value / total * DeckSize, Index: i)).ToList();
        var counts = shares.ToDictionary(s => s.Key, s => (int)Math.Floor(s.Exact), StringComparer.Ordinal);
        foreach (var s in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).ThenBy(s => s.Index).Take(DeckSize - counts.Values.Sum()))
        {
            counts[s.Key]++;
        }

        return [.. shares.SelectMany(s => Enumerable.Repeat(s.Key, counts[s.Key]))];
    }

    private List<string> NameCards(int deck)
    {
        var nameless = (int)Math.Round(_options.NamelessShare * DeckSize);
        var own = (int)Math.Round(_options.ModelNameShare * DeckSize);
        var names = _options.AiNames;
        var cards = Enumerable.Repeat(_modelName, own).ToList();
        cards.AddRange(Enumerable.Repeat(Nameless, names.Count == 0 ? DeckSize - cards.Count : nameless));
        if (names.Count == 0 || cards.Count >= DeckSize)
        {
            return [.. cards.Take(DeckSize)];
        }

        // The names that get one extra card rotate from deck to deck, so over many decks every name is used about equally.
        var order = SeedPlanner.Shuffle(names.Count, SeedPlanner.Hash(_runSeed, DataKind.Stories, deck, "name-order"));
        for (var i = 0; cards.Count < DeckSize; i++)
        {
            cards.Add(names[order[i % names.Count]]);
        }

        return cards;
    }

    private void FixExclusions(List<Dictionary<string, string>> rows, int deck)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            for (var guard = 0; guard < _exclusions.Count * 4 && Violated(rows[r]) is { } hit; guard++)
            {
                if (!SwapAway(rows, r, hit.B) && !SwapAway(rows, r, hit.A))
                {
                    // No swap fixes it inside this deck: redraw the second attribute among values that fit (proportions bend by one card).
                    var weights = _options.Attributes.First(a => a.Key == hit.B).Value;
                    var fitting = weights.Keys.Where(v => Violated(new Dictionary<string, string>(rows[r]) { [hit.B] = v }) is null).ToList();
                    if (fitting.Count == 0)
                    {
                        throw new ConfigException(_configPath, $"$.generation.stories.exclusions: no value of {hit.B} fits a story with {hit.A}={rows[r][hit.A]}");
                    }

                    rows[r][hit.B] = SeedPlanner.Draw(DataKind.Stories, _runSeed, deck * DeckSize + r, "redraw:" + hit.B, fitting);
                }
            }
        }
    }

    private bool SwapAway(List<Dictionary<string, string>> rows, int r, string attribute)
    {
        for (var step = 1; step < rows.Count; step++)
        {
            var other = (r + step) % rows.Count;
            var mine = rows[r][attribute];
            var theirs = rows[other][attribute];
            if (mine == theirs)
            {
                continue;
            }

            var a = new Dictionary<string, string>(rows[r]) { [attribute] = theirs };
            var b = new Dictionary<string, string>(rows[other]) { [attribute] = mine };
            if (Violated(a) is null && Violated(b) is null)
            {
                rows[r][attribute] = theirs;
                rows[other][attribute] = mine;
                return true;
            }
        }

        return false;
    }

    private (string A, string B)? Violated(Dictionary<string, string> row)
    {
        foreach (var (a, av, b, bv) in _exclusions)
        {
            if (row.TryGetValue(a, out var x) && x == av && row.TryGetValue(b, out var y) && y == bv)
            {
                return (a, b);
            }
        }

        return null;
    }

    private static (string Attribute, string Value) Split(string pair)
    {
        var cut = pair.IndexOf('=', StringComparison.Ordinal);
        return cut < 0 ? (pair, string.Empty) : (pair[..cut].Trim(), pair[(cut + 1)..].Trim());
    }
}
