using System.Globalization;
using DataGen.Generation.Parsing;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Recipes;

/// <summary>
/// Runs a list-making plan step until it has N distinct items: each round asks for the items still missing and feeds
/// back what it already has as "already generated, do not repeat". It gives up after a bound of rounds, or when a round
/// adds nothing new (the model has run out), and keeps what it has.
/// </summary>
public sealed class ListBuilder(ModelCaller caller, DataKind kind, ILogger logger)
{
    /// <summary>State field holding the number of items still wanted.</summary>
    public const string CountInput = "count";

    /// <summary>State field holding the items so far, one "- item" line each, or "(none yet)".</summary>
    public const string AlreadyGeneratedInput = "already_generated";

    public async Task<ListOutcome> BuildAsync(
        RecipeStep step, PromptTemplate template, Seed seed, IReadOnlyDictionary<string, string> inputs, int target, int maxRounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(inputs);
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rounds = 0;
        while (items.Count < target && rounds < maxRounds)
        {
            var state = new Dictionary<string, string>(inputs, StringComparer.Ordinal)
            {
                [CountInput] = (target - items.Count).ToString(CultureInfo.InvariantCulture),
                [AlreadyGeneratedInput] = items.Count == 0 ? "(none yet)" : string.Join('\n', items.Select(i => "- " + i)),
            };
            var prompt = template.Render(step.Values(seed, state));
            var result = await caller.CallAsync(new ModelCall
            {
                Prompt = prompt,
                Parser = step.Parser,
                MaxReasks = step.MaxReasks,
                MaxOutputTokens = step.MaxOutputTokens,
                SamplingSeed = unchecked(seed.SamplingSeed + rounds),
                Step = $"{kind.Name()}/{step.Name}",
            }, cancellationToken);
            rounds++;
            if (!result.Parse.Ok)
            {
                logger.LogWarning("List step {Step} of {Kind}: round {Attempt} unusable ({Reason})", step.Name, kind.Name(), rounds, result.Unsuitable ?? result.Parse.Error ?? result.FinishReason);
                continue;
            }

            var added = 0;
            foreach (var item in JsonListParser.Items(result.Parse.Fields![JsonListParser.Field]))
            {
                if (items.Count < target && seen.Add(item.TrimEnd('.')))
                {
                    items.Add(item);
                    added++;
                }
            }

            if (added == 0)
            {
                break;
            }
        }

        var isShort = items.Count < target;
        if (isShort)
        {
            logger.LogInformation("List step {Step} of {Kind} gave {Count} of {Target} items after {Attempt} rounds", step.Name, kind.Name(), items.Count, target, rounds);
        }

        return new ListOutcome(items, rounds, isShort);
    }
}
